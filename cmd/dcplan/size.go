package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dcplan/dcplan/hardware"
	"github.com/dcplan/dcplan/internal/textable"
	"github.com/dcplan/dcplan/planner"
	"github.com/dcplan/dcplan/units"
)

type sizeOptions struct {
	accelerator, system, rack, cooling, basis, fabric, storage, format string
	count                                                              int
	pue                                                                float64
}

func newSizeCmd(streams *IO) *cobra.Command {
	o := &sizeOptions{}
	cmd := &cobra.Command{
		Use:   "size --accelerator ID --count N",
		Short: "Size a cluster with no sites: systems, racks, fabric, power, heat and capex",
		Long: `Size a cluster of N accelerators with no sites: systems, racks (compute, network,
storage), switches per fabric tier, optics, IT and facility power, heat to air
and to liquid, capex and energy per year. Power is at the power basis (--basis:
the systems' rated maximum, or their typical draw); facility power is IT power
times the PUE. The formulas are in planner/doc.go.`,
		Example: `  dcplan size --accelerator h100-sxm --count 1016
  dcplan size --accelerator gb200 --count 9216 --format json
  dcplan size --accelerator b300 --count 4608 --system dgx-b300 --cooling air --pue 1.25
  dcplan size --accelerator b300 --count 4096 --fabric spectrum-x-twin --basis typical`,
		Args: checkArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("accelerator") || !cmd.Flags().Changed("count") {
				return usagef("--accelerator and --count are required\nRun 'dcplan size --help' for usage.")
			}
			return runSize(streams, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.accelerator, "accelerator", "", "accelerator ID from the catalog (see 'dcplan catalog list')")
	f.IntVar(&o.count, "count", 0, "number of accelerators (GPUs)")
	f.StringVar(&o.system, "system", "", "system ID (default: the first system built on the accelerator)")
	f.StringVar(&o.rack, "rack", "", "rack configuration ID (default: the densest one with the cooling)")
	f.StringVar(&o.cooling, "cooling", "", "cooling: air, rear-door, liquid or immersion (default: liquid for liquid-cooled systems, else air)")
	f.Float64Var(&o.pue, "pue", 0, "PUE to apply (default: 1.3 air, 1.2 rear-door, 1.1 liquid, 1.05 immersion)")
	f.StringVar(&o.basis, "basis", "max", "power basis: max (rated) or typical draw")
	f.StringVar(&o.fabric, "fabric", "", "compute fabric ID (default: the system's)")
	f.StringVar(&o.storage, "storage", "", "storage tier ID, or none (default: ai-flash)")
	f.StringVar(&o.format, "format", "table", "output format: table or json")
	return cmd
}

func runSize(streams *IO, o *sizeOptions) error {
	if err := checkFormat(o.format, "table", "json"); err != nil {
		return err
	}
	if o.pue != 0 && o.pue < 1 {
		return usagef("--pue must be at least 1 (total facility power over IT power), got %g", o.pue)
	}
	cat, err := planner.DefaultCatalog()
	if err != nil {
		return err
	}
	s, err := planner.Size(cat.Catalog, planner.SizeRequest{
		Accelerator: o.accelerator, GPUs: o.count, System: o.system, RackConfig: o.rack,
		Cooling: hardware.Cooling(o.cooling), PUE: units.PUE(o.pue), Basis: hardware.PowerBasis(o.basis),
		Fabric: o.fabric, Storage: o.storage,
	})
	if err != nil {
		return err
	}
	if o.format == "json" {
		return writeJSON(streams.Out, s.Report())
	}
	return textable.Render(streams.Out, sizeTable(s), streams.Boxed)
}

func sizeTable(s *planner.Sizing) textable.Table {
	r := s.Report()
	n := s.Network
	basis := "at " + string(s.Basis) + " draw"
	mw := func(v float64) string { return groupFloat(v, 3) + " MW" }
	rows := [][]string{
		{"GPUs", groupInt(r.GPUs), fmt.Sprintf("%s systems x %d %s (asked for %s)", groupInt(r.Systems), s.System.Accelerators, s.Accelerator.ID, groupInt(r.RequestedGPUs))},
		{"Systems", groupInt(r.Systems), fmt.Sprintf("%s: %v each %s", s.System.ID, s.System.PowerAt(s.Basis), basis)},
		{"Racks", groupInt(r.Racks), fmt.Sprintf("compute %s (%s, %d per rack) + network %s + storage %s", groupInt(r.ComputeRacks), s.Rack.ID, s.Rack.Systems, groupInt(r.NetworkRacks), groupInt(r.StorageRacks))},
		{"Fabric", fmt.Sprintf("%d tiers", r.Fabric.Tiers), fmt.Sprintf("%s: %s, %d ports, %d plane(s), %d rails", n.Fabric.ID, n.Switch.ID, n.Switch.Ports, n.Tree.Planes, n.Tree.Rails)},
		{"- leaf switches", groupInt(r.Fabric.LeafSwitches), ""},
		{"- spine switches", groupInt(r.Fabric.SpineSwitches), ""},
		{"- core switches", groupInt(r.Fabric.CoreSwitches), ""},
	}
	if r.Fabric.SuperCoreSwitches > 0 {
		rows = append(rows, []string{"- super-core switches", groupInt(r.Fabric.SuperCoreSwitches), ""})
	}
	rows = append(rows,
		[]string{"Optics", groupInt(r.Optics), fmt.Sprintf("%s x %s + %s x %s", groupInt(n.NodeOptics), n.NodeOptic.ID, groupInt(n.SwitchOptics), n.SwitchOptic.ID)},
		[]string{"Storage", groupFloat(r.StoragePB, 2) + " PB", storageNote(s)},
		[]string{"IT power", mw(r.ITPowerMW), fmt.Sprintf("compute %s + network %s + storage %s, %s", groupFloat(r.ComputePowerMW, 3), groupFloat(r.NetworkPowerMW, 3), groupFloat(r.StoragePowerMW, 3), basis)},
		[]string{"Facility power", mw(r.FacilityMW), fmt.Sprintf("IT x PUE %.2f (%s)", r.PUE, pueNote(s))},
		[]string{"Heat to air", mw(r.HeatAirMW), fmt.Sprintf("compute x (1 - liquid share %.2f) + network + storage", s.System.LiquidFraction)},
		[]string{"Heat to liquid", mw(r.HeatLiquidMW), fmt.Sprintf("%s cooling", s.Cooling)},
		[]string{"Capex", units.Money(r.CapexUSD).String(), fmt.Sprintf("systems %v + rack parts %v + network %v + storage %v + enclosures %v",
			units.Money(r.Capex.Systems), units.Money(r.Capex.RackParts), units.Money(r.Capex.Network), units.Money(r.Capex.Storage), units.Money(r.Capex.Enclosure))},
		[]string{"Energy per year", groupFloat(r.EnergyMWhYear/1000, 1) + " GWh", "facility power x 8,760 h, " + basis},
		[]string{"FP8 dense", groupFloat(r.FP8PFLOPS, 1) + " PFLOPS", fmt.Sprintf("%v per GPU", s.Accelerator.FP8)},
	)
	return textable.Table{
		Title:   fmt.Sprintf("Quick sizing: %s x %s, power %s", groupInt(r.GPUs), s.Accelerator.ID, basis),
		Header:  []string{"quantity", "value", "how"},
		Rows:    rows,
		Numeric: []bool{false, true, false},
	}
}

func storageNote(s *planner.Sizing) string {
	if s.Storage.Tier == nil {
		return "no storage tier"
	}
	return fmt.Sprintf("%s: %v per GPU, %v per PB", s.Storage.Tier.ID, s.Storage.Tier.PerGPU, s.Storage.Tier.PowerPerPB)
}

func pueNote(s *planner.Sizing) string {
	if s.PUESource == "given" {
		return "--pue"
	}
	return "default for " + string(s.Cooling) + " cooling, see --help"
}
