package solver

import (
	"context"
	"math"
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

// A row added inside the tree takes its slack bound from the root's column
// bounds: added while a node had fixed x0 = 0 and kept after the node's
// bound is lifted, it must not restrict the LP more than the row itself.
func TestRowsAddedInTheTreeStayValidElsewhere(t *testing.T) {
	in := &Instance{
		Name: "rows", Phases: 1, Resources: []string{"positions"}, Classes: []string{"gpus"},
		Sites: []Site{{Name: "s", Cap: [][]int64{{10}}}},
		Options: []Option{
			{Name: "s/a", Site: 0, Use: []int64{1}, Contrib: []int64{8}, Cost: []int64{-10}},
			{Name: "s/b", Site: 0, Use: []int64{1}, Contrib: []int64{8}, Cost: []int64{-1}},
		},
	}
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	row := []spRow{{idx: []int{0, 1}, val: []float64{-1, 1}, rhs: 5}} // x1 - x0 <= 5: slack at x0 = 10
	md := buildModel(in, in.upperBounds())
	root := md.newLP()
	root.addRows(row)
	if root.solve() != lpOptimal {
		t.Fatal("root LP not optimal")
	}
	want := root.objective()

	lp := md.newLP()
	rootLo := append([]float64(nil), lp.lo...)
	rootUp := append([]float64(nil), lp.up...)
	lp.setBounds(0, 0, 0) // a node with x0 fixed at 0
	if lp.solve() != lpOptimal {
		t.Fatal("node LP not optimal")
	}
	lp.addRowsIn(row, rootLo, rootUp)
	lp.setBounds(0, rootLo[0], rootUp[0]) // back at the root
	if lp.solve() != lpOptimal {
		t.Fatal("LP not optimal after lifting the node bound")
	}
	if got := lp.objective(); math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
		t.Errorf("objective %g after the row was added in a node, %g when added at the root", got, want)
	}
}
