package units

import (
	"math"
	"strings"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestParseQuantities(t *testing.T) {
	tests := []struct {
		name  string
		parse func(string) (float64, error)
		in    string
		want  float64
	}{
		{"power kW", wrap(ParsePower), "132 kW", 132e3},
		{"power GW", wrap(ParsePower), "1.2 GW", 1.2e9},
		{"power MW no space", wrap(ParsePower), "64MW", 64e6},
		{"power thousands", wrap(ParsePower), "1,200 MW", 1.2e9},
		{"power exponent", wrap(ParsePower), "1.5e3 W", 1500},
		{"power word", wrap(ParsePower), "40.8 kilowatts", 40800},
		{"money millions", wrap(ParseMoney), "$3.1M", 3.1e6},
		{"money k", wrap(ParseMoney), "$25k", 25e3},
		{"money billions usd", wrap(ParseMoney), "1.2B USD", 1.2e9},
		{"money bare", wrap(ParseMoney), "25000", 25000},
		{"money commas", wrap(ParseMoney), "$317,000", 317000},
		{"money negative", wrap(ParseMoney), "-$5k", -5000},
		{"price $/kWh", wrap(ParseEnergyPrice), "0.066 $/kWh", 0.066},
		{"price $/MWh", wrap(ParseEnergyPrice), "66 $/MWh", 0.066},
		{"price cents", wrap(ParseEnergyPrice), "6.6 c/kWh", 0.066},
		{"price dollar first", wrap(ParseEnergyPrice), "$0.066/kWh", 0.066},
		{"carbon g/kWh", wrap(ParseCarbonIntensity), "345 g/kWh", 345},
		{"carbon gCO2e", wrap(ParseCarbonIntensity), "345 gCO2e/kWh", 345},
		{"carbon t/MWh", wrap(ParseCarbonIntensity), "0.345 t/MWh", 345},
		{"water", wrap(ParseWaterIntensity), "0.26 L/kWh", 0.26},
		{"mass t", wrap(ParseMass), "1.36 t", 1360},
		{"mass kg", wrap(ParseMass), "142.4 kg", 142.4},
		{"storage PB", wrap(ParseStorage), "240 PB", 240e15},
		{"compute PFLOPS", wrap(ParseCompute), "360 PFLOPS", 360e15},
		{"cost per power", wrap(ParseCostPerPower), "$11.7M/MW", 11.7},
		{"cost per power alt", wrap(ParseCostPerPower), "11.7 $M/MW", 11.7},
		{"cost per kW", wrap(ParseCostPerPower), "$11,700/kW", 11.7},
		{"pue", wrap(ParsePUE), "1.2", 1.2},
		{"energy", wrap(ParseEnergy), "1.1 TWh", 1.1e12},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.parse(tc.in)
			if err != nil {
				t.Fatalf("parse %q: %v", tc.in, err)
			}
			if !near(got, tc.want) {
				t.Fatalf("parse %q = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func wrap[T ~float64](f func(string) (T, error)) func(string) (float64, error) {
	return func(s string) (float64, error) { v, err := f(s); return float64(v), err }
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		parse func(string) (float64, error)
		in    string
		want  string
	}{
		{"unknown power unit", wrap(ParsePower), "132 kVA", `invalid power "132 kVA": unknown unit "kVA" (expected a number followed by one of: W, kW, MW, GW)`},
		{"missing power unit", wrap(ParsePower), "132", `a unit is required`},
		{"no number", wrap(ParsePower), "kW", `no number found`},
		{"empty", wrap(ParsePower), "", `no number found`},
		{"pue below one", wrap(ParsePUE), "0.9", `cannot be below 1`},
		{"pue with unit", wrap(ParsePUE), "1.2 x", `expected a plain number`},
		{"money unit", wrap(ParseMoney), "$3.1 euros", `unknown unit "euros"`},
		{"price unit", wrap(ParseEnergyPrice), "0.07 $/therm", `unknown unit "$/therm"`},
		{"cost per power without slash", wrap(ParseCostPerPower), "$11M", `missing the power unit`},
		{"carbon unit", wrap(ParseCarbonIntensity), "345 ppm", `unknown unit "ppm"`},
		{"bad number", wrap(ParsePower), "1.2.3 MW", `bad number "1.2.3"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.parse(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("parse %q: error %v, want it to contain %q", tc.in, err, tc.want)
			}
		})
	}
}

func TestStringsRoundTrip(t *testing.T) {
	for _, p := range []Power{0, 700 * Watt, 40.8 * Kilowatt, 132 * Kilowatt, 1.2 * Gigawatt} {
		got, err := ParsePower(p.String())
		if err != nil || !near(float64(got), float64(p)) {
			t.Errorf("ParsePower(%q) = %v, %v; want %v", p.String(), got, err, float64(p))
		}
	}
	for _, m := range []Money{12.5, 25000, 3.1e6, 5e11} {
		got, err := ParseMoney(m.String())
		if err != nil || !near(float64(got), float64(m)) {
			t.Errorf("ParseMoney(%q) = %v, %v; want %v", m.String(), got, err, float64(m))
		}
	}
}

func TestDerivedQuantities(t *testing.T) {
	it := 1 * Megawatt
	facility := PUE(1.25).Apply(it)
	if facility != 1.25*Megawatt {
		t.Fatalf("facility = %v", facility)
	}
	year := facility.Over(HoursPerYear)
	if !near(year.MWh(), 1.25*8760) {
		t.Fatalf("energy = %v MWh", year.MWh())
	}
	if got := EnergyPrice(0.066).Cost(year); !near(float64(got), 0.066*1.25*8760*1000) {
		t.Fatalf("cost = %v", got)
	}
	if got := CarbonIntensity(345).Emissions(year); !near(got.Tonnes(), 345*1.25*8760/1000) {
		t.Fatalf("carbon = %v t", got.Tonnes())
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"132 kW", "$3.1M", "0.066 $/kWh", "345 g/kWh", "1.2", "-1e309 W", "$", "1,,2 MW", "$0.06/kWh", "9e9999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// No input may panic; a parsed value must be finite.
		for _, p := range []func(string) (float64, error){wrap(ParsePower), wrap(ParseMoney), wrap(ParseEnergyPrice),
			wrap(ParseCarbonIntensity), wrap(ParseWaterIntensity), wrap(ParseMass), wrap(ParsePUE), wrap(ParseCostPerPower),
			wrap(ParseStorage), wrap(ParseCompute), wrap(ParseEnergy)} {
			v, err := p(s)
			if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
				t.Fatalf("%q parsed to non-finite %v", s, v)
			}
		}
	})
}
