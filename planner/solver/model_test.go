package solver

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestRedundantRowsKeepTheLP: dropping the rows a box makes redundant must
// leave the LP over that box unchanged, and every dropped row must hold at
// every corner of the box; the kept rows and the demand, budget and site
// row maps must still point at the same rows.
func TestRedundantRowsKeepTheLP(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	dropped := 0
	for seed := int64(1); seed <= 12; seed++ {
		in := Generate(4+int(seed%3), 6, 1+int(seed%3), seed)
		ub := in.upperBounds()
		for _, cum := range []bool{false, true} {
			md := buildModelAs(in, ub, cum)
			n := len(md.colIdx)
			lo := make([]float64, n)
			up := append([]float64(nil), md.up...)
			for j := range up {
				if rng.IntN(10) < 7 {
					up[j] = 0 // the root fixed it at zero
				}
			}
			red := md.withoutRedundantRows(lo, up, 0)
			if red == nil {
				continue
			}
			dropped += md.m - red.m
			// kept rows, in order, with their coefficients
			rowOf := map[int]int{} // original -> kept
			r := 0
			for i := 0; i < md.m; i++ {
				if r < red.m && red.b[r] == md.b[i] && red.kind[r] == md.kind[i] && sameRow(md, i, red, r) {
					rowOf[i] = r
					r++
					continue
				}
				// dropped: no corner of the box violates it
				act := 0.0
				for j := range md.colIdx {
					for k, ii := range md.colIdx[j] {
						if ii == int32(i) {
							act += math.Max(md.colVal[j][k]*lo[j], md.colVal[j][k]*up[j])
						}
					}
				}
				if act > md.b[i]+1e-9*(1+math.Abs(md.b[i])) {
					t.Fatalf("%s cum=%v: row %d (kind %c) dropped but its largest activity %g exceeds %g", in.Name, cum, i, md.kind[i], act, md.b[i])
				}
			}
			if r != red.m {
				t.Fatalf("%s cum=%v: %d rows kept, %d matched", in.Name, cum, red.m, r)
			}
			for k, i := range md.demRow {
				if i >= 0 && red.demRow[k] != rowOf[i] {
					t.Fatalf("%s: demand %d maps to row %d, want %d", in.Name, k, red.demRow[k], rowOf[i])
				}
			}
			for key, i := range md.siteRow {
				if ri, ok := red.siteRow[key]; ok && ri != rowOf[i] {
					t.Fatalf("%s: site row %v maps to %d, want %d", in.Name, key, ri, rowOf[i])
				}
			}
			// the same LP optimum over the box
			solveBox := func(m *lpModel) (lpStatus, float64) {
				lp := m.newLP()
				for j := range lo {
					lp.setBounds(j, lo[j], up[j])
				}
				st := lp.solve()
				return st, lp.objective()
			}
			st0, z0 := solveBox(md)
			st1, z1 := solveBox(red)
			if st0 != st1 || st0 == lpOptimal && math.Abs(z0-z1) > 1e-7*(1+math.Abs(z0)) {
				t.Fatalf("%s cum=%v: LP over the box %v %.9g with every row, %v %.9g without the redundant ones", in.Name, cum, st0, z0, st1, z1)
			}
		}
	}
	if dropped == 0 {
		t.Fatal("no row was ever redundant: the test checks nothing")
	}
}

// sameRow reports whether row i of a and row r of b have the same entries.
func sameRow(a *lpModel, i int, b *lpModel, r int) bool {
	for j := range a.colIdx {
		va, vb := 0.0, 0.0
		for k, ii := range a.colIdx[j] {
			if ii == int32(i) {
				va = a.colVal[j][k]
			}
		}
		for k, rr := range b.colIdx[j] {
			if rr == int32(r) {
				vb = b.colVal[j][k]
			}
		}
		if va != vb {
			return false
		}
	}
	return true
}
