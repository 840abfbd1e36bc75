package solver

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// tinyInstance draws a random tiny instance (1-3 sites, 1-3 options per
// site, 1-3 phases, small caps) from seed.
func tinyInstance(seed int64) *Instance {
	rng := rand.New(rand.NewPCG(uint64(seed), 77))
	Q := 1 + rng.IntN(3)
	R := 1 + rng.IntN(2)
	C := 1 + rng.IntN(2)
	S := 1 + rng.IntN(3)
	in := &Instance{Name: fmt.Sprintf("tiny-%d", seed), Phases: Q}
	for r := 0; r < R; r++ {
		in.Resources = append(in.Resources, fmt.Sprintf("r%d", r))
	}
	for k := 0; k < C; k++ {
		in.Classes = append(in.Classes, fmt.Sprintf("k%d", k))
	}
	for s := 0; s < S; s++ {
		st := Site{Name: fmt.Sprintf("s%d", s)}
		base := make([]int64, R)
		for r := range base {
			base[r] = int64(rng.IntN(8))
		}
		for q := 0; q < Q; q++ {
			row := make([]int64, R)
			for r := range row {
				switch {
				case rng.IntN(10) == 0:
					row[r] = -1
				default:
					row[r] = base[r] + int64(rng.IntN(4)) // not necessarily monotone
				}
			}
			st.Cap = append(st.Cap, row)
		}
		in.Sites = append(in.Sites, st)
		nopt := 1 + rng.IntN(3)
		if S == 3 && nopt == 3 {
			nopt = 2
		}
		for j := 0; j < nopt; j++ {
			op := Option{Name: fmt.Sprintf("o%d.%d", s, j), Site: s}
			for r := 0; r < R; r++ {
				op.Use = append(op.Use, int64(rng.IntN(4)))
			}
			for k := 0; k < C; k++ {
				op.Contrib = append(op.Contrib, int64(rng.IntN(5)))
			}
			for q := 0; q < Q; q++ {
				op.Cost = append(op.Cost, int64(rng.IntN(21))-4)
				op.Capex = append(op.Capex, int64(rng.IntN(5)))
			}
			if rng.IntN(3) == 0 {
				op.Max = 1 + int64(rng.IntN(3))
			}
			// make sure it is bounded
			bounded := op.Max > 0
			for r := 0; r < R; r++ {
				if op.Use[r] > 0 && st.Cap[Q-1][r] >= 0 {
					bounded = true
				}
			}
			if !bounded {
				op.Max = 1 + int64(rng.IntN(4))
			}
			in.Options = append(in.Options, op)
		}
	}
	nd := rng.IntN(4)
	for i := 0; i < nd; i++ {
		in.Demands = append(in.Demands, Demand{Class: rng.IntN(C), Phase: rng.IntN(Q), Min: int64(rng.IntN(12))})
	}
	if rng.IntN(3) == 0 {
		for q := 0; q < Q; q++ {
			if rng.IntN(2) == 0 {
				in.Budgets = append(in.Budgets, Budget{Phase: q, Max: int64(rng.IntN(15))})
			}
		}
	}
	if rng.IntN(3) == 0 {
		nc := 1 + rng.IntN(2)
		for c := 0; c < nc; c++ {
			in.Clusters = append(in.Clusters, Cluster{Name: fmt.Sprintf("c%d", c), Class: rng.IntN(C), Phase: rng.IntN(Q), Size: 1 + int64(rng.IntN(6))})
		}
	}
	return in
}

// bruteForce enumerates every plan of a tiny instance. It returns the best
// objective and whether any plan is feasible. It shares no code with the solver.
func bruteForce(t *testing.T, in *Instance) (best int64, X [][]int64, feasible bool) {
	return bruteForceSoft(t, in, 0)
}

// bruteForceSoft is bruteForce with soft demand rows when short > 0: a plan
// may miss a demand row and pays short per unit missing.
func bruteForceSoft(t *testing.T, in *Instance, short int64) (best int64, X [][]int64, feasible bool) {
	Q := in.Phases
	missing := func(cur [][]int64) (units int64) {
		for _, d := range in.Demands {
			var sum int64
			for o, op := range in.Options {
				sum += op.Contrib[d.Class] * cur[o][d.Phase]
			}
			units += max(0, d.Min-sum)
		}
		return units
	}
	// per-option range from Max and last-phase caps
	var seqs [][][]int64
	total := 1
	for _, op := range in.Options {
		lim := int64(1 << 40)
		if op.Max > 0 {
			lim = op.Max
		}
		for r, u := range op.Use {
			if c := in.Sites[op.Site].Cap[Q-1][r]; u > 0 && c >= 0 && c/u < lim {
				lim = c / u
			}
		}
		if lim > 12 {
			t.Fatalf("brute force range too large: %d", lim)
		}
		var all [][]int64
		var rec func(q int, lo int64, cur []int64)
		rec = func(q int, lo int64, cur []int64) {
			if q == Q {
				all = append(all, append([]int64(nil), cur...))
				return
			}
			for v := lo; v <= lim; v++ {
				rec(q+1, v, append(cur, v))
			}
		}
		rec(0, 0, nil)
		seqs = append(seqs, all)
		total *= len(all)
		if total > 3_000_000 {
			t.Skipf("instance too large for brute force (%d plans)", total)
		}
	}
	cur := make([][]int64, len(in.Options))
	ok := func() bool {
		for s, st := range in.Sites {
			for q := 0; q < Q; q++ {
				for r := range in.Resources {
					if st.Cap[q][r] < 0 {
						continue
					}
					var sum int64
					for o, op := range in.Options {
						if op.Site == s {
							sum += op.Use[r] * cur[o][q]
						}
					}
					if sum > st.Cap[q][r] {
						return false
					}
				}
			}
		}
		if short == 0 && missing(cur) > 0 {
			return false
		}
		for _, b := range in.Budgets {
			var sum int64
			for o, op := range in.Options {
				prev := int64(0)
				if b.Phase > 0 {
					prev = cur[o][b.Phase-1]
				}
				sum += op.Capex[b.Phase] * (cur[o][b.Phase] - prev)
			}
			if sum > b.Max {
				return false
			}
		}
		if len(in.Clusters) == 0 {
			return true
		}
		// enumerate assignments
		S := len(in.Sites)
		assign := make([]int, len(in.Clusters))
		for {
			good := true
			for s := 0; s < S && good; s++ {
				for k := range in.Classes {
					for q := 0; q < Q; q++ {
						var have, need int64
						for o, op := range in.Options {
							if op.Site == s {
								have += op.Contrib[k] * cur[o][q]
							}
						}
						for c, cl := range in.Clusters {
							if assign[c] == s && cl.Class == k && cl.Phase <= q {
								need += cl.Size
							}
						}
						if have < need {
							good = false
						}
					}
				}
			}
			if good {
				return true
			}
			i := 0
			for ; i < len(assign); i++ {
				assign[i]++
				if assign[i] < S {
					break
				}
				assign[i] = 0
			}
			if i == len(assign) {
				return false
			}
		}
	}
	var rec func(o int)
	rec = func(o int) {
		if o == len(in.Options) {
			if !ok() {
				return
			}
			z := short * missing(cur)
			for i, op := range in.Options {
				prev := int64(0)
				for q := 0; q < Q; q++ {
					z += op.Cost[q] * (cur[i][q] - prev)
					prev = cur[i][q]
				}
			}
			if !feasible || z < best {
				best, feasible = z, true
				X = make([][]int64, len(cur))
				for i := range cur {
					X[i] = append([]int64(nil), cur[i]...)
				}
			}
			return
		}
		for _, sq := range seqs[o] {
			cur[o] = sq
			rec(o + 1)
		}
	}
	rec(0)
	return best, X, feasible
}

// regressions are seeds that once failed (named rows).
var bruteRegressions = []struct {
	name string
	seed int64
}{
	// Root Gomory cuts were appended to the model's shared column slices;
	// rebuilding the LP after a numerical failure then indexed rows that no
	// longer existed (index out of range in newBoxLP).
	{"cut-rows-aliased-model-columns", 211},
}

func TestSolveMatchesBruteForce(t *testing.T) {
	type row struct {
		name string
		seed int64
	}
	var rows []row
	for _, r := range bruteRegressions {
		rows = append(rows, row{r.name, r.seed})
	}
	n := 400
	if testing.Short() {
		n = 60
	}
	for i := 0; i < n; i++ {
		rows = append(rows, row{fmt.Sprintf("seed=%d", i), int64(i)})
	}
	for _, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			in := tinyInstance(tc.seed)
			if err := in.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			best, bx, feas := bruteForce(t, in)
			if feas {
				if err := Check(in, bx); err != nil {
					t.Fatalf("brute-force optimum fails Check: %v", err)
				}
			}
			res, err := Solve(context.Background(), in, Params{TimeLimit: 20 * time.Second})
			if err != nil {
				t.Fatalf("Solve: %v", err)
			}
			if !feas {
				if res.Status != Infeasible {
					t.Fatalf("brute force: infeasible; Solve: %v obj %d", res.Status, res.Objective)
				}
				if res.Infeasible == nil {
					t.Fatalf("infeasible without explanation")
				}
				return
			}
			if res.Status != Optimal {
				t.Fatalf("status %v, want Optimal (brute force %d)", res.Status, best)
			}
			if res.Objective != best {
				t.Fatalf("objective %d, brute force %d (X=%v, brute X=%v)", res.Objective, best, res.X, bx)
			}
			if err := Check(in, res.X); err != nil {
				t.Fatalf("Check: %v", err)
			}
			if got := ObjectiveOf(in, res.X); got != res.Objective {
				t.Fatalf("reported objective %d, plan's %d", res.Objective, got)
			}
			if res.Bound > float64(res.Objective)+1e-6 {
				t.Fatalf("bound %g above objective %d", res.Bound, res.Objective)
			}
		})
	}
}
