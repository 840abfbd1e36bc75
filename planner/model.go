package planner

import (
	"fmt"
	"math"

	"github.com/dcplan/dcplan/planner/solver"
)

// Resources of the solver's site rows, in this order, as integers: watts of
// facility power, watts of heat to air and to liquid, and thousandths of a
// rack position. Per-rack use is rounded up and capacity down, so a plan that
// fits in integers fits in reals.
var Resources = []string{"power_w", "air_heat_w", "liquid_heat_w", "positions_milli"}

// Resource indices.
const (
	ResPower = iota
	ResAir
	ResLiquid
	ResPositions
)

// Model is the exact MILP a scenario (or one ROFR stage of it) becomes.
type Model struct {
	Scenario *Scenario
	// Options[i] is the instance's option i; SiteIndex maps an instance site
	// to its scenario site; DemandIndex an instance demand row to its
	// scenario demand (-1 for none); ClusterIndex likewise for clusters.
	Options      []*Option
	SiteIndex    []int
	DemandIndex  []int
	ClusterIndex []int
	Instance     *solver.Instance
	// Slacks are the shortfall columns (after the real options) and
	// SlackSite the virtual site's index (-1 without slack).
	Slacks    []Slack
	SlackSite int
	// Unit names the objective's integer unit and ToDisplay converts it to
	// the figure plans report (dollars, tonnes CO2e, PFLOPS).
	Unit      string
	ToDisplay float64
	// Decimals is log10 of the integer unit per display unit (cents per
	// dollar: 2), for writing the objective in display units.
	Decimals int
}

// ModelInput selects what a model contains: a subset of sites (nil: all) and
// the demand to meet per scenario demand row (nil: the scenario's).
type ModelInput struct {
	Sites    []int
	Demand   []int64 // per scenario demand row, in GPUs or TFLOPS
	Clusters []bool  // which scenario clusters to include (nil: all)
	Budgets  bool    // include the phases' budgets
	// Slack lets every demand row and cluster go short at a penalty per
	// unit above any rack's cost per unit, so the solve first places as
	// much as the sites can host, then at least cost.
	Slack bool
	// SlackFactor multiplies the penalty per unit (0 or 1: one cent, gram
	// or TFLOPS above the most any rack costs per unit, or any whole rack
	// costs if that is more). See addSlack.
	SlackFactor int64
	// CoarseSlack counts each demand row's shortfall in units of what its
	// racks cover in common (8 GPUs), for a model whose demand is likely to
	// go short (a ranked ROFR stage, or budgets). See addSlack.
	CoarseSlack bool
}

// Slack is a shortfall column: racks of a virtual option at a virtual site
// with no limits, each covering one unit of a demand row or cluster.
type Slack struct {
	Option  int // instance option index
	Row     int // scenario demand row, or -1
	Cluster int // scenario cluster, or -1
	// Unit is the demand one unit of the column stands for: for a demand
	// row, the greatest common divisor of what the racks contribute to it
	// (8 GPUs when every rack holds a multiple of 8), for a cluster 1.
	Unit int64
	// Penalty is the cost of one unit of the column, in the objective's
	// unit: Unit times the larger of ModelInput.SlackFactor times the most
	// any rack costs per unit it covers of that row and the most any whole
	// such rack costs, plus one.
	Penalty int64
}

// demandUnits returns a demand row's requirement in the solver's units:
// GPUs, or TFLOPS rounded up.
func demandUnits(d Demand) int64 {
	if d.GPUs > 0 {
		return int64(d.GPUs)
	}
	return int64(math.Ceil(d.PFLOPS*1000 - 1e-9))
}

// classKey names what a demand row or cluster counts.
func classKey(gpus bool, precision, acc, family string) string {
	k := "gpus"
	if !gpus {
		k = "tflops:" + precision
	}
	switch {
	case acc != "":
		k += ":accelerator=" + acc
	case family != "":
		k += ":family=" + family
	}
	return k
}

// contribution is what one rack of an option adds to a class.
func contribution(o *Option, gpus bool, precision, acc, family string) int64 {
	if acc != "" && o.Accelerator.ID != acc || family != "" && o.Accelerator.Family != family {
		return 0
	}
	if gpus {
		return int64(o.GPUs)
	}
	t, _ := o.Accelerator.Throughput(precision)
	return int64(math.Floor(t.TFLOPS()*float64(o.GPUs) + 1e-9))
}

// BuildModel builds the MILP for the options at the selected sites.
func BuildModel(sc *Scenario, opts []Option, in ModelInput) (*Model, error) {
	m := &Model{Scenario: sc}
	inst := &solver.Instance{Name: sc.Name, Phases: len(sc.Phases), Resources: Resources}
	siteSel := in.Sites
	if siteSel == nil {
		for i := range sc.Sites {
			siteSel = append(siteSel, i)
		}
	}
	siteOf := map[string]int{}
	for _, si := range siteSel {
		site := &sc.Sites[si]
		caps := make([][]int64, len(sc.Phases))
		for q, ph := range sc.Phases {
			c, err := site.CapacityAt(ph.Date)
			if err != nil {
				return nil, fmt.Errorf("%w: site %s: %v", ErrBadRequest, site.ID, err)
			}
			caps[q] = []int64{
				int64(math.Floor(c.Usable.W())),
				int64(math.Floor(c.AirCooling.W())),
				int64(math.Floor(c.LiquidCooling.W())),
				int64(c.RackPositions) * 1000,
			}
		}
		siteOf[site.ID] = len(inst.Sites)
		inst.Sites = append(inst.Sites, solver.Site{Name: site.ID, Cap: caps})
		m.SiteIndex = append(m.SiteIndex, si)
	}
	// Classes: one per demand row and one per cluster, so that a row's
	// shortfall column counts toward that row alone.
	type classDef struct {
		gpus                   bool
		precision, acc, family string
	}
	var classes []classDef
	addClass := func(name string, gpus bool, precision, acc, family string) int {
		classes = append(classes, classDef{gpus, precision, acc, family})
		inst.Classes = append(inst.Classes, name+" "+classKey(gpus, precision, acc, family))
		return len(classes) - 1
	}
	for i, d := range sc.Demand {
		need := demandUnits(d)
		if in.Demand != nil {
			need = in.Demand[i]
		}
		if need <= 0 {
			continue
		}
		c := addClass(fmt.Sprintf("demand[%d]", i), d.GPUs > 0, d.Precision, d.Accelerator, d.Family)
		inst.Demands = append(inst.Demands, solver.Demand{Class: c, Phase: sc.PhaseIndex(d.Phase), Min: need})
		m.DemandIndex = append(m.DemandIndex, i)
	}
	for i, cl := range sc.Clusters {
		if in.Clusters != nil && !in.Clusters[i] {
			continue
		}
		c := addClass("cluster "+cl.ID, true, "", cl.Accelerator, cl.Family)
		inst.Clusters = append(inst.Clusters, solver.Cluster{Name: cl.ID, Class: c, Phase: sc.PhaseIndex(cl.Phase), Size: int64(cl.GPUs)})
		m.ClusterIndex = append(m.ClusterIndex, i)
	}
	if in.Budgets {
		for q, ph := range sc.Phases {
			if ph.Budget > 0 {
				inst.Budgets = append(inst.Budgets, solver.Budget{Phase: q, Max: int64(math.Floor(ph.Budget.USD() * 100))})
			}
		}
	}
	m.Unit, m.ToDisplay = objectiveUnit(sc.Policy.Objective)
	m.Decimals = map[Objective]int{MinTCO: 2, MinCarbon: 6, MaxCompute: 3}[sc.Policy.Objective]
	for i := range opts {
		o := &opts[i]
		s, ok := siteOf[o.Site.ID]
		if !ok {
			continue
		}
		so := solver.Option{
			Name: o.Name(),
			Site: s,
			Use: []int64{
				int64(math.Ceil(o.FacilityPower.W() - 1e-9)),
				int64(math.Ceil(o.HeatAir.W() - 1e-9)),
				int64(math.Ceil(o.HeatLiquid.W() - 1e-9)),
				int64(math.Ceil(o.Positions*1000 - 1e-9)),
			},
			Contrib: make([]int64, len(classes)),
			Cost:    make([]int64, len(sc.Phases)),
		}
		for c, cd := range classes {
			so.Contrib[c] = contribution(o, cd.gpus, cd.precision, cd.acc, cd.family)
		}
		for q := range sc.Phases {
			so.Cost[q] = sc.RackCost(o, q)
		}
		if len(inst.Budgets) > 0 {
			so.Capex = make([]int64, len(sc.Phases))
			for q := range sc.Phases {
				so.Capex[q] = int64(math.Round(o.Capex().USD() * 100))
			}
		}
		inst.Options = append(inst.Options, so)
		m.Options = append(m.Options, o)
	}
	m.SlackSite = -1
	m.Instance = inst
	if in.Slack {
		m.addSlack(max(1, in.SlackFactor), in.CoarseSlack)
	}
	if err := inst.Validate(); err != nil {
		return nil, fmt.Errorf("building the model: %w", err)
	}
	return m, nil
}

// addSlack adds a virtual site with no limits and one shortfall option per
// demand row and cluster. A unit short costs the larger of factor times the
// most any real rack costs per unit it covers and the most any whole such
// rack costs, plus one: leaving even one unit short is dearer than any rack
// that would cover it, so the solve places everything the sites can host
// (a ranked ROFR stage takes all it can; a rack of 32 GPUs is placed for the
// last 8), then at least cost. The factor (ModelInput.SlackFactor, 1000 in
// every stage) keeps a unit short dearer than the relative gap the solve
// stops at (measured against the real cost, see solver.Option.Penalty), so
// a loose gap cannot hide one. With factor 1 in ranked stages a 1e-4 gap
// left 8 GPUs of the default scenario's 2026 demand to later providers
// while the primary's sites had room.
func (m *Model) addSlack(factor int64, coarse bool) {
	in := m.Instance
	real := len(in.Options)
	withCapex := real > 0 && in.Options[0].Capex != nil
	// base is, for a class, the larger of factor times the most any rack
	// costs per unit it covers and the most any whole such rack costs.
	base := func(class int, factor int64) int64 {
		var perUnit, rack int64
		for _, o := range in.Options[:real] {
			c := o.Contrib[class]
			if c <= 0 {
				continue
			}
			for _, v := range o.Cost {
				v = max(v, -v)
				perUnit = max(perUnit, (v+c-1)/c)
				rack = max(rack, v)
			}
		}
		return max(factor*perUnit, rack)
	}
	// The factor is lowered (never below 1) where the penalties could
	// otherwise overflow: the solver requires 2 * phases * sum of |cost| x
	// bound to stay within 4e18; the shortfall columns may use a quarter.
	var weight float64 // sum over shortfall columns of base x units
	var units float64
	for _, d := range in.Demands {
		weight += float64(base(d.Class, factor)) * float64(d.Min)
		units += float64(d.Min)
	}
	for _, c := range in.Clusters {
		weight += float64(base(c.Class, factor)) * float64(c.Size)
		units += float64(c.Size)
	}
	if room := 1e18/(2*float64(in.Phases)) - units; weight > room && weight > 0 {
		factor = max(1, int64(float64(factor)*room/weight))
	}
	penalty := func(class int) int64 { return base(class, factor) + 1 }
	m.SlackSite = len(in.Sites)
	caps := make([][]int64, in.Phases)
	for q := range caps {
		caps[q] = []int64{-1, -1, -1, -1}
	}
	in.Sites = append(in.Sites, solver.Site{Name: "shortfall", Cap: caps})
	add := func(name string, class int, most, unit int64, row, cluster int) {
		pen := penalty(class) * unit
		o := solver.Option{Name: name, Site: m.SlackSite, Penalty: true, Use: make([]int64, len(in.Resources)),
			Contrib: make([]int64, len(in.Classes)), Cost: make([]int64, in.Phases), Max: (most + unit - 1) / unit}
		o.Contrib[class] = unit
		for q := range o.Cost {
			o.Cost[q] = pen
		}
		if withCapex {
			o.Capex = make([]int64, in.Phases)
		}
		m.Slacks = append(m.Slacks, Slack{Option: len(in.Options), Row: row, Cluster: cluster, Unit: unit, Penalty: pen})
		in.Options = append(in.Options, o)
	}
	// With coarse, a demand row's shortfall column counts in units of what
	// the racks contribute in common (g = 8 GPUs for racks of 8, 32 and
	// 72): a plan covers a multiple of g, so it is short of Min - g k for
	// some k, and with its shortfall counted as ceil(that / g) units of g
	// the row reads R + t >= ceil(Min/g) in whole units. Its LP then cannot
	// buy a fraction of a rack's coverage at the penalty: the coverage a
	// budget or a site limit allows is rounded at the root (a budget-bound
	// ROFR stage was unproved after 30 s with 1-GPU units, its gap 6%).
	// Where demand is met the 1-GPU column (with the solver's companion
	// row) proved some generated trees faster: 6x10x3 seed 1 in 5.1 s
	// against 22.5 s, 30x20x1 seed 3 in 8.3 s against 16.8 s; so stages
	// likely to go short get the coarse units and the rest 1-GPU units.
	// The shortfall reported is Min less the racks' cover (Model.Short).
	for k, d := range in.Demands {
		g := int64(1)
		if coarse {
			g = 0
			for _, o := range in.Options[:real] {
				if c := o.Contrib[d.Class]; c > 0 {
					g = gcd(g, c)
				}
			}
		}
		add(fmt.Sprintf("short demand[%d]", m.DemandIndex[k]), d.Class, d.Min, max(g, 1), m.DemandIndex[k], -1)
	}
	for k, c := range in.Clusters {
		add("short cluster "+c.Name, c.Class, c.Size, 1, -1, m.ClusterIndex[k])
	}
}

// Short returns how much of its demand row a plan of the model leaves
// short: the row's need less what the racks cover by its phase (the
// shortfall column, in units of Slack.Unit, may round it up).
func (m *Model) Short(sl Slack, X [][]int64) int64 {
	in := m.Instance
	for _, d := range in.Demands {
		if in.Options[sl.Option].Contrib[d.Class] == 0 {
			continue
		}
		var cover int64
		for o := range m.Options {
			cover += in.Options[o].Contrib[d.Class] * X[o][d.Phase]
		}
		return max(0, d.Min-cover)
	}
	return 0
}

// objectiveUnit returns the integer unit of an objective and its factor to
// the reported figure.
func objectiveUnit(o Objective) (string, float64) {
	switch o {
	case MinCarbon:
		return "grams CO2e", 1e-6 // tonnes
	case MaxCompute:
		return "-TFLOPS (FP8 dense)", -1e-3 // PFLOPS
	}
	return "cents (present value)", 0.01 // dollars
}

// RackCost is the objective coefficient, in the objective's integer unit, of
// one rack of o first installed in phase q (capacity in place by the phase's
// date d_q, costs running to the policy's horizon H):
//
//	min-tco      round(100 * (capex * (1+r)^-t(d_q) + opex/yr * A(d_q, H)))   cents, present value
//	min-carbon   round(1000 * CO2/yr[kg] * years(d_q, H))                       grams
//	max-compute  -FP8 dense TFLOPS of the rack                                   (maximised)
//
// where t is years since the first phase and A the continuous annuity in
// doc.go.
func (sc *Scenario) RackCost(o *Option, q int) int64 {
	d := sc.Phases[q].Date
	switch sc.Policy.Objective {
	case MinCarbon:
		years := math.Max(0, YearsBetween(d.Time, sc.Policy.Horizon.Time))
		return int64(math.Round(o.CO2PerYear.Kg() * 1000 * years))
	case MaxCompute:
		return -int64(math.Floor(o.FP8.TFLOPS() + 1e-9))
	}
	pv := o.Capex().USD()*sc.discount(d) + o.OpexPerYear.USD()*sc.annuity(d, sc.Policy.Horizon)
	return int64(math.Round(pv * 100))
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
