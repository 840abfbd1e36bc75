package hardware

import (
	"sort"

	"github.com/dcplan/dcplan/units"
)

// Cooling is how a rack's heat leaves it.
type Cooling string

// Cooling types, from least to most dense.
const (
	Air          Cooling = "air"
	RearDoor     Cooling = "rear-door"
	DirectLiquid Cooling = "liquid"
	Immersion    Cooling = "immersion"
)

// CoolingTypes lists every cooling type in a stable order.
var CoolingTypes = []Cooling{Air, RearDoor, DirectLiquid, Immersion}

// Valid reports whether c is a known cooling type.
func (c Cooling) Valid() bool {
	for _, k := range CoolingTypes {
		if c == k {
			return true
		}
	}
	return false
}

// Sourced is embedded in every catalog entry: where its figures come from.
type Sourced struct {
	// Source cites where the figures come from (document, page or URL).
	Source string `yaml:"source" json:"source"`
	// Estimates names the fields whose figures are estimates rather than
	// published values.
	Estimates []string `yaml:"estimates,omitempty" json:"estimates,omitempty"`
	// Notes explains a derivation or caveat.
	Notes string `yaml:"notes,omitempty" json:"notes,omitempty"`
}

// IsEstimate reports whether the field is marked as an estimate.
func (s Sourced) IsEstimate(field string) bool {
	for _, f := range s.Estimates {
		if f == field {
			return true
		}
	}
	return false
}

// Accelerator is one GPU or AI accelerator package.
type Accelerator struct {
	ID     string `yaml:"id" json:"id"`
	Name   string `yaml:"name" json:"name"`
	Vendor string `yaml:"vendor" json:"vendor"`
	// Family groups interchangeable parts for demand ("blackwell").
	Family  string        `yaml:"family" json:"family"`
	TDP     units.Power   `yaml:"tdp" json:"tdp_w"`
	Memory  units.Storage `yaml:"memory" json:"memory_bytes"`
	BF16    units.Compute `yaml:"bf16_dense" json:"bf16_dense_flops"`
	FP8     units.Compute `yaml:"fp8_dense" json:"fp8_dense_flops"`
	Price   units.Money   `yaml:"price" json:"price_usd"`
	Sourced `yaml:",inline" json:",inline"`
}

// Throughput returns the dense throughput at a precision ("bf16" or "fp8").
func (a *Accelerator) Throughput(precision string) (units.Compute, bool) {
	switch precision {
	case "bf16":
		return a.BF16, a.BF16 > 0
	case "fp8":
		return a.FP8, a.FP8 > 0
	}
	return 0, false
}

// System is a server or rack-scale system that holds accelerators.
type System struct {
	ID           string `yaml:"id" json:"id"`
	Name         string `yaml:"name" json:"name"`
	Accelerator  string `yaml:"accelerator" json:"accelerator"`
	Accelerators int    `yaml:"accelerators" json:"accelerators"`
	// MaxPower is the most the system can draw (its PSU-limited rating).
	MaxPower units.Power `yaml:"max_power" json:"max_power_w"`
	// TypicalPower is its draw under a typical training load.
	TypicalPower units.Power `yaml:"typical_power" json:"typical_power_w"`
	// RackUnits is its height; a rack-scale system fills its own rack (0).
	RackUnits int        `yaml:"rack_units" json:"rack_units"`
	Weight    units.Mass `yaml:"weight" json:"weight_kg"`
	// LiquidFraction is the share of its heat removed by liquid (0 for air).
	LiquidFraction float64     `yaml:"liquid_fraction" json:"liquid_fraction"`
	Price          units.Money `yaml:"price" json:"price_usd"`
	// Fabric is the compute (east-west) fabric it attaches to by default.
	Fabric string `yaml:"fabric" json:"fabric"`
	// FabricPorts is how many compute-fabric ports it has (one per GPU on
	// DGX-class systems).
	FabricPorts int `yaml:"fabric_ports" json:"fabric_ports"`
	// Rails is how many distinct rails its fabric ports attach to.
	Rails int `yaml:"rails" json:"rails"`
	// NodeOptic overrides the fabric's endpoint transceiver for this system
	// (a DGX H100 takes twin-port OSFPs: four cages for eight NICs).
	NodeOptic string `yaml:"node_optic,omitempty" json:"node_optic,omitempty"`
	Sourced   `yaml:",inline" json:",inline"`
}

// PowerAt returns the system's power at a basis.
func (s *System) PowerAt(b PowerBasis) units.Power {
	if b == Typical && s.TypicalPower > 0 {
		return s.TypicalPower
	}
	return s.MaxPower
}

// PowerBasis says which draw sizes power: the rated maximum (what facilities
// provision) or the typical draw (what energy bills see).
type PowerBasis string

// Power bases.
const (
	Max     PowerBasis = "max"
	Typical PowerBasis = "typical"
)

// Valid reports whether b is a known basis.
func (b PowerBasis) Valid() bool { return b == Max || b == Typical }

// RackConfig is a way to fill one rack position with systems.
type RackConfig struct {
	ID      string  `yaml:"id" json:"id"`
	Name    string  `yaml:"name" json:"name"`
	System  string  `yaml:"system" json:"system"`
	Systems int     `yaml:"systems" json:"systems"`
	Cooling Cooling `yaml:"cooling" json:"cooling"`
	// Power lists the rack's power distribution (PDUs or power shelves).
	Power []PartCount `yaml:"power" json:"power"`
	// Cooling equipment this rack needs (rear-door units, CDU share).
	CoolingParts []PartCount `yaml:"cooling_parts,omitempty" json:"cooling_parts,omitempty"`
	// Enclosure is the rack cabinet itself, with its price.
	Enclosure string `yaml:"enclosure" json:"enclosure"`
	// Reference marks the configuration the system's reference architecture
	// uses; quick sizing prefers it over a denser one.
	Reference bool `yaml:"reference,omitempty" json:"reference,omitempty"`
	Sourced   `yaml:",inline" json:",inline"`
}

// PartCount is a quantity of a part from the catalog's parts list.
type PartCount struct {
	Part  string  `yaml:"part" json:"part"`
	Count float64 `yaml:"count" json:"count"`
}

// Part is a priced component that is not a system: PDU, power shelf, rack
// cabinet, CDU, rear-door heat exchanger.
type Part struct {
	ID    string      `yaml:"id" json:"id"`
	Name  string      `yaml:"name" json:"name"`
	Kind  string      `yaml:"kind" json:"kind"`
	Price units.Money `yaml:"price" json:"price_usd"`
	// Power is what the part itself draws (0 for passive parts).
	Power units.Power `yaml:"power,omitempty" json:"power_w,omitempty"`
	// Capacity is the heat or power it handles (CDU, rear door), when rated.
	Capacity units.Power `yaml:"capacity,omitempty" json:"capacity_w,omitempty"`
	// Weight of the part, when known.
	Weight  units.Mass `yaml:"weight,omitempty" json:"weight_kg,omitempty"`
	Sourced `yaml:",inline" json:",inline"`
}

// Switch is a network switch model.
type Switch struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
	// Ports is its radix at the fabric's link speed (a 64x800G switch split
	// to 400G links has 128).
	Ports     int         `yaml:"ports" json:"ports"`
	SpeedGbps int         `yaml:"speed_gbps" json:"speed_gbps"`
	Power     units.Power `yaml:"power" json:"power_w"`
	// TypicalPower is its draw under typical load, when published.
	TypicalPower units.Power `yaml:"typical_power,omitempty" json:"typical_power_w,omitempty"`
	RackUnits    int         `yaml:"rack_units" json:"rack_units"`
	Price        units.Money `yaml:"price" json:"price_usd"`
	Sourced      `yaml:",inline" json:",inline"`
}

// PowerAt returns the switch's power at a basis.
func (s *Switch) PowerAt(b PowerBasis) units.Power {
	if b == Typical && s.TypicalPower > 0 {
		return s.TypicalPower
	}
	return s.Power
}

// Optic is a transceiver or cable.
type Optic struct {
	ID        string `yaml:"id" json:"id"`
	Name      string `yaml:"name" json:"name"`
	SpeedGbps int    `yaml:"speed_gbps" json:"speed_gbps"`
	// Ports is how many fabric links one unit serves (2 for a twin-port OSFP).
	Ports   int         `yaml:"ports" json:"ports"`
	Power   units.Power `yaml:"power" json:"power_w"`
	Price   units.Money `yaml:"price" json:"price_usd"`
	Sourced `yaml:",inline" json:",inline"`
}

// Fabric is a compute-fabric design: a switch model, its optics and how it
// grows past one two-tier fat tree.
type Fabric struct {
	ID     string `yaml:"id" json:"id"`
	Name   string `yaml:"name" json:"name"`
	Switch string `yaml:"switch" json:"switch"`
	// Planes is how many independent planes each endpoint connects to (one
	// link per plane); 1 for a classic single-plane fabric.
	Planes int `yaml:"planes" json:"planes"`
	// Growth says what happens past the two-tier limit: "tiers" adds a core
	// tier (then more), "planes" adds parallel two-tier planes.
	Growth string `yaml:"growth" json:"growth"`
	// NodeOptic is the transceiver at the endpoint end of a node-leaf link,
	// SwitchOptic the one at a switch port.
	NodeOptic   string `yaml:"node_optic" json:"node_optic"`
	SwitchOptic string `yaml:"switch_optic" json:"switch_optic"`
	// SwitchesPerRack is how many switches one network rack holds.
	SwitchesPerRack int `yaml:"switches_per_rack" json:"switches_per_rack"`
	Sourced         `yaml:",inline" json:",inline"`
}

// Storage is a shared storage tier sized per GPU.
type Storage struct {
	ID          string        `yaml:"id" json:"id"`
	Name        string        `yaml:"name" json:"name"`
	PerGPU      units.Storage `yaml:"capacity_per_gpu" json:"capacity_per_gpu_bytes"`
	PowerPerPB  units.Power   `yaml:"power_per_pb" json:"power_per_pb_w"`
	PricePerPB  units.Money   `yaml:"price_per_pb" json:"price_per_pb_usd"`
	PBPerRack   float64       `yaml:"pb_per_rack" json:"pb_per_rack"`
	WeightPerPB units.Mass    `yaml:"weight_per_pb" json:"weight_per_pb_kg"`
	Sourced     `yaml:",inline" json:",inline"`
}

// Catalog is the hardware the planner can choose from.
type Catalog struct {
	Accelerators []Accelerator `yaml:"accelerators" json:"accelerators"`
	Systems      []System      `yaml:"systems" json:"systems"`
	RackConfigs  []RackConfig  `yaml:"rack_configs" json:"rack_configs"`
	Parts        []Part        `yaml:"parts" json:"parts"`
	Switches     []Switch      `yaml:"switches" json:"switches"`
	Optics       []Optic       `yaml:"optics" json:"optics"`
	Fabrics      []Fabric      `yaml:"fabrics" json:"fabrics"`
	Storage      []Storage     `yaml:"storage" json:"storage"`
}

// Accelerator returns the accelerator with the given ID.
func (c *Catalog) Accelerator(id string) (*Accelerator, bool) { return find(c.Accelerators, id, accID) }

// System returns the system with the given ID.
func (c *Catalog) System(id string) (*System, bool) { return find(c.Systems, id, sysID) }

// RackConfig returns the rack configuration with the given ID.
func (c *Catalog) RackConfig(id string) (*RackConfig, bool) { return find(c.RackConfigs, id, rackID) }

// Part returns the part with the given ID.
func (c *Catalog) Part(id string) (*Part, bool) { return find(c.Parts, id, partID) }

// Switch returns the switch with the given ID.
func (c *Catalog) Switch(id string) (*Switch, bool) { return find(c.Switches, id, switchID) }

// Optic returns the optic with the given ID.
func (c *Catalog) Optic(id string) (*Optic, bool) { return find(c.Optics, id, opticID) }

// Fabric returns the fabric with the given ID.
func (c *Catalog) Fabric(id string) (*Fabric, bool) { return find(c.Fabrics, id, fabricID) }

// StorageTier returns the storage tier with the given ID.
func (c *Catalog) StorageTier(id string) (*Storage, bool) { return find(c.Storage, id, storageID) }

// SystemsFor returns the systems built on an accelerator, in catalog order.
func (c *Catalog) SystemsFor(accelerator string) []*System {
	var out []*System
	for i := range c.Systems {
		if c.Systems[i].Accelerator == accelerator {
			out = append(out, &c.Systems[i])
		}
	}
	return out
}

// RackConfigsFor returns the rack configurations of a system, in catalog order.
func (c *Catalog) RackConfigsFor(system string) []*RackConfig {
	var out []*RackConfig
	for i := range c.RackConfigs {
		if c.RackConfigs[i].System == system {
			out = append(out, &c.RackConfigs[i])
		}
	}
	return out
}

// IDs returns every entry ID in the catalog, sorted, with its kind.
func (c *Catalog) IDs() map[string]string {
	out := map[string]string{}
	add := func(kind string, id string) { out[id] = kind }
	for _, a := range c.Accelerators {
		add("accelerator", a.ID)
	}
	for _, s := range c.Systems {
		add("system", s.ID)
	}
	for _, r := range c.RackConfigs {
		add("rack config", r.ID)
	}
	for _, p := range c.Parts {
		add("part", p.ID)
	}
	for _, s := range c.Switches {
		add("switch", s.ID)
	}
	for _, o := range c.Optics {
		add("optic", o.ID)
	}
	for _, f := range c.Fabrics {
		add("fabric", f.ID)
	}
	for _, s := range c.Storage {
		add("storage", s.ID)
	}
	return out
}

// SortedIDs returns the keys of m in order.
func SortedIDs(m map[string]string) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func accID(a *Accelerator) string { return a.ID }
func sysID(s *System) string      { return s.ID }
func rackID(r *RackConfig) string { return r.ID }
func partID(p *Part) string       { return p.ID }
func switchID(s *Switch) string   { return s.ID }
func opticID(o *Optic) string     { return o.ID }
func fabricID(f *Fabric) string   { return f.ID }
func storageID(s *Storage) string { return s.ID }

func find[T any](xs []T, id string, key func(*T) string) (*T, bool) {
	for i := range xs {
		if key(&xs[i]) == id {
			return &xs[i], true
		}
	}
	return nil, false
}
