package planner

import (
	"fmt"
	"math"

	"github.com/dcplan/dcplan/facilities"
	"github.com/dcplan/dcplan/hardware"
	"github.com/dcplan/dcplan/units"
)

// DefaultPUE is the PUE quick sizing uses per cooling type when none is given.
// Air and direct liquid are the policy defaults in SemiAnalysis InferenceX
// PR #1112 (1.3 and 1.1); rear-door and immersion sit between them and below
// (estimates).
var DefaultPUE = map[hardware.Cooling]units.PUE{
	hardware.Air:          1.3,
	hardware.RearDoor:     1.2,
	hardware.DirectLiquid: 1.1,
	hardware.Immersion:    1.05,
}

// DefaultPUESource cites DefaultPUE.
const DefaultPUESource = "SemiAnalysis InferenceX PR #1112 policy defaults (air 1.3, direct liquid 1.1); rear-door 1.2 and immersion 1.05 are estimates"

// SizeRequest asks for a quick, site-free sizing of a cluster.
type SizeRequest struct {
	Accelerator string
	GPUs        int
	System      string           // default: the first system built on the accelerator
	RackConfig  string           // default: the reference architecture's configuration with the cooling, else the densest
	Cooling     hardware.Cooling // default: liquid for liquid-cooled systems, else air
	PUE         units.PUE        // default: DefaultPUE[cooling]
	Basis       hardware.PowerBasis
	Fabric      string // default: the system's fabric
	Storage     string // default: "ai-flash"; "none" for no storage
}

// Sizing is the result of quick sizing. Every power figure is at Basis.
type Sizing struct {
	Accelerator *hardware.Accelerator
	System      *hardware.System
	Rack        *hardware.RackConfig
	Cooling     hardware.Cooling
	PUE         units.PUE
	PUESource   string
	Basis       hardware.PowerBasis

	RequestedGPUs int
	GPUs          int
	Systems       int
	ComputeRacks  int
	Network       NetworkBill
	Storage       StorageBill

	ComputePower units.Power // systems plus power-drawing rack parts
	ITPower      units.Power
	Facility     units.Power
	HeatAir      units.Power
	HeatLiquid   units.Power

	CapexSystems units.Money
	CapexRacks   units.Money
	CapexNetwork units.Money
	CapexStorage units.Money
	CapexEnclose units.Money // enclosures for network and storage racks

	FP8, BF16 units.Compute
}

// Racks returns all rack positions: compute, network and storage.
func (s *Sizing) Racks() int { return s.ComputeRacks + s.Network.Racks + s.Storage.Racks }

// Capex returns the total capital cost.
func (s *Sizing) Capex() units.Money {
	return s.CapexSystems + s.CapexRacks + s.CapexNetwork + s.CapexStorage + s.CapexEnclose
}

// EnergyPerYear is the facility energy over a year at the power basis.
func (s *Sizing) EnergyPerYear() units.Energy { return s.Facility.Over(units.HoursPerYear) }

// Size sizes a cluster of GPUs with no site: systems, racks, fabric, power,
// heat and capex. The formulas are in doc.go.
func Size(cat *hardware.Catalog, req SizeRequest) (*Sizing, error) {
	if req.GPUs < 1 {
		return nil, fmt.Errorf("%w: count must be at least 1 GPU, got %d", ErrBadRequest, req.GPUs)
	}
	acc, ok := cat.Accelerator(req.Accelerator)
	if !ok {
		return nil, fmt.Errorf("%w: unknown accelerator %q%s", ErrBadRequest, req.Accelerator, cat.SuggestID(req.Accelerator, "accelerator"))
	}
	sys, err := pickSystem(cat, acc, req.System)
	if err != nil {
		return nil, err
	}
	basis := req.Basis
	if basis == "" {
		basis = hardware.Max
	}
	if !basis.Valid() {
		return nil, fmt.Errorf("%w: unknown power basis %q: expected max or typical", ErrBadRequest, basis)
	}
	rc, err := pickRack(cat, sys, req.RackConfig, req.Cooling)
	if err != nil {
		return nil, err
	}
	pue := req.PUE
	pueSource := "given"
	if pue == 0 {
		pue = DefaultPUE[rc.Cooling]
		pueSource = DefaultPUESource
	}
	if !pue.Valid() {
		return nil, fmt.Errorf("%w: PUE must be at least 1, got %v", ErrBadRequest, float64(pue))
	}
	s := &Sizing{Accelerator: acc, System: sys, Rack: rc, Cooling: rc.Cooling, PUE: pue, PUESource: pueSource,
		Basis: basis, RequestedGPUs: req.GPUs}
	s.Systems = ceilDiv(req.GPUs, sys.Accelerators)
	s.GPUs = s.Systems * sys.Accelerators
	s.ComputeRacks = ceilDiv(s.Systems, rc.Systems)
	s.Network, err = sizeNetwork(cat, sys, req.Fabric, s.Systems, basis)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadRequest, err)
	}
	tier, err := pickStorage(cat, req.Storage)
	if err != nil {
		return nil, err
	}
	s.Storage = sizeStorage(tier, s.GPUs)
	rb, err := billRack(cat, rc)
	if err != nil {
		return nil, err
	}
	systemsPower := sys.PowerAt(basis).Scale(float64(s.Systems))
	s.ComputePower = systemsPower + rb.Power.Scale(float64(s.ComputeRacks))
	s.ITPower = s.ComputePower + s.Network.Power + s.Storage.Power
	s.Facility = pue.Apply(s.ITPower)
	air, liquid := facilities.HeatSplit(rc.Cooling, s.ComputePower, sys.LiquidFraction)
	s.HeatAir = air + s.Network.Power + s.Storage.Power
	s.HeatLiquid = liquid
	s.CapexSystems = sys.Price.Scale(float64(s.Systems))
	s.CapexRacks = rb.Capex.Scale(float64(s.ComputeRacks))
	s.CapexNetwork = s.Network.Capex
	s.CapexStorage = s.Storage.Capex
	if enc, ok := cat.Part("rack-42u"); ok {
		s.CapexEnclose = enc.Price.Scale(float64(s.Network.Racks + s.Storage.Racks))
	}
	s.FP8 = acc.FP8 * units.Compute(s.GPUs)
	s.BF16 = acc.BF16 * units.Compute(s.GPUs)
	return s, nil
}

func pickSystem(cat *hardware.Catalog, acc *hardware.Accelerator, id string) (*hardware.System, error) {
	if id != "" {
		sys, ok := cat.System(id)
		if !ok {
			return nil, fmt.Errorf("%w: unknown system %q%s", ErrBadRequest, id, cat.SuggestID(id, "system"))
		}
		if sys.Accelerator != acc.ID {
			return nil, fmt.Errorf("%w: system %s holds %s, not %s", ErrBadRequest, sys.ID, sys.Accelerator, acc.ID)
		}
		return sys, nil
	}
	systems := cat.SystemsFor(acc.ID)
	if len(systems) == 0 {
		return nil, fmt.Errorf("%w: no system in the catalog holds %s", ErrBadRequest, acc.ID)
	}
	return systems[0], nil
}

func pickRack(cat *hardware.Catalog, sys *hardware.System, id string, cooling hardware.Cooling) (*hardware.RackConfig, error) {
	if id != "" {
		rc, ok := cat.RackConfig(id)
		if !ok {
			return nil, fmt.Errorf("%w: unknown rack configuration %q%s", ErrBadRequest, id, cat.SuggestID(id, "rack config"))
		}
		if rc.System != sys.ID {
			return nil, fmt.Errorf("%w: rack configuration %s holds %s, not %s", ErrBadRequest, rc.ID, rc.System, sys.ID)
		}
		if cooling != "" && rc.Cooling != cooling {
			return nil, fmt.Errorf("%w: rack configuration %s is %s-cooled, not %s", ErrBadRequest, rc.ID, rc.Cooling, cooling)
		}
		return rc, nil
	}
	if cooling == "" {
		cooling = hardware.Air
		if sys.LiquidFraction > 0 {
			cooling = hardware.DirectLiquid
		}
	}
	if !cooling.Valid() {
		return nil, fmt.Errorf("%w: unknown cooling %q: expected air, rear-door, liquid or immersion", ErrBadRequest, cooling)
	}
	var best *hardware.RackConfig
	var offered []string
	for _, rc := range cat.RackConfigsFor(sys.ID) {
		offered = append(offered, string(rc.Cooling))
		if rc.Cooling != cooling {
			continue
		}
		switch {
		case best == nil, rc.Reference && !best.Reference, rc.Reference == best.Reference && rc.Systems > best.Systems:
			best = rc
		}
	}
	if best == nil {
		return nil, fmt.Errorf("%w: the catalog has no %s-cooled rack configuration for %s (it has: %v)", ErrBadRequest, cooling, sys.ID, offered)
	}
	return best, nil
}

func pickStorage(cat *hardware.Catalog, id string) (*hardware.Storage, error) {
	if id == "none" {
		return nil, nil
	}
	if id == "" {
		id = "ai-flash"
		if len(cat.Storage) > 0 {
			if _, ok := cat.StorageTier(id); !ok {
				id = cat.Storage[0].ID
			}
		}
	}
	tier, ok := cat.StorageTier(id)
	if !ok {
		return nil, fmt.Errorf("%w: unknown storage tier %q%s", ErrBadRequest, id, cat.SuggestID(id, "storage"))
	}
	return tier, nil
}

// round6 rounds to 6 decimals, for stable JSON.
func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
