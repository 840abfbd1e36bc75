package solver

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

// spRow is a sparse <= row over structural columns.
type spRow struct {
	idx []int
	val []float64
	rhs float64
}

// addRows appends <= rows (structural coefficients) to the LP, keeping the
// current basis: each new row's slack enters the basis. The slack's upper
// bound comes from the current column bounds.
func (lp *boxLP) addRows(rows []spRow) {
	lp.addRowsIn(rows, lp.lo, lp.up)
}

// addRowsIn is addRows with the slack bounds derived from the column bounds
// lo and up: rows added inside the tree take the root's bounds, so that
// their slacks stay valid in every other node.
func (lp *boxLP) addRowsIn(rows []spRow, colLo, colUp []float64) {
	if len(rows) == 0 {
		return
	}
	m0, n0, ns := lp.m, lp.n, lp.ns
	k := len(rows)
	m1, n1 := m0+k, n0+k
	// B^{-1} grows to [[B^{-1}, 0], [-A_NB B^{-1}, I]], A_NB the new rows'
	// coefficients on the basic columns (each new slack is basic). Widen
	// its rows in place when the buffer has room (last row first: a row's
	// new place never overlaps the rows before it), else copy them to a
	// larger buffer, with room for more rows to come.
	inPlace := cap(lp.binv) >= m1*m1
	var B []float64
	if inPlace {
		B = lp.binv[:m1*m1]
		for i := m0 - 1; i >= 0; i-- {
			copy(B[i*m1:i*m1+m0], lp.binv[i*m0:i*m0+m0])
			clear(B[i*m1+m0 : i*m1+m1])
		}
		clear(B[m0*m1:])
	} else {
		B = getTableau((m1 + 16) * (m1 + 16))[:m1*m1]
		for i := 0; i < m0; i++ {
			copy(B[i*m1:i*m1+m0], lp.binv[i*m0:i*m0+m0])
		}
	}
	grow := func(a []float64, v float64) []float64 {
		for i := 0; i < k; i++ {
			a = append(a, v)
		}
		return a
	}
	lp.x = grow(lp.x, 0)
	lp.lo = grow(lp.lo, 0)
	lp.up = grow(lp.up, 0)
	lp.c = grow(lp.c, 0)
	lp.d = grow(lp.d, 0)
	for i := 0; i < k; i++ {
		lp.pos = append(lp.pos, 0)
	}
	lp.work = make([]float64, m1)
	for r, row := range rows {
		i := m0 + r
		inv := B[i*m1 : i*m1+m1]
		minAct := 0.0
		for t, j := range row.idx {
			v := row.val[t]
			if bi := lp.pos[j]; bi >= 0 {
				floats.AddScaled(inv[:m0], -v, B[bi*m1:bi*m1+m0])
			}
			lp.colIdx[j] = append(lp.colIdx[j], int32(i))
			lp.colVal[j] = append(lp.colVal[j], v)
			if v > 0 {
				minAct += v * colLo[j]
			} else {
				minAct += v * colUp[j]
			}
		}
		sl := ns + i
		inv[i] = 1
		lp.b = append(lp.b, row.rhs)
		lp.basis = append(lp.basis, sl)
		lp.lo[sl] = 0
		lp.up[sl] = math.Max(0, row.rhs-minAct) + 1
		lp.pos[sl] = i
	}
	// The slack of row i stays at ns+i; new slacks are appended at
	// ns+m0.. = n0.., so nothing moves.
	if !inPlace {
		old := lp.binv
		tableauPool.Put(&old)
	}
	lp.binv = B
	lp.m, lp.n = m1, n1
	lp.maxIter = 20*(m1+n1) + 1000
	lp.recompute()
}

// gmiCuts derives Gomory mixed-integer cuts from the rows of the current
// optimal tableau whose basic integer column is fractional. isInt marks the
// integer structural columns; every structural column has integer bounds.
// The slack of a model row with integer coefficients and right-hand side
// counts as an integer multiple of sunit[r] (stepUnit), as in twoMirCuts.
// Cuts are returned over structural columns (slacks substituted), as <= rows,
// scaled, with a safety margin.
func (lp *boxLP) gmiCuts(isInt []bool, sunit []float64, maxCuts int) []spRow {
	n, ns := lp.n, lp.ns
	cands := lp.fractionalRows(isInt, maxCuts)
	var cuts []spRow
	h := make([]float64, ns)
	rowIdx, rowVal := lp.rowwise()
	row := lp.alpha // free outside pivot
	for _, i := range cands {
		lp.rowInto(i, row, true)
		xb := lp.x[lp.basis[i]]
		f0 := xb - math.Floor(xb)
		clear(h)
		rhs := 1.0 // sum g_k t_k >= rhs, moved to structural space below
		trhs := 1.0
		gmax, gmin := 0.0, math.Inf(1)
		for k := 0; k < n; k++ {
			if lp.pos[k] >= 0 {
				continue
			}
			a := row[k]
			if a == 0 {
				continue
			}
			atLo := lp.x[k] <= lp.lo[k]
			abar := a
			if !atLo {
				abar = -a
			}
			var g float64
			if u := lp.stepUnit(k, isInt, sunit); u > 0 {
				// t_k = u t', t' integer, with coefficient abar u
				au := abar * u
				fk := au - math.Floor(au)
				if fk <= f0 {
					g = fk / f0 / u
				} else {
					g = (1 - fk) / (1 - f0) / u
				}
			} else {
				if abar >= 0 {
					g = abar / f0
				} else {
					g = -abar / (1 - f0)
				}
			}
			if g == 0 {
				continue
			}
			rng := lp.up[k] - lp.lo[k]
			if g < 1e-9 {
				// drop a tiny term: weaken the cut by its largest contribution
				rhs -= g * rng
				trhs -= g * rng
				continue
			}
			gmax = math.Max(gmax, g)
			gmin = math.Min(gmin, g)
			rhs += lp.nonbasicTerm(h, k, g, atLo, rowIdx, rowVal)
		}
		if gmax == 0 || gmax/gmin > 1e7 || trhs <= 1e-3 {
			continue
		}
		if sr, ok := lp.finishCut(h, rhs); ok {
			cuts = append(cuts, sr)
		}
	}
	return cuts
}

// fractionalRows returns the tableau rows whose basic column is integer and
// fractional (by at least 0.01), the most fractional first, at most max.
func (lp *boxLP) fractionalRows(isInt []bool, max int) []int {
	var cands []scored
	for i := 0; i < lp.m; i++ {
		j := lp.basis[i]
		if j >= lp.ns || !isInt[j] {
			continue
		}
		f := lp.x[j] - math.Floor(lp.x[j])
		if f < 0.01 || f > 0.99 {
			continue
		}
		cands = append(cands, scored{i, math.Min(f, 1-f)})
	}
	return bestScored(cands, max)
}

// nonbasicTerm adds g t_k to the cut h x >= rhs in structural columns,
// where t_k >= 0 is nonbasic column k moved to its bound (x_k - lo_k at
// lower, up_k - x_k at upper; a slack s_r = b_r - A_r x is substituted).
// It returns what the constant parts add to rhs.
func (lp *boxLP) nonbasicTerm(h []float64, k int, g float64, atLo bool, rowIdx [][]int, rowVal [][]float64) float64 {
	sign, base := 1.0, lp.lo[k]
	if !atLo {
		sign, base = -1.0, lp.up[k]
	}
	// g*sign*x_k - g*sign*base
	rhs := g * sign * base
	if k < lp.ns {
		h[k] += g * sign
		return rhs
	}
	r := k - lp.ns
	rhs -= g * sign * lp.b[r]
	for t, j := range rowIdx[r] {
		h[j] -= g * sign * rowVal[r][t]
	}
	return rhs
}

// cutMargin is the safety margin of every cut, relative to its right-hand
// side (plus the same absolute) once its largest coefficient is 1: the
// LP's primal tolerance (lpPrimalTol), so that the rounding error of a cut
// does not cut off a point the LP would accept, without weakening the cut
// far beyond it. It was 1e-7, a hundred times that tolerance: on
// budget-bound maximum-compute stages the Gomory rounds then stopped
// 18,000 units (6e-8) below an optimum that CBC's Gomory cuts reach at the
// root. On 113 dumped ROFR stages (dcplan generate 6x8x2, 3x10x4, 5x6x3
// and 4x6x4 with --providers 3, budgets and clusters, and the default
// scenario's two; 10 s each, one thread, solvecmp -instance), against the
// build before it and before the Gomory cuts' integer slacks: 99 proved
// by both, in 0.77 of the time (geometric mean over the stages both
// prove); the integer slacks alone 101 proved in 1.09 of the time, margins
// of 1e-8, 1e-10 and 1e-11 101, 104 and 103 in 0.89, 0.67 and 0.62 (which
// stages are proved moves with the trees). 1e-9 proves the default
// scenario's second stage (6.0-12.2 s, 10,369 nodes; CBC 11.4 s), 1e-10
// did not in 60 s. No stage's proved objective is above CBC's.
const cutMargin = 1e-9

// finishCut turns h x >= rhs into a scaled <= row with a safety margin
// (cutMargin), tiny coefficients moved into the right-hand side at their
// worst case.
func (lp *boxLP) finishCut(h []float64, rhs float64) (spRow, bool) {
	var sr spRow
	mx := 0.0
	for _, v := range h {
		if math.Abs(v) > 1e-12 {
			mx = math.Max(mx, math.Abs(v))
		}
	}
	if mx == 0 {
		return sr, false
	}
	nz := 0
	for _, v := range h {
		if math.Abs(v) > 1e-12*mx {
			nz++
		}
	}
	sr.idx, sr.val = make([]int, 0, nz), make([]float64, 0, nz)
	for j, v := range h {
		if math.Abs(v) > 1e-12*mx {
			sr.idx = append(sr.idx, j)
			sr.val = append(sr.val, -v/mx)
		} else if v != 0 {
			if v > 0 {
				rhs -= v * lp.up[j]
			} else {
				rhs -= v * lp.lo[j]
			}
		}
	}
	sr.rhs = -rhs/mx + cutMargin*(1+math.Abs(rhs/mx))
	return sr, true
}

// rowwise returns a row-wise copy of A's structural part. With keepRows it
// is kept between calls while the rows stay the same (rows are only
// appended or taken off the end, so the copy's first rows stay right when
// rows are appended): the tree's LP, which derives cuts at every node. The
// site LPs of the decomposition do not keep it (their dense cut rows would
// stay in memory with every kept site LP).
func (lp *boxLP) rowwise() ([][]int, [][]float64) {
	m := lp.m
	if !lp.keepRows {
		lp.rowIdx, lp.rowVal = nil, nil
		defer func() { lp.rowIdx, lp.rowVal = nil, nil }()
	}
	if len(lp.rowIdx) > m {
		lp.rowIdx, lp.rowVal = lp.rowIdx[:m], lp.rowVal[:m]
	}
	m0 := len(lp.rowIdx)
	if m0 == m {
		return lp.rowIdx, lp.rowVal
	}
	// count the new rows' nonzeros first, so each row is filled in place
	// (appending row by row was 62% of rowwise's time on the site LPs)
	cnt := lp.rowCount[:0]
	for i := m0; i < m; i++ {
		cnt = append(cnt, 0)
	}
	for j := 0; j < lp.ns; j++ {
		idx := lp.colIdx[j]
		for t := len(idx) - 1; t >= 0 && int(idx[t]) >= m0; t-- {
			cnt[int(idx[t])-m0]++
		}
	}
	lp.rowCount = cnt
	var flatIdx []int
	var flatVal []float64
	for i := m0; i < m; i++ {
		c := int(cnt[i-m0])
		// a row taken off earlier (truncateRows) leaves its buffers
		// beyond the length: reuse them when large enough (the tree takes
		// local cut rows off and on at every jump; on the default
		// scenario's second stage these rows were 42% of the bytes
		// allocated)
		if i < cap(lp.rowIdx) && i < cap(lp.rowVal) {
			lp.rowIdx, lp.rowVal = lp.rowIdx[:i+1], lp.rowVal[:i+1]
			if cap(lp.rowIdx[i]) >= c && cap(lp.rowVal[i]) >= c {
				lp.rowIdx[i], lp.rowVal[i] = lp.rowIdx[i][:0], lp.rowVal[i][:0]
				continue
			}
		} else {
			lp.rowIdx = append(lp.rowIdx, nil)
			lp.rowVal = append(lp.rowVal, nil)
		}
		if len(flatIdx) < c {
			rest := 0
			for k := i; k < m; k++ {
				rest += int(cnt[k-m0])
			}
			flatIdx, flatVal = make([]int, rest), make([]float64, rest)
		}
		lp.rowIdx[i], lp.rowVal[i] = flatIdx[:0:c], flatVal[:0:c]
		flatIdx, flatVal = flatIdx[c:], flatVal[c:]
	}
	for j := 0; j < lp.ns; j++ {
		idx := lp.colIdx[j]
		for t := len(idx) - 1; t >= 0 && int(idx[t]) >= m0; t-- {
			i := idx[t]
			lp.rowIdx[i] = append(lp.rowIdx[i], j)
			lp.rowVal[i] = append(lp.rowVal[i], lp.colVal[j][t])
		}
	}
	return lp.rowIdx, lp.rowVal
}
