package solver

import (
	"fmt"
	"math"
)

// dominated reports, per option, whether another option at the same site
// dominates it: an option a dominates b when a has no Max of its own and,
// componentwise, uses no more of any resource, contributes at least as much
// to every class, and costs and spends (Capex) no more in every phase. Then
// every plan can move b's racks to a, phase by phase, and stay feasible
// (site, demand, budget and cluster rows all keep their side; a's implied
// bound is at least b's) at no higher cost: fixing b at zero loses no optimum.
// Options equal in every figure are ranked by index (the first is kept), so
// the kept options dominate every dropped one and none is dropped twice
// over. Penalty (shortfall) columns are never touched.
//
// Catalogs have such pairs (two system names with the same rack figures,
// one dearer); left in, they multiply equivalent branches of the tree: on
// a two-site scenario whose first ROFR stage falls 8,192 GPUs short,
// dropping one duplicate took the proof from over 10 s (unproved) to 1.9 s.
func dominated(in *Instance, ub [][]int64) []bool {
	drop := make([]bool, len(in.Options))
	bySite := make([][]int, len(in.Sites))
	for o, op := range in.Options {
		if !op.Penalty && op.Site >= 0 && op.Site < len(in.Sites) {
			bySite[op.Site] = append(bySite[op.Site], o)
		}
	}
	Q := in.Phases
	for _, opts := range bySite {
		for _, b := range opts {
			if ub[b][Q-1] == 0 {
				continue // nothing to drop
			}
			for _, a := range opts {
				if a != b && !drop[a] && dominates(in, a, b) {
					drop[b] = true
					break
				}
			}
		}
	}
	return drop
}

// dropDominated fixes the dominated options of in at zero in ub.
func dropDominated(in *Instance, ub [][]int64) {
	for o, d := range dominated(in, ub) {
		if d {
			clear(ub[o])
		}
	}
}

// dominates reports whether option a dominates option b (see dominated);
// on a tie in every figure the lower index dominates.
func dominates(in *Instance, a, b int) bool {
	oa, ob := &in.Options[a], &in.Options[b]
	if oa.Max > 0 {
		return false
	}
	strict := false
	le := func(x, y int64) bool { // x is no worse than y when smaller
		strict = strict || x < y
		return x <= y
	}
	for r := range oa.Use {
		if !le(oa.Use[r], ob.Use[r]) {
			return false
		}
	}
	for k := range oa.Contrib {
		if !le(-oa.Contrib[k], -ob.Contrib[k]) {
			return false
		}
	}
	for q := range oa.Cost {
		if !le(oa.Cost[q], ob.Cost[q]) {
			return false
		}
	}
	capex := func(op *Option, q int) int64 {
		if op.Capex == nil {
			return 0
		}
		return op.Capex[q]
	}
	for q := 0; q < in.Phases; q++ {
		if !le(capex(oa, q), capex(ob, q)) {
			return false
		}
	}
	return strict || a < b
}

// penaltyFloor bounds the shortfall a plan cannot avoid. When the instance
// has Penalty (shortfall) columns, each with one cost in every phase (so
// that a plan pays Cost x X[o][Q-1] for it), it solves the same instance
// with every rack free, the coverage problem: its bound B (its optimum when
// proved) is a lower bound on the penalty any plan pays, so
//
//	sum_{o penalty} (Cost_o/g) X[o][Q-1] >= ceil(B/g),  g = gcd of the costs,
//
// is valid for every plan. Without it the LP meets demand with fractions of
// racks the integers cannot place and charges the difference at the penalty,
// so every node bound sits a few penalised units below the plans and the
// tree can hardly close the gap. The tree adds the row once its root is
// done (floorAt).
// On the minimal scenario with 40,000 GPUs in 2027, whose first ROFR stage
// declines 8,192: 70,821 nodes and 0.9 s to prove without it, 256 nodes and
// 0.17 s with it (CBC: 508 nodes, 0.11 s); with 60,000 GPUs: not proved in
// 10 s (gap 0.5), then 329 nodes and 0.14 s. The coverage plan is offered
// as a start plan. It returns the row in the model's columns, or nil.
func (s *search) penaltyFloor() *spRow {
	in := s.in
	Q := in.Phases
	if s.hasInc && s.incRef == s.incObj {
		return nil // the start plan is short of nothing
	}
	var g int64
	cov := *in
	cov.Options = make([]Option, len(in.Options))
	for o, op := range in.Options {
		cov.Options[o] = op
		if !op.Penalty {
			cov.Options[o].Cost = make([]int64, Q)
			continue
		}
		for _, c := range op.Cost {
			if c != op.Cost[0] || c <= 0 {
				return nil
			}
		}
		if s.ub[o][Q-1] > 0 {
			g = gcd(g, op.Cost[0])
		}
	}
	if g == 0 {
		return nil
	}
	cs := newSearch(s.ctx, &cov, Params{RelGap: 1e-9, Threads: s.p.Threads, MaxNodes: 20000})
	cs.noFloor = true
	cs.maxEffort = floorEffort
	for o := range cs.ub {
		copy(cs.ub[o], s.ub[o])
	}
	dropDominated(&cov, cs.ub)
	res := cs.run()
	s.effort += cs.effort
	if debugCuts {
		fmt.Printf("penalty floor: %v, bound %.1f, plan %d, %d nodes\n", res.Status, res.Bound, res.Objective, res.Nodes)
	}
	if res.X != nil {
		s.offer(res.X, res.ClusterSite)
	}
	b := res.Bound
	if res.Status == Optimal {
		b = float64(res.Objective)
	} else {
		b -= 1e-9*math.Abs(b) + 1 // float rounding of the dual bound
	}
	if math.IsInf(b, 0) || math.IsNaN(b) || b <= 0 {
		return nil
	}
	need := (int64(math.Ceil(b)) + g - 1) / g
	row := &spRow{rhs: -float64(need)}
	for o, op := range in.Options {
		if !op.Penalty || s.ub[o][Q-1] == 0 {
			continue
		}
		v := -float64(op.Cost[0] / g)
		if s.md.cum || Q == 1 {
			row.idx = append(row.idx, o*Q+Q-1)
			row.val = append(row.val, v)
			continue
		}
		for q := 0; q < Q; q++ {
			row.idx = append(row.idx, o*Q+q)
			row.val = append(row.val, v)
		}
	}
	// Scale the row like the model's (largest coefficient 1). Penalties
	// with a small gcd (a cluster's beside the demand rows') left
	// coefficients near 6e8 and a slack range of 1.7e13, whose tiny
	// tableau entries the ratio test skips but the Farkas check counts:
	// a 5x8x3 ROFR stage then ended most node LPs unsolved.
	mx := 0.0
	for _, v := range row.val {
		mx = math.Max(mx, -v)
	}
	if mx > 1 {
		for i := range row.val {
			row.val[i] /= mx
		}
		row.rhs /= mx
	}
	return row
}
