package solver

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
