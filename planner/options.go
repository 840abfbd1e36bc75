package planner

import (
	"fmt"
	"math"

	"github.com/dcplan/dcplan/facilities"
	"github.com/dcplan/dcplan/hardware"
	"github.com/dcplan/dcplan/units"
)

// DefaultFabricScale is the cluster size whose fabric a rack pays its share
// of when the scenario names no cluster and no GPU demand to size it from;
// MaxDefaultFabricScale caps a scale taken from demand (one fabric spans one
// cluster, not a national fleet).
const (
	DefaultFabricScale    = 8192
	MaxDefaultFabricScale = 65536
)

// Option is one rack configuration at one site: the resource vector the
// solver places. Power is at the policy's power basis; every "share" is the
// rack's per-GPU part of the fabric and storage it needs (formulas in doc.go).
type Option struct {
	Index       int
	Site        *facilities.Site
	Rack        *hardware.RackConfig
	System      *hardware.System
	Accelerator *hardware.Accelerator

	GPUs      int
	FP8, BF16 units.Compute

	// ComputeIT is the systems' and rack parts' draw; NetworkIT and StorageIT
	// the rack's share of fabric and storage; ITPower their sum.
	ComputeIT, NetworkIT, StorageIT, ITPower units.Power
	PUE                                      units.PUE
	FacilityPower                            units.Power
	HeatAir, HeatLiquid                      units.Power
	// Positions counts the rack itself plus its share of network and storage
	// racks.
	Positions float64
	// Weight is the rack's own weight, for floor loading per position.
	Weight units.Mass

	// Capex splits the cost of one installed rack.
	CapexSystems, CapexRack, CapexNetwork, CapexStorage, CapexBuild units.Money

	// Per year at the policy's load factor.
	EnergyPerYear units.Energy
	OpexPerYear   units.Money
	CO2PerYear    units.Mass
	WaterPerYear  float64 // litres
}

// Capex is the total capital cost of one rack of this option.
func (o *Option) Capex() units.Money {
	return o.CapexSystems + o.CapexRack + o.CapexNetwork + o.CapexStorage + o.CapexBuild
}

// Name is "site/rack-config".
func (o *Option) Name() string { return o.Site.ID + "/" + o.Rack.ID }

// Filtered is a rack configuration left out at a site, with the reason.
type Filtered struct {
	Site   string `json:"site"`
	Rack   string `json:"rack_config"`
	Reason string `json:"reason"`
}

// Options derives every (site, rack configuration) option of a scenario, in
// site order then catalog order, and the pairs filtered out with why.
func Options(sc *Scenario) ([]Option, []Filtered, error) {
	cat := sc.Hardware.Catalog
	basis := sc.Policy.PowerBasis
	allowed := map[string]bool{}
	for _, id := range sc.Policy.RackConfigs {
		allowed[id] = true
	}
	tier, err := pickStorage(cat, sc.Policy.Storage)
	if err != nil {
		return nil, nil, err
	}
	scale := sc.fabricScale()
	shares := map[string]share{}
	var opts []Option
	var filtered []Filtered
	for si := range sc.Sites {
		site := &sc.Sites[si]
		for ri := range cat.RackConfigs {
			rc := &cat.RackConfigs[ri]
			if len(allowed) > 0 && !allowed[rc.ID] {
				continue
			}
			sys, _ := cat.System(rc.System)
			acc, _ := cat.Accelerator(sys.Accelerator)
			sh, ok := shares[sys.ID]
			if !ok {
				sh, err = perGPUShare(cat, sys, tier, scale, basis)
				if err != nil {
					return nil, nil, err
				}
				shares[sys.ID] = sh
			}
			rb, err := billRack(cat, rc)
			if err != nil {
				return nil, nil, err
			}
			o := Option{Index: len(opts), Site: site, Rack: rc, System: sys, Accelerator: acc}
			o.GPUs = rc.Systems * sys.Accelerators
			g := float64(o.GPUs)
			o.FP8 = acc.FP8 * units.Compute(g)
			o.BF16 = acc.BF16 * units.Compute(g)
			o.ComputeIT = sys.PowerAt(basis).Scale(float64(rc.Systems)) + rb.Power
			if ok, why := site.Allows(rc.Cooling, o.ComputeIT); !ok {
				filtered = append(filtered, Filtered{Site: site.ID, Rack: rc.ID, Reason: why})
				continue
			}
			o.Weight = sys.Weight.Scale(float64(rc.Systems)) + rb.Weight
			if site.MaxRackWeight > 0 && o.Weight > site.MaxRackWeight {
				filtered = append(filtered, Filtered{Site: site.ID, Rack: rc.ID,
					Reason: fmt.Sprintf("rack weighs %v, above site %s's floor loading of %v per position", o.Weight, site.ID, site.MaxRackWeight)})
				continue
			}
			o.NetworkIT = sh.networkPower.Scale(g)
			o.StorageIT = sh.storagePower.Scale(g)
			o.ITPower = o.ComputeIT + o.NetworkIT + o.StorageIT
			o.PUE, _ = site.PUE.Get(rc.Cooling)
			o.FacilityPower = o.PUE.Apply(o.ITPower)
			air, liquid := facilities.HeatSplit(rc.Cooling, o.ComputeIT, sys.LiquidFraction)
			o.HeatAir = air + o.NetworkIT + o.StorageIT
			o.HeatLiquid = liquid
			o.Positions = 1 + g*(sh.networkRacks+sh.storageRacks)
			o.CapexSystems = sys.Price.Scale(float64(rc.Systems))
			o.CapexRack = rb.Capex
			o.CapexNetwork = sh.networkCapex.Scale(g)
			o.CapexStorage = sh.storageCapex.Scale(g)
			if site.NewBuild {
				o.CapexBuild = site.BuildCost.Cost(o.FacilityPower)
			}
			o.EnergyPerYear = o.FacilityPower.Over(units.HoursPerYear * sc.Policy.LoadFactor)
			o.OpexPerYear = site.ElectricityPrice.Cost(o.EnergyPerYear)
			o.CO2PerYear = site.GridCarbon.Emissions(o.EnergyPerYear)
			o.WaterPerYear = site.WUE.Litres(o.ITPower.Over(units.HoursPerYear * sc.Policy.LoadFactor))
			opts = append(opts, o)
		}
	}
	return opts, filtered, nil
}

// share is one GPU's part of the fabric and storage of a reference cluster.
type share struct {
	networkPower, storagePower units.Power
	networkCapex, storageCapex units.Money
	networkRacks, storageRacks float64
}

// perGPUShare sizes the fabric and storage of a reference cluster of scale
// GPUs built from sys and divides by its GPUs. Rack counts are not rounded up,
// so the share is exact per GPU.
func perGPUShare(cat *hardware.Catalog, sys *hardware.System, tier *hardware.Storage, scale int, basis hardware.PowerBasis) (share, error) {
	systems := max(1, ceilDiv(scale, sys.Accelerators))
	nb, err := sizeNetwork(cat, sys, "", systems, basis)
	if err != nil {
		return share{}, fmt.Errorf("%w: fabric share of system %s at policy.fabric_scale %d GPUs: %v", ErrBadRequest, sys.ID, scale, err)
	}
	gpus := float64(systems * sys.Accelerators)
	sh := share{
		networkPower: nb.Power.Scale(1 / gpus),
		networkCapex: nb.Capex.Scale(1 / gpus),
		networkRacks: float64(nb.Tree.TotalSwitches()) / float64(nb.Fabric.SwitchesPerRack) / gpus,
	}
	if enc, ok := cat.Part("rack-42u"); ok {
		sh.networkCapex += enc.Price.Scale(sh.networkRacks)
	}
	if tier != nil {
		sb := sizeStorage(tier, 1)
		sh.storagePower = sb.Power
		sh.storageCapex = sb.Capex
		sh.storageRacks = sb.Capacity.PB() / tier.PBPerRack
		if enc, ok := cat.Part("rack-42u"); ok {
			sh.storageCapex += enc.Price.Scale(sh.storageRacks)
		}
	}
	return sh, nil
}

// fabricScale is the policy's fabric scale, else the largest cluster, else
// the largest phase's GPU demand capped at MaxDefaultFabricScale, else
// DefaultFabricScale.
func (sc *Scenario) fabricScale() int {
	if sc.Policy.FabricScale > 0 {
		return sc.Policy.FabricScale
	}
	largest := 0
	for _, c := range sc.Clusters {
		largest = max(largest, c.GPUs)
	}
	if largest > 0 {
		return largest
	}
	per := map[string]int{}
	best := 0
	for _, d := range sc.Demand {
		per[d.Phase] += d.GPUs
		best = max(best, per[d.Phase])
	}
	if best == 0 {
		return DefaultFabricScale
	}
	return min(best, MaxDefaultFabricScale)
}

// discount returns the present-value factor of a cash flow at date t,
// discounting from the first phase: 1 / (1 + r)^years.
func (sc *Scenario) discount(t facilities.Date) float64 {
	if len(sc.Phases) == 0 || sc.Policy.DiscountRate == 0 {
		return 1
	}
	years := YearsBetween(sc.Phases[0].Date.Time, t.Time)
	return 1 / math.Pow(1+sc.Policy.DiscountRate, years)
}

// annuity returns the present value, discounted to the first phase, of a
// cash flow of 1 per year paid continuously from date a to date b:
// integral_a^b (1+r)^-t dt = (d(a) - d(b)) / ln(1+r), or b - a when r = 0.
func (sc *Scenario) annuity(a, b facilities.Date) float64 {
	if !b.After(a.Time) {
		return 0
	}
	r := sc.Policy.DiscountRate
	if r == 0 {
		return YearsBetween(a.Time, b.Time)
	}
	return (sc.discount(a) - sc.discount(b)) / math.Log1p(r)
}
