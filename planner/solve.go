package planner

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/dcplan/dcplan/internal/numfmt"
	"github.com/dcplan/dcplan/planner/solver"
)

// SolveParams limits a solve.
type SolveParams struct {
	// TimeLimit bounds the whole plan; each ROFR stage gets an equal share
	// of what is left when it starts. 0: none.
	TimeLimit time.Duration
	Gap       float64 // relative gap at which to stop; 0: prove optimality (1e-9)
}

// stage is one offer of demand to a group of sites (a ROFR provider, or the
// pool of providers without a right).
type stage struct {
	name      string
	providers []string
	sites     []int
	offered   []int64 // per scenario demand row
	took      []int64
	limit     []string // per demand row, why it declined the rest
	res       *solver.Result
	model     *Model
	objective float64
	bound     float64
}

// Solve plans a scenario: demand is offered to providers in right-of-first-
// refusal order (rank 1 first; providers without a right last, together);
// each takes what its sites can host at least cost, and the rest moves on.
// Demand that no one can host is reported as shortfalls with an explanation,
// and the plan is still returned (with ErrInfeasible).
func Solve(ctx context.Context, sc *Scenario, p SolveParams) (*Plan, error) {
	opts, filtered, err := Options(sc)
	if err != nil {
		return nil, err
	}
	r := &runner{ctx: ctx, sc: sc, opts: opts, filtered: filtered, p: p}
	return r.run()
}

// StageModel is the MILP of one ROFR stage, as Solve would solve it.
type StageModel struct {
	Name  string
	Model *Model
	// Unit is the MPS objective's unit (WriteMPSDecimals), the plan's
	// objective_unit.
	Unit string
}

// StageModels returns the MILP of every ROFR stage, as Solve solves them with
// the same parameters, without solving the last one: a stage's model depends
// on what the stages before it took, so those are solved (within p's gap and
// time limit); with no ranked provider there is one stage and nothing is
// solved. A stage with no sites has no model and is left out.
func StageModels(ctx context.Context, sc *Scenario, p SolveParams) ([]StageModel, error) {
	opts, filtered, err := Options(sc)
	if err != nil {
		return nil, err
	}
	r := &runner{ctx: ctx, sc: sc, opts: opts, filtered: filtered, p: p, modelsOnly: true}
	if _, err := r.run(); err != nil {
		return nil, err
	}
	var out []StageModel
	for _, st := range r.stages {
		if st.model != nil {
			out = append(out, StageModel{Name: st.name, Model: st.model, Unit: displayUnit(sc.Policy.Objective)})
		}
	}
	return out, nil
}

type runner struct {
	ctx      context.Context
	sc       *Scenario
	opts     []Option
	filtered []Filtered
	p        SolveParams
	// racks[option][phase] placed so far (cumulative), over all stages.
	racks      [][]int64
	budgetLeft []int64 // cents per phase; -1: no budget
	clusterAt  []int   // scenario cluster -> scenario site (-1: not placed)
	stages     []*stage
	deadline   time.Time
	stagesLeft int
	// modelsOnly: build the last stage's model but do not solve it (and
	// assemble no plan): see StageModels.
	modelsOnly bool
}

// budgets gives each phase's budget in cents (-1: none).
func budgets(sc *Scenario) []int64 {
	out := make([]int64, len(sc.Phases))
	for q, ph := range sc.Phases {
		out[q] = -1
		if ph.Budget > 0 {
			out[q] = int64(math.Floor(ph.Budget.USD() * 100))
		}
	}
	return out
}

// spend takes from each phase's budget left (cents; -1: none) the capex of
// the racks new in that phase: of options 0..n-1 (opt), racks X per phase.
func spend(left []int64, n int, opt func(i int) *Option, X [][]int64) {
	for q := range left {
		if left[q] < 0 {
			continue
		}
		for i := 0; i < n; i++ {
			prev := int64(0)
			if q > 0 {
				prev = X[i][q-1]
			}
			left[q] -= int64(math.Round(opt(i).Capex().USD()*100)) * (X[i][q] - prev)
		}
	}
}

// params gives a stage its share of the time left: stagesLeft counts it
// and the stages after it.
func (r *runner) params(stagesLeft int) solver.Params {
	p := solver.Params{RelGap: r.p.Gap}
	if r.p.TimeLimit > 0 {
		left := time.Until(r.deadline)
		p.TimeLimit = max(left/time.Duration(max(1, stagesLeft)), time.Millisecond)
	}
	return p
}

func (r *runner) run() (*Plan, error) {
	sc := r.sc
	r.racks = make([][]int64, len(r.opts))
	for i := range r.racks {
		r.racks[i] = make([]int64, len(sc.Phases))
	}
	r.budgetLeft = budgets(sc)
	r.clusterAt = make([]int, len(sc.Clusters))
	for i := range r.clusterAt {
		r.clusterAt[i] = -1
	}
	remaining := make([]int64, len(sc.Demand))
	for i, d := range sc.Demand {
		remaining[i] = demandUnits(d)
	}
	r.deadline = time.Now().Add(r.p.TimeLimit)
	groups := r.groups()
	for gi, group := range groups {
		r.stagesLeft = len(groups) - gi
		st, err := r.offer(group.name, group.providers, remaining)
		if err != nil {
			return nil, err
		}
		r.stages = append(r.stages, st)
		for i := range remaining {
			remaining[i] -= st.took[i]
		}
	}
	if r.modelsOnly {
		return nil, nil
	}
	plan := r.assemble(remaining)
	if len(plan.Shortfalls) > 0 {
		return plan, fmt.Errorf("%w: %s", ErrInfeasible, plan.Explanation[0])
	}
	return plan, nil
}

type group struct {
	name      string
	providers []string
}

// groups returns the ROFR order: each ranked provider alone, by rank, then
// all providers without a right together.
func (r *runner) groups() []group {
	var ranked []Provider
	var rest []string
	for _, p := range r.sc.Providers {
		if p.ROFR > 0 {
			ranked = append(ranked, p)
		} else {
			rest = append(rest, p.ID)
		}
	}
	sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].ROFR < ranked[j].ROFR })
	var gs []group
	for _, p := range ranked {
		gs = append(gs, group{name: fmt.Sprintf("rofr %d: %s", p.ROFR, p.ID), providers: []string{p.ID}})
	}
	if len(rest) > 0 {
		name := "providers without a right of first refusal"
		if len(ranked) == 0 {
			name = "all providers"
		}
		gs = append(gs, group{name: name, providers: rest})
	}
	return gs
}

func (r *runner) provider(id string) Provider {
	for _, p := range r.sc.Providers {
		if p.ID == id {
			return p
		}
	}
	return Provider{ID: id}
}

// offer offers the remaining demand to a group of providers and places what
// they take.
func (r *runner) offer(name string, providers []string, remaining []int64) (*stage, error) {
	sc := r.sc
	st := &stage{name: name, providers: providers, offered: append([]int64(nil), remaining...),
		took: make([]int64, len(remaining)), limit: make([]string, len(remaining))}
	in := map[string]bool{}
	for _, p := range providers {
		in[p] = true
	}
	for i := range sc.Sites {
		if in[sc.Sites[i].Provider] {
			st.sites = append(st.sites, i)
		}
	}
	if len(st.sites) == 0 {
		for i := range remaining {
			if remaining[i] > 0 {
				st.limit[i] = "has no sites"
			}
		}
		return st, nil
	}
	allowed, priced := r.stageOptions(st, providers)
	// Clusters not yet placed are offered along with the demand.
	var clusters []int
	for c := range sc.Clusters {
		if r.clusterAt[c] < 0 {
			clusters = append(clusters, c)
		}
	}
	// One solve: every row and cluster may go short at a penalty above any
	// rack's cost, so the stage takes all its sites can host, at least cost.
	m, err := r.stageModel(st.sites, allowed, remaining, clusters)
	if err != nil {
		return nil, err
	}
	dumpInstance(m.Instance, len(r.stages))
	if r.modelsOnly && r.stagesLeft == 1 {
		st.model = m
		return st, nil
	}
	res, err := solver.Solve(r.ctx, m.Instance, r.params(r.stagesLeft))
	if err != nil {
		return nil, err
	}
	if res.X == nil {
		if r.ctx.Err() != nil {
			return nil, fmt.Errorf("%s: the time limit ran out before any plan was found: %w", name, r.ctx.Err())
		}
		return nil, fmt.Errorf("%s: the solver found no plan (status %v)", name, res.Status)
	}
	r.record(st, m, res)
	for _, sl := range m.Slacks {
		if sl.Row < 0 {
			continue
		}
		q := sc.PhaseIndex(sc.Demand[sl.Row].Phase)
		short := m.Short(sl, res.X)
		st.took[sl.Row] = remaining[sl.Row] - short
		if short > 0 {
			st.limit[sl.Row] = bindingAt(m, res.X, q)
			if len(priced) > 0 {
				st.limit[sl.Row] = fmt.Sprintf("its cost is above match_within at %s; %s", strings.Join(priced, ", "), st.limit[sl.Row])
			}
		}
	}
	return st, nil
}

// stageOptions applies a ROFR holder's match_within: an option is declined
// where its TCO per GPU is more than match_within percent above the best
// alternative, that is the same rack configuration at a later provider's
// site, else the same accelerator there; an option with no alternative is
// kept. It returns the allowed options (nil: all) and the declined ones.
func (r *runner) stageOptions(st *stage, providers []string) (map[int]bool, []string) {
	if len(providers) != 1 {
		return nil, nil
	}
	p := r.provider(providers[0])
	if p.ROFR <= 0 || p.MatchWithin <= 0 {
		return nil, nil
	}
	last := len(r.sc.Phases) - 1
	perGPU := func(o *Option) float64 {
		return float64(tcoCents(r.sc, o, last)) / float64(o.GPUs)
	}
	bestRack := map[string]float64{}
	bestAcc := map[string]float64{}
	for i := range r.opts {
		o := &r.opts[i]
		if q := r.provider(o.Site.Provider); q.ROFR == 0 || q.ROFR > p.ROFR {
			c := perGPU(o)
			if b, ok := bestRack[o.Rack.ID]; !ok || c < b {
				bestRack[o.Rack.ID] = c
			}
			if b, ok := bestAcc[o.Accelerator.ID]; !ok || c < b {
				bestAcc[o.Accelerator.ID] = c
			}
		}
	}
	allowed := map[int]bool{}
	var priced []string
	for i := range r.opts {
		o := &r.opts[i]
		if o.Site.Provider != p.ID {
			continue
		}
		best, ok := bestRack[o.Rack.ID]
		if !ok {
			best, ok = bestAcc[o.Accelerator.ID]
		}
		if !ok || perGPU(o) <= best*(1+p.MatchWithin/100) {
			allowed[i] = true
		} else {
			priced = append(priced, o.Name())
		}
	}
	return allowed, priced
}

// tcoCents is the TCO coefficient of a rack whatever the objective, for
// price comparisons.
func tcoCents(sc *Scenario, o *Option, q int) int64 {
	d := sc.Phases[q].Date
	pv := o.Capex().USD()*sc.discount(d) + o.OpexPerYear.USD()*sc.annuity(d, sc.Policy.Horizon)
	return int64(math.Round(pv * 100))
}

// stageModel builds the model for some sites with the runner's budgets left.
// slackFactor multiplies the shortfall penalty per unit in every stage (see
// addSlack): in the last stage a unit short is an infeasibility, in a ranked
// stage it is demand declined, which ROFR allows only where the provider's
// sites cannot host it.
const slackFactor = 1000

func (r *runner) stageModel(sites []int, allowed map[int]bool, demand []int64, clusters []int) (*Model, error) {
	var opts []Option
	if allowed != nil {
		for i := range r.opts {
			if allowed[i] {
				opts = append(opts, r.opts[i])
			}
		}
	} else {
		opts = r.opts
	}
	cl := make([]bool, len(r.sc.Clusters))
	for _, c := range clusters {
		cl[c] = true
	}
	in := ModelInput{Sites: sites, Demand: demand, Clusters: cl, Slack: true}
	in.SlackFactor = slackFactor
	// Coarse shortfall units where demand is likely to go short: a stage
	// with later ones (a ranked provider declines what it cannot host) or
	// any budget.
	in.CoarseSlack = r.stagesLeft > 1
	for _, left := range r.budgetLeft {
		in.CoarseSlack = in.CoarseSlack || left >= 0
	}
	m, err := BuildModel(r.sc, opts, in)
	if err != nil {
		return nil, err
	}
	// Budgets: what earlier stages left.
	for q, left := range r.budgetLeft {
		if left >= 0 {
			m.Instance.Budgets = append(m.Instance.Budgets, solver.Budget{Phase: q, Max: left})
		}
	}
	if len(m.Instance.Budgets) > 0 {
		for i := range m.Instance.Options {
			var capex int64 // shortfall columns cost nothing
			if i < len(m.Options) {
				capex = int64(math.Round(m.Options[i].Capex().USD() * 100))
			}
			m.Instance.Options[i].Capex = make([]int64, len(r.sc.Phases))
			for q := range r.sc.Phases {
				m.Instance.Options[i].Capex[q] = capex
			}
		}
	}
	return m, nil
}

// bindingAt names the limits that are full (within one rack of the smallest
// option) at the model's sites in phase q.
func bindingAt(m *Model, X [][]int64, q int) string {
	in := m.Instance
	var out []string
	R := len(in.Resources)
	use := make([]int64, len(in.Sites)*R) // site-major, in one pass over the options
	small := make([]int64, len(in.Sites)*R)
	for i := range small {
		small[i] = math.MaxInt64
	}
	for o, op := range in.Options {
		for r := 0; r < R; r++ {
			use[op.Site*R+r] += op.Use[r] * X[o][q]
			if op.Use[r] > 0 {
				small[op.Site*R+r] = min(small[op.Site*R+r], op.Use[r])
			}
		}
	}
	phases := m.Scenario.Phases
	for s := range in.Sites {
		use, small := use[s*R:s*R+R], small[s*R:s*R+R]
		if in.Sites[s].Cap[q][ResPower] == 0 {
			out = append(out, fmt.Sprintf("%s (no power yet by %s)", in.Sites[s].Name, phases[q].ID))
			continue
		}
		for r, c := range in.Sites[s].Cap[q] {
			if c >= 0 && small[r] != math.MaxInt64 && c-use[r] < small[r] {
				out = append(out, fmt.Sprintf("%s %s (%s)", in.Sites[s].Name, resourceWords[r], formatResource(r, float64(c))))
			}
		}
	}
	// A budget of phase q or before is full when less than the cheapest
	// rack's capex is left of it (racks in place by q may be bought in any
	// phase up to q).
	for _, b := range in.Budgets {
		if b.Phase > q {
			continue
		}
		spent, cheapest := int64(0), int64(math.MaxInt64)
		for o, op := range in.Options {
			if o >= len(m.Options) || op.Capex == nil || op.Capex[b.Phase] <= 0 {
				continue // shortfall columns cost nothing
			}
			prev := int64(0)
			if b.Phase > 0 {
				prev = X[o][b.Phase-1]
			}
			spent += op.Capex[b.Phase] * (X[o][b.Phase] - prev)
			cheapest = min(cheapest, op.Capex[b.Phase])
		}
		if cheapest != math.MaxInt64 && b.Max-spent < cheapest {
			out = append(out, fmt.Sprintf("the %s budget (%s left)", phases[b.Phase].ID, numfmt.Money(float64(max(0, b.Max-spent))/100)))
		}
	}
	if len(out) == 0 {
		return "no limit binds (rack options or demand classes do not fit)"
	}
	return "full: " + strings.Join(out, "; ")
}

var resourceWords = []string{"power", "air cooling", "liquid cooling", "rack positions"}

func formatResource(r int, v float64) string {
	switch r {
	case ResPositions:
		return fmt.Sprintf("%.0f positions", v/1000)
	default:
		return fmt.Sprintf("%.1f MW", v/1e6)
	}
}

// record adds a stage's racks to the runner's totals.
func (r *runner) record(st *stage, m *Model, res *solver.Result) {
	st.res, st.model = res, m
	// Report the real objective: the penalties of what went short are not
	// a cost anyone pays.
	var penalty int64
	for _, sl := range m.Slacks {
		penalty += sl.Penalty * res.X[sl.Option][len(r.sc.Phases)-1]
	}
	// The solve's own gap (on the objective with penalties) is carried over
	// to the real objective: bound = objective - (incumbent - bound).
	st.objective = float64(res.Objective-penalty) * m.ToDisplay
	st.bound = (float64(res.Objective-penalty) - (float64(res.Objective) - res.Bound)) * m.ToDisplay
	if m.ToDisplay < 0 {
		st.objective, st.bound = -st.objective, -st.bound
	}
	for i, o := range m.Options {
		for q, x := range res.X[i] {
			r.racks[o.Index][q] += x
		}
	}
	spend(r.budgetLeft, len(m.Options), func(i int) *Option { return m.Options[i] }, res.X)
	for k, c := range m.ClusterIndex {
		if k < len(res.ClusterSite) && res.ClusterSite[k] >= 0 && res.ClusterSite[k] != m.SlackSite {
			r.clusterAt[c] = m.SiteIndex[res.ClusterSite[k]]
		}
	}
}

// Evaluate builds a plan from a given allocation (racks in place by each
// phase, per site and rack configuration), without solving: totals, phases,
// site utilisation and shortfalls are computed as for a solved plan, and the
// status is "evaluated" (or "infeasible" when demand is short). It is how a
// hand-made plan, or a peer solver's solution read back, is costed and then
// checked with CheckPlan.
func Evaluate(sc *Scenario, alloc []Allocation) (*Plan, error) {
	opts, filtered, err := Options(sc)
	if err != nil {
		return nil, err
	}
	r := &runner{ctx: context.Background(), sc: sc, opts: opts, filtered: filtered}
	r.racks = make([][]int64, len(opts))
	for i := range r.racks {
		r.racks[i] = make([]int64, len(sc.Phases))
	}
	index := map[string]int{}
	for i := range opts {
		index[opts[i].Site.ID+"/"+opts[i].Rack.ID] = i
	}
	for _, a := range alloc {
		i, ok := index[a.Site+"/"+a.RackConfig]
		if !ok {
			return nil, fmt.Errorf("%w: allocation %s/%s is not a rack option of the scenario", ErrBadRequest, a.Site, a.RackConfig)
		}
		q := sc.PhaseIndex(a.Phase)
		if q < 0 {
			return nil, fmt.Errorf("%w: allocation %s/%s: unknown phase %q", ErrBadRequest, a.Site, a.RackConfig, a.Phase)
		}
		r.racks[i][q] = int64(a.Racks)
	}
	// Racks in place carry forward to later phases not listed.
	for i := range r.racks {
		for q := 1; q < len(sc.Phases); q++ {
			r.racks[i][q] = max(r.racks[i][q], r.racks[i][q-1])
		}
	}
	// What the allocation leaves of each phase's budget: its capex of the
	// racks new in that phase.
	r.budgetLeft = budgets(sc)
	spend(r.budgetLeft, len(r.racks), func(i int) *Option { return &r.opts[i] }, r.racks)
	r.clusterAt = make([]int, len(sc.Clusters))
	for c := range r.clusterAt {
		r.clusterAt[c] = r.findClusterSite(c)
	}
	remaining := make([]int64, len(sc.Demand))
	for i, d := range sc.Demand {
		remaining[i] = max(0, demandUnits(d)-int64(r.placed(i)))
	}
	pl := r.assemble(remaining)
	if pl.Status == "optimal" {
		pl.Status = "evaluated"
	}
	return pl, nil
}

// findClusterSite returns the first site that holds cluster c's GPUs from
// its phase on (ignoring other clusters), or -1.
func (r *runner) findClusterSite(c int) int {
	sc := r.sc
	cl := sc.Clusters[c]
	p := sc.PhaseIndex(cl.Phase)
	bySite := r.optionsBySite()
	for si := range sc.Sites {
		ok := true
		for q := p; q < len(sc.Phases) && ok; q++ {
			var have int64
			for _, i := range bySite[si] {
				have += contribution(&r.opts[i], true, "", cl.Accelerator, cl.Family) * r.racks[i][q]
			}
			ok = have >= int64(cl.GPUs)
		}
		if ok {
			return si
		}
	}
	return -1
}

// dumpInstance writes a stage's solver instance as JSON to the directory named
// by DCPLAN_DUMP_INSTANCES (for solver development: solvecmp -instance reads
// it back). Errors are ignored: this is a development aid, never on by default.
func dumpInstance(in *solver.Instance, stage int) {
	dir := os.Getenv("DCPLAN_DUMP_INSTANCES")
	if dir == "" {
		return
	}
	b, err := json.Marshal(in)
	if err != nil {
		return
	}
	_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("stage%d.json", stage+1)), b, 0o644)
}
