package planner

import (
	"fmt"
	"math"

	"github.com/dcplan/dcplan/hardware"
	"github.com/dcplan/dcplan/units"
)

// NetworkBill is the compute fabric for a number of systems: the fat tree,
// its optics, and what they draw, cost and occupy.
type NetworkBill struct {
	Fabric      *hardware.Fabric
	Switch      *hardware.Switch
	NodeOptic   *hardware.Optic
	SwitchOptic *hardware.Optic
	Tree        hardware.FatTree
	// NodeOptics are transceivers at the endpoints, SwitchOptics at switch
	// ports (a link between switches has one at each end).
	NodeOptics, SwitchOptics int
	Racks                    int
	Power                    units.Power
	Capex                    units.Money
}

// Optics returns the number of transceivers of both kinds.
func (n NetworkBill) Optics() int { return n.NodeOptics + n.SwitchOptics }

// sizeNetwork sizes the compute fabric of a system type for a count of
// systems:
//
//	endpoints per plane E = systems * fabric_ports
//	tree                  = SizeFatTree(E, rails, switch ports, planes)
//	node optics           = systems * ceil(fabric_ports * planes / ports per node optic)
//	switch optics         = ceil(switch ports in use / ports per switch optic)
//	racks                 = ceil(switches / switches_per_rack)
//	power                 = switches * P_switch(basis) + optics * P_optic
//	capex                 = switches * price + optics * price
func sizeNetwork(cat *hardware.Catalog, sys *hardware.System, fabricID string, systems int, basis hardware.PowerBasis) (NetworkBill, error) {
	var nb NetworkBill
	if fabricID == "" {
		fabricID = sys.Fabric
	}
	f, ok := cat.Fabric(fabricID)
	if !ok {
		return nb, fmt.Errorf("unknown fabric %q%s", fabricID, cat.SuggestID(fabricID, "fabric"))
	}
	sw, ok := cat.Switch(f.Switch)
	if !ok {
		return nb, fmt.Errorf("fabric %s: unknown switch %q", f.ID, f.Switch)
	}
	nodeOpticID := f.NodeOptic
	if sys.NodeOptic != "" && fabricID == sys.Fabric {
		nodeOpticID = sys.NodeOptic
	}
	no, ok := cat.Optic(nodeOpticID)
	if !ok {
		return nb, fmt.Errorf("fabric %s: unknown optic %q", f.ID, nodeOpticID)
	}
	so, ok := cat.Optic(f.SwitchOptic)
	if !ok {
		return nb, fmt.Errorf("fabric %s: unknown optic %q", f.ID, f.SwitchOptic)
	}
	tree, err := hardware.SizeFatTree(systems*sys.FabricPorts, sys.Rails, sw.Ports, f.Planes)
	if err != nil {
		return nb, err
	}
	nb = NetworkBill{Fabric: f, Switch: sw, NodeOptic: no, SwitchOptic: so, Tree: tree}
	nb.NodeOptics = systems * ceilDiv(sys.FabricPorts*f.Planes, no.Ports)
	nb.SwitchOptics = ceilDiv(tree.SwitchPorts(), so.Ports)
	switches := tree.TotalSwitches()
	nb.Racks = ceilDiv(switches, f.SwitchesPerRack)
	nb.Power = sw.PowerAt(basis).Scale(float64(switches)) +
		no.Power.Scale(float64(nb.NodeOptics)) + so.Power.Scale(float64(nb.SwitchOptics))
	nb.Capex = sw.Price.Scale(float64(switches)) +
		no.Price.Scale(float64(nb.NodeOptics)) + so.Price.Scale(float64(nb.SwitchOptics))
	return nb, nil
}

// StorageBill is the shared storage for a number of GPUs.
type StorageBill struct {
	Tier     *hardware.Storage
	Capacity units.Storage
	Racks    int
	Power    units.Power
	Capex    units.Money
	Weight   units.Mass
}

// sizeStorage sizes storage for gpus:
//
//	capacity = gpus * capacity_per_gpu;  PB = capacity / 1e15
//	power = PB * power_per_pb;  capex = PB * price_per_pb;  racks = ceil(PB / pb_per_rack)
func sizeStorage(tier *hardware.Storage, gpus int) StorageBill {
	if tier == nil {
		return StorageBill{}
	}
	capacity := tier.PerGPU * units.Storage(gpus)
	pb := capacity.PB()
	return StorageBill{
		Tier:     tier,
		Capacity: capacity,
		Racks:    int(math.Ceil(pb/tier.PBPerRack - 1e-9)),
		Power:    tier.PowerPerPB.Scale(pb),
		Capex:    tier.PricePerPB.Scale(pb),
		Weight:   tier.WeightPerPB.Scale(pb),
	}
}

// rackBill is what one rack of a configuration costs and weighs beyond its
// systems: the enclosure, power distribution and cooling parts.
type rackBill struct {
	Capex  units.Money
	Weight units.Mass
	Power  units.Power // parts that draw power (a CDU share)
}

func billRack(cat *hardware.Catalog, rc *hardware.RackConfig) (rackBill, error) {
	var b rackBill
	add := func(id string, count float64) error {
		p, ok := cat.Part(id)
		if !ok {
			return fmt.Errorf("rack config %s: unknown part %q", rc.ID, id)
		}
		b.Capex += p.Price.Scale(count)
		b.Weight += p.Weight.Scale(count)
		b.Power += p.Power.Scale(count)
		return nil
	}
	if err := add(rc.Enclosure, 1); err != nil {
		return b, err
	}
	for _, pc := range rc.Power {
		if err := add(pc.Part, pc.Count); err != nil {
			return b, err
		}
	}
	for _, pc := range rc.CoolingParts {
		if err := add(pc.Part, pc.Count); err != nil {
			return b, err
		}
	}
	return b, nil
}

func ceilDiv(a, b int) int {
	if b <= 0 {
		return 0
	}
	return (a + b - 1) / b
}
