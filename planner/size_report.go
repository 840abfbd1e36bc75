package planner

// SizeReport is the stable JSON form of a Sizing (`dcplan size --format json`).
// Power figures are in MW at PowerBasis; money in US dollars.
type SizeReport struct {
	Accelerator    string       `json:"accelerator"`
	System         string       `json:"system"`
	RackConfig     string       `json:"rack_config"`
	Cooling        string       `json:"cooling"`
	PowerBasis     string       `json:"power_basis"`
	PUE            float64      `json:"pue"`
	PUESource      string       `json:"pue_source"`
	RequestedGPUs  int          `json:"requested_gpus"`
	GPUs           int          `json:"gpus"`
	Systems        int          `json:"systems"`
	Racks          int          `json:"racks"`
	ComputeRacks   int          `json:"compute_racks"`
	NetworkRacks   int          `json:"network_racks"`
	StorageRacks   int          `json:"storage_racks"`
	Fabric         FabricReport `json:"fabric"`
	Optics         int          `json:"optics"`
	StoragePB      float64      `json:"storage_pb"`
	ITPowerMW      float64      `json:"it_power_mw"`
	ComputePowerMW float64      `json:"compute_power_mw"`
	NetworkPowerMW float64      `json:"network_power_mw"`
	StoragePowerMW float64      `json:"storage_power_mw"`
	FacilityMW     float64      `json:"facility_power_mw"`
	HeatAirMW      float64      `json:"heat_to_air_mw"`
	HeatLiquidMW   float64      `json:"heat_to_liquid_mw"`
	CapexUSD       float64      `json:"capex_usd"`
	Capex          CapexReport  `json:"capex_breakdown_usd"`
	EnergyMWhYear  float64      `json:"energy_mwh_per_year"`
	FP8PFLOPS      float64      `json:"fp8_pflops"`
	BF16PFLOPS     float64      `json:"bf16_pflops"`
}

// FabricReport is the compute fabric part of a SizeReport.
type FabricReport struct {
	ID                string `json:"id"`
	Switch            string `json:"switch"`
	Tiers             int    `json:"tiers"`
	Planes            int    `json:"planes"`
	LeafSwitches      int    `json:"leaf_switches"`
	SpineSwitches     int    `json:"spine_switches"`
	CoreSwitches      int    `json:"core_switches"`
	SuperCoreSwitches int    `json:"super_core_switches"`
	Switches          int    `json:"switches"`
	LinksPerTier      []int  `json:"links_per_tier"`
	NodeOptic         string `json:"node_optic"`
	NodeOptics        int    `json:"node_optics"`
	SwitchOptic       string `json:"switch_optic"`
	SwitchOptics      int    `json:"switch_optics"`
}

// CapexReport splits capex by category.
type CapexReport struct {
	Systems   float64 `json:"systems"`
	RackParts float64 `json:"rack_parts"`
	Network   float64 `json:"network"`
	Storage   float64 `json:"storage"`
	Enclosure float64 `json:"network_and_storage_enclosures"`
}

// Report returns the stable JSON form of s.
func (s *Sizing) Report() SizeReport {
	n := s.Network
	return SizeReport{
		Accelerator: s.Accelerator.ID, System: s.System.ID, RackConfig: s.Rack.ID, Cooling: string(s.Cooling),
		PowerBasis: string(s.Basis), PUE: float64(s.PUE), PUESource: s.PUESource,
		RequestedGPUs: s.RequestedGPUs, GPUs: s.GPUs, Systems: s.Systems,
		Racks: s.Racks(), ComputeRacks: s.ComputeRacks, NetworkRacks: n.Racks, StorageRacks: s.Storage.Racks,
		Fabric: FabricReport{
			ID: n.Fabric.ID, Switch: n.Switch.ID, Tiers: n.Tree.Tiers, Planes: n.Tree.Planes,
			LeafSwitches: n.Tree.Leaf(), SpineSwitches: n.Tree.Spine(), CoreSwitches: n.Tree.Core(),
			SuperCoreSwitches: n.Tree.SuperCore(), Switches: n.Tree.TotalSwitches(),
			LinksPerTier: append([]int(nil), n.Tree.Links...),
			NodeOptic:    n.NodeOptic.ID, NodeOptics: n.NodeOptics, SwitchOptic: n.SwitchOptic.ID, SwitchOptics: n.SwitchOptics,
		},
		Optics:         n.Optics(),
		StoragePB:      round6(s.Storage.Capacity.PB()),
		ITPowerMW:      round6(s.ITPower.MW()),
		ComputePowerMW: round6(s.ComputePower.MW()),
		NetworkPowerMW: round6(n.Power.MW()),
		StoragePowerMW: round6(s.Storage.Power.MW()),
		FacilityMW:     round6(s.Facility.MW()),
		HeatAirMW:      round6(s.HeatAir.MW()),
		HeatLiquidMW:   round6(s.HeatLiquid.MW()),
		CapexUSD:       roundCents(s.Capex().USD()),
		Capex: CapexReport{Systems: roundCents(s.CapexSystems.USD()), RackParts: roundCents(s.CapexRacks.USD()),
			Network: roundCents(s.CapexNetwork.USD()), Storage: roundCents(s.CapexStorage.USD()), Enclosure: roundCents(s.CapexEnclose.USD())},
		EnergyMWhYear: round6(s.EnergyPerYear().MWh()),
		FP8PFLOPS:     round6(s.FP8.PFLOPS()),
		BF16PFLOPS:    round6(s.BF16.PFLOPS()),
	}
}

func roundCents(v float64) float64 { return float64(int64(v*100+0.5*sign(v))) / 100 }

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}
