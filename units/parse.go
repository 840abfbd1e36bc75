package units

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// unitTable maps a normalised unit spelling (lower case, no spaces) to its
// factor in the base unit. The first names listed are the ones shown in errors.
type unitTable struct {
	kind  string
	shown []string
	table map[string]float64
	// bare is the factor for a number with no unit; 0 means a unit is required.
	bare float64
}

var (
	powerUnits = unitTable{kind: "power", shown: []string{"W", "kW", "MW", "GW"},
		table: map[string]float64{"w": 1, "watt": 1, "watts": 1, "kw": 1e3, "kilowatt": 1e3, "kilowatts": 1e3,
			"mw": 1e6, "megawatt": 1e6, "megawatts": 1e6, "gw": 1e9, "gigawatt": 1e9, "gigawatts": 1e9}}
	energyUnits = unitTable{kind: "energy", shown: []string{"Wh", "kWh", "MWh", "GWh", "TWh"},
		table: map[string]float64{"wh": 1, "kwh": 1e3, "mwh": 1e6, "gwh": 1e9, "twh": 1e12}}
	massUnits = unitTable{kind: "mass", shown: []string{"kg", "t", "lb"},
		table: map[string]float64{"kg": 1, "kgs": 1, "kilogram": 1, "kilograms": 1, "t": 1000, "tonne": 1000,
			"tonnes": 1000, "lb": float64(Pound), "lbs": float64(Pound)}}
	carbonUnits = unitTable{kind: "carbon intensity", shown: []string{"g/kWh", "gCO2/kWh", "gCO2e/kWh", "kg/MWh", "t/MWh", "kg/kWh"},
		table: map[string]float64{"g/kwh": 1, "gco2/kwh": 1, "gco2e/kwh": 1, "kg/mwh": 1, "kgco2/mwh": 1, "kgco2e/mwh": 1,
			"t/mwh": 1000, "tco2/mwh": 1000, "tco2e/mwh": 1000, "kg/kwh": 1000, "kgco2/kwh": 1000, "kgco2e/kwh": 1000,
			"lb/mwh": float64(Pound)}}
	waterUnits = unitTable{kind: "water intensity", shown: []string{"L/kWh", "L/MWh"},
		table: map[string]float64{"l/kwh": 1, "litre/kwh": 1, "liter/kwh": 1, "l/mwh": 1e-3, "m3/mwh": 1}}
	priceUnits = unitTable{kind: "electricity price", shown: []string{"$/kWh", "$/MWh", "c/kWh"},
		table: map[string]float64{"$/kwh": 1, "usd/kwh": 1, "$/mwh": 1e-3, "usd/mwh": 1e-3, "c/kwh": 0.01,
			"¢/kwh": 0.01, "cents/kwh": 0.01}}
	storageUnits = unitTable{kind: "storage capacity", shown: []string{"GB", "TB", "PB", "EB"},
		table: map[string]float64{"b": 1, "gb": 1e9, "tb": 1e12, "pb": 1e15, "eb": 1e18}}
	computeUnits = unitTable{kind: "compute throughput", shown: []string{"TFLOPS", "PFLOPS", "EFLOPS"},
		table: map[string]float64{"flops": 1, "gflops": 1e9, "tflops": 1e12, "pflops": 1e15, "eflops": 1e18}}
	moneyUnits = unitTable{kind: "amount of money", shown: []string{"$", "USD", "k", "M", "B"},
		table: map[string]float64{"": 1, "$": 1, "usd": 1}, bare: 1}
	costPerPowerUnits = unitTable{kind: "cost per power", shown: []string{"$/MW", "$/kW", "$/W"},
		table: map[string]float64{"$/w": 1, "usd/w": 1, "$/kw": 1e-3, "usd/kw": 1e-3, "$/mw": 1e-6, "usd/mw": 1e-6}}
)

// moneyScale is the multiplier suffix of a money figure ("$3.1M").
var moneyScale = map[string]float64{"k": 1e3, "K": 1e3, "M": 1e6, "m": 1e6, "mm": 1e6, "MM": 1e6,
	"B": 1e9, "b": 1e9, "bn": 1e9, "BN": 1e9, "T": 1e12, "t": 1e12}

// ParsePower parses a power such as "132 kW" or "1.2 GW".
func ParsePower(s string) (Power, error) { v, err := parse(s, powerUnits); return Power(v), err }

// ParseEnergy parses an energy such as "1.1 TWh".
func ParseEnergy(s string) (Energy, error) { v, err := parse(s, energyUnits); return Energy(v), err }

// ParseMass parses a mass such as "1.36 t" or "142.4 kg".
func ParseMass(s string) (Mass, error) { v, err := parse(s, massUnits); return Mass(v), err }

// ParseCarbonIntensity parses a grid carbon intensity such as "345 g/kWh".
func ParseCarbonIntensity(s string) (CarbonIntensity, error) {
	v, err := parse(s, carbonUnits)
	return CarbonIntensity(v), err
}

// ParseWaterIntensity parses a WUE such as "0.26 L/kWh".
func ParseWaterIntensity(s string) (WaterIntensity, error) {
	v, err := parse(s, waterUnits)
	return WaterIntensity(v), err
}

// ParseEnergyPrice parses an electricity price such as "0.066 $/kWh" or "66 $/MWh".
func ParseEnergyPrice(s string) (EnergyPrice, error) {
	v, err := parse(strings.Replace(s, "$0", "0", 1), priceUnits)
	if err != nil && strings.HasPrefix(strings.TrimSpace(s), "$") {
		// "$0.066/kWh": move the dollar sign into the unit.
		t := strings.TrimPrefix(strings.TrimSpace(s), "$")
		if i := strings.IndexByte(t, '/'); i > 0 {
			if v2, err2 := parse(t[:i]+" $"+t[i:], priceUnits); err2 == nil {
				return EnergyPrice(v2), nil
			}
		}
	}
	return EnergyPrice(v), err
}

// ParseStorage parses a storage capacity such as "10 TB" or "240 PB".
func ParseStorage(s string) (Storage, error) {
	v, err := parse(s, storageUnits)
	return Storage(v), err
}

// ParseCompute parses a throughput such as "2250 TFLOPS" or "1.4 EFLOPS".
func ParseCompute(s string) (Compute, error) {
	v, err := parse(s, computeUnits)
	return Compute(v), err
}

// ParsePUE parses a power usage effectiveness such as "1.2"; it must be at least 1.
func ParsePUE(s string) (PUE, error) {
	t := strings.TrimSpace(s)
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, &UnitError{Kind: "PUE", Input: s, Why: "expected a plain number such as 1.2"}
	}
	if v < 1 {
		return 0, &UnitError{Kind: "PUE", Input: s, Why: "PUE is total facility power over IT power and cannot be below 1"}
	}
	return PUE(v), nil
}

// ParseMoney parses an amount such as "$3.1M", "$25k", "1.2B USD" or "25000".
func ParseMoney(s string) (Money, error) {
	t := strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(t, "-") {
		neg, t = true, strings.TrimSpace(t[1:])
	}
	t = strings.TrimPrefix(t, "$")
	num, rest := splitNumber(t)
	if num == "" {
		return 0, &UnitError{Kind: moneyUnits.kind, Input: s, Why: "no number found", Units: moneyUnits.shown}
	}
	v, err := parseNumber(num)
	if err != nil {
		return 0, &UnitError{Kind: moneyUnits.kind, Input: s, Why: err.Error(), Units: moneyUnits.shown}
	}
	rest = strings.TrimSpace(rest)
	// A scale suffix directly after the number, then an optional currency.
	for _, suf := range []string{"mm", "MM", "bn", "BN", "k", "K", "M", "m", "B", "b", "T", "t"} {
		if strings.HasPrefix(rest, suf) {
			after := strings.TrimSpace(rest[len(suf):])
			if after == "" || strings.EqualFold(after, "usd") || after == "$" {
				v *= moneyScale[suf]
				rest = after
				break
			}
		}
	}
	if f, ok := moneyUnits.table[strings.ToLower(rest)]; ok {
		v *= f
	} else {
		return 0, &UnitError{Kind: moneyUnits.kind, Input: s, Why: "unknown unit " + strconvQuote(rest), Units: moneyUnits.shown}
	}
	if neg {
		v = -v
	}
	return Money(v), nil
}

// ParseCostPerPower parses a cost per power such as "$11.7M/MW" or "11.7 $M/MW".
func ParseCostPerPower(s string) (CostPerPower, error) {
	t := strings.TrimSpace(s)
	i := strings.LastIndexByte(t, '/')
	if i < 0 {
		return 0, &UnitError{Kind: costPerPowerUnits.kind, Input: s, Why: "missing the power unit after '/'", Units: costPerPowerUnits.shown}
	}
	m, err := ParseMoney(strings.Replace(t[:i], "$M", "M", 1))
	if err != nil {
		return 0, &UnitError{Kind: costPerPowerUnits.kind, Input: s, Why: "bad amount: " + err.Error(), Units: costPerPowerUnits.shown}
	}
	f, ok := costPerPowerUnits.table["$/"+strings.ToLower(strings.TrimSpace(t[i+1:]))]
	if !ok {
		return 0, &UnitError{Kind: costPerPowerUnits.kind, Input: s, Why: "unknown unit \"/" + strings.TrimSpace(t[i+1:]) + "\"", Units: costPerPowerUnits.shown}
	}
	return CostPerPower(float64(m) * f), nil
}

func parse(s string, u unitTable) (float64, error) {
	t := strings.TrimSpace(s)
	num, rest := splitNumber(t)
	if num == "" {
		return 0, &UnitError{Kind: u.kind, Input: s, Why: "no number found", Units: u.shown}
	}
	v, err := parseNumber(num)
	if err != nil {
		return 0, &UnitError{Kind: u.kind, Input: s, Why: err.Error(), Units: u.shown}
	}
	unit := normaliseUnit(rest)
	if unit == "" {
		if u.bare == 0 {
			return 0, &UnitError{Kind: u.kind, Input: s, Why: "a unit is required", Units: u.shown}
		}
		return v * u.bare, nil
	}
	f, ok := u.table[unit]
	if !ok {
		return 0, &UnitError{Kind: u.kind, Input: s, Why: "unknown unit " + strconvQuote(strings.TrimSpace(rest)), Units: u.shown}
	}
	return v * f, nil
}

// splitNumber splits a leading decimal number (with optional sign, thousands
// separators and exponent) from the rest of s.
func splitNumber(s string) (num, rest string) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := false
	for i < len(s) && (isDigit(s[i]) || s[i] == ',' || s[i] == '_' || s[i] == '.') {
		digits = digits || isDigit(s[i])
		i++
	}
	if !digits {
		return "", s
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			i = j
		}
	}
	return s[:i], s[i:]
}

func parseNumber(num string) (float64, error) {
	clean := strings.NewReplacer(",", "", "_", "").Replace(num)
	v, err := strconv.ParseFloat(clean, 64)
	if err != nil {
		return 0, errBadNumber(num)
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, errBadNumber(num)
	}
	return v, nil
}

type errBadNumber string

func (e errBadNumber) Error() string { return "bad number " + strconvQuote(string(e)) }

func normaliseUnit(s string) string {
	var b strings.Builder
	for _, r := range s {
		if !unicode.IsSpace(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func strconvQuote(s string) string { return strconv.Quote(s) }
