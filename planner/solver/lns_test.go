package solver

import (
	"context"
	"testing"
	"time"
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
		s.lns(time.Time{}, 4, 0, false)
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
