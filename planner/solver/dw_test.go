package solver

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// lpRelaxation solves an LP relaxation of the instance (increments
// d[o][q] >= 0; site, demand and budget rows; no clusters) with gonum's
// simplex in standard form, a path that shares nothing with boxLP. With
// cumulative, the counts X[o][q] are bounded by ub[o][q], as in the MPS
// model; else, as in the site subproblems of the decomposition, each
// increment is bounded by ub[o][q] and the count by the option's Max, and
// the capacity rows bound the rest.
// It reports false when the LP is infeasible.
func lpRelaxation(t *testing.T, in *Instance, cumulative bool) (float64, bool) {
	t.Helper()
	return lpRelaxationUB(t, in, cumulative, in.upperBounds())
}

// lpRelaxationUB is lpRelaxation with the bounds ub given.
func lpRelaxationUB(t *testing.T, in *Instance, cumulative bool, ub [][]int64) (float64, bool) {
	t.Helper()
	Q, O := in.Phases, len(in.Options)
	type row struct {
		coef  map[int]float64
		rhs   float64
		slack float64 // +1: <= row, -1: >= row
	}
	var rows []row
	cum := func(r map[int]float64, o, q int, v float64) {
		for t := 0; t <= q; t++ {
			r[o*Q+t] += v
		}
	}
	for s, st := range in.Sites {
		for q := 0; q < Q; q++ {
			for r, c := range st.Cap[q] {
				if c < 0 {
					continue
				}
				rw := row{coef: map[int]float64{}, rhs: float64(c), slack: 1}
				for o, op := range in.Options {
					if op.Site == s && op.Use[r] != 0 {
						cum(rw.coef, o, q, float64(op.Use[r]))
					}
				}
				rows = append(rows, rw)
			}
		}
	}
	for o, op := range in.Options {
		for q := 0; q < Q; q++ {
			rw := row{coef: map[int]float64{}, rhs: float64(ub[o][q]), slack: 1}
			if cumulative {
				cum(rw.coef, o, q, 1)
			} else {
				rw.coef[o*Q+q] = 1
			}
			rows = append(rows, rw)
		}
		if !cumulative && op.Max > 0 {
			rw := row{coef: map[int]float64{}, rhs: float64(op.Max), slack: 1}
			cum(rw.coef, o, Q-1, 1)
			rows = append(rows, rw)
		}
	}
	for _, d := range in.Demands {
		rw := row{coef: map[int]float64{}, rhs: float64(d.Min), slack: -1}
		for o, op := range in.Options {
			if c := op.Contrib[d.Class]; c != 0 {
				cum(rw.coef, o, d.Phase, float64(c))
			}
		}
		rows = append(rows, rw)
	}
	for _, b := range in.Budgets {
		rw := row{coef: map[int]float64{}, rhs: float64(b.Max), slack: 1}
		for o, op := range in.Options {
			rw.coef[o*Q+b.Phase] += float64(op.Capex[b.Phase])
		}
		rows = append(rows, rw)
	}
	// columns fixed at zero (ub 0 from their first phase on) are left out;
	// rows are scaled to a largest coefficient of 1, the costs likewise
	col := make([]int, O*Q)
	nx := 0
	for o := 0; o < O; o++ {
		for q := 0; q < Q; q++ {
			col[o*Q+q] = -1
			if ub[o][Q-1] > 0 && ub[o][q] > 0 {
				col[o*Q+q] = nx
				nx++
			}
		}
	}
	n := nx + len(rows)
	A := mat.NewDense(len(rows), n, nil)
	b := make([]float64, len(rows))
	c := make([]float64, n)
	cmax := 1.0
	for _, op := range in.Options {
		for q := 0; q < Q; q++ {
			cmax = math.Max(cmax, math.Abs(float64(op.Cost[q])))
		}
	}
	for o, op := range in.Options {
		for q := 0; q < Q; q++ {
			if j := col[o*Q+q]; j >= 0 {
				c[j] = float64(op.Cost[q]) / cmax
			}
		}
	}
	for i, rw := range rows {
		mx := 1.0
		for _, v := range rw.coef {
			mx = math.Max(mx, math.Abs(v))
		}
		for k, v := range rw.coef {
			if j := col[k]; j >= 0 {
				A.Set(i, j, v/mx)
			}
		}
		A.Set(i, nx+i, rw.slack)
		b[i] = rw.rhs / mx
	}
	z, _, err := lp.Simplex(c, A, b, 1e-12, nil)
	if errors.Is(err, lp.ErrInfeasible) {
		return 0, false
	}
	if err != nil {
		t.Fatalf("%s: gonum simplex: %v", in.Name, err)
	}
	return z * cmax, true
}

// The column generation of the large route (columnGeneration) maximises the
// Lagrangian over the site LPs, whose maximum is the value of the LP
// relaxation they make up: on small generated models with several phases or
// a budget it must reach that value (gonum's simplex, see lpRelaxation)
// within 1e-7, and never pass the MPS model's tighter LP, with each site its
// own group and with sites summed in groups of two or three (dwGroups 2).
// The dense model in increments must not be looser than the site LPs
// either: both skipped site rows on the increments' bounds alone (maxCount).
// (dwTestModel: some with budgets, some maximising GPUs.)
func TestColumnGenerationReachesTheLP(t *testing.T) {
	defer func(g int) { dwGroups = g }(dwGroups)
	tested := 0
	for seed := int64(1); seed <= 12; seed++ {
		in := dwTestModel(seed)
		want, ok := lpRelaxation(t, in, false)
		tight, ok2 := lpRelaxation(t, in, true)
		if !ok || !ok2 {
			continue // the budget leaves the demand short
		}
		// the dense model in increments is at least as tight (its site
		// rows are the same, and it rounds demand rows by their divisor)
		md := buildModelAs(in, in.upperBounds(), false)
		dl := md.newLP()
		if st := dl.solve(); st != lpOptimal {
			t.Fatalf("%s: dense increment LP %v", in.Name, st)
		}
		if z := dl.objective() * md.cscale; z < want-1e-7*math.Max(1, math.Abs(want)) {
			t.Fatalf("%s: dense increment LP %.6f below the site LPs' optimum %.6f", in.Name, z, want)
		}
		for _, groups := range []int{100, 2} {
			dwGroups = groups
			s := newSearch(context.Background(), in, Params{RelGap: 1e-9, Threads: 2})
			s.heuristic(nil, nil)
			got, mult := s.columnGeneration(nil)
			tol := 1e-7 * math.Max(1, math.Abs(want))
			if got > tight+tol {
				t.Fatalf("%s (groups %d): Lagrangian %.6f above the model's LP optimum %.6f", in.Name, groups, got, tight)
			}
			if got > want+tol {
				t.Fatalf("%s (groups %d): Lagrangian %.6f above the site LPs' optimum %.6f", in.Name, groups, got, want)
			}
			if got < want-tol {
				t.Fatalf("%s (groups %d): Lagrangian %.6f, site LPs' optimum %.6f (short by %.3g relative)", in.Name, groups, got, want, (want-got)/math.Abs(want))
			}
			if len(mult) != len(in.Demands)+len(in.Budgets) {
				t.Fatalf("%s: %d multipliers for %d coupling rows", in.Name, len(mult), len(in.Demands)+len(in.Budgets))
			}
			if s.hasInc {
				if err := Check(in, s.inc); err != nil {
					t.Fatalf("%s: plan fails Check: %v", in.Name, err)
				}
			}
			tested++
		}
	}
	if tested < 20 {
		t.Fatalf("%d models only", tested)
	}
	t.Logf("%d models, %d penalty raises", tested, dwRaises.Load())
}

// dwTestModel is a small generated model without clusters; every third
// has a budget on its first phase (a fifth of the most it could spend: the
// LP is infeasible on some), every fourth from the second maximises GPUs
// under a budget per phase (a tenth of the most) instead of meeting demand.
func dwTestModel(seed int64) *Instance {
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	in := Generate(3+rng.IntN(4), 3+rng.IntN(4), 2+rng.IntN(4), seed)
	in.Clusters = nil
	ub := in.upperBounds()
	for o := range in.Options {
		if op := &in.Options[o]; op.Capex == nil {
			op.Capex = append([]int64(nil), op.Cost...)
		}
	}
	most := func(q int) int64 {
		m := int64(0)
		for o, op := range in.Options {
			m += op.Capex[q] * ub[o][q]
		}
		return m
	}
	if seed%3 == 0 && len(in.Budgets) == 0 {
		in.Budgets = append(in.Budgets, Budget{Phase: 0, Max: most(0) / 5})
	}
	if seed%4 == 1 {
		in.Demands, in.Budgets = nil, nil
		for q := 0; q < in.Phases; q++ {
			in.Budgets = append(in.Budgets, Budget{Phase: q, Max: most(q) / 10})
		}
		for o := range in.Options {
			op := &in.Options[o]
			op.Cost = make([]int64, in.Phases)
			for q := range op.Cost {
				op.Cost[q] = -op.Contrib[0]
			}
		}
	}
	return in
}

// setColumn must leave the LP as if it had been built with the new column:
// after a re-solve, the same optimum as a fresh LP over the same columns.
func TestSetColumnMatchesAFreshLP(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 200; trial++ {
		m, n := 2+rng.IntN(5), 3+rng.IntN(8)
		mk := func() ([]int32, []float64) {
			var idx []int32
			var val []float64
			for i := 0; i < m; i++ {
				if rng.IntN(3) > 0 {
					idx = append(idx, int32(i))
					// >= 0, so that every column leaves the slacks'
					// bounds (set at construction) as they are
					val = append(val, float64(rng.IntN(7)))
				}
			}
			return idx, val
		}
		colIdx := make([][]int32, n)
		colVal := make([][]float64, n)
		lo := make([]float64, n)
		up := make([]float64, n)
		c := make([]float64, n)
		for j := range colIdx {
			colIdx[j], colVal[j] = mk()
			up[j] = float64(1 + rng.IntN(4))
			c[j] = float64(rng.IntN(21) - 10)
		}
		b := make([]float64, m)
		eq := make([]bool, m)
		for i := range b {
			b[i] = float64(rng.IntN(12))
		}
		a := newBoxLP(m, colIdx, colVal, b, eq, lo, up, c)
		if a.solve() != lpOptimal {
			continue
		}
		// replace a nonbasic column
		j := -1
		for k := 0; k < n; k++ {
			if a.pos[k] < 0 {
				j = k
				break
			}
		}
		if j < 0 {
			continue
		}
		idx, val := mk()
		cj, uj := float64(rng.IntN(21)-10), float64(1+rng.IntN(4))
		y := make([]float64, m)
		a.dualsInto(y)
		if !a.setColumn(j, idx, val, cj, uj, y) {
			t.Fatalf("trial %d: setColumn refused nonbasic column %d", trial, j)
		}
		colIdx[j], colVal[j], c[j], up[j] = idx, val, cj, uj
		fresh := newBoxLP(m, colIdx, colVal, b, eq, lo, up, c)
		sa, sf := a.solve(), fresh.solve()
		if sa != sf {
			t.Fatalf("trial %d: status %v after setColumn, %v fresh", trial, sa, sf)
		}
		if sa == lpOptimal && math.Abs(a.objective()-fresh.objective()) > 1e-9*(1+math.Abs(fresh.objective())) {
			t.Fatalf("trial %d: optimum %.12g after setColumn, %.12g fresh", trial, a.objective(), fresh.objective())
		}
	}
}

// A budget can price demand far above the dearest rack: with racks A (cost
// 10, capex 100) and D (cost 40, capex 99), 10 GPUs and a budget of 995,
// the LP buys 5 of each and prices a GPU at 40 + 99*30 = 3,010 (the budget
// at 30 per unit of capex), while the multiplier's box in the master starts
// at 4*40+1. The master then pays the shortfall's penalty at its optimum;
// raisePenalties must widen the box until the Lagrangian reaches the LP's
// value (250). Without the raises it stops near 107.
func TestColumnGenerationWidensTheBox(t *testing.T) {
	in := &Instance{
		Name: "box", Phases: 1, Resources: []string{"positions"}, Classes: []string{"gpus"},
		Sites: []Site{{Name: "s", Cap: [][]int64{{100}}}},
		Options: []Option{
			{Name: "A", Site: 0, Use: []int64{1}, Contrib: []int64{1}, Cost: []int64{10}, Capex: []int64{100}},
			{Name: "D", Site: 0, Use: []int64{1}, Contrib: []int64{1}, Cost: []int64{40}, Capex: []int64{99}},
		},
		Demands: []Demand{{Class: 0, Phase: 0, Min: 10}},
		Budgets: []Budget{{Phase: 0, Max: 995}},
	}
	want, ok := lpRelaxation(t, in, false)
	if !ok || math.Abs(want-250) > 1e-6 {
		t.Fatalf("LP optimum %v (%v), want 250", want, ok)
	}
	before := dwRaises.Load()
	s := newSearch(context.Background(), in, Params{RelGap: 1e-9, Threads: 1})
	got, mult := s.columnGeneration(nil)
	if math.Abs(got-want) > 1e-7*want {
		t.Fatalf("Lagrangian %.6f, LP optimum %.6f (multipliers %v)", got, want, mult)
	}
	if dwRaises.Load() == before {
		t.Fatalf("no penalty raise")
	}
	if math.Abs(mult[0]-3010) > 1e-6*3010 || math.Abs(mult[1]-30) > 1e-6*30 {
		t.Fatalf("multipliers %v, want [3010 30]", mult)
	}
}

// On the large route the marginal values come from the column generation
// (largeDuals): its multipliers for the demand rows and the site LPs' duals
// at them for the site rows. Any optimal dual is a subgradient of the LP's
// value v as a function of the right-hand sides (v is convex in them), so
// for every site row and demand row, moving its right-hand side by +-delta
// (the rack bounds kept) must give v(b + delta) >= v(b) - dual*delta and
// v(b - delta) >= v(b) + dual*delta for a capacity (the signs turn for a
// demand row). Wrong scales or signs fail it; the test also needs some
// positive values.
func TestLargeRouteDualsAreSubgradients(t *testing.T) {
	positive := 0
	for seed := int64(1); seed <= 3; seed++ {
		in := Generate(4, 4, 3, seed)
		in.Clusters = nil
		res, err := Solve(context.Background(), in, Params{Threads: 1, Method: Decompose})
		if err != nil {
			t.Fatal(err)
		}
		if res.SiteDual == nil || res.DemandDual == nil {
			t.Fatalf("seed %d: no marginal values on the large route", seed)
		}
		ub := in.upperBounds()
		v0, ok := lpRelaxationUB(t, in, false, ub)
		if !ok {
			t.Fatalf("seed %d: LP infeasible", seed)
		}
		tol := 1e-7 * math.Max(1, math.Abs(v0))
		check := func(what string, dual float64, set func(delta int64)) {
			for _, sign := range []int64{1, -1} {
				delta := sign * 1000
				set(delta)
				v, ok := lpRelaxationUB(t, in, false, ub)
				set(-delta)
				if !ok {
					continue // infeasible below: nothing to compare
				}
				if v < v0-dual*float64(delta)-tol {
					t.Fatalf("seed %d %s: v(b%+d) = %.6f below v(b) - %.6f*delta = %.6f", seed, what, delta, v, dual, v0-dual*float64(delta))
				}
			}
			if dual > 1e-9 {
				positive++
			}
		}
		for st := range in.Sites {
			for q := 0; q < in.Phases; q++ {
				for r, c := range in.Sites[st].Cap[q] {
					if c < 1000 {
						continue
					}
					st, q, r := st, q, r
					check(fmt.Sprintf("site %d phase %d resource %d", st, q, r), res.SiteDual[st][q][r], func(d int64) {
						in.Sites[st].Cap[q][r] += d
					})
				}
			}
		}
		for k := range in.Demands {
			k := k
			// one more unit of demand costs at least the dual: the rows are
			// >=, so the dual enters with the opposite sign
			check(fmt.Sprintf("demand %d", k), -res.DemandDual[k], func(d int64) {
				in.Demands[k].Min += d
			})
		}
	}
	if positive == 0 {
		t.Fatal("no positive marginal value in any model")
	}
	t.Logf("%d positive marginal values", positive)
}
