package units

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// HoursPerYear is the length of the planning year: 365 days, as energy and
// opex per year are quoted (a leap day is not modelled).
const HoursPerYear = 8760

// Power is electrical or thermal power in watts.
type Power float64

// Units of power.
const (
	Watt     Power = 1
	Kilowatt       = 1e3 * Watt
	Megawatt       = 1e6 * Watt
	Gigawatt       = 1e9 * Watt
)

// W returns p in watts.
func (p Power) W() float64 { return float64(p) }

// KW returns p in kilowatts.
func (p Power) KW() float64 { return float64(p / Kilowatt) }

// MW returns p in megawatts.
func (p Power) MW() float64 { return float64(p / Megawatt) }

// GW returns p in gigawatts.
func (p Power) GW() float64 { return float64(p / Gigawatt) }

// Over returns the energy p delivers in the given number of hours.
func (p Power) Over(hours float64) Energy { return Energy(float64(p) * hours) }

// Scale returns p multiplied by a dimensionless factor.
func (p Power) Scale(f float64) Power { return Power(float64(p) * f) }

// String formats p with the largest unit that keeps it at or above 1.
func (p Power) String() string {
	return formatScaled(float64(p), []scaled{{1e9, "GW"}, {1e6, "MW"}, {1e3, "kW"}, {1, "W"}})
}

// Energy is energy in watt-hours.
type Energy float64

// Units of energy.
const (
	WattHour     Energy = 1
	KilowattHour        = 1e3 * WattHour
	MegawattHour        = 1e6 * WattHour
	GigawattHour        = 1e9 * WattHour
)

// KWh returns e in kilowatt-hours.
func (e Energy) KWh() float64 { return float64(e / KilowattHour) }

// MWh returns e in megawatt-hours.
func (e Energy) MWh() float64 { return float64(e / MegawattHour) }

// GWh returns e in gigawatt-hours.
func (e Energy) GWh() float64 { return float64(e / GigawattHour) }

// String formats e with the largest unit that keeps it at or above 1.
func (e Energy) String() string {
	return formatScaled(float64(e), []scaled{{1e12, "TWh"}, {1e9, "GWh"}, {1e6, "MWh"}, {1e3, "kWh"}, {1, "Wh"}})
}

// Money is an amount in US dollars.
type Money float64

// Dollar is one US dollar.
const Dollar Money = 1

// USD returns m in dollars.
func (m Money) USD() float64 { return float64(m) }

// Cents returns m rounded to whole cents.
func (m Money) Cents() int64 { return int64(math.Round(float64(m) * 100)) }

// Scale returns m multiplied by a dimensionless factor.
func (m Money) Scale(f float64) Money { return Money(float64(m) * f) }

// String formats m as "$1.23M", "$450k" or "$12.50".
func (m Money) String() string {
	v := float64(m)
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	switch {
	case v >= 1e12:
		return sign + "$" + trimFloat(v/1e12, 3) + "T"
	case v >= 1e9:
		return sign + "$" + trimFloat(v/1e9, 3) + "B"
	case v >= 1e6:
		return sign + "$" + trimFloat(v/1e6, 3) + "M"
	case v >= 1e4:
		return sign + "$" + trimFloat(v/1e3, 3) + "k"
	default:
		return sign + "$" + strconv.FormatFloat(v, 'f', 2, 64)
	}
}

// Mass is a mass in kilograms.
type Mass float64

// Units of mass.
const (
	Kilogram Mass = 1
	Tonne         = 1000 * Kilogram
	Pound         = 0.45359237 * Kilogram
)

// Kg returns m in kilograms.
func (m Mass) Kg() float64 { return float64(m) }

// Scale returns m multiplied by a dimensionless factor.
func (m Mass) Scale(f float64) Mass { return Mass(float64(m) * f) }

// Tonnes returns m in metric tonnes.
func (m Mass) Tonnes() float64 { return float64(m / Tonne) }

// String formats m in kg below a tonne and in t above.
func (m Mass) String() string {
	return formatScaled(float64(m), []scaled{{1e3, "t"}, {1, "kg"}})
}

// PUE is power usage effectiveness: total facility power over IT power. It is
// dimensionless and at least 1.
type PUE float64

// Apply returns the facility power that an IT load draws at this PUE.
func (p PUE) Apply(it Power) Power { return Power(float64(it) * float64(p)) }

// Valid reports whether p is a physically possible PUE (finite and >= 1).
func (p PUE) Valid() bool { return p >= 1 && !math.IsInf(float64(p), 0) }

// String formats p with two decimals.
func (p PUE) String() string { return strconv.FormatFloat(float64(p), 'f', 2, 64) }

// CarbonIntensity is grid carbon intensity in grams of CO2-equivalent per kWh.
type CarbonIntensity float64

// GramPerKWh is one gram of CO2e per kilowatt-hour.
const GramPerKWh CarbonIntensity = 1

// Emissions returns the mass of CO2e emitted for the energy e.
func (c CarbonIntensity) Emissions(e Energy) Mass {
	return Mass(float64(c) * e.KWh() / 1000)
}

// String formats c as "345 g/kWh".
func (c CarbonIntensity) String() string { return trimFloat(float64(c), 1) + " g/kWh" }

// WaterIntensity is water use effectiveness (WUE) in litres per kWh of IT energy.
type WaterIntensity float64

// LitrePerKWh is one litre of water per kilowatt-hour.
const LitrePerKWh WaterIntensity = 1

// Litres returns the water used for the energy e.
func (w WaterIntensity) Litres(e Energy) float64 { return float64(w) * e.KWh() }

// String formats w as "0.26 L/kWh".
func (w WaterIntensity) String() string { return trimFloat(float64(w), 3) + " L/kWh" }

// EnergyPrice is the price of electricity in dollars per kWh.
type EnergyPrice float64

// DollarPerKWh is one dollar per kilowatt-hour.
const DollarPerKWh EnergyPrice = 1

// Cost returns what the energy e costs at this price.
func (p EnergyPrice) Cost(e Energy) Money { return Money(float64(p) * e.KWh()) }

// String formats p as "0.066 $/kWh".
func (p EnergyPrice) String() string { return trimFloat(float64(p), 4) + " $/kWh" }

// CostPerPower is a cost per unit of power, such as a facility build cost, in
// dollars per watt.
type CostPerPower float64

// DollarPerMW is one dollar per megawatt.
const DollarPerMW CostPerPower = 1e-6

// PerMW returns c in dollars per megawatt.
func (c CostPerPower) PerMW() float64 { return float64(c) * 1e6 }

// Cost returns the cost of the power p at this rate.
func (c CostPerPower) Cost(p Power) Money { return Money(float64(c) * float64(p)) }

// String formats c as "$11.7M/MW".
func (c CostPerPower) String() string { return Money(c.PerMW()).String() + "/MW" }

// Storage is a storage capacity in bytes (decimal prefixes, as storage is sold).
type Storage float64

// Units of storage.
const (
	Byte     Storage = 1
	Gigabyte         = 1e9 * Byte
	Terabyte         = 1e12 * Byte
	Petabyte         = 1e15 * Byte
	Exabyte          = 1e18 * Byte
)

// TB returns s in terabytes.
func (s Storage) TB() float64 { return float64(s / Terabyte) }

// PB returns s in petabytes.
func (s Storage) PB() float64 { return float64(s / Petabyte) }

// String formats s with the largest unit that keeps it at or above 1.
func (s Storage) String() string {
	return formatScaled(float64(s), []scaled{{1e18, "EB"}, {1e15, "PB"}, {1e12, "TB"}, {1e9, "GB"}, {1, "B"}})
}

// Compute is a throughput in floating-point operations per second.
type Compute float64

// Units of compute.
const (
	FLOPS  Compute = 1
	TFLOPS         = 1e12 * FLOPS
	PFLOPS         = 1e15 * FLOPS
	EFLOPS         = 1e18 * FLOPS
)

// TFLOPS returns c in teraFLOPS.
func (c Compute) TFLOPS() float64 { return float64(c / TFLOPS) }

// PFLOPS returns c in petaFLOPS.
func (c Compute) PFLOPS() float64 { return float64(c / PFLOPS) }

// String formats c with the largest unit that keeps it at or above 1.
func (c Compute) String() string {
	return formatScaled(float64(c), []scaled{{1e18, "EFLOPS"}, {1e15, "PFLOPS"}, {1e12, "TFLOPS"}, {1, "FLOPS"}})
}

type scaled struct {
	factor float64
	unit   string
}

func formatScaled(v float64, scales []scaled) string {
	abs := math.Abs(v)
	for _, s := range scales {
		if abs >= s.factor {
			return trimFloat(v/s.factor, 3) + " " + s.unit
		}
	}
	last := scales[len(scales)-1]
	return trimFloat(v/last.factor, 3) + " " + last.unit
}

// trimFloat formats v with at most prec decimals and no trailing zeros.
func trimFloat(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// UnitError reports a quantity string that could not be parsed.
type UnitError struct {
	Kind  string // "power", "money", ...
	Input string
	Why   string
	Units []string // the units accepted
}

func (e *UnitError) Error() string {
	msg := fmt.Sprintf("invalid %s %q: %s", e.Kind, e.Input, e.Why)
	if len(e.Units) > 0 {
		msg += " (expected a number followed by one of: " + strings.Join(e.Units, ", ") + ")"
	}
	return msg
}
