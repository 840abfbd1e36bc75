package planner

import (
	"github.com/dcplan/dcplan/hardware"
)

// This file exports the planner's own sizing to the bill of materials
// (views/bom.go), so that the BOM counts switches, optics and storage with
// exactly the formulas the rack options' shares come from (doc.go).

// SizeNetwork sizes the compute fabric of systems of one system type on the
// system's default fabric: the fat tree, its optics, racks, power and capex
// (sizeNetwork in bill.go).
func SizeNetwork(cat *hardware.Catalog, sys *hardware.System, systems int, basis hardware.PowerBasis) (NetworkBill, error) {
	return sizeNetwork(cat, sys, "", systems, basis)
}

// SizeStorage sizes the shared storage of a tier for gpus (sizeStorage in
// bill.go); a nil tier gives an empty bill.
func SizeStorage(tier *hardware.Storage, gpus int) StorageBill { return sizeStorage(tier, gpus) }

// StorageTier returns the storage tier the scenario's policy sizes per GPU,
// or nil when the policy says "none".
func (sc *Scenario) StorageTier() (*hardware.Storage, error) {
	return pickStorage(sc.Hardware.Catalog, sc.Policy.Storage)
}

// FabricScale is the reference cluster size, in GPUs, whose fabric and
// storage each rack carries a per-GPU share of (see doc.go).
func (sc *Scenario) FabricScale() int { return sc.fabricScale() }

// DiscountFactor is the present-value factor of a cash flow at the date of
// phase q, discounted to the first phase.
func (sc *Scenario) DiscountFactor(q int) float64 { return sc.discount(sc.Phases[q].Date) }

// OpexAnnuity is the present value of 1 USD per year paid continuously from
// the date of phase q to the horizon.
func (sc *Scenario) OpexAnnuity(q int) float64 {
	return sc.annuity(sc.Phases[q].Date, sc.Policy.Horizon)
}
