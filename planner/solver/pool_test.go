package solver

import (
	"slices"
	"testing"
)

// TestMostViolatedAndTakeRows: the rows a point violates come most violated
// (by distance) first, at most n, and takeRows splits the rows without
// losing or repeating one.
func TestMostViolatedAndTakeRows(t *testing.T) {
	x := []float64{1, 2, 3}
	rows := []spRow{
		{idx: []int{0}, val: []float64{1}, rhs: 0.5},        // violated by 0.5
		{idx: []int{1}, val: []float64{1}, rhs: 5},          // satisfied
		{idx: []int{2}, val: []float64{2}, rhs: 2},          // 6 - 2 = 4 over norm 2: 2
		{idx: []int{0, 1}, val: []float64{3, 4}, rhs: 1},    // 11 - 1 = 10 over norm 5: 2 (tie: lower index first)
		{idx: []int{1}, val: []float64{1}, rhs: 2 - 1e-12},  // within tolerance
		{idx: []int{0, 2}, val: []float64{1, 1}, rhs: 3.99}, // 0.01 over sqrt 2
	}
	got := mostViolated(rows, x, 10)
	if want := []int{2, 3, 0, 5}; !slices.Equal(got, want) {
		t.Fatalf("most violated %v, want %v", got, want)
	}
	if got := mostViolated(rows, x, 2); !slices.Equal(got, []int{2, 3}) {
		t.Fatalf("at most 2: %v", got)
	}
	taken, rest := takeRows(rows, []int{3, 0})
	if len(taken) != 2 || taken[0].rhs != 1 || taken[1].rhs != 0.5 {
		t.Fatalf("taken %v", taken)
	}
	if len(rest) != 4 || rest[0].rhs != 5 || rest[1].rhs != 2 || rest[3].rhs != 3.99 {
		t.Fatalf("rest %v", rest)
	}
}

// objectiveUnit is the gcd of the costs of the columns that may be nonzero,
// and latticeBound raises a bound to the incumbent less whole units.
func TestObjectiveUnitAndLatticeBound(t *testing.T) {
	in := &Instance{Phases: 2, Options: []Option{
		{Cost: []int64{3000, 4500}},
		{Cost: []int64{-1500, 0}},
		{Cost: []int64{7, 7}}, // fixed at zero: its cost cannot move the objective
	}}
	ub := [][]int64{{5, 5}, {2, 2}, {0, 0}}
	if u := objectiveUnit(in, ub); u != 1500 {
		t.Fatalf("unit %d, want 1500", u)
	}
	ub[2] = []int64{0, 1}
	if u := objectiveUnit(in, ub); u != 1 {
		t.Fatalf("unit %d with the 7s free, want 1", u)
	}
	s := &search{unit: 1500}
	for _, c := range []struct{ bound, inc, want float64 }{
		{10000, 12000, 10500}, // plans better than 12000 cost 10500, 9000, ...
		{10500, 12000, 10500},
		{11999, 12000, 12000}, // nothing better by a whole unit: proved
		{12000, 12000, 12000},
		{10500 - 1e-7, 12000, 10500}, // float noise below a lattice point
	} {
		if got := s.latticeBound(c.bound, c.inc); got != c.want {
			t.Errorf("latticeBound(%g, %g) = %g, want %g", c.bound, c.inc, got, c.want)
		}
	}
	// on a large objective the tolerance exceeds the unit: never lower
	s.unit = 8
	if got := s.latticeBound(274228198623.99997, 274228198624); got < 274228198623.99997 {
		t.Errorf("latticeBound lowered a bound 3e-5 below the plan to %.5f", got)
	}
	s.unit = 1
	if got := s.latticeBound(10000.5, 12000); got != 10000.5 {
		t.Errorf("unit 1 moved the bound to %g", got)
	}
}
