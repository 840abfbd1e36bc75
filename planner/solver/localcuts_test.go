package solver

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// randomLP returns a bounded LP with m <= rows over n columns in [0, 10]
// whose costs pull every column up, so that rows bind.
func randomLP(r *rand.Rand, m, n int) *boxLP {
	colIdx := make([][]int32, n)
	colVal := make([][]float64, n)
	lo := make([]float64, n)
	up := make([]float64, n)
	c := make([]float64, n)
	for j := 0; j < n; j++ {
		for i := 0; i < m; i++ {
			if r.IntN(3) > 0 {
				colIdx[j] = append(colIdx[j], int32(i))
				colVal[j] = append(colVal[j], 0.1+r.Float64())
			}
		}
		up[j] = 10
		c[j] = -(0.5 + r.Float64())
	}
	b := make([]float64, m)
	for i := range b {
		b[i] = 5 + 20*r.Float64()
	}
	return newBoxLP(m, colIdx, colVal, b, make([]bool, m), lo, up, c)
}

func randomRows(r *rand.Rand, k, n int) []spRow {
	rows := make([]spRow, k)
	for t := range rows {
		for j := 0; j < n; j++ {
			if r.IntN(2) == 0 {
				rows[t].idx = append(rows[t].idx, j)
				rows[t].val = append(rows[t].val, 0.1+r.Float64())
			}
		}
		rows[t].rhs = 3 + 10*r.Float64()
	}
	return rows
}

// TestTruncateRows takes cut rows off an optimal LP (binding ones included:
// their slacks are pivoted into the basis first) and checks that the LP
// then solves to the optimum of a fresh LP with only the remaining rows, and
// that new rows can be added after a truncation.
func TestTruncateRows(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	pivoted := 0
	for trial := 0; trial < 300; trial++ {
		m, n := 2+r.IntN(4), 3+r.IntN(8)
		seed := r.Uint64()
		rr := rand.New(rand.NewPCG(seed, 1))
		lp := randomLP(rr, m, n)
		cuts := randomRows(rr, 1+r.IntN(5), n)
		more := randomRows(rr, r.IntN(3), n)
		lp.addRows(cuts)
		if lp.solve() != lpOptimal {
			t.Fatalf("trial %d: LP with cuts not optimal", trial)
		}
		keep := r.IntN(len(cuts))
		for i := m + keep; i < lp.m; i++ {
			if lp.pos[lp.ns+i] < 0 {
				pivoted++
			}
		}
		if !lp.truncateRows(m + keep) {
			t.Fatalf("trial %d: truncateRows failed", trial)
		}
		lp.addRows(more)
		if lp.solve() != lpOptimal {
			t.Fatalf("trial %d: LP after truncation not optimal", trial)
		}
		fresh := randomLP(rand.New(rand.NewPCG(seed, 1)), m, n)
		fresh.addRows(append(append([]spRow(nil), cuts[:keep]...), more...))
		if fresh.solve() != lpOptimal {
			t.Fatalf("trial %d: fresh LP not optimal", trial)
		}
		if lp.m != fresh.m || lp.n != fresh.n {
			t.Fatalf("trial %d: %dx%d after truncation, fresh %dx%d", trial, lp.m, lp.n, fresh.m, fresh.n)
		}
		if a, b := lp.objective(), fresh.objective(); math.Abs(a-b) > 1e-9*(1+math.Abs(b)) {
			t.Fatalf("trial %d: objective %.12g after truncation, fresh LP %.12g", trial, a, b)
		}
	}
	if pivoted < 50 {
		t.Fatalf("only %d binding rows were taken off; the test should exercise the pivot", pivoted)
	}
}

// TestNodeCutsKeepTheOptimum proves generated instances optimal with and
// without the node cuts: a local cut that removed an integer point of its
// subtree would show as a dearer plan with them (both plans also pass Check).
func TestNodeCutsKeepTheOptimum(t *testing.T) {
	type gen struct{ sites, options, phases int }
	shapes := []gen{{6, 8, 1}, {8, 6, 1}, {4, 6, 2}, {3, 5, 3}}
	seeds := 6
	if testing.Short() {
		seeds = 2
	}
	before := nodeCutRounds.Load()
	defer func() { nodeCutsOn = true }()
	for _, g := range shapes {
		for seed := int64(1); seed <= int64(seeds); seed++ {
			in := Generate(g.sites, g.options, g.phases, seed)
			var obj [2]int64
			for k, on := range []bool{false, true} {
				nodeCutsOn = on
				res, err := Solve(context.Background(), in, Params{TimeLimit: 30 * time.Second, Threads: 1})
				if err != nil {
					t.Fatal(err)
				}
				if res.Status != Optimal {
					t.Fatalf("%dx%dx%d seed %d, node cuts %v: status %v", g.sites, g.options, g.phases, seed, on, res.Status)
				}
				if err := Check(in, res.X); err != nil {
					t.Fatalf("%dx%dx%d seed %d, node cuts %v: %v", g.sites, g.options, g.phases, seed, on, err)
				}
				obj[k] = res.Objective
			}
			if obj[0] != obj[1] {
				t.Errorf("%dx%dx%d seed %d: objective %d with node cuts, %d without", g.sites, g.options, g.phases, seed, obj[1], obj[0])
			}
		}
	}
	n := nodeCutRounds.Load() - before
	t.Logf("%d node cut rounds", n)
	if n < 100 {
		t.Errorf("only %d node cut rounds: the instances no longer exercise the node cuts", n)
	}
}

// TestSnapshotRestoresExactly: after a snapshot, bound changes, re-solves
// (some stopped by an iteration cap, some through a rebuilt tableau) and a
// restore, the LP must be exactly as it was, tableau included, however many
// times it is restored. Restore copies back only the rows a pivot changed:
// it fails when pivot does not save a row before changing it, or when a
// rebuild does not save them all.
func TestSnapshotRestoresExactly(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	partial := 0
	for trial := 0; trial < 100; trial++ {
		m, n := 2+r.IntN(6), 3+r.IntN(10)
		lp := randomLP(r, m, n)
		lp.addRows(randomRows(r, 1+r.IntN(3), n))
		if lp.solve() != lpOptimal {
			t.Fatalf("trial %d: LP not optimal", trial)
		}
		T := append([]float64(nil), lp.binv[:lp.m*lp.m]...)
		x := append([]float64(nil), lp.x...)
		d := append([]float64(nil), lp.d...)
		basis := append([]int(nil), lp.basis...)
		var snap lpSnap
		lp.snapshot(&snap)
		for round := 0; round < 3; round++ {
			j := r.IntN(n)
			lp.setBounds(j, lp.lo[j], math.Floor(lp.x[j]/2))
			switch round {
			case 1:
				lp.iterCap = 1
			case 2:
				lp.refactor()
			}
			lp.solve()
			lp.iterCap = 0
			saved := 0
			for _, ok := range snap.saved {
				if ok {
					saved++
				}
			}
			if saved > 0 && saved < lp.m {
				partial++
			}
			lp.restore(&snap)
			for i, v := range lp.binv[:lp.m*lp.m] {
				if v != T[i] {
					t.Fatalf("trial %d round %d: B^{-1} entry %d is %g after restore, %g before", trial, round, i, v, T[i])
				}
			}
			for i := range x {
				if lp.x[i] != x[i] || lp.d[i] != d[i] {
					t.Fatalf("trial %d round %d: column %d is x %g d %g after restore, x %g d %g before", trial, round, i, lp.x[i], lp.d[i], x[i], d[i])
				}
			}
			for i, j := range basis {
				if lp.basis[i] != j || lp.pos[j] != i {
					t.Fatalf("trial %d round %d: basis row %d holds %d after restore, %d before", trial, round, i, lp.basis[i], j)
				}
			}
		}
		lp.endSnapshot()
		if lp.cow != nil {
			t.Fatal("endSnapshot left the snapshot live")
		}
	}
	if partial == 0 {
		t.Fatal("every restore copied all rows or none: copy-on-write never saved a part")
	}
}
