package solver

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// Effort budgets (see search.effort) of the sub-searches: a neighbourhood
// (LNS window or RINS), the penalty floor's coverage search, one site's
// integer program. About 2.4e6 units are a millisecond on the 2-core
// machine of the README's figures.
const (
	lnsEffort        = 720_000_000
	floorEffort      = 2_400_000_000
	siteIntEffort    = 720_000_000
	siteIntMinEffort = 48_000_000
	// integerBound's site programs share intBoundEffort (each gets at most
	// siteIntEffort); integerAscent stops before its evaluations pass
	// ascentEffort
	intBoundEffort = 4_800_000_000
	ascentEffort   = 12_000_000_000
)

// lnsMaxDense bounds the dense tableau of one neighbourhood.
var lnsMaxDense = 40_000_000

// lns improves the incumbent by large-neighbourhood search: it frees the
// options of a window of k sites, keeps every other option at the
// incumbent, and re-solves that sub-MILP (demand and budget rows reduced by
// the fixed part) with the dense branch and bound under a small time and node
// budget (nodes and effort). Windows run over the sites sorted by the cost per unit of the
// incumbent's main demand class, so neighbouring sites compete for the same
// demand. A cluster the incumbent puts in the window may move to another
// site of it; the others stay where they are. Instances with fewer than 2k
// sites are skipped: a window would be most of the model.
// At most maxSweeps sweeps run; the search stops after a sweep that
// finds nothing.
func (s *search) lns(k, maxSweeps int, byIndex bool) {
	in := s.in
	if !s.hasInc || len(in.Sites) < 2*k {
		return
	}
	Q := in.Phases
	// order sites by average cost per unit of the most demanded class
	cls := 0
	if len(in.Demands) > 0 {
		cls = in.Demands[len(in.Demands)-1].Class
	}
	type sk struct {
		s   int
		key float64
	}
	keys := make([]sk, len(in.Sites))
	for st := range in.Sites {
		cost, units := 0.0, 0.0
		for _, o := range s.bySite[st] {
			op := &in.Options[o]
			cost += float64(op.Cost[Q-1])
			if cls < len(op.Contrib) { // a model may have no demand class
				units += float64(op.Contrib[cls])
			}
		}
		key := math.Inf(1)
		if units > 0 {
			key = cost / units
		}
		keys[st] = sk{st, key}
	}
	if gaps := s.siteGaps(); gaps != nil && !byIndex {
		// the sites with the largest share of the gap first
		for st, g := range gaps {
			keys[st].key = -g
		}
	}
	if !byIndex {
		sort.SliceStable(keys, func(a, b int) bool { return keys[a].key < keys[b].key })
	}
	// sweeps of overlapping windows, each sweep shifted, until a sweep finds
	// nothing
	for sweep := 0; sweep < maxSweeps; sweep++ {
		before := s.incObj
		shift := (sweep * k / 3) % k
		for start := -shift; start < len(keys); start += k / 2 {
			if s.limitHit() {
				return
			}
			lo, end := max(0, start), min(len(keys), start+k)
			if end-lo < 2 {
				continue
			}
			var window []int
			for _, e := range keys[lo:end] {
				window = append(window, e.s)
			}
			s.lnsWindow(window)
			if end == len(keys) {
				break
			}
		}
		if s.incObj >= before {
			return
		}
	}
}

func (s *search) lnsWindow(window []int) {
	in := s.in
	Q := in.Phases
	X := s.inc
	free := map[int]int{} // site -> index in sub-instance
	for i, st := range window {
		free[st] = i
	}
	sub := &Instance{Name: in.Name + "/lns", Phases: Q, Resources: in.Resources, Classes: in.Classes}
	for _, st := range window {
		sub.Sites = append(sub.Sites, in.Sites[st])
	}
	var optOf []int
	fixedCover := make([][]int64, len(in.Classes))
	for k := range fixedCover {
		fixedCover[k] = make([]int64, Q)
	}
	fixedSpend := make([]int64, Q)
	var freeCost int64
	for o, op := range in.Options {
		if i, ok := free[op.Site]; ok {
			c := op
			c.Site = i
			sub.Options = append(sub.Options, c)
			optOf = append(optOf, o)
			prev := int64(0)
			for q := 0; q < Q; q++ {
				freeCost += op.Cost[q] * (X[o][q] - prev)
				prev = X[o][q]
			}
			continue
		}
		prev := int64(0)
		for q := 0; q < Q; q++ {
			for k, c := range op.Contrib {
				fixedCover[k][q] += c * X[o][q]
			}
			if op.Capex != nil {
				fixedSpend[q] += op.Capex[q] * (X[o][q] - prev)
			}
			prev = X[o][q]
		}
	}
	for _, d := range in.Demands {
		if m := d.Min - fixedCover[d.Class][d.Phase]; m > 0 {
			sub.Demands = append(sub.Demands, Demand{Class: d.Class, Phase: d.Phase, Min: m})
		}
	}
	for _, b := range in.Budgets {
		sub.Budgets = append(sub.Budgets, Budget{Phase: b.Phase, Max: b.Max - fixedSpend[b.Phase]})
	}
	// clusters in the window's sites come along (their site may change
	// within the window); those elsewhere sit on fixed racks
	var clOf, curAssign []int
	for c, cl := range in.Clusters {
		if i, ok := free[s.incSite[c]]; ok {
			sub.Clusters = append(sub.Clusters, cl)
			clOf = append(clOf, c)
			curAssign = append(curAssign, i)
		}
	}
	if len(sub.Budgets) == 0 {
		for i := range sub.Options {
			sub.Options[i].Capex = nil
		}
	}
	if sub.Validate() != nil || estimateDense(sub) > lnsMaxDense {
		return
	}
	// the window's budget is counted in nodes and effort, not time, so the
	// result does not depend on the machine's speed or the time limit
	ss := newSearch(s.ctx, sub, Params{RelGap: s.p.RelGap, Threads: s.p.Threads, MaxNodes: 5000})
	ss.forceDense = true
	ss.maxEffort = lnsEffort
	for i, o := range optOf {
		if s.ub[o][Q-1] == 0 {
			clear(ss.ub[i]) // fixed at zero in the whole search (dominated)
		}
	}
	cur := make([][]int64, len(optOf))
	for i, o := range optOf {
		cur[i] = append([]int64(nil), X[o]...)
	}
	ss.offer(cur, curAssign)
	res := ss.run()
	s.effort += ss.effort
	if debugCuts {
		fmt.Printf("lns window %v: %v nodes %d, %d -> %d at %v\n", window, res.Status, res.Nodes, freeCost, res.Objective, time.Now().Format("05.000"))
	}
	if res.X == nil || res.Objective >= freeCost {
		return
	}
	next := make([][]int64, len(X))
	copy(next, X)
	for i, o := range optOf {
		next[o] = res.X[i]
	}
	var assign []int
	if len(in.Clusters) > 0 {
		assign = append([]int(nil), s.incSite...)
		for i, c := range clOf {
			assign[c] = window[res.ClusterSite[i]]
		}
	}
	s.offer(next, assign)
}

// rinsMinFixed is the least share of columns a RINS neighbourhood fixes.
const rinsMinFixed = 0.5

// rins is relaxation-induced neighbourhood search: the columns on which the
// node's LP point x and the incumbent agree are fixed at that value, the
// others keep their global range, and the sub-MILP is solved by the dense
// branch and bound with a node and an effort limit.
// Only for cumulative (or one-phase) models, where a column is a count.
func (s *search) rins(x []float64, maxNodes int) {
	in := s.in
	if !s.hasInc || len(in.Clusters) > 0 || s.forceDense || !(s.md.cum || in.Phases == 1) {
		return
	}
	Q := in.Phases
	lo := make([][]int64, len(in.Options))
	up := make([][]int64, len(in.Options))
	fixed := 0
	for o := range in.Options {
		lo[o] = make([]int64, Q)
		up[o] = make([]int64, Q)
		for q := 0; q < Q; q++ {
			iv := s.inc[o][q]
			if math.Abs(x[o*Q+q]-float64(iv)) < 1e-6 {
				lo[o][q], up[o][q] = iv, iv
				fixed++
			} else {
				up[o][q] = s.ub[o][q]
			}
		}
		// counts are cumulative: X[q] <= X[t] <= up[t] for t > q, and
		// X[q] >= X[t] >= lo[t] for t < q
		for q := Q - 2; q >= 0; q-- {
			up[o][q] = min(up[o][q], up[o][q+1])
		}
		for q := 1; q < Q; q++ {
			lo[o][q] = max(lo[o][q], lo[o][q-1])
		}
	}
	if float64(fixed) < rinsMinFixed*float64(len(in.Options)*Q) || fixed == len(in.Options)*Q {
		return
	}
	ss := newSearch(s.ctx, in, Params{RelGap: s.p.RelGap, Threads: s.p.Threads, MaxNodes: maxNodes})
	ss.forceDense = true
	ss.ub = up
	ss.pl = newPlan(in, up, ss.bySite)
	ss.boxLo = lo
	ss.light = true
	ss.maxEffort = lnsEffort
	ss.offer(s.inc, s.incSite)
	res := ss.run()
	s.effort += ss.effort
	if res.X != nil {
		s.offer(res.X, res.ClusterSite)
	}
}

// The tree runs RINS first at node rinsFirst (instances proved sooner do
// not pay for it), then every rinsEvery nodes while it finds plans, with
// rinsNodes nodes for the sub-MILP.
const (
	rinsFirst = 100
	rinsEvery = 100
	rinsNodes = 300
)

// rinsMaxGap caps the spacing of RINS runs after misses on models of at
// most localCols columns (larger models double it without a cap: each run
// builds the dense LP of the whole model). On dcplan generate 6x12x4 seed
// 524's second ROFR stage (288 columns, max-compute with budgets), the
// plan after 10 s was 3.9e-4 above CBC's with the spacing doubling without
// a cap (RINS found the better plans only after node 51,000), and equal to
// it with the cap (also better on seeds 521-523's unproved stages, by 8e-9
// to 5e-5). On the 167 dumped ROFR stages (10 s, one thread, each run both
// ways in turn) the same 146 are proved in 1.02 of the time (geometric
// mean), and two unproved stages end 4e-8 and 5e-9 cheaper. Without the
// size rule solver.Generate 100x50x1 took 17.1-17.8 s to prove instead of
// 14.9-15.0 s (the same 22,504 nodes; RINS 19% of the profile).
const rinsMaxGap = 400
