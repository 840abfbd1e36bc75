package planner_test

import (
	"fmt"

	"github.com/dcplan/dcplan/planner"
)

// Size a DGX SuperPOD B200 of 16 scalable units (4,096 GPUs): NVIDIA's
// reference architecture lists 128 leaf, 128 spine and 64 core switches.
func ExampleSize() {
	cat, err := planner.DefaultCatalog()
	if err != nil {
		panic(err)
	}
	s, err := planner.Size(cat.Catalog, planner.SizeRequest{Accelerator: "b200", GPUs: 4096})
	if err != nil {
		panic(err)
	}
	r := s.Report()
	fmt.Printf("%d x %s in %d racks\n", r.Systems, r.System, r.Racks)
	fmt.Printf("switches: %d leaf, %d spine, %d core\n", r.Fabric.LeafSwitches, r.Fabric.SpineSwitches, r.Fabric.CoreSwitches)
	fmt.Printf("IT %.2f MW at %s draw, facility %.2f MW at PUE %.1f\n", r.ITPowerMW, r.PowerBasis, r.FacilityMW, r.PUE)
	// Output:
	// 512 x dgx-b200 in 279 racks
	// switches: 128 leaf, 128 spine, 64 core
	// IT 7.89 MW at max draw, facility 10.26 MW at PUE 1.3
}
