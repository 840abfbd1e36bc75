package solver

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func smallInstance() *Instance {
	return &Instance{
		Name:      "small",
		Phases:    2,
		Resources: []string{"power_w", "positions"},
		Classes:   []string{"gpus"},
		Sites: []Site{
			{Name: "a", Cap: [][]int64{{100, 3}, {200, 5}}},
			{Name: "b", Cap: [][]int64{{0, -1}, {150, -1}}},
		},
		Options: []Option{
			{Name: "a/x", Site: 0, Use: []int64{40, 1}, Contrib: []int64{8}, Cost: []int64{100, 90}, Capex: []int64{10, 9}},
			{Name: "a/y", Site: 0, Use: []int64{30, 1}, Contrib: []int64{4}, Cost: []int64{60, 50}, Capex: []int64{6, 5}, Max: 2},
			{Name: "b/x", Site: 1, Use: []int64{50, 0}, Contrib: []int64{8}, Cost: []int64{95, 80}, Capex: []int64{9, 8}},
		},
		Demands:  []Demand{{Class: 0, Phase: 0, Min: 12}, {Class: 0, Phase: 1, Min: 30}},
		Budgets:  []Budget{{Phase: 1, Max: 40}},
		Clusters: []Cluster{{Name: "train", Class: 0, Phase: 1, Size: 16}},
	}
}

func TestSolveSmall(t *testing.T) {
	in := smallInstance()
	res, err := Solve(context.Background(), in, Params{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != Optimal {
		t.Fatalf("status %v", res.Status)
	}
	if err := Check(in, res.X); err != nil {
		t.Fatal(err)
	}
	if err := CheckAssignment(in, res.X, res.ClusterSite); err != nil {
		t.Fatal(err)
	}
	if len(res.SiteDual) != 2 || len(res.DemandDual) != 2 {
		t.Fatalf("duals missing: %v %v", res.SiteDual, res.DemandDual)
	}
	for _, d := range res.DemandDual {
		if d < 0 {
			t.Fatalf("negative demand dual %v", res.DemandDual)
		}
	}
}

func TestCheckReportsEveryViolatedRow(t *testing.T) {
	in := smallInstance()
	in.Budgets[0].Max = 10
	X := [][]int64{{3, 2}, {3, 3}, {1, 4}} // many violations
	err := Check(in, X)
	if err == nil {
		t.Fatal("Check accepted a bad plan")
	}
	for _, want := range []string{
		"option 0 (a/x) phase 1: X=2 < X[prev]=3",
		"option 1 (a/y) phase 0: X=3 > Max=2",
		"site 0 (a) phase 0 resource power_w",
		"site 0 (a) phase 0 resource positions",
		"site 1 (b) phase 0 resource power_w",
		"site 1 (b) phase 1 resource power_w",
		"budget 0 (phase 1)",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, err)
		}
	}
}

func TestValidateRejects(t *testing.T) {
	tests := []struct {
		name string
		edit func(in *Instance)
		want string
	}{
		{"unbounded option", func(in *Instance) { in.Sites[1].Cap[1][0] = -1 }, "unbounded"},
		{"negative use", func(in *Instance) { in.Options[0].Use[0] = -1 }, "negative use"},
		{"bad site", func(in *Instance) { in.Options[0].Site = 7 }, "site 7 out of range"},
		{"cost length", func(in *Instance) { in.Options[0].Cost = []int64{1} }, "1 costs, want 2"},
		{"demand phase", func(in *Instance) { in.Demands[0].Phase = 2 }, "out of range"},
		{"cluster size", func(in *Instance) { in.Clusters[0].Size = 0 }, "size 0"},
		{"no phases", func(in *Instance) { in.Phases = 0 }, "Phases = 0"},
		{"capex missing with budgets", func(in *Instance) { in.Options[2].Capex = nil }, "0 capex values"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := smallInstance()
			tc.edit(in)
			err := in.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate() = %v, want error containing %q", err, tc.want)
			}
		})
	}
	if err := smallInstance().Validate(); err != nil {
		t.Fatalf("valid instance rejected: %v", err)
	}
}

func TestInfeasibleExplained(t *testing.T) {
	in := smallInstance()
	in.Demands[1].Min = 1000
	res, err := Solve(context.Background(), in, Params{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != Infeasible || res.Infeasible == nil {
		t.Fatalf("status %v, explanation %v", res.Status, res.Infeasible)
	}
	if len(res.Infeasible.Short) != 1 || res.Infeasible.Short[0].Demand != 1 {
		t.Fatalf("short rows %+v", res.Infeasible.Short)
	}
	if len(res.Infeasible.Binding) == 0 {
		t.Fatalf("no binding site rows")
	}
}

func TestGenerateReproducible(t *testing.T) {
	a, b := Generate(4, 12, 3, 42), Generate(4, 12, 3, 42)
	if d := cmp.Diff(a, b); d != "" {
		t.Fatalf("Generate not reproducible (-a +b):\n%s", d)
	}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	if c := Generate(4, 12, 3, 43); cmp.Equal(a, c) {
		t.Fatal("different seeds gave the same instance")
	}
	res, err := Solve(context.Background(), a, Params{TimeLimit: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != Optimal && res.Status != Feasible {
		t.Fatalf("generated instance: status %v", res.Status)
	}
}

func TestThreadsDoNotChangeTheAnswer(t *testing.T) {
	for _, in := range []*Instance{Generate(3, 10, 2, 5), smallInstance(), tinyInstance(17)} {
		var got []*Result
		for _, th := range []int{1, 2, 4} {
			res, err := Solve(context.Background(), in, Params{Threads: th, MaxNodes: 2000})
			if err != nil {
				t.Fatal(err)
			}
			res.Elapsed = 0
			got = append(got, res)
		}
		for i := 1; i < len(got); i++ {
			if d := cmp.Diff(got[0], got[i]); d != "" {
				t.Fatalf("%s: answer depends on Threads:\n%s", in.Name, d)
			}
		}
	}
}

func TestPrimitives(t *testing.T) {
	use := []int64{ // 2 resources x 3 options, resource-major
		10, 20, 30,
		1, 1, 2,
	}
	caps := []int64{100, 5}
	if !SiteFits(use, 3, []int64{1, 1, 1}, caps) {
		t.Fatal("1,1,1 should fit")
	}
	if SiteFits(use, 3, []int64{1, 1, 2}, caps) {
		t.Fatal("1,1,2 should not fit (positions)")
	}
	load := make([]int64, 2)
	SiteLoad(use, 3, []int64{1, 1, 2}, load)
	if d := cmp.Diff([]int64{90, 6}, load); d != "" {
		t.Fatal(d)
	}
	load = []int64{90, 4}
	if TryAdd(load, []int64{20, 1}, caps, 1) {
		t.Fatal("TryAdd accepted an overflowing rack")
	}
	if !TryAdd(load, []int64{10, 1}, caps, 1) || load[0] != 100 || load[1] != 5 {
		t.Fatalf("TryAdd: %v", load)
	}
	if got := MaxAdd([]int64{0, 0}, []int64{30, 2}, caps, 99); got != 2 {
		t.Fatalf("MaxAdd = %d, want 2", got)
	}
}

// TryAdd adds as it checks and takes the added part back when a later
// limit fails: on random loads, uses and caps (some unlimited) it must agree
// with FitsAdd and leave load unchanged when it refuses.
func TestTryAddTakesBack(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	refused := 0
	for it := 0; it < 20000; it++ {
		R := 1 + rng.IntN(6)
		load, u, caps := make([]int64, R), make([]int64, R), make([]int64, R)
		for r := range caps {
			caps[r] = int64(rng.IntN(100))
			if rng.IntN(5) == 0 {
				caps[r] = -1
			}
			load[r] = int64(rng.IntN(100))
			u[r] = int64(rng.IntN(20))
		}
		k := int64(rng.IntN(6) - 2)
		before := append([]int64(nil), load...)
		fits := FitsAdd(load, u, caps, k)
		got := TryAdd(load, u, caps, k)
		if got != fits {
			t.Fatalf("load %v use %v caps %v k %d: TryAdd %v, FitsAdd %v", before, u, caps, k, got, fits)
		}
		for r := range load {
			want := before[r]
			if got {
				want += k * u[r]
			}
			if load[r] != want {
				t.Fatalf("load %v use %v caps %v k %d (TryAdd %v): load became %v", before, u, caps, k, got, load)
			}
		}
		if !got && R > 1 {
			refused++
		}
	}
	if refused == 0 {
		t.Fatal("no refusal exercised")
	}
}

// Every solve on the tree's LP, the root's included, ends when the search's
// context does (lpStopped): a root LP that stalled once ran minutes past a
// 20 s limit (solver.Generate 100x50x1 seed 2, in the re-solve after the
// Lagrangian cuts), because only the node solves polled the context. With
// the context already done the root LP stops within its first poll.
func TestTreeLPStopsWithTheSearch(t *testing.T) {
	in := Generate(40, 50, 1, 1) // its root LP takes over a hundred iterations
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := newSearch(ctx, in, Params{Threads: 1})
	s.md = buildModel(in, s.ub)
	lp := s.treeLP(nil)
	if st := lp.solve(); st != lpStopped || lp.iters >= 32 {
		t.Fatalf("root LP with the search's context done: %v after %d iterations, want stopped within 32", st, lp.iters)
	}
	// Solve under a context that is already done still returns a valid
	// answer: a plan that passes Check (the greedy one) and no proof
	res, err := Solve(ctx, in, Params{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.X == nil || Check(in, res.X) != nil {
		t.Fatalf("no valid plan with the context done: %v", res.Status)
	}
	if res.Status == Optimal && res.Gap > 1e-9 {
		t.Fatalf("optimal claimed with gap %g", res.Gap)
	}
}

// Strong branching stops trying candidates once the search is over: each
// candidate's LP would stop within 32 pivots anyway, but each restore copies
// the tableau (generated 50x30x8 seed 3 ran 1.4 s past a 5 s limit in them).
// With the context done after the root LP, chooseBranch must not pivot and
// must still name a fractional column; with it live, it runs its candidates.
func TestStrongBranchingStopsWithTheSearch(t *testing.T) {
	in := Generate(40, 50, 1, 1)
	for _, done := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		s := newSearch(ctx, in, Params{Threads: 1})
		s.md = buildModel(in, s.ub)
		s.lp = s.treeLP(nil)
		if st := s.lp.solve(); st != lpOptimal {
			t.Fatalf("root LP: %v", st)
		}
		s.pc = newPseudocosts(len(s.md.colIdx))
		if done {
			cancel()
		}
		before := s.lp.iters
		ch := s.chooseBranch(s.lp.objective(), 0)
		cancel()
		if ch.j < 0 {
			t.Fatalf("done %v: no branching column", done)
		}
		if f := s.lp.x[ch.j] - math.Floor(s.lp.x[ch.j]); f < 1e-6 || f > 1-1e-6 {
			t.Fatalf("done %v: column %d is not fractional (%v)", done, ch.j, s.lp.x[ch.j])
		}
		pivots := s.lp.iters - before
		if done && pivots != 0 {
			t.Fatalf("strong branching pivoted %d times with the search over", pivots)
		}
		if !done && pivots == 0 {
			t.Fatalf("strong branching tried no candidate with the search live")
		}
	}
}
