package solver

import (
	"context"
	"testing"
)

// At a site full of rack positions, the repair cannot add racks: it must
// replace low-density racks by denser ones (an exchange), at least cost per
// unit gained, and keep the earlier phase's demand met.
func TestRepairExchangesAtFullSites(t *testing.T) {
	in := &Instance{
		Name:      "full",
		Phases:    2,
		Resources: []string{"power_w", "positions"},
		Classes:   []string{"gpus"},
		Sites:     []Site{{Name: "s", Cap: [][]int64{{-1, 10}, {-1, 10}}}},
		Options: []Option{
			{Name: "s/sparse", Site: 0, Use: []int64{10, 1}, Contrib: []int64{8}, Cost: []int64{80, 70}},
			{Name: "s/dense", Site: 0, Use: []int64{100, 1}, Contrib: []int64{72}, Cost: []int64{900, 800}},
			{Name: "s/wide", Site: 0, Use: []int64{100, 2}, Contrib: []int64{72}, Cost: []int64{500, 400}},
		},
		Demands: []Demand{{Class: 0, Phase: 0, Min: 80}, {Class: 0, Phase: 1, Min: 200}},
	}
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	s := newSearch(context.Background(), in, Params{})
	// ten sparse racks from phase 0: the site is full, 80 GPUs
	s.pl.setX([][]int64{{10, 10}, {0, 0}, {0, 0}})
	if !s.pl.repair(nil) {
		t.Fatal("repair failed")
	}
	X := s.pl.clone()
	if err := Check(in, X); err != nil {
		t.Fatalf("repaired plan %v: %v", X, err)
	}
	if c := s.pl.cover[0][0]; c < 80 {
		t.Errorf("phase 0 cover %d < 80", c)
	}
	if c := s.pl.cover[0][1]; c < 200 {
		t.Errorf("phase 1 cover %d < 200", c)
	}
	// racks installed at phase 0 stay, so every exchange is made at phase
	// 0; the cheapest per GPU gained replaces two sparse racks (16 GPUs,
	// 160) by one wide rack (72 GPUs, 500): 6.1 per GPU, against
	// 820/64 = 12.8 for a dense rack
	if X[1][1] != 0 || X[2][0] == 0 || X[2][0] != X[2][1] {
		t.Errorf("plan %v: want wide racks installed at phase 0 and no dense one", X)
	}
}
