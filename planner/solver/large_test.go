package solver

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestLargePathIsValid forces the path used for instances too large for the
// dense LP (greedy plan + Lagrangian bound) on small instances and checks it
// against brute force: the plan passes Check, the bound never exceeds the
// optimum, and Optimal is only claimed when it is true.
func TestLargePathIsValid(t *testing.T) {
	saved := maxDense
	maxDense = 0
	defer func() { maxDense = saved }()
	n := 150
	if testing.Short() {
		n = 40
	}
	for i := 0; i < n; i++ {
		t.Run(fmt.Sprintf("seed=%d", i), func(t *testing.T) {
			in := tinyInstance(int64(i))
			best, _, feas := bruteForce(t, in)
			res, err := Solve(context.Background(), in, Params{TimeLimit: 10 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			if res.X != nil {
				if err := Check(in, res.X); err != nil {
					t.Fatalf("plan fails Check: %v", err)
				}
			}
			if !feas {
				if res.Status == Optimal || res.Status == Feasible {
					t.Fatalf("infeasible instance reported %v", res.Status)
				}
				return
			}
			if res.Bound > float64(best)+1e-6*(1+abs64(best)) {
				t.Fatalf("bound %.6f above the optimum %d", res.Bound, best)
			}
			if res.X != nil && res.Objective < best {
				t.Fatalf("objective %d below the optimum %d", res.Objective, best)
			}
			if res.Status == Optimal && res.Objective != best {
				t.Fatalf("claims optimal %d, brute force %d", res.Objective, best)
			}
		})
	}
	// medium generated instances (12 sites: the LNS runs on windows of 8):
	// the bound must not exceed the dense path's plan
	for i := int64(0); i < 3; i++ {
		in := Generate(12, 6, 2, 300+i)
		maxDense = saved
		ref, err := Solve(context.Background(), in, Params{TimeLimit: 5 * time.Second})
		maxDense = 0
		if err != nil {
			t.Fatal(err)
		}
		res, err := Solve(context.Background(), in, Params{TimeLimit: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		if ref.X != nil && res.Bound > float64(ref.Objective)+1e-6*abs64(ref.Objective) {
			t.Fatalf("%s: Lagrangian bound %.1f above a feasible plan's cost %d", in.Name, res.Bound, ref.Objective)
		}
		if ref.Status == Optimal && res.X != nil && res.Objective < ref.Objective {
			t.Fatalf("%s: plan %d below the proved optimum %d", in.Name, res.Objective, ref.Objective)
		}
		t.Logf("%s: dense %v %d (bound %.1f); large path %v %d bound %.1f gap %.3g", in.Name, ref.Status, ref.Objective, ref.Bound, res.Status, res.Objective, res.Bound, res.Gap)
	}
}

func abs64(v int64) float64 {
	if v < 0 {
		return float64(-v)
	}
	return float64(v)
}

func TestLargePathThreadsDoNotChangeTheAnswer(t *testing.T) {
	saved := maxDense
	maxDense = 0
	defer func() { maxDense = saved }()
	in := Generate(10, 6, 3, 8) // 10 sites: the LNS runs on windows of 8
	var first *Result
	for _, th := range []int{1, 2, 3} {
		res, err := Solve(context.Background(), in, Params{Threads: th})
		if err != nil {
			t.Fatal(err)
		}
		res.Elapsed = 0
		if first == nil {
			first = res
			continue
		}
		if res.Status != first.Status || res.Objective != first.Objective || res.Bound != first.Bound {
			t.Fatalf("threads=%d: %v %d %.6f, threads=1: %v %d %.6f", th, res.Status, res.Objective, res.Bound, first.Status, first.Objective, first.Bound)
		}
	}
}
