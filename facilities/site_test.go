package facilities

import (
	"math"
	"testing"

	"github.com/dcplan/dcplan/hardware"
	"github.com/dcplan/dcplan/units"
)

func date(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestUsableFraction(t *testing.T) {
	for _, c := range []struct {
		r       Redundancy
		modules int
		want    float64
	}{{N, 0, 1}, {"", 0, 1}, {NPlus1, 4, 0.8}, {NPlus1, 1, 0.5}, {TwoN, 0, 0.5}} {
		got, err := c.r.UsableFraction(c.modules)
		if err != nil || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s with %d modules: %v, %v; want %v", c.r, c.modules, got, err, c.want)
		}
	}
	if _, err := Redundancy("3N").UsableFraction(4); err == nil {
		t.Error("3N accepted")
	}
	if r, err := ParseRedundancy(" n+1 "); err != nil || r != NPlus1 {
		t.Errorf("ParseRedundancy: %v, %v", r, err)
	}
}

func TestCapacityAt(t *testing.T) {
	air := 10 * units.Megawatt
	pos := 500
	s := Site{
		ID: "s", Redundancy: NPlus1, RedundancyModules: 4,
		Power: []PowerStep{
			{Online: date(t, "2026-06"), Capacity: 100 * units.Megawatt},
			{Online: date(t, "2027"), Capacity: 200 * units.Megawatt, AirCooling: &air, RackPositions: &pos},
		},
		AirCooling: 50 * units.Megawatt, LiquidCooling: 80 * units.Megawatt, RackPositions: 1000,
	}
	before, _ := s.CapacityAt(date(t, "2026-01"))
	if before.Usable != 0 || before.RackPositions != 0 {
		t.Errorf("before the first step: %+v", before)
	}
	mid, _ := s.CapacityAt(date(t, "2026-12-31"))
	if mid.Installed != 100*units.Megawatt || mid.Usable != 80*units.Megawatt || mid.AirCooling != 50*units.Megawatt || mid.RackPositions != 1000 {
		t.Errorf("2026: %+v", mid)
	}
	late, _ := s.CapacityAt(date(t, "2030"))
	if late.Usable != 160*units.Megawatt || late.AirCooling != air || late.RackPositions != 500 || late.LiquidCooling != 80*units.Megawatt {
		t.Errorf("2030: %+v", late)
	}
}

func TestAllowsAndHeat(t *testing.T) {
	pue, dens := units.PUE(1.1), 140*units.Kilowatt
	s := Site{ID: "s", PUE: PerCooling[units.PUE]{Liquid: &pue}, MaxRackDensity: PerCooling[units.Power]{Liquid: &dens}}
	if ok, _ := s.Allows(hardware.DirectLiquid, 132*units.Kilowatt); !ok {
		t.Error("a 132 kW liquid rack is refused under a 140 kW limit")
	}
	if ok, why := s.Allows(hardware.DirectLiquid, 150*units.Kilowatt); ok || why == "" {
		t.Error("a 150 kW rack is allowed under a 140 kW limit")
	}
	if ok, _ := s.Allows(hardware.Air, 10*units.Kilowatt); ok {
		t.Error("air allowed at a liquid-only site")
	}
	air, liquid := HeatSplit(hardware.DirectLiquid, 100*units.Kilowatt, 0.85)
	if math.Abs(air.KW()-15) > 1e-9 || math.Abs(liquid.KW()-85) > 1e-9 {
		t.Errorf("liquid split %v/%v", air, liquid)
	}
	if air, liquid := HeatSplit(hardware.RearDoor, 40*units.Kilowatt, 0); air != 0 || liquid != 40*units.Kilowatt {
		t.Errorf("rear-door split %v/%v", air, liquid)
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2027", "2027-06", "2027-06-15"} {
		if _, err := ParseDate(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	for _, s := range []string{"", "June 2027", "2027-13", "27"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}
