package units_test

import (
	"fmt"

	"github.com/dcplan/dcplan/units"
)

func Example() {
	rack, _ := units.ParsePower("132 kW")
	pue, _ := units.ParsePUE("1.1")
	facility := pue.Apply(rack)
	price, _ := units.ParseEnergyPrice("0.066 $/kWh")
	year := facility.Over(units.HoursPerYear)
	fmt.Println(facility, year, price.Cost(year))
	// Output: 145.2 kW 1.272 GWh $83.949k
}
