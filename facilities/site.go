package facilities

import (
	"fmt"
	"strings"
	"time"

	"github.com/dcplan/dcplan/hardware"
	"github.com/dcplan/dcplan/units"
)

// Date is a calendar day written "2027", "2027-06" or "2027-06-15" (a year
// alone means 1 January, a month alone its first day).
type Date struct{ time.Time }

// ParseDate parses a date in one of the accepted forms.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return Date{t}, nil
		}
	}
	return Date{}, fmt.Errorf("invalid date %q: expected YYYY, YYYY-MM or YYYY-MM-DD", s)
}

// UnmarshalText parses a date.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	*d = v
	return err
}

// MarshalText writes the date as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// String formats the date as YYYY-MM-DD.
func (d Date) String() string { return d.Format("2006-01-02") }

// Redundancy is the power chain's redundancy scheme.
type Redundancy string

// Redundancy schemes (Uptime Institute tier conventions).
const (
	N      Redundancy = "N"
	NPlus1 Redundancy = "N+1"
	TwoN   Redundancy = "2N"
)

// UsableFraction returns the share of installed power-chain capacity that
// can carry load: 1 for N, m/(m+1) for N+1 with m active modules, 1/2 for 2N.
func (r Redundancy) UsableFraction(modules int) (float64, error) {
	switch r {
	case N, "":
		return 1, nil
	case NPlus1:
		if modules < 1 {
			return 0, fmt.Errorf("N+1 needs at least one active module, got %d", modules)
		}
		return float64(modules) / float64(modules+1), nil
	case TwoN:
		return 0.5, nil
	}
	return 0, fmt.Errorf("unknown redundancy %q: expected N, N+1 or 2N", string(r))
}

// PowerStep is the site's cumulative power-chain capacity from a date on.
type PowerStep struct {
	Online   Date        `yaml:"online" json:"online"`
	Capacity units.Power `yaml:"capacity" json:"capacity_w"`
	// Optional cumulative cooling and space that arrive with this step; when
	// absent the site-wide figures apply.
	AirCooling    *units.Power `yaml:"air_cooling,omitempty" json:"air_cooling_w,omitempty"`
	LiquidCooling *units.Power `yaml:"liquid_cooling,omitempty" json:"liquid_cooling_w,omitempty"`
	RackPositions *int         `yaml:"rack_positions,omitempty" json:"rack_positions,omitempty"`
}

// PerCooling holds one figure per cooling type; a nil entry means the site
// does not offer that cooling type.
type PerCooling[T any] struct {
	Air       *T `yaml:"air,omitempty" json:"air,omitempty"`
	RearDoor  *T `yaml:"rear-door,omitempty" json:"rear-door,omitempty"`
	Liquid    *T `yaml:"liquid,omitempty" json:"liquid,omitempty"`
	Immersion *T `yaml:"immersion,omitempty" json:"immersion,omitempty"`
}

// Get returns the figure for a cooling type.
func (p PerCooling[T]) Get(c hardware.Cooling) (T, bool) {
	var v *T
	switch c {
	case hardware.Air:
		v = p.Air
	case hardware.RearDoor:
		v = p.RearDoor
	case hardware.DirectLiquid:
		v = p.Liquid
	case hardware.Immersion:
		v = p.Immersion
	}
	if v == nil {
		var zero T
		return zero, false
	}
	return *v, true
}

// Site is one data-centre site (existing, or a new build).
type Site struct {
	ID       string `yaml:"id" json:"id"`
	Name     string `yaml:"name" json:"name"`
	Provider string `yaml:"provider" json:"provider"`
	Region   string `yaml:"region" json:"region"`
	// Power is the power chain's cumulative capacity by date.
	Power      []PowerStep `yaml:"power" json:"power"`
	Redundancy Redundancy  `yaml:"redundancy" json:"redundancy"`
	// RedundancyModules is m in N+1 (m active modules plus one spare).
	RedundancyModules int `yaml:"redundancy_modules,omitempty" json:"redundancy_modules,omitempty"`
	// PUE is the design PUE per cooling type.
	PUE PerCooling[units.PUE] `yaml:"pue" json:"pue"`
	// MaxRackDensity is the most IT power one rack position may draw, per
	// cooling type.
	MaxRackDensity PerCooling[units.Power] `yaml:"max_rack_density" json:"max_rack_density_w"`
	// AirCooling and LiquidCooling are heat-rejection capacities.
	AirCooling    units.Power `yaml:"air_cooling" json:"air_cooling_w"`
	LiquidCooling units.Power `yaml:"liquid_cooling" json:"liquid_cooling_w"`
	RackPositions int         `yaml:"rack_positions" json:"rack_positions"`
	// MaxRackWeight is the floor loading per rack position, where given.
	MaxRackWeight    units.Mass            `yaml:"max_rack_weight,omitempty" json:"max_rack_weight_kg,omitempty"`
	ElectricityPrice units.EnergyPrice     `yaml:"electricity_price" json:"electricity_price_usd_per_kwh"`
	GridCarbon       units.CarbonIntensity `yaml:"grid_carbon" json:"grid_carbon_g_per_kwh"`
	WUE              units.WaterIntensity  `yaml:"wue" json:"wue_l_per_kwh"`
	// NewBuild marks a site still to be built; BuildCost is then charged per
	// MW of facility power installed.
	NewBuild  bool               `yaml:"new_build,omitempty" json:"new_build,omitempty"`
	BuildCost units.CostPerPower `yaml:"build_cost,omitempty" json:"build_cost_usd_per_w,omitempty"`
	Source    string             `yaml:"source,omitempty" json:"source,omitempty"`
}

// Capacity is what a site offers at one moment.
type Capacity struct {
	// Installed is the power chain's installed capacity; Usable is what can
	// carry load after redundancy.
	Installed, Usable units.Power
	AirCooling        units.Power
	LiquidCooling     units.Power
	RackPositions     int
}

// CapacityAt returns the site's capacity on a date (zero before its first
// power step).
func (s *Site) CapacityAt(d Date) (Capacity, error) {
	f, err := s.Redundancy.UsableFraction(s.modules())
	if err != nil {
		return Capacity{}, err
	}
	c := Capacity{AirCooling: s.AirCooling, LiquidCooling: s.LiquidCooling, RackPositions: s.RackPositions}
	online := false
	for _, st := range s.Power {
		if st.Online.After(d.Time) {
			continue
		}
		online = true
		c.Installed = st.Capacity
		if st.AirCooling != nil {
			c.AirCooling = *st.AirCooling
		}
		if st.LiquidCooling != nil {
			c.LiquidCooling = *st.LiquidCooling
		}
		if st.RackPositions != nil {
			c.RackPositions = *st.RackPositions
		}
	}
	if !online {
		return Capacity{}, nil
	}
	c.Usable = c.Installed.Scale(f)
	return c, nil
}

func (s *Site) modules() int {
	if s.RedundancyModules > 0 {
		return s.RedundancyModules
	}
	return 4
}

// Allows reports whether a rack of the given cooling type and IT load may be
// installed at the site, and if not, why.
func (s *Site) Allows(c hardware.Cooling, it units.Power) (bool, string) {
	if _, ok := s.PUE.Get(c); !ok {
		return false, "site " + s.ID + " has no " + string(c) + " cooling"
	}
	limit, ok := s.MaxRackDensity.Get(c)
	if !ok {
		return false, "site " + s.ID + " gives no maximum rack density for " + string(c) + " cooling"
	}
	if it > limit {
		return false, "rack draws " + it.String() + ", above site " + s.ID + "'s " + string(c) + " limit of " + limit.String()
	}
	return true, ""
}

// HeatSplit divides a rack's IT load into heat to air and heat to liquid.
func HeatSplit(c hardware.Cooling, it units.Power, liquidFraction float64) (air, liquid units.Power) {
	switch c {
	case hardware.RearDoor, hardware.Immersion:
		return 0, it
	}
	liquid = it.Scale(liquidFraction)
	return it - liquid, liquid
}

// ParseRedundancy normalises a redundancy string ("n+1" to "N+1").
func ParseRedundancy(s string) (Redundancy, error) {
	r := Redundancy(strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", "")))
	if _, err := r.UsableFraction(4); err != nil {
		return "", err
	}
	return r, nil
}

// UnmarshalText parses a redundancy scheme.
func (r *Redundancy) UnmarshalText(b []byte) error {
	v, err := ParseRedundancy(string(b))
	*r = v
	return err
}
