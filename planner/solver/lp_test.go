package solver

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// gonumOptimum solves min c'x, A x <= b (the boxLP's structural rows), 0 <=
// x <= up with gonum's simplex in standard form (slacks for the rows and for
// the upper bounds). It shares no code with boxLP.
func gonumOptimum(t *testing.T, bl *boxLP) float64 {
	t.Helper()
	m, ns := bl.m, bl.ns
	rows, cols := m+ns, ns+m+ns
	A := mat.NewDense(rows, cols, nil)
	b := make([]float64, rows)
	c := make([]float64, cols)
	for j := 0; j < ns; j++ {
		if bl.lo[j] != 0 {
			t.Fatalf("column %d: lower bound %g, the reference takes 0", j, bl.lo[j])
		}
		for k, i := range bl.colIdx[j] {
			A.Set(int(i), j, bl.colVal[j][k])
		}
		c[j] = bl.c[j]
		A.Set(m+j, j, 1)
		A.Set(m+j, ns+m+j, 1)
		b[m+j] = bl.up[j]
	}
	for i := 0; i < m; i++ {
		A.Set(i, ns+i, 1)
		b[i] = bl.b[i]
	}
	z, _, err := lp.Simplex(c, A, b, 1e-10, nil)
	if err != nil {
		t.Fatalf("gonum simplex: %v", err)
	}
	return z
}

// TestLPMatchesGonumSimplex: the revised dual simplex (B^{-1} updated by
// pivots, the pivot row priced column-wise or, with keepRows, row-wise) must
// reach gonum's optimum on random LPs through a sequence of warm restarts:
// the first solve, rows added, bounds tightened and relaxed again, and a
// rebuild of B^{-1} from its LU factorisation.
func TestLPMatchesGonumSimplex(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 4))
	for trial := 0; trial < 120; trial++ {
		m, n := 2+r.IntN(6), 3+r.IntN(12)
		seed := r.Uint64()
		extra := randomRows(rand.New(rand.NewPCG(seed, 2)), 1+r.IntN(3), n)
		for _, rowwise := range []bool{false, true} {
			bl := randomLP(rand.New(rand.NewPCG(seed, 1)), m, n)
			bl.keepRows = rowwise
			check := func(step string) {
				t.Helper()
				if st := bl.solve(); st != lpOptimal {
					t.Fatalf("trial %d (row-wise %v), %s: status %d", trial, rowwise, step, st)
				}
				want := gonumOptimum(t, bl)
				if got := bl.objective(); math.Abs(got-want) > 1e-7*(1+math.Abs(want)) {
					t.Fatalf("trial %d (row-wise %v), %s: objective %.10g, gonum %.10g", trial, rowwise, step, got, want)
				}
				if v := bl.maxViolation(); v > 0 {
					t.Fatalf("trial %d (row-wise %v), %s: basic value out of bounds by %g", trial, rowwise, step, v)
				}
			}
			check("first solve")
			bl.addRows(extra)
			check("rows added")
			up := append([]float64(nil), bl.up[:n]...)
			for j := 0; j < n; j++ {
				if r.IntN(3) == 0 {
					bl.setBounds(j, 0, math.Floor(r.Float64()*up[j]))
				}
			}
			check("bounds tightened")
			for j := 0; j < n; j++ {
				bl.setBounds(j, 0, up[j])
			}
			check("bounds relaxed")
			bl.refactor()
			check("after refactor")
		}
	}
}
