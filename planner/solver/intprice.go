package solver

import (
	"context"
	"fmt"
	"math"
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
// siteIntNodes nodes; sites the deadline does not reach keep their LP
// value), both valid. Where the coupling rows do not bind (multipliers
// zero) this is the optimum itself, which a branch and bound over all sites
// at once reaches only through the product of the sites' trees. The sites'
// integer plans, put together and repaired, are offered as a plan. It
// returns -Inf when the deadline cuts the LP pricing short.
func (s *search) integerBound(mult []float64, deadline time.Time) float64 {
	in := s.in
	Q := in.Phases
	lambda, mu := mult[:len(in.Demands)], mult[len(in.Demands):]
	ctx := s.ctx
	if !deadline.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(s.ctx, deadline)
		defer cancel()
	}
	vals := make([]float64, len(in.Sites))
	plans := make([][][]int64, len(in.Sites))
	// the sites' LP values at these multipliers (with their cuts), then
	// their integer programs while the deadline allows
	forEach(s.p.Threads, len(in.Sites), func(site int) {
		ss := s.subs[site]
		s.price(ss, lambda, mu)
		vals[site] = ss.z
	})
	if ctx.Err() != nil {
		return math.Inf(-1)
	}
	forEach(s.p.Threads, len(in.Sites), func(site int) {
		if ctx.Err() == nil {
			var b float64
			b, plans[site] = s.siteInt(ctx, site, lambda, mu, vals[site])
			vals[site] = math.Max(vals[site], b)
		}
	})
	s.lagMult, s.siteVal = mult, vals
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
	// the sites' plans as one (increments), repaired where coupling rows fail
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
	s.heuristic(d, nil)
	return L
}

// siteInt solves one site's integer subproblem (siteIntInstance; lp is its
// LP value), to within the site's share of the search's gap, and returns
// its bound (-Inf when none) and its plan (nil when none), with one
// row per option of the site not fixed at zero.
func (s *search) siteInt(ctx context.Context, site int, lambda, mu []float64, lp float64) (float64, [][]int64) {
	sub := s.siteIntInstance(site, lambda, mu)
	if len(sub.Options) == 0 {
		return math.Inf(-1), nil
	}
	// each site may stop within its share of the whole search's gap
	rel := 1e-12
	if s.hasInc {
		tol := s.p.RelGap * s.gapRef(float64(s.incObj)) / float64(len(s.in.Sites))
		rel = max(rel, tol/math.Max(1, math.Abs(lp)))
	}
	bs := newSearch(ctx, sub, Params{RelGap: rel, Threads: 1, MaxNodes: siteIntNodes})
	bs.forceDense = true
	dropDominated(sub, bs.ub)
	res := bs.run()
	if debugCuts {
		fmt.Printf("site %d: %v bound %.1f plan %d, %d nodes\n", site, res.Status, res.Bound, res.Objective, res.Nodes)
	}
	b := res.Bound
	if math.IsNaN(b) || math.IsInf(b, 1) {
		b = math.Inf(-1)
	}
	return b, res.X
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
