package planner

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/dcplan/dcplan/facilities"
	"github.com/dcplan/dcplan/internal/numfmt"
	"github.com/dcplan/dcplan/planner/solver"
	"github.com/dcplan/dcplan/units"
)

// BindingUtilisation is the share of a limit in use from which it is
// reported as binding even if a small rack would still fit: integer racks
// rarely fill a limit exactly.
const BindingUtilisation = 0.999

// assemble turns the runner's racks into a Plan.
func (r *runner) assemble(remaining []int64) *Plan {
	sc := r.sc
	pl := &Plan{
		Scenario: sc.Name, ObjectiveKind: sc.Policy.Objective, ObjectiveUnit: displayUnit(sc.Policy.Objective),
		PowerBasis: string(sc.Policy.PowerBasis), Horizon: sc.Policy.Horizon.String(), DiscountRate: sc.Policy.DiscountRate,
	}
	status := "optimal"
	for _, st := range r.stages {
		sr := StageResult{Name: st.name, Status: "no sites"}
		if st.res != nil {
			sr = StageResult{Name: st.name, Status: stageStatus(st.res, r.p.Gap), Objective: round6(st.objective),
				Bound: round6(st.bound), Gap: st.res.Gap, Nodes: st.res.Nodes, Options: len(st.model.Options)}
			pl.Objective += st.objective
			pl.Bound += st.bound
			pl.Models = append(pl.Models, st.model)
			if sr.Status == "feasible" {
				status = "feasible"
			}
		}
		pl.Stages = append(pl.Stages, sr)
	}
	pl.Objective, pl.Bound = round6(pl.Objective), round6(pl.Bound)
	if pl.Objective != 0 {
		pl.Gap = math.Abs(pl.Objective-pl.Bound) / math.Abs(pl.Objective)
	}
	r.fillAllocation(pl)
	r.fillPhases(pl)
	r.fillSites(pl)
	r.fillProviders(pl)
	for c, s := range r.clusterAt {
		cl := sc.Clusters[c]
		site := ""
		if s >= 0 {
			site = sc.Sites[s].ID
		}
		pl.Clusters = append(pl.Clusters, ClusterPlan{ID: cl.ID, Phase: cl.Phase, GPUs: cl.GPUs, Site: site})
	}
	pl.Filtered = append([]Filtered{}, r.filtered...)
	r.fillShortfalls(pl, remaining)
	if len(pl.Shortfalls) > 0 {
		status = "infeasible"
	}
	pl.Status = status
	r.explain(pl)
	return pl
}

func displayUnit(o Objective) string {
	switch o {
	case MinCarbon:
		return "tonnes CO2e to the horizon"
	case MaxCompute:
		return "PFLOPS (FP8 dense) at the last phase"
	}
	return "USD, present value at the first phase (capex + opex to the horizon)"
}

// ProvedGap is the relative gap within which a stage counts as proved
// optimal (or less than one unit of its integer objective).
const ProvedGap = 1e-9

// stageStatus is the solver's status, except that a stage stopped by a
// looser --gap (relGap) than ProvedGap is feasible, not optimal. Under a
// gap of at most ProvedGap the solver's Optimal is a proof, whatever its
// Gap: a ROFR stage that places no rack has a real objective of 0, the
// solver's gap reference is then 1, and a proof of its shortfall's optimum
// may report a Gap of 160 (generate 4x6x3 seed 38 re-ranked, max-compute,
// its last stage) that read as "feasible".
func stageStatus(res *solver.Result, relGap float64) string {
	if res.Status == solver.Optimal && relGap > ProvedGap && res.Gap > ProvedGap && float64(res.Objective)-res.Bound >= 1 {
		return "feasible"
	}
	return statusWord(res.Status)
}

func statusWord(s solver.Status) string {
	switch s {
	case solver.Optimal:
		return "optimal"
	case solver.Feasible:
		return "feasible"
	case solver.Infeasible:
		return "infeasible"
	}
	return "no-solution"
}

func (r *runner) fillAllocation(pl *Plan) {
	sc := r.sc
	for i := range r.opts {
		o := &r.opts[i]
		for q, x := range r.racks[i] {
			prev := int64(0)
			if q > 0 {
				prev = r.racks[i][q-1]
			}
			if x == 0 {
				continue
			}
			n := int(x - prev)
			pl.Allocation = append(pl.Allocation, Allocation{
				Site: o.Site.ID, Provider: o.Site.Provider, RackConfig: o.Rack.ID, Phase: sc.Phases[q].ID,
				Racks: int(x), New: n, GPUs: int(x) * o.GPUs,
				ITPowerMW: round6(o.ITPower.MW() * float64(x)), CapexUSD: roundCents(o.Capex().USD() * float64(n)),
			})
		}
	}
}

func (r *runner) fillPhases(pl *Plan) {
	sc := r.sc
	last := len(sc.Phases) - 1
	var tco, capexAll float64
	for q, ph := range sc.Phases {
		pp := PhasePlan{ID: ph.ID, Date: ph.Date.String(), BudgetUSD: roundCents(ph.Budget.USD())}
		var it, fac units.Power
		var capexUSD, opexUSD float64
		for i := range r.opts {
			o := &r.opts[i]
			x := r.racks[i][q]
			prev := int64(0)
			if q > 0 {
				prev = r.racks[i][q-1]
			}
			pp.Racks += int(x)
			pp.NewRacks += int(x - prev)
			pp.GPUs += int(x) * o.GPUs
			it += o.ITPower.Scale(float64(x))
			fac += o.FacilityPower.Scale(float64(x))
			capexUSD += o.Capex().USD() * float64(x-prev)
			opexUSD += o.OpexPerYear.USD() * float64(x)
			tco += float64(tcoCents(sc, o, q)) / 100 * float64(x-prev)
		}
		pp.ITPowerMW, pp.FacilityPowerMW = round6(it.MW()), round6(fac.MW())
		pp.CapexUSD, pp.OpexUSDPerYear = roundCents(capexUSD), roundCents(opexUSD)
		capexAll += capexUSD
		for i, d := range sc.Demand {
			if d.Phase != ph.ID {
				continue
			}
			placed := r.placed(i)
			need := float64(demandUnits(d))
			ds := DemandStatus{Row: i, What: demandWords(d), Required: need, Placed: placed, Short: math.Max(0, need-placed), Unit: demandUnit(d)}
			if d.PFLOPS > 0 {
				ds.Required, ds.Placed, ds.Short = need/1000, placed/1000, math.Max(0, need-placed)/1000
			}
			pp.Demand = append(pp.Demand, ds)
		}
		pl.Phases = append(pl.Phases, pp)
		if q == last {
			t := &pl.Totals
			t.GPUs, t.Racks, t.ITPowerMW, t.FacilityPowerMW = pp.GPUs, pp.Racks, pp.ITPowerMW, pp.FacilityPowerMW
			t.OpexUSDPerYear = pp.OpexUSDPerYear
			var energy, co2, water, fp8 float64
			for i := range r.opts {
				o := &r.opts[i]
				x := float64(r.racks[i][q])
				energy += o.EnergyPerYear.MWh() * x
				co2 += o.CO2PerYear.Tonnes() * x
				water += o.WaterPerYear / 1000 * x
				fp8 += o.FP8.PFLOPS() * x
			}
			t.EnergyMWhPerYear, t.CO2TonnesPerYear, t.WaterM3PerYear, t.FP8PFLOPS = round6(energy), round6(co2), round6(water), round6(fp8)
		}
	}
	pl.Totals.CapexUSD = roundCents(capexAll)
	pl.Totals.TCOUSD = roundCents(tco)
}

// placed is what the plan places toward demand row i at its phase.
func (r *runner) placed(i int) float64 {
	d := r.sc.Demand[i]
	q := r.sc.PhaseIndex(d.Phase)
	var sum int64
	for o := range r.opts {
		sum += contribution(&r.opts[o], d.GPUs > 0, d.Precision, d.Accelerator, d.Family) * r.racks[o][q]
	}
	return float64(sum)
}

func demandWords(d Demand) string {
	what := "GPUs"
	if d.PFLOPS > 0 {
		what = strings.ToUpper(d.Precision) + " PFLOPS"
	}
	switch {
	case d.Accelerator != "":
		what += " of " + d.Accelerator
	case d.Family != "":
		what += " of the " + d.Family + " family"
	}
	return what
}

func demandUnit(d Demand) string {
	if d.PFLOPS > 0 {
		return "PFLOPS"
	}
	return "GPUs"
}

func (r *runner) fillSites(pl *Plan) {
	sc := r.sc
	duals := r.siteDuals()
	bySite := r.optionsBySite()
	for si := range sc.Sites {
		site := &sc.Sites[si]
		sp := SitePlan{ID: site.ID, Provider: site.Provider}
		for q, ph := range sc.Phases {
			c, _ := site.CapacityAt(ph.Date)
			var fac, air, liq units.Power
			var pos float64
			spp := SitePhasePlan{Phase: ph.ID}
			smallest := [4]float64{math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1)}
			for _, i := range bySite[si] {
				o := &r.opts[i]
				x := float64(r.racks[i][q])
				spp.Racks += int(x)
				spp.GPUs += int(x) * o.GPUs
				fac += o.FacilityPower.Scale(x)
				air += o.HeatAir.Scale(x)
				liq += o.HeatLiquid.Scale(x)
				pos += o.Positions * x
				for k, v := range []float64{o.FacilityPower.W(), o.HeatAir.W(), o.HeatLiquid.W(), o.Positions} {
					if v > 0 {
						smallest[k] = math.Min(smallest[k], v)
					}
				}
			}
			res := []struct {
				name, unit string
				used, cap  float64
			}{
				{"power", "MW", fac.MW(), c.Usable.MW()},
				{"air cooling", "MW", air.MW(), c.AirCooling.MW()},
				{"liquid cooling", "MW", liq.MW(), c.LiquidCooling.MW()},
				{"rack positions", "positions", pos, float64(c.RackPositions)},
			}
			for k, rr := range res {
				u := ResourceUse{Name: rr.name, Unit: rr.unit, Used: round6(rr.used), Capacity: round6(rr.cap)}
				if rr.cap > 0 {
					u.Utilisation = round6(rr.used / rr.cap)
				}
				spp.Resources = append(spp.Resources, u)
				scale := 1e6
				if k == ResPositions {
					scale = 1
				}
				full := !math.IsInf(smallest[k], 1) && rr.cap*scale-rr.used*scale < smallest[k]
				if spp.Racks > 0 && (full || u.Utilisation >= BindingUtilisation) {
					spp.Binding = append(spp.Binding, rr.name)
				}
			}
			if d, ok := duals[si]; ok && q < len(d) {
				_, toDisplay := objectiveUnit(sc.Policy.Objective)
				f := math.Abs(toDisplay)
				spp.ValuesKnown = true
				spp.ValuePerMW = round6(d[q][ResPower] * 1e6 * f)
				spp.ValuePerAirKW = round6(d[q][ResAir] * 1e3 * f)
				spp.ValuePerLiquidKW = round6(d[q][ResLiquid] * 1e3 * f)
				spp.ValuePerPosition = round6(d[q][ResPositions] * 1e3 * f)
			}
			sp.Phases = append(sp.Phases, spp)
		}
		pl.Sites = append(pl.Sites, sp)
	}
}

// siteDuals maps scenario sites to the LP duals of their rows in the stage
// that placed them ([phase][resource], objective units per integer unit).
// A stage that left demand short (a ranked stage declining what its sites
// cannot host, or a last stage that cannot meet demand) is left out: its LP
// prices a unit short at the shortfall penalty, so its duals measure the
// penalty, not money.
func (r *runner) siteDuals() map[int][][]float64 {
	out := map[int][][]float64{}
	for _, st := range r.stages {
		if st.res == nil || st.res.SiteDual == nil {
			continue
		}
		short := false
		for _, sl := range st.model.Slacks {
			for _, x := range st.res.X[sl.Option] {
				short = short || x > 0
			}
		}
		if short {
			continue
		}
		for s, si := range st.model.SiteIndex {
			if s < len(st.res.SiteDual) {
				out[si] = st.res.SiteDual[s]
			}
		}
	}
	return out
}

func (r *runner) fillProviders(pl *Plan) {
	sc := r.sc
	byProvider := map[string]*stage{}
	for _, st := range r.stages {
		for _, p := range st.providers {
			byProvider[p] = st
		}
	}
	for _, p := range sc.Providers {
		pp := ProviderPlan{ID: p.ID, ROFR: p.ROFR}
		st := byProvider[p.ID]
		if st != nil {
			pp.Stage = st.name
		}
		for q, ph := range sc.Phases {
			ppp := ProviderPhasePlan{Phase: ph.ID}
			for i := range r.opts {
				if r.opts[i].Site.Provider == p.ID {
					ppp.GPUs += int(r.racks[i][q]) * r.opts[i].GPUs
				}
			}
			for i, d := range sc.Demand {
				if d.Phase != ph.ID || st == nil {
					continue
				}
				scale := 1.0
				if d.PFLOPS > 0 {
					scale = 1e-3
				}
				var own int64
				for o := range r.opts {
					if r.opts[o].Site.Provider == p.ID {
						own += contribution(&r.opts[o], d.GPUs > 0, d.Precision, d.Accelerator, d.Family) * r.racks[o][q]
					}
				}
				pd := ProviderDemand{Row: i, What: demandWords(d), Unit: demandUnit(d),
					Offered:  float64(st.offered[i]) * scale,
					Took:     float64(min(own, st.took[i])) * scale,
					Declined: float64(st.offered[i]-st.took[i]) * scale}
				if st.offered[i] > st.took[i] {
					pd.Limit = st.limit[i]
					ppp.Limit = joinUnique(ppp.Limit, pd.Limit)
				}
				ppp.Offered += pd.Offered
				ppp.Took += pd.Took
				ppp.Declined += pd.Declined
				ppp.Demand = append(ppp.Demand, pd)
			}
			pp.Phases = append(pp.Phases, ppp)
		}
		pl.Providers = append(pl.Providers, pp)
	}
}

func joinUnique(a, b string) string {
	if a == "" || a == b {
		return b
	}
	if strings.Contains(a, b) {
		return a
	}
	return a + "; " + b
}

func (r *runner) fillShortfalls(pl *Plan, remaining []int64) {
	sc := r.sc
	for i, left := range remaining {
		if left <= 0 {
			continue
		}
		d := sc.Demand[i]
		short := float64(left)
		if d.PFLOPS > 0 {
			short /= 1000
		}
		pl.Shortfalls = append(pl.Shortfalls, Shortfall{Phase: d.Phase, What: demandWords(d), Short: short, Unit: demandUnit(d), Relax: r.relaxations(i, left)})
	}
	for c, s := range r.clusterAt {
		if s < 0 {
			cl := sc.Clusters[c]
			pl.Shortfalls = append(pl.Shortfalls, Shortfall{Phase: cl.Phase, What: "cluster " + cl.ID + " whole in one site", Short: float64(cl.GPUs), Unit: "GPUs",
				Relax: []string{fmt.Sprintf("no single site can host %s GPUs by %s alongside the rest of the plan", groupDigits(cl.GPUs), cl.Phase)}})
		}
	}
}

// optionsBySite lists, per scenario site, the indices of r.opts at that
// site in increasing order (sums over them add in the same order as a scan
// of r.opts). Scanning all options per site and phase took 1.1 s of a
// 100 ms solve of a 1,000-site, 50-option, 16-phase scenario.
func (r *runner) optionsBySite() [][]int {
	idx := make(map[*facilities.Site]int, len(r.sc.Sites))
	for si := range r.sc.Sites {
		idx[&r.sc.Sites[si]] = si
	}
	out := make([][]int, len(r.sc.Sites))
	for i := range r.opts {
		if si, ok := idx[r.opts[i].Site]; ok {
			out[si] = append(out[si], i)
		}
	}
	return out
}

// relaxations finds, for a demand row short by left units, the limits whose
// relaxation at one site closes the gap: for each site with an option that
// counts toward the row, and each such option, the extra capacity of each
// limit that left units of that option would overrun (and the budget of
// the phase, which must pay for them). Per site the option needing the
// smallest relaxation (the sum of each extra over its limit) is named;
// sites are ranked by that sum.
func (r *runner) relaxations(row int, left int64) []string {
	sc := r.sc
	d := sc.Demand[row]
	q := sc.PhaseIndex(d.Phase)
	type cand struct {
		text string
		cost float64
	}
	var cands []cand
	bySite := r.optionsBySite()
	for si := range sc.Sites {
		site := &sc.Sites[si]
		c, _ := site.CapacityAt(sc.Phases[q].Date)
		var used [4]float64
		for _, i := range bySite[si] {
			o := &r.opts[i]
			x := float64(r.racks[i][q])
			used[0] += o.FacilityPower.W() * x
			used[1] += o.HeatAir.W() * x
			used[2] += o.HeatLiquid.W() * x
			used[3] += o.Positions * x
		}
		capv := [4]float64{c.Usable.W(), c.AirCooling.W(), c.LiquidCooling.W(), float64(c.RackPositions)}
		var best *cand
		for _, i := range bySite[si] {
			o := &r.opts[i]
			per := contribution(o, d.GPUs > 0, d.Precision, d.Accelerator, d.Family)
			if per == 0 {
				continue
			}
			racks := math.Ceil(float64(left) / float64(per))
			need := [4]float64{o.FacilityPower.W() * racks, o.HeatAir.W() * racks, o.HeatLiquid.W() * racks, o.Positions * racks}
			var parts []string
			total := 0.0
			for k := range need {
				extra := used[k] + need[k] - capv[k]
				if extra <= 0 {
					continue
				}
				total += extra / math.Max(capv[k], 1)
				switch k {
				case ResPositions:
					parts = append(parts, fmt.Sprintf("%s more rack positions (has %s)", groupDigits(int(math.Ceil(extra))), groupDigits(int(capv[k]))))
				case ResPower:
					parts = append(parts, fmt.Sprintf("%.1f MW more usable power (has %.1f MW after %s redundancy)", extra/1e6, capv[k]/1e6, site.Redundancy))
				default:
					parts = append(parts, fmt.Sprintf("%.1f MW more %s (has %.1f MW)", extra/1e6, resourceWords[k], capv[k]/1e6))
				}
			}
			// The racks must also be paid for out of the phase's budget
			// (what the plan left of it).
			if bl := r.budgetLeft[q]; bl >= 0 {
				if extra := racks*o.Capex().USD() - float64(bl)/100; extra > 0 {
					total += extra / math.Max(sc.Phases[q].Budget.USD(), 1)
					parts = append(parts, fmt.Sprintf("%s more budget in %s (%s left of %s)", numfmt.Money(extra), d.Phase,
						numfmt.Money(float64(bl)/100), numfmt.Money(sc.Phases[q].Budget.USD())))
				}
			}
			if len(parts) == 0 || (best != nil && total >= best.cost) {
				continue
			}
			best = &cand{fmt.Sprintf("at %s by %s: %s closes it with %s more %s racks", site.ID, d.Phase, strings.Join(parts, " and "), groupDigits(int(racks)), o.Rack.ID), total}
		}
		if best != nil {
			cands = append(cands, *best)
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].cost < cands[j].cost })
	var out []string
	for i, c := range cands {
		if i == 3 {
			break
		}
		out = append(out, c.text)
	}
	if len(out) == 0 {
		out = []string{"no site has a rack option that counts toward this demand: add a site or a rack configuration for it"}
	}
	return out
}

// explain writes the plan's explanation in plain words.
func (r *runner) explain(pl *Plan) {
	sc := r.sc
	var ex []string
	for _, s := range pl.Shortfalls {
		msg := fmt.Sprintf("phase %s is %s %s short", s.Phase, groupFloatWords(s.Short), s.What)
		if len(s.Relax) > 0 {
			msg += "; " + s.Relax[0]
		}
		ex = append(ex, msg)
	}
	if len(pl.Shortfalls) == 0 {
		ex = append(ex, fmt.Sprintf("all demand is met: %s GPUs in %s racks by %s, %.1f MW facility power",
			groupDigits(pl.Totals.GPUs), groupDigits(pl.Totals.Racks), sc.Phases[len(sc.Phases)-1].ID, pl.Totals.FacilityPowerMW))
	}
	for _, p := range pl.Providers {
		for _, ph := range p.Phases {
			for _, d := range ph.Demand {
				if d.Declined > 0.5 && p.ROFR > 0 {
					ex = append(ex, fmt.Sprintf("%s (ROFR %d) declined %s of %s %s offered by %s: %s", p.ID, p.ROFR,
						groupFloatWords(d.Declined), groupFloatWords(d.Offered), d.What, ph.Phase, d.Limit))
				}
			}
		}
	}
	for _, s := range pl.Sites {
		last := s.Phases[len(s.Phases)-1]
		if len(last.Binding) > 0 {
			ex = append(ex, fmt.Sprintf("site %s is limited by %s by %s", s.ID, strings.Join(last.Binding, " and "), last.Phase))
		}
	}
	pl.Explanation = ex
}

func groupDigits(n int) string { return numfmt.Int(n) }

func groupFloatWords(v float64) string {
	if v == math.Trunc(v) {
		return groupDigits(int(v))
	}
	return numfmt.Float(v, 1)
}
