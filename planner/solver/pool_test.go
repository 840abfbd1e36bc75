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
