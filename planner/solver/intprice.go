package solver

import (
	"context"
	"fmt"
	"math"
	"sync/atomic"
	"time"
)

// siteIntNodes bounds each site's branch and bound in integerBound.
const siteIntNodes = 5000

// siteIntInstance is site s's Lagrangian subproblem at multipliers
// (lambda, mu) as a one-site instance with no coupling rows: a rack first
// installed at phase q costs floor(Cost[q] - lambda of the demand rows it
// counts in + mu of its phase's budget row). Rounding the costs down keeps
// its optimum a lower bound on the real subproblem's (counts are >= 0).
// Options fixed at zero are left out.
func (s *search) siteIntInstance(site int, lambda, mu []float64) *Instance {
	in := s.in
	Q := in.Phases
	sub := &Instance{Name: fmt.Sprintf("%s/%s", in.Name, in.Sites[site].Name), Phases: Q,
		Resources: in.Resources, Classes: in.Classes, Sites: []Site{in.Sites[site]}}
	for _, o := range s.bySite[site] {
		if s.ub[o][Q-1] == 0 {
			continue
		}
		op := &in.Options[o]
		cost := make([]int64, Q)
		for q := range cost {
			cost[q] = int64(math.Floor(in.lagrangianCost(o, q, lambda, mu)))
		}
		sub.Options = append(sub.Options, Option{Name: op.Name, Use: op.Use, Contrib: op.Contrib, Cost: cost, Max: op.Max})
	}
	return sub
}

// integerBound is the Lagrangian bound at the multipliers mult (demand rows,
// then budget rows) with every site's subproblem solved as an integer
// program: each site contributes the larger of its LP value (with the cuts
// the passes found) and the bound of its own branch and bound (at most
// siteIntNodes nodes and its effort budget; sites the time limit does not
// reach keep their LP value), both valid. Where the coupling rows do not bind (multipliers
// zero) this is the optimum itself, which a branch and bound over all sites
// at once reaches only through the product of the sites' trees. The sites'
// integer plans, put together and repaired, are offered as a plan. It
// returns -Inf when the time limit cuts the LP pricing short.
func (s *search) integerBound(mult []float64) float64 {
	in := s.in
	lambda, mu := mult[:len(in.Demands)], mult[len(in.Demands):]
	ctx := s.ctx
	vals := make([]float64, len(in.Sites))
	// the sites' LP values at these multipliers (with their cuts), then
	// their integer programs (each within its node and effort budget)
	forEach(s.p.Threads, len(in.Sites), func(site int) {
		ss := s.subs[site]
		s.price(ss, lambda, mu)
		vals[site] = ss.z
	})
	if ctx.Err() != nil {
		return math.Inf(-1)
	}
	L, plans := s.intEval(ctx, lambda, mu, vals)
	s.lagMult, s.siteVal, s.lagPlans = mult, vals, plans
	s.lagComplete = ctx.Err() == nil
	s.offerSitePlans(plans)
	return L
}

// intEval prices every site as an integer program (siteInt) at (lambda,
// mu) while ctx allows; vals holds a valid value per site on entry (its LP
// value, or -Inf) and the larger of that and the site's bound on return.
// It returns the Lagrangian bound and the sites' plans (nil where none).
func (s *search) intEval(ctx context.Context, lambda, mu, vals []float64) (float64, [][][]int64) {
	in := s.in
	plans := make([][][]int64, len(in.Sites))
	effort := make([]int64, len(in.Sites))
	forEach(s.p.Threads, len(in.Sites), func(site int) {
		if ctx.Err() == nil {
			var b float64
			b, plans[site], effort[site] = s.siteInt(ctx, site, lambda, mu, vals[site])
			if math.IsInf(max(b, vals[site]), -1) && ctx.Err() == nil {
				// the site's integer program stopped (its effort budget)
				// before its root LP was solved: its LP with the cuts
				// found so far is a valid value too (on solver.Generate
				// 100x50x16 a third of the sites stopped so, and every
				// evaluation of the integer ascent was lost as -Inf)
				ss := s.subs[site]
				s.price(ss, lambda, mu)
				b = ss.z
			}
			vals[site] = math.Max(vals[site], b)
		}
	})
	s.intEffort = 0
	for _, e := range effort {
		s.intEffort += e
	}
	s.effort += s.intEffort
	L := 0.0
	for _, v := range vals { // in site order: deterministic
		L += v
	}
	for i, d := range in.Demands {
		L += lambda[i] * float64(d.Min)
	}
	for i, b := range in.Budgets {
		L -= mu[i] * float64(b.Max)
	}
	return L, plans
}

// sitePlanIncrements puts the sites' own plans (from siteInt, nil where
// none) together as increments d[o*Q+q] of the whole instance.
func (s *search) sitePlanIncrements(plans [][][]int64) []float64 {
	in := s.in
	Q := in.Phases
	d := make([]float64, len(in.Options)*Q)
	for site, X := range plans {
		k := 0
		for _, o := range s.bySite[site] {
			if s.ub[o][Q-1] == 0 || X == nil {
				continue
			}
			prev := int64(0)
			for q, v := range X[k] {
				d[o*Q+q] = float64(v - prev)
				prev = v
			}
			k++
		}
	}
	return d
}

// offerSitePlans puts the sites' own plans (from siteInt, nil where none)
// together as one plan and offers it, repaired where coupling rows fail.
func (s *search) offerSitePlans(plans [][][]int64) {
	s.heuristic(s.sitePlanIncrements(plans), nil)
}

// intAscentEvals counts integerAscent's evaluations (for tests).
var intAscentEvals atomic.Int64

// intAscentIters bounds the evaluations of integerAscent, which stops
// after intAscentStall in a row that do not raise the bound.
const (
	intAscentIters = 25
	intAscentStall = 5
)

// integerAscent goes on maximising the Lagrangian dual from the multipliers
// of integerBound (bound its value there) with every site priced as an
// integer program (intEval) instead of an LP: Kelley's cutting planes in a
// trust region around the best multipliers, each cut from the sites'
// integer plans (valid for the integer dual, whose value is at least the LP
// one's everywhere). The LP passes stop at the LP dual's optimum; there the
// sites' integer plans together can cover much more or less than the demand
// (solver.Generate 1000x50x1: 0.23% more TFLOPS than asked), and the
// integer dual is still rising. Every evaluation's plans are offered, and
// the best multipliers and site values replace integerBound's (siteGaps).
// It returns the best bound.
func (s *search) integerAscent(bound float64) float64 {
	in := s.in
	if s.lagMult == nil || math.IsInf(bound, -1) {
		return bound
	}
	ctx := s.ctx
	nd := len(in.Demands)
	best, bestM := bound, append([]float64(nil), s.lagMult...)
	lambda := append([]float64(nil), bestM[:nd]...)
	mu := append([]float64(nil), bestM[nd:]...)
	km := s.newKelley()
	radius, stall := 0.01, 0
	spent := int64(0)
	g := make([]float64, len(bestM))
	// the first cut from integerBound's plans (a site without one counts
	// as empty, which is a plan too: the cut stays valid)
	km.add(s.subgradient(s.sitePlanIncrements(s.lagPlans), g), g)
	for it := 0; it < intAscentIters; it++ {
		up, ok := km.next(lambda, mu, best, s, bestM, radius)
		if !ok || up-best <= 1e-9*math.Max(1, math.Abs(best)) {
			break
		}
		vals := make([]float64, len(in.Sites))
		for i := range vals {
			vals[i] = math.Inf(-1)
		}
		if spent+s.intEffort > ascentEffort {
			break // the next evaluation would overrun the ascent's budget
		}
		L, plans := s.intEval(ctx, lambda, mu, vals)
		spent += s.intEffort
		if ctx.Err() != nil || s.limitHit() {
			break // incomplete evaluation: no valid bound from it
		}
		intAscentEvals.Add(1)
		if debugCuts {
			fmt.Printf("integer ascent %d: L %.1f best %.1f inc %d at %v\n", it, L, best, s.incObj, time.Now().Format("05.000"))
		}
		// a rise below 1e-9 of the bound counts as a stall (solver.Generate
		// 1000x50x1: ten evaluations of half a second each raised it by
		// 2e-13 in all)
		if L > best+1e-9*math.Max(1, math.Abs(best)) {
			best = L
			bestM = append(append(bestM[:0], lambda...), mu...)
			s.lagMult, s.siteVal, s.lagPlans = append([]float64(nil), bestM...), vals, plans
			radius = math.Min(2*radius, 0.5)
			stall = 0
		} else {
			radius /= 2
			stall++
		}
		d := s.sitePlanIncrements(plans)
		s.heuristic(d, nil)
		if s.pruneable(best) || stall >= intAscentStall {
			break // the incumbent is proved, or the bound has stopped rising
		}
		km.add(s.subgradient(d, g), g)
	}
	return best
}

// siteInt solves one site's integer subproblem (siteIntInstance; lp is its
// LP value), to within the site's share of the search's gap, and returns
// its bound (-Inf when none; 0 for a site whose options are all fixed at
// zero) and its plan (nil when none or empty), with one row per option of
// the site not fixed at zero.
func (s *search) siteInt(ctx context.Context, site int, lambda, mu []float64, lp float64) (float64, [][]int64, int64) {
	sub := s.siteIntInstance(site, lambda, mu)
	if len(sub.Options) == 0 {
		return 0, nil, 0 // no racks: the empty plan, at no cost
	}
	// each site may stop within its share of the whole search's gap
	rel := 1e-12
	if s.hasInc {
		tol := s.p.RelGap * s.gapRef(float64(s.incObj)) / float64(len(s.in.Sites))
		rel = max(rel, tol/math.Max(1, math.Abs(lp)))
	}
	bs := newSearch(ctx, sub, Params{RelGap: rel, Threads: 1, MaxNodes: siteIntNodes})
	bs.forceDense = true
	bs.maxEffort = min(siteIntEffort, max(siteIntMinEffort, intBoundEffort/int64(len(s.in.Sites))))
	if s.siteIntBudget > 0 {
		bs.maxEffort = s.siteIntBudget
	}
	dropDominated(sub, bs.ub)
	res := bs.run()
	if debugCuts {
		fmt.Printf("site %d: %v bound %.1f plan %d, %d nodes\n", site, res.Status, res.Bound, res.Objective, res.Nodes)
	}
	b := res.Bound
	if math.IsNaN(b) || math.IsInf(b, 1) {
		b = math.Inf(-1)
	}
	return b, res.X, bs.effort
}

// siteGaps is, per site, what the incumbent's racks there cost at the
// multipliers of integerBound minus that site's value in the bound: the
// site's share of the gap between the incumbent and the Lagrangian bound
// (>= 0 up to rounding). Nil before integerBound ran.
func (s *search) siteGaps() []float64 {
	if s.siteVal == nil || !s.hasInc {
		return nil
	}
	in := s.in
	lambda, mu := s.lagMult[:len(in.Demands)], s.lagMult[len(in.Demands):]
	gaps := make([]float64, len(in.Sites))
	for site, opts := range s.bySite {
		c := 0.0
		for _, o := range opts {
			prev := int64(0)
			for q, x := range s.inc[o] {
				if x != prev {
					c += in.lagrangianCost(o, q, lambda, mu) * float64(x-prev)
				}
				prev = x
			}
		}
		gaps[site] = c - s.siteVal[site]
	}
	return gaps
}

// lagCutRounds bounds the rounds of lagrangianCuts at the root.
const lagCutRounds = 30

// lagSolveCap bounds the dual simplex pivots of one round's re-solve in
// lagrangianCuts; a round that needs more is taken back. The rounds of six
// generated scenarios (20 to 100 sites) took 12-89 pivots; on
// solver.Generate 100x50x1 seed 2 one took over 14,000 at one objective
// value (the rows make the sites' costs flat, and the dual simplex stalled
// on degenerate pivots) and held the root for minutes.
var lagSolveCap = 1000

// lagTakeBacks counts the rounds taken back (for tests).
var lagTakeBacks atomic.Int64

// lagRowShare is the share of the root gap (incumbent minus the LP before
// them) the Lagrangian cuts must close for their rows to go into the tree;
// below it only their bound is kept. The rows cost every node's pivots and
// change its branching: dcplan generate 12x8x1 seed 23, where they closed
// 2.3% of the gap, took 154,346 nodes and 13.7 s with them and 111,213
// nodes and 6.8 s without (pre-session build: 7.8 s; CBC 1.0 s); 100x50x1
// seed 1 (82%) and generated 20x10x1 seed 2 (59%) keep them. On ten
// instances (one thread), the threshold left seven within 5% or faster and
// made 12x8x1 seed 22, 15x6x2 seed 22 and 10x50x1 (19 -> 22 ms) 9-14%
// slower.
const lagRowShare = 0.25

// lagrangianCuts derives Lagrangian optimality cuts at the root. At the
// root LP's duals (lambda, mu) of the demand and budget rows, every site's
// integer subproblem (siteIntInstance) has a value no lower than its bound
// b_s, so every plan satisfies, site by site,
//
//	sum over the site's options o and phases q of L[o][q] d[o][q] >= b_s
//
// with L the Lagrangian cost of a rack installed at q and d the increments:
// a cut on the site's own columns, valid for the whole model and in every
// node. Together they lift the LP to at least the Lagrangian bound at those
// multipliers; each round adds the violated ones, re-solves and re-prices at
// the new duals, which converges (Kelley's method on the Lagrangian dual)
// towards the bound over the convex hull of each site's integer plans. The
// sites' plans are offered as a plan. Rounds stop when they no longer raise
// the LP by a useful share of the gap.
//
// The LP they reach becomes a global bound (lagBound), and the cuts are
// taken out of the root LP again and held in lagRows, which the tree adds
// after the root node. The root then branches as without them; with them
// there a generated 20-site, 10-option scenario took 2,042 nodes instead of
// 576, and with them only after the root 656, while a 100-site, 50-option
// one is proved in 257 nodes (not in 20 s without them). Cuts that make the
// site's cost flat in its columns seem to mislead the root's strong
// branching; not investigated further.
func (s *search) lagrangianCuts() lpStatus {
	in := s.in
	// Not in penaltyFloor's coverage search: with every rack free its
	// sites' integer programs are degenerate and ran 5,000 nodes each
	// (generated 5x6x3 seed 3, --providers 3: 0.25 s of a 0.3 s solve).
	if s.forceDense || s.light || s.noFloor || len(in.Sites) < 2 || len(in.Demands)+len(in.Budgets) == 0 {
		return lpOptimal
	}
	// Nor while the incumbent is short of demand: the gap is then in
	// shortfall units, which the penalty floor (solved right below the root)
	// bounds, and these rows price racks. On 167 dumped ROFR stages (10 s
	// each, one thread, each stage run by both builds in turn) skipping them
	// there proved the same 146 stages in 0.74 of the time (geometric mean),
	// none slower by half; 4x8x3 seed 203's first stage went from 0.29 s to
	// 0.023 s.
	if s.hasInc && s.incRef != s.incObj {
		return lpOptimal
	}
	Q := in.Phases
	ctx := s.ctx
	first := s.lp.objective() * s.md.cscale
	added := 0
	ncut := len(s.cuts)
	st := lpOptimal
	defer func() {
		if debugCuts {
			fmt.Printf("lagrangian cuts: %d, LP %.1f -> %.1f\n", added, first, s.lp.objective()*s.md.cscale)
		}
		if added == 0 || st != lpOptimal {
			return
		}
		// the bound they reach holds globally; the rows wait for the tree
		lp2 := s.treeLP(s.cuts[:ncut])
		if lp2.solve() != lpOptimal {
			lp2.release()
			return
		}
		z := math.Min(s.lp.objective(), s.lp.safeBound()) * s.md.cscale
		s.lagBound = math.Max(s.lagBound, z)
		s.lp.release()
		s.lp = lp2
		if !s.hasInc || z-first >= lagRowShare*(float64(s.incObj)-first) {
			s.lagRows = append([]spRow(nil), s.cuts[ncut:]...)
		}
		s.cuts = s.cuts[:ncut]
	}()
	lambda := make([]float64, len(in.Demands))
	mu := make([]float64, len(in.Budgets))
	coef := make([][]float64, len(in.Sites)) // per site: L[o][q] over bySite[site] x Q
	bounds := make([]float64, len(in.Sites))
	plans := make([][][]int64, len(in.Sites))
	stall := 0
	for round := 0; round < lagCutRounds && ctx.Err() == nil; round++ {
		z := s.lp.objective() * s.md.cscale
		if s.pruneable(z) {
			break
		}
		s.couplingDuals(lambda, mu)
		dx := s.md.increments(s.lp.x)
		forEach(s.p.Threads, len(in.Sites), func(site int) {
			opts := s.bySite[site]
			c := make([]float64, len(opts)*Q)
			act := 0.0
			for k, o := range opts {
				for q := 0; q < Q; q++ {
					c[k*Q+q] = in.lagrangianCost(o, q, lambda, mu)
					act += c[k*Q+q] * dx[o*Q+q]
				}
			}
			coef[site] = c
			bounds[site], plans[site], _ = s.siteInt(ctx, site, lambda, mu, act)
		})
		if ctx.Err() != nil {
			break
		}
		s.offerSitePlans(plans)
		// the sites' values at these multipliers order the neighbourhood
		// search (siteGaps)
		vals := append([]float64(nil), bounds...)
		for site, v := range vals {
			if math.IsInf(v, -1) {
				vals[site] = 0
			}
		}
		s.lagMult, s.siteVal = append(append([]float64(nil), lambda...), mu...), vals
		var cuts []spRow
		for site, b := range bounds {
			if math.IsInf(b, -1) {
				continue
			}
			// only cuts the LP point violates by well over their margin
			c := s.siteCostCut(site, coef[site], b)
			act, norm := 0.0, math.Abs(c.rhs)
			for t, j := range c.idx {
				act += c.val[t] * s.lp.x[j]
				norm += math.Abs(c.val[t] * s.lp.x[j])
			}
			if act-c.rhs > 1e-8*norm {
				cuts = append(cuts, c)
			}
		}
		if len(cuts) == 0 {
			break
		}
		m0 := s.lp.m
		s.lp.addRows(cuts)
		s.cuts = append(s.cuts, cuts...)
		added += len(cuts)
		s.lp.iterCap = lagSolveCap
		st = s.lp.solve()
		s.lp.iterCap = 0
		if st == lpIterLimit {
			// a stalled re-solve: take this round's rows off again and
			// end the rounds with those before it
			lagTakeBacks.Add(1)
			s.cuts = s.cuts[:len(s.cuts)-len(cuts)]
			added -= len(cuts)
			if !s.lp.truncateRows(m0) {
				return lpIterLimit // the caller rebuilds the LP without any cut
			}
			if st = s.lp.solve(); st != lpOptimal {
				return st
			}
			break
		}
		if st != lpOptimal {
			return st // the caller rebuilds the LP without any cut
		}
		gain := s.lp.objective()*s.md.cscale - z
		if debugCuts {
			fmt.Printf("lagrangian round %d: %d cuts, LP %.1f at %v\n", round, len(cuts), z+gain, time.Now().Format("05.000"))
		}
		gap := math.Inf(1)
		if s.hasInc {
			gap = float64(s.incObj) - z
		}
		if gain < 1e-3*gap {
			if stall++; stall >= 3 {
				break
			}
		} else {
			stall = 0
		}
	}
	return lpOptimal
}

// couplingDuals reads the LP's duals of the demand rows (with their
// rounded twins, per unit of the racks' common divisor) and of the budget
// rows as Lagrange multipliers, in objective units per unit of the row.
func (s *search) couplingDuals(lambda, mu []float64) {
	md := s.md
	y := s.lp.duals()
	orig := func(i int) float64 { return math.Max(0, -y[i]*md.scale[i]*md.cscale) }
	for k, i := range md.demRow {
		lambda[k] = 0
		if i < 0 {
			continue
		}
		lambda[k] = orig(i)
		if g := md.demDiv[k]; g > 0 {
			// the rounded twin row (right after it) counts racks in units
			// of g GPUs
			lambda[k] += orig(i+1) / float64(g)
		}
	}
	for k, i := range md.budRow {
		mu[k] = orig(i)
	}
}

// siteCostCut is the row sum_k coef[k] d[k] >= b over the site's
// increments (coef laid out as bySite[site] x Q), written as a <= row in
// the model's columns and relaxed by a margin for rounding.
func (s *search) siteCostCut(site int, coef []float64, b float64) spRow {
	Q := s.in.Phases
	var r spRow
	mx := 0.0
	for _, v := range coef {
		mx = math.Max(mx, math.Abs(v))
	}
	for k, o := range s.bySite[site] {
		for q := 0; q < Q; q++ {
			v := coef[k*Q+q]
			if s.md.cum && q+1 < Q {
				// d[q] = X[q] - X[q-1]: X[q] carries L[q] - L[q+1]
				v -= coef[k*Q+q+1]
			}
			if v != 0 && s.md.up[o*Q+q] > 0 {
				r.idx = append(r.idx, o*Q+q)
				r.val = append(r.val, -v/mx)
			}
		}
	}
	r.rhs = -b/mx + 1e-9*(1+math.Abs(b/mx))
	return r
}
