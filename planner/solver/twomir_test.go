package solver

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The two-step MIR inequality holds at every point of random base sets
// sum a_j x_j + y >= b (x_j in 0..9, y the least that fits), for every
// admissible step alpha, and cuts off points the MIR inequality keeps.
func TestTwoStepMIRIsValid(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	tested, stronger := 0, 0
	for trial := 0; trial < 3000; trial++ {
		n := 1 + r.IntN(3)
		a := make([]float64, n)
		for j := range a {
			a[j] = math.Round((r.Float64()*6-2)*100) / 100
		}
		b := math.Round((0.05+r.Float64()*4)*100) / 100
		bhat := b - math.Floor(b)
		if bhat < 0.02 {
			continue
		}
		ts, ok := newTwoStep(bhat, 0.01+r.Float64()*bhat)
		if !ok {
			continue
		}
		tested++
		rhs := ts.rho * ts.tau * math.Ceil(b)
		x := make([]int, n)
		var walk func(j int)
		walk = func(j int) {
			if j < n {
				for v := 0; v < 10; v++ {
					x[j] = v
					walk(j + 1)
				}
				return
			}
			ax, gx := 0.0, 0.0
			for i := range x {
				ax += a[i] * float64(x[i])
				gx += ts.g(a[i]) * float64(x[i])
			}
			y := math.Max(0, b-ax)
			if gx+y < rhs-1e-9 {
				t.Fatalf("a=%v b=%v alpha=%v: x=%v y=%v gives %v < %v", a, b, ts.alpha, x, y, gx+y, rhs)
			}
		}
		walk(0)
		// a fractional point on the base row that MIR keeps and this cuts:
		// x_0 = b/a_0 (a_0 > 0), y = 0
		if a[0] > 0 {
			x0 := b / a[0]
			f := bhat
			fa := a[0] - math.Floor(a[0])
			mir := (math.Floor(a[0])+math.Min(fa, f)/f)*x0 - math.Ceil(b)
			two := ts.g(a[0])*x0 - rhs
			if mir >= -1e-9 && two < -1e-9 {
				stronger++
			}
		}
	}
	if tested < 1000 || stronger == 0 {
		t.Fatalf("%d base sets tested, %d where the two-step cut is the stronger", tested, stronger)
	}
}

// Cuts from gmiCuts and twoMirCuts, in rounds on random bounded LPs with
// integer columns (half of them with integer rows, whose slacks both take as
// integers), keep every integer point of the rows.
func TestCutsKeepIntegerPoints(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 13))
	cuts, gmiInt := 0, 0
	for trial := 0; trial < 200; trial++ {
		m, n := 1+r.IntN(3), 2+r.IntN(3)
		lp := randomLP(r, m, n)
		var sunit []float64
		if trial%2 == 1 {
			// integer rows scaled to a largest coefficient of 1, as the
			// model's: their slacks are integer multiples of the scale
			lp, sunit = intLP(r, m, n)
		}
		isInt := make([]bool, n)
		for j := range isInt {
			isInt[j] = true
		}
		rowIdx, rowVal := lp.rowwise() // the rows before any cut
		orig := make([]spRow, m)
		for i := range orig {
			orig[i] = spRow{rowIdx[i], rowVal[i], lp.b[i]}
		}
		var all []spRow
		for round := 0; round < 3; round++ {
			if lp.solve() != lpOptimal {
				break
			}
			cs := lp.gmiCuts(isInt, sunit, 10)
			if sunit != nil {
				gmiInt += len(cs)
			}
			cs = append(cs, lp.twoMirCuts(isInt, sunit, 10, 0)...)
			if len(cs) == 0 {
				break
			}
			all = append(all, cs...)
			lp.addRows(cs)
		}
		cuts += len(all)
		x := make([]float64, n)
		var walk func(j int)
		walk = func(j int) {
			if j < n {
				for v := 0; v <= 10; v++ {
					x[j] = float64(v)
					walk(j + 1)
				}
				return
			}
			for _, rw := range orig {
				if above(rw, x) {
					return
				}
			}
			for _, c := range all {
				if above(c, x) {
					t.Fatalf("trial %d: cut %v <= %v cuts off the integer point %v", trial, c.val, c.rhs, x)
				}
			}
		}
		walk(0)
	}
	if cuts < 100 || gmiInt < 50 {
		t.Fatalf("only %d cuts generated, %d Gomory cuts on integer rows", cuts, gmiInt)
	}
	t.Logf("%d cuts checked, %d Gomory cuts on integer rows", cuts, gmiInt)
}

// above reports whether x violates the row (by more than 1e-9).
func above(r spRow, x []float64) bool {
	act := 0.0
	for t, j := range r.idx {
		act += r.val[t] * x[j]
	}
	return act > r.rhs+1e-9
}

// intLP is randomLP with integer rows (coefficients 1..9, right-hand sides
// 5..30) scaled by 1/(largest coefficient); it returns the scales too.
func intLP(r *rand.Rand, m, n int) (*boxLP, []float64) {
	colIdx := make([][]int32, n)
	colVal := make([][]float64, n)
	lo := make([]float64, n)
	up := make([]float64, n)
	c := make([]float64, n)
	coef := make([][]float64, m)
	scale := make([]float64, m)
	for i := range coef {
		coef[i] = make([]float64, n)
		mx := 1.0
		for j := range coef[i] {
			if r.IntN(3) > 0 {
				coef[i][j] = float64(1 + r.IntN(9))
				mx = math.Max(mx, coef[i][j])
			}
		}
		scale[i] = 1 / mx
	}
	for j := 0; j < n; j++ {
		for i := 0; i < m; i++ {
			if coef[i][j] != 0 {
				colIdx[j] = append(colIdx[j], int32(i))
				colVal[j] = append(colVal[j], coef[i][j]*scale[i])
			}
		}
		up[j] = 10
		c[j] = -(0.5 + r.Float64())
	}
	b := make([]float64, m)
	for i := range b {
		b[i] = float64(5+r.IntN(26)) * scale[i]
	}
	return newBoxLP(m, colIdx, colVal, b, make([]bool, m), lo, up, c), scale
}

// thinAlphas keeps every step without a cap or within it, and otherwise an
// evenly spread, sorted subset with the smallest and the largest step.
func TestThinAlphas(t *testing.T) {
	steps := func(n int) []float64 {
		a := make([]float64, n)
		for i := range a {
			a[i] = 0.01 + 0.9*float64(i)/float64(n)
		}
		return a
	}
	if got := thinAlphas(steps(5000), 3000, 0); len(got) != 5000 {
		t.Fatalf("no cap: kept %d of 5000", len(got))
	}
	if got := thinAlphas(steps(20), 1000, 1<<18); len(got) != 20 {
		t.Fatalf("within the cap: kept %d of 20", len(got))
	}
	for _, tc := range []struct{ n, nb, work, keep int }{
		{5000, 3000, 1 << 18, 87}, // 2^18 / 3000
		{5000, 1 << 20, 1 << 18, 8},
		{9, 1 << 20, 1 << 18, 8},
	} {
		a := steps(tc.n)
		lo, hi := a[0], a[tc.n-1]
		got := thinAlphas(a, tc.nb, tc.work)
		if len(got) != tc.keep {
			t.Fatalf("%+v: kept %d, want %d", tc, len(got), tc.keep)
		}
		if got[0] != lo || got[len(got)-1] != hi {
			t.Fatalf("%+v: ends %v %v, want %v %v", tc, got[0], got[len(got)-1], lo, hi)
		}
		for i := 1; i < len(got); i++ {
			if !(got[i] > got[i-1]) {
				t.Fatalf("%+v: not increasing at %d: %v", tc, i, got)
			}
		}
	}
}
