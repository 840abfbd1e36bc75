package solver

import (
	"context"
	"testing"
)

// The neighbourhood search runs on models with clusters: a window re-solves
// the clusters the incumbent puts in its sites (they may move within it)
// and leaves the others where they are. On generated 10x5x2 models with two
// clusters (40% and 30% of the GPUs the busiest site holds in a plan without
// them), one node-bounded sweep of windows of 4 sites must keep every plan
// valid, clusters included, and improve some of them (before, models with
// clusters skipped the search).
func TestLNSWithClusters(t *testing.T) {
	improved, tested := 0, 0
	for seed := int64(1); seed <= 4; seed++ {
		base := Generate(10, 5, 2, seed)
		s0 := newSearch(context.Background(), base, Params{Threads: 1})
		s0.heuristic(nil, nil)
		if !s0.hasInc {
			continue
		}
		most := int64(0) // GPUs (class 0) of the busiest site, last phase
		Q := base.Phases
		for st := range base.Sites {
			n := int64(0)
			for _, o := range s0.bySite[st] {
				n += base.Options[o].Contrib[0] * s0.inc[o][Q-1]
			}
			most = max(most, n)
		}
		in := *base
		in.Clusters = []Cluster{
			{Name: "c1", Class: 0, Phase: Q - 1, Size: most * 4 / 10},
			{Name: "c2", Class: 0, Phase: 0, Size: most * 3 / 10},
		}
		s := newSearch(context.Background(), &in, Params{Threads: 1})
		s.heuristic(nil, nil)
		if !s.hasInc {
			continue
		}
		tested++
		before := s.incObj
		s.lns(4, 2, false)
		if s.incObj > before {
			t.Fatalf("seed %d: the search made the plan dearer", seed)
		}
		if err := Check(&in, s.inc); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if err := CheckAssignment(&in, s.inc, s.incSite); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if s.incObj < before {
			improved++
		}
	}
	if tested < 3 || improved == 0 {
		t.Fatalf("%d models with clusters, %d improved", tested, improved)
	}
	t.Logf("%d models with clusters, %d improved", tested, improved)
}

// A ROFR stage whose providers are offered nothing (the first one took all
// the demand) is a model without demand classes. The neighbourhood search
// ordered its sites by cost per unit of demand class 0 and panicked (index
// out of range) on dcplan generate 100x50x16 with a third of its sites
// given to a second provider. The optimum is the empty plan, on both
// routes.
func TestLNSWithoutDemandClasses(t *testing.T) {
	in := Generate(20, 4, 2, 1)
	in.Classes, in.Demands, in.Budgets, in.Clusters = nil, nil, nil, nil
	for o := range in.Options {
		in.Options[o].Contrib = []int64{}
		in.Options[o].Capex = nil
	}
	for _, m := range []Method{Auto, Decompose} {
		res, err := Solve(context.Background(), in, Params{Threads: 1, Method: m})
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != Optimal || res.Objective != 0 {
			t.Fatalf("method %v: status %v objective %d, want the empty plan proved optimal", m, res.Status, res.Objective)
		}
		if err := Check(in, res.X); err != nil {
			t.Fatal(err)
		}
	}
}
