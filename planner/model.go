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
	// Unit names the objective's integer unit and ToDisplay converts it to
	// the figure plans report (dollars, tonnes CO2e, PFLOPS).
	Unit      string
	ToDisplay float64
}

// ModelInput selects what a model contains: a subset of sites (nil: all) and
// the demand to meet per scenario demand row (nil: the scenario's).
type ModelInput struct {
	Sites    []int
	Demand   []int64 // per scenario demand row, in GPUs or TFLOPS
	Clusters []bool  // which scenario clusters to include (nil: all)
	Budgets  bool    // include the phases' budgets
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
	// Classes: one per distinct thing counted by a demand row or a cluster.
	classOf := map[string]int{}
	type classDef struct {
		gpus                   bool
		precision, acc, family string
	}
	var classes []classDef
	addClass := func(gpus bool, precision, acc, family string) int {
		k := classKey(gpus, precision, acc, family)
		if i, ok := classOf[k]; ok {
			return i
		}
		classOf[k] = len(classes)
		classes = append(classes, classDef{gpus, precision, acc, family})
		inst.Classes = append(inst.Classes, k)
		return classOf[k]
	}
	for i, d := range sc.Demand {
		need := demandUnits(d)
		if in.Demand != nil {
			need = in.Demand[i]
		}
		if need <= 0 {
			continue
		}
		c := addClass(d.GPUs > 0, d.Precision, d.Accelerator, d.Family)
		inst.Demands = append(inst.Demands, solver.Demand{Class: c, Phase: sc.PhaseIndex(d.Phase), Min: need})
		m.DemandIndex = append(m.DemandIndex, i)
	}
	for i, cl := range sc.Clusters {
		if in.Clusters != nil && !in.Clusters[i] {
			continue
		}
		c := addClass(true, "", cl.Accelerator, cl.Family)
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
	m.Instance = inst
	if err := inst.Validate(); err != nil {
		return nil, fmt.Errorf("building the model: %w", err)
	}
	return m, nil
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
