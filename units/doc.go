// Package units holds dcplan's typed physical and financial quantities.
//
// Every quantity is stored in one base unit and given its own type, so that a
// power cannot be added to an energy and a figure in kW cannot be mistaken for
// one in MW: the unit lives in the constructor or accessor, never in the
// number (after gonum.org/v1/gonum/unit).
//
//	Power            watts                  Watt, Kilowatt, Megawatt, Gigawatt
//	Energy           watt-hours             WattHour, KilowattHour, MegawattHour, GigawattHour
//	Money            US dollars             Dollar
//	Mass             kilograms              Kilogram, Tonne
//	PUE              dimensionless, >= 1    total facility power / IT power
//	CarbonIntensity  grams CO2e per kWh     GramPerKWh
//	WaterIntensity   litres per kWh (WUE)   LitrePerKWh
//	EnergyPrice      dollars per kWh        DollarPerKWh
//	CostPerPower     dollars per watt       DollarPerMW (build cost)
//	Storage          bytes (decimal)        Terabyte, Petabyte
//	Compute          FLOP/s                 TFLOPS, PFLOPS
//
// Human strings are parsed at the edge ("132 kW", "1.2 GW", "$3.1M",
// "0.066 $/kWh", "345 g/kWh") by the Parse functions and by each type's
// UnmarshalText, which the scenario loader calls; an unknown unit is an error
// that lists the units accepted.
//
// Energy from power over time: E = P * t, with Power.Over(hours).
// Facility power from IT power: P_facility = P_IT * PUE, with PUE.Apply.
package units
