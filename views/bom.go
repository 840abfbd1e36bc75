package views

import (
	"fmt"
	"math"

	"github.com/dcplan/dcplan/facilities"
	"github.com/dcplan/dcplan/hardware"
	"github.com/dcplan/dcplan/planner"
)

// BOM groups, in the order a BOM lists them.
const (
	GroupAccelerators = "accelerators"
	GroupSystems      = "systems"
	GroupEnclosures   = "rack enclosures"
	GroupPower        = "power shelves and PDUs"
	GroupSwitches     = "network switches"
	GroupOptics       = "optics and cables"
	GroupStorage      = "storage"
	GroupCooling      = "cooling equipment"
	GroupBuild        = "facility build"
)

var groupOrder = []string{GroupAccelerators, GroupSystems, GroupEnclosures, GroupPower, GroupSwitches, GroupOptics, GroupStorage, GroupCooling, GroupBuild}

// Plan capex categories: each rack option's capex is split into these
// (planner.Option.CapexSystems, CapexRack, CapexNetwork, CapexStorage,
// CapexBuild), and every counted BOM line is charged to one of them so the
// two can be reconciled category by category.
const (
	ChargeSystems = "systems"
	ChargeRack    = "rack parts"
	ChargeNetwork = "network"
	ChargeStorage = "storage"
	ChargeBuild   = "facility build"
)

var chargeOrder = []string{ChargeSystems, ChargeRack, ChargeNetwork, ChargeStorage, ChargeBuild}

// BOM is the bill of materials of a plan: what is installed at each site in
// each phase (new items only), priced from the catalog and the scenario.
type BOM struct {
	Scenario   string `json:"scenario"`
	PowerBasis string `json:"power_basis"`
	// FabricScale is the reference cluster the plan's per-GPU fabric and
	// storage shares come from; the BOM sizes each site's real fabric.
	FabricScale    int            `json:"fabric_scale_gpus"`
	Lines          []BOMLine      `json:"lines"`
	Sections       []BOMSection   `json:"sections"`
	TotalUSD       float64        `json:"total_usd"`
	Reconciliation Reconciliation `json:"reconciliation"`
}

// BOMLine is one part at one site in one phase.
type BOMLine struct {
	Site  string `json:"site"`
	Phase string `json:"phase"`
	Group string `json:"group"`
	Part  string `json:"part"`
	// Role says what the part is for where a part ID recurs ("leaf tier",
	// "network racks").
	Role        string `json:"role,omitempty"`
	Description string `json:"description"`
	// Quantity is a whole count for items; PB for storage, MW for a build.
	Quantity     float64 `json:"quantity"`
	Unit         string  `json:"unit"`
	UnitPriceUSD float64 `json:"unit_price_usd"`
	ExtendedUSD  float64 `json:"extended_usd"`
	// Counted is false for a line whose price is already inside another
	// (accelerators are part of their systems' price).
	Counted bool `json:"counted_in_total"`
	// Charge is the plan capex category the line reconciles against.
	Charge string `json:"charge,omitempty"`
	Source string `json:"source"`
	// Estimate marks a price the catalog lists as an estimate.
	Estimate bool   `json:"price_is_estimate"`
	Note     string `json:"note,omitempty"`
}

// BOMSection is the total of one site and phase, against the plan's capex
// for the racks installed there and then.
type BOMSection struct {
	Site         string  `json:"site"`
	Phase        string  `json:"phase"`
	BOMUSD       float64 `json:"bom_usd"`
	PlanCapexUSD float64 `json:"plan_capex_usd"`
	DiffUSD      float64 `json:"difference_usd"`
}

// Reconciliation explains, category by category, how the BOM total differs
// from the plan's capex.
type Reconciliation struct {
	PlanCapexUSD float64 `json:"plan_capex_usd"`
	// PlanReportedUSD is Plan.Totals.CapexUSD; it equals PlanCapexUSD (the
	// sum of the categories) to the cent, or Check says why not.
	PlanReportedUSD float64     `json:"plan_reported_capex_usd"`
	BOMTotalUSD     float64     `json:"bom_total_usd"`
	DifferenceUSD   float64     `json:"difference_usd"` // BOM - plan
	Categories      []ReconLine `json:"categories"`
	Check           string      `json:"check"`
}

// ReconLine is one capex category in the reconciliation.
type ReconLine struct {
	Category      string  `json:"category"`
	PlanUSD       float64 `json:"plan_usd"`
	BOMUSD        float64 `json:"bom_usd"`
	DifferenceUSD float64 `json:"difference_usd"`
	Why           string  `json:"why"`
}

var reconWhy = map[string]string{
	ChargeSystems: "same: systems x catalog price in both",
	ChargeRack:    "enclosures, PDUs, power shelves and rear doors match; the plan charges each liquid rack its fractional CDU share, the BOM buys whole CDUs per site (liquid heat / CDU capacity, rounded up)",
	ChargeNetwork: "the plan charges each GPU a share of the fabric of a reference cluster of fabric_scale GPUs; the BOM sizes each site's fabric for the systems it holds (whole switches per tier, optics, network-rack enclosures)",
	ChargeStorage: "same capacity (GPUs x capacity per GPU); the plan charges fractional storage-rack enclosures, the BOM whole racks per site",
	ChargeBuild:   "same: facility MW x build cost per MW at new-build sites",
}

// BuildBOM makes the bill of materials of a plan of sc. The plan's
// allocation says which racks are new at which site and phase; everything
// else comes from the scenario's catalog and sites.
func BuildBOM(sc *planner.Scenario, pl *planner.Plan) (*BOM, error) {
	opts, _, err := planner.Options(sc)
	if err != nil {
		return nil, fmt.Errorf("bom: rack options: %w", err)
	}
	cat := sc.Hardware.Catalog
	tier, err := sc.StorageTier()
	if err != nil {
		return nil, fmt.Errorf("bom: %w", err)
	}
	nq := len(sc.Phases)
	index := map[string]int{}
	for i := range opts {
		index[opts[i].Name()] = i
	}
	// racks[option][phase], cumulative, carried forward as Evaluate does.
	racks := make([][]int, len(opts))
	for i := range racks {
		racks[i] = make([]int, nq)
	}
	for _, a := range pl.Allocation {
		i, ok := index[a.Site+"/"+a.RackConfig]
		if !ok {
			return nil, fmt.Errorf("bom: allocation %s/%s is not a rack option of scenario %s", a.Site, a.RackConfig, sc.Name)
		}
		q := sc.PhaseIndex(a.Phase)
		if q < 0 {
			return nil, fmt.Errorf("bom: allocation %s/%s: unknown phase %q", a.Site, a.RackConfig, a.Phase)
		}
		racks[i][q] = a.Racks
	}
	for i := range racks {
		for q := 1; q < nq; q++ {
			racks[i][q] = max(racks[i][q], racks[i][q-1])
		}
	}
	newAt := func(i, q int) int {
		if q == 0 {
			return racks[i][0]
		}
		return racks[i][q] - racks[i][q-1]
	}

	b := &BOM{Scenario: sc.Name, PowerBasis: string(sc.Policy.PowerBasis), FabricScale: sc.FabricScale(),
		Lines: []BOMLine{}, Sections: []BOMSection{}} // [] not null in JSON
	planBy := map[string]float64{} // charge -> plan capex
	bomBy := map[string]float64{}
	var planAll float64
	for si := range sc.Sites {
		site := &sc.Sites[si]
		var mine []int
		for i := range opts {
			if opts[i].Site.ID == site.ID {
				mine = append(mine, i)
			}
		}
		// Installed counts carried from phase to phase: a key is a line
		// identity; the value the count installed so far. Whole items are
		// never removed, so a later, smaller need (a fat tree that trades
		// spines for cores) keeps what is already bought.
		installed := map[string]float64{}
		for q := range sc.Phases {
			s := &siteBOM{site: site.ID, phase: sc.Phases[q].ID, ref: site, installed: installed}
			plan := map[string]float64{}
			for _, i := range mine {
				o := &opts[i]
				n := float64(newAt(i, q))
				plan[ChargeSystems] += o.CapexSystems.USD() * n
				plan[ChargeRack] += o.CapexRack.USD() * n
				plan[ChargeNetwork] += o.CapexNetwork.USD() * n
				plan[ChargeStorage] += o.CapexStorage.USD() * n
				plan[ChargeBuild] += o.CapexBuild.USD() * n
			}
			if err := s.compute(cat, tier, opts, mine, racks, q, newAt, sc); err != nil {
				return nil, err
			}
			var planSum, bomSum float64
			for _, c := range chargeOrder {
				planSum += plan[c]
				planBy[c] += plan[c]
			}
			for _, l := range s.lines {
				if l.Counted {
					bomSum += l.ExtendedUSD
					bomBy[l.Charge] += l.ExtendedUSD
				}
			}
			planAll += planSum
			if len(s.lines) == 0 && planSum == 0 {
				continue
			}
			sortLines(s.lines)
			b.Lines = append(b.Lines, s.lines...)
			b.Sections = append(b.Sections, BOMSection{Site: site.ID, Phase: sc.Phases[q].ID,
				BOMUSD: cents(bomSum), PlanCapexUSD: cents(planSum), DiffUSD: cents(bomSum - planSum)})
		}
	}
	var total float64
	for _, l := range b.Lines {
		if l.Counted {
			total += l.ExtendedUSD
		}
	}
	b.TotalUSD = cents(total)
	r := Reconciliation{PlanCapexUSD: cents(planAll), PlanReportedUSD: pl.Totals.CapexUSD, BOMTotalUSD: b.TotalUSD}
	r.DifferenceUSD = cents(r.BOMTotalUSD - r.PlanCapexUSD)
	for _, c := range chargeOrder {
		r.Categories = append(r.Categories, ReconLine{Category: c, PlanUSD: cents(planBy[c]), BOMUSD: cents(bomBy[c]),
			DifferenceUSD: cents(bomBy[c] - planBy[c]), Why: reconWhy[c]})
	}
	if math.Abs(r.PlanCapexUSD-r.PlanReportedUSD) <= 0.01 {
		r.Check = "the categories sum to the plan's reported capex"
	} else {
		r.Check = fmt.Sprintf("the categories sum to %s, the plan reports %s: the plan was not made from this scenario's rack options",
			money(r.PlanCapexUSD), money(r.PlanReportedUSD))
	}
	b.Reconciliation = r
	return b, nil
}

// siteBOM collects the lines of one site and phase.
type siteBOM struct {
	site, phase string
	ref         *facilities.Site
	installed   map[string]float64
	lines       []BOMLine
}

// grow raises the installed count of key to need (never lowers it) and
// returns how many are new.
func (s *siteBOM) grow(key string, need float64) float64 {
	have := s.installed[key]
	if need <= have {
		return 0
	}
	s.installed[key] = need
	return need - have
}

func (s *siteBOM) add(l BOMLine) {
	if l.Quantity <= 0 {
		return
	}
	l.Site, l.Phase = s.site, s.phase
	l.ExtendedUSD = cents(l.Quantity * l.UnitPriceUSD)
	if l.Unit == "" {
		l.Unit = "each"
	}
	s.lines = append(s.lines, l)
}

func (s *siteBOM) compute(cat *hardware.Catalog, tier *hardware.Storage, opts []planner.Option, mine []int,
	racks [][]int, q int, newAt func(i, q int) int, sc *planner.Scenario) error {
	// Systems and accelerators, per system type; enclosures, power and
	// per-rack cooling parts, per part.
	type sysCount struct {
		sys     *hardware.System
		systems int
	}
	var sysOrder []string
	systemsNew := map[string]*sysCount{}
	systemsCum := map[string]*sysCount{}
	var partOrder []string
	partsCum := map[string]float64{} // part -> cumulative count (racks x per-rack count)
	cduHeat := map[string]float64{}  // CDU part -> cumulative liquid heat, W
	var gpusCum int
	var facilityCumW float64
	for _, i := range mine {
		o := &opts[i]
		rc := o.Rack
		cum, n := racks[i][q], newAt(i, q)
		if _, ok := systemsCum[o.System.ID]; !ok {
			sysOrder = append(sysOrder, o.System.ID)
			systemsCum[o.System.ID] = &sysCount{sys: o.System}
			systemsNew[o.System.ID] = &sysCount{sys: o.System}
		}
		systemsCum[o.System.ID].systems += cum * rc.Systems
		systemsNew[o.System.ID].systems += n * rc.Systems
		gpusCum += cum * o.GPUs
		facilityCumW += o.FacilityPower.W() * float64(cum)
		addPart := func(id string, count float64) {
			if _, ok := partsCum[id]; !ok {
				partOrder = append(partOrder, id)
			}
			partsCum[id] += count * float64(cum)
		}
		addPart(rc.Enclosure, 1)
		for _, pc := range rc.Power {
			addPart(pc.Part, pc.Count)
		}
		for _, pc := range rc.CoolingParts {
			if p, ok := cat.Part(pc.Part); ok && p.Kind == "cdu" && p.Capacity > 0 {
				// CDUs are sized by the site's liquid heat, not per rack.
				if _, ok := cduHeat[pc.Part]; !ok {
					partOrder = append(partOrder, pc.Part)
				}
				cduHeat[pc.Part] += o.HeatLiquid.W() * float64(cum)
				continue
			}
			addPart(pc.Part, pc.Count)
		}
	}
	for _, id := range sysOrder {
		sn := systemsNew[id]
		if sn.systems <= 0 {
			continue
		}
		sys := sn.sys
		if acc, ok := cat.Accelerator(sys.Accelerator); ok {
			s.add(BOMLine{Group: GroupAccelerators, Part: acc.ID, Description: acc.Name + " (inside " + sys.ID + ")",
				Quantity: float64(sn.systems * sys.Accelerators), UnitPriceUSD: acc.Price.USD(), Counted: false,
				Source: acc.Source, Estimate: acc.IsEstimate("price"),
				Note: "included in the " + sys.ID + " system price; not added to the total"})
		}
		s.add(BOMLine{Group: GroupSystems, Part: sys.ID, Description: sys.Name, Quantity: float64(sn.systems),
			UnitPriceUSD: sys.Price.USD(), Counted: true, Charge: ChargeSystems, Source: sys.Source, Estimate: sys.IsEstimate("price")})
	}
	for _, id := range partOrder {
		p, ok := cat.Part(id)
		if !ok {
			return fmt.Errorf("bom: site %s: unknown part %q", s.site, id)
		}
		var need float64
		note := ""
		if heat, isCDU := cduHeat[id]; isCDU {
			need = math.Ceil(heat/p.Capacity.W() - 1e-9)
			note = fmt.Sprintf("liquid heat at the site %.3f MW / %v per CDU, rounded up", heat/1e6, p.Capacity)
		} else {
			need = math.Ceil(partsCum[id] - 1e-9)
		}
		n := s.grow("part/"+id, need)
		group := GroupPower
		switch p.Kind {
		case "enclosure":
			group = GroupEnclosures
		case "cdu", "rear-door":
			group = GroupCooling
		}
		role := ""
		if group == GroupEnclosures {
			role = "compute racks"
		}
		s.add(BOMLine{Group: group, Part: p.ID, Role: role, Description: p.Name, Quantity: n, UnitPriceUSD: p.Price.USD(), Counted: true,
			Charge: ChargeRack, Source: p.Source, Estimate: p.IsEstimate("price"), Note: note})
	}
	// Compute fabric: one per system type at the site, sized for the
	// systems installed by this phase, as planner.Size and the rack
	// options' shares size it.
	enclosure, hasEnclosure := cat.Part("rack-42u")
	for _, id := range sysOrder {
		sysCum := systemsCum[id]
		if sysCum.systems == 0 {
			continue
		}
		nb, err := planner.SizeNetwork(cat, sysCum.sys, sysCum.systems, sc.Policy.PowerBasis)
		if err != nil {
			return fmt.Errorf("bom: site %s, phase %s: fabric of %d %s: %w", s.site, s.phase, sysCum.systems, id, err)
		}
		fab := nb.Fabric.ID + " fabric of " + id
		tiers := []string{"leaf", "spine", "core", "super-core"}
		total := 0.0
		for t, count := range nb.Tree.Switches {
			name := fmt.Sprintf("tier %d", t+1)
			if t < len(tiers) {
				name = tiers[t]
			}
			n := s.grow("switch/"+id+"/"+name, float64(count))
			s.add(BOMLine{Group: GroupSwitches, Part: nb.Switch.ID, Role: name + ", " + id, Description: fmt.Sprintf("%s, %s tier (%s)", nb.Switch.Name, name, fab),
				Quantity: n, UnitPriceUSD: nb.Switch.Price.USD(), Counted: true, Charge: ChargeNetwork,
				Source: nb.Switch.Source, Estimate: nb.Switch.IsEstimate("price"),
				Note: fmt.Sprintf("%d-tier fat tree for %d systems", nb.Tree.Tiers, sysCum.systems)})
		}
		for t := range nb.Tree.Switches {
			name := fmt.Sprintf("tier %d", t+1)
			if t < len(tiers) {
				name = tiers[t]
			}
			total += s.installed["switch/"+id+"/"+name]
		}
		nodeN := s.grow("nodeoptic/"+id, float64(nb.NodeOptics))
		s.add(BOMLine{Group: GroupOptics, Part: nb.NodeOptic.ID, Role: "endpoints, " + id, Description: nb.NodeOptic.Name + ", endpoint end (" + fab + ")",
			Quantity: nodeN, UnitPriceUSD: nb.NodeOptic.Price.USD(), Counted: true, Charge: ChargeNetwork,
			Source: nb.NodeOptic.Source, Estimate: nb.NodeOptic.IsEstimate("price")})
		swN := s.grow("switchoptic/"+id, float64(nb.SwitchOptics))
		s.add(BOMLine{Group: GroupOptics, Part: nb.SwitchOptic.ID, Role: "switch ports, " + id, Description: nb.SwitchOptic.Name + ", switch ports (" + fab + ")",
			Quantity: swN, UnitPriceUSD: nb.SwitchOptic.Price.USD(), Counted: true, Charge: ChargeNetwork,
			Source: nb.SwitchOptic.Source, Estimate: nb.SwitchOptic.IsEstimate("price")})
		if hasEnclosure && nb.Fabric.SwitchesPerRack > 0 {
			need := math.Ceil(total/float64(nb.Fabric.SwitchesPerRack) - 1e-9)
			n := s.grow("netrack/"+id, need)
			s.add(BOMLine{Group: GroupEnclosures, Part: enclosure.ID, Role: "network racks, " + id, Description: enclosure.Name, Quantity: n,
				UnitPriceUSD: enclosure.Price.USD(), Counted: true, Charge: ChargeNetwork, Source: enclosure.Source,
				Estimate: enclosure.IsEstimate("price"), Note: fmt.Sprintf("network racks, %d switches per rack (%s)", nb.Fabric.SwitchesPerRack, fab)})
		}
	}
	// Storage: GPUs installed x capacity per GPU.
	if tier != nil && gpusCum > 0 {
		sb := planner.SizeStorage(tier, gpusCum)
		pb := s.grow("storage", sb.Capacity.PB())
		s.add(BOMLine{Group: GroupStorage, Part: tier.ID, Description: fmt.Sprintf("%s (%v per GPU)", tier.Name, tier.PerGPU), Quantity: pb, Unit: "PB",
			UnitPriceUSD: tier.PricePerPB.USD(), Counted: true, Charge: ChargeStorage, Source: tier.Source, Estimate: tier.IsEstimate("price_per_pb"),
			Note: fmt.Sprintf("%d GPUs at the site", gpusCum)})
		if hasEnclosure {
			n := s.grow("storagerack", float64(sb.Racks))
			s.add(BOMLine{Group: GroupEnclosures, Part: enclosure.ID, Role: "storage racks", Description: enclosure.Name, Quantity: n,
				UnitPriceUSD: enclosure.Price.USD(), Counted: true, Charge: ChargeStorage, Source: enclosure.Source,
				Estimate: enclosure.IsEstimate("price"), Note: fmt.Sprintf("storage racks, %g PB per rack", tier.PBPerRack)})
		}
	}
	// Facility build at a new-build site: facility MW x build cost per MW.
	if site := s.ref; site.NewBuild && facilityCumW > 0 {
		mw := s.grow("build", facilityCumW/1e6)
		src := site.Source
		if src == "" {
			src = "scenario: sites." + site.ID + ".build_cost"
		}
		s.add(BOMLine{Group: GroupBuild, Part: "build-" + site.ID, Description: fmt.Sprintf("facility build at %s (electrical and mechanical, %v)", site.ID, site.BuildCost),
			Quantity: mw, Unit: "MW", UnitPriceUSD: site.BuildCost.PerMW(), Counted: true, Charge: ChargeBuild, Source: src,
			Note: "MW of facility power (IT x PUE) installed in the phase"})
	}
	return nil
}

func sortLines(ls []BOMLine) {
	rank := map[string]int{}
	for i, g := range groupOrder {
		rank[g] = i
	}
	// Stable insertion sort by group keeps the order lines were added in.
	for i := 1; i < len(ls); i++ {
		for j := i; j > 0 && rank[ls[j].Group] < rank[ls[j-1].Group]; j-- {
			ls[j], ls[j-1] = ls[j-1], ls[j]
		}
	}
}

// cents rounds USD to the cent, so sums and JSON are stable.
func cents(v float64) float64 { return math.Round(v*100) / 100 }
