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

// TestFrozenColumnsKeepTheOptimum: freezing the fixed columns (the tree's
// root box) must not change any optimum: the LP with frozen columns and its
// twin without them reach the same objective through rows added and bounds
// changed on the other columns, and changing a frozen column's bounds thaws
// the LP and still gives the twin's optimum.
func TestFrozenColumnsKeepTheOptimum(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 17))
	frozenSeen := 0
	for trial := 0; trial < 150; trial++ {
		m, n := 2+r.IntN(6), 4+r.IntN(12)
		seed := r.Uint64()
		extra := randomRows(rand.New(rand.NewPCG(seed, 2)), 1+r.IntN(3), n)
		for _, rowwise := range []bool{false, true} {
			a := randomLP(rand.New(rand.NewPCG(seed, 1)), m, n)
			b := randomLP(rand.New(rand.NewPCG(seed, 1)), m, n)
			a.keepRows, b.keepRows = rowwise, rowwise
			both := func(f func(lp *boxLP)) { f(a); f(b) }
			check := func(step string) {
				t.Helper()
				sa, sb := a.solve(), b.solve()
				if sa != sb {
					t.Fatalf("trial %d (row-wise %v), %s: status %d frozen, %d not", trial, rowwise, step, sa, sb)
				}
				if sa != lpOptimal {
					return
				}
				za, zb := a.objective(), b.objective()
				if math.Abs(za-zb) > 1e-7*(1+math.Abs(zb)) {
					t.Fatalf("trial %d (row-wise %v), %s: objective %.10g frozen, %.10g not", trial, rowwise, step, za, zb)
				}
				if sb := a.safeBound(); sb > za+1e-7*(1+math.Abs(za)) {
					t.Fatalf("trial %d (row-wise %v), %s: safe bound %.10g above the optimum %.10g", trial, rowwise, step, sb, za)
				}
			}
			check("first solve")
			up := append([]float64(nil), a.up[:n]...)
			var fixed []int
			for j := 0; j < n; j++ {
				if r.IntN(2) == 0 {
					v := 0.0
					if r.IntN(3) == 0 {
						v = up[j]
					}
					both(func(lp *boxLP) { lp.setBounds(j, v, v) })
					fixed = append(fixed, j)
				}
			}
			a.freeze()
			if a.frozen != nil {
				frozenSeen++
			}
			check("columns fixed and frozen")
			both(func(lp *boxLP) { lp.addRows(extra) })
			check("rows added")
			for j := 0; j < n; j++ {
				if (a.frozen == nil || !a.frozen[j]) && a.lo[j] != a.up[j] && r.IntN(2) == 0 {
					v := math.Floor(r.Float64() * up[j])
					both(func(lp *boxLP) { lp.setBounds(j, 0, v) })
				}
			}
			check("free columns tightened")
			j := -1
			for _, k := range fixed {
				if a.frozen != nil && a.frozen[k] {
					j = k
					break
				}
			}
			if j >= 0 {
				both(func(lp *boxLP) { lp.setBounds(j, 0, up[j]) })
				if a.frozen != nil {
					t.Fatalf("trial %d: a frozen column's bounds changed and the LP stayed frozen", trial)
				}
				check("a frozen column released")
			}
		}
	}
	if frozenSeen < 50 {
		t.Fatalf("only %d LPs had frozen columns", frozenSeen)
	}
}

// An LP infeasible by 0.03 beside a column whose range is 3.5e7 (the
// Farkas margin is below 1e-9 of the terms' scale) is proved infeasible by
// the rounding-error test, not left unsolved (lpIterLimit): rows
// x1 + x2 <= 10 with x1 in [10.03, 20], x2 in [0, 3.5e7].
func TestFarkasProvesSmallMarginsOnWideBoxes(t *testing.T) {
	lp := newBoxLP(1, [][]int32{{0}, {0}}, [][]float64{{1}, {1}}, []float64{10}, []bool{false},
		[]float64{10.03, 0}, []float64{20, 3.5e7}, []float64{1, 1})
	if st := lp.solve(); st != lpInfeasible {
		t.Fatalf("status %v, want infeasible", st)
	}
	mg, sc, es := lp.farkas(0)
	if mg > 1e-9*sc || !lp.proved(mg, sc, es) {
		t.Fatalf("margin %g, scale %g, error scale %g: want a margin only the error bound proves", mg, sc, es)
	}
	// A margin within the rounding error is not a proof.
	if lp.proved(1e-9, 1e9, 1e9) {
		t.Fatal("a margin of 1e-9 on terms of 1e9 taken as a proof")
	}
}

// fractional agrees with the LP's primal tolerance: a value the LP accepts
// as on a bound is not branched on.
func TestFractionalAgreesWithTheLPTolerance(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want bool
	}{{0.5, true}, {2511.3, true}, {3.0000005, false}, {2511.000002, false}, {2511.00001, true}, {1e6 + 0.0005, false}, {1e6 + 0.01, true}} {
		if got := fractional(c.v); got != c.want {
			t.Errorf("fractional(%v) = %v, want %v", c.v, got, c.want)
		}
	}
}
