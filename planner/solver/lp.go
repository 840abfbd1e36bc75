package solver

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// boxLP is a bounded dual simplex (revised, with an explicit dense basis
// inverse) for
//
//	min c'x  s.t.  A x + s = b,  lo <= (x, s) <= up
//
// where every variable (structural and slack) has finite bounds. With all
// variables boxed, any basis is made dual feasible by placing each nonbasic
// variable at the bound matching the sign of its reduced cost, so the dual
// simplex alone solves every LP, and warm starts after bound changes (branch
// and bound) or cost changes are free. It keeps B^{-1} (m x m) rather than
// the whole tableau B^{-1}[A I] (m x (n+m)): a tableau row or column is
// computed from it and the sparse columns of A when needed. It is meant for
// small and medium models; see doc.go.
type boxLP struct {
	m, n, ns int       // rows; all columns; structural columns (slack of row i is ns+i)
	binv     []float64 // B^{-1}, m x m, row-major (row i: basic column basis[i])
	x        []float64
	lo, up   []float64
	c        []float64
	d        []float64
	basis    []int
	pos      []int
	colIdx   [][]int32 // structural columns of A (sparse)
	colVal   [][]float64
	b        []float64
	iters    int
	maxIter  int
	iterCap  int // when > 0, solve stops after this many iterations (strong branching)
	work     []float64
	threads  int
	stop     func() bool // polled during solve (nil = never stop)
	meter    *int64      // when set, each pivot adds its work to it (see search.effort)
	nzIdx    []int32
	nzVal    []float64
	segs     [][2]int32 // spans of the pivot row's nonzeros (see pivot)
	buf      []float64  // scratch for recompute and accurate (see scratch)
	rowIdx   [][]int    // row-wise copy of the first len(rowIdx) rows (see rowwise)
	rowVal   [][]float64
	keepRows bool      // keep rowIdx and rowVal between calls
	rowCount []int32   // scratch of rowwise
	cow      *lpSnap   // live snapshot: rows are saved before their first change (see snapshot)
	alpha    []float64 // the pivot row of the tableau (n), see rowInto
	col      []float64 // the entering column of the tableau (m), see colInto
	col2     []float64 // a column for setNonbasic (m)
	// frozen marks structural columns that are nonbasic and fixed for good
	// (see freeze): the ratio test, the pivot row and the reduced-cost
	// updates skip them, and their reduced costs go stale until recompute.
	// nil: none. cols lists the other columns, slacks included, for the
	// current n (colsN); see active.
	frozen []bool
	cols   []int32
	colsN  int
}

// colInto writes column j of the tableau, B^{-1} a_j, into out (len m).
func (lp *boxLP) colInto(j int, out []float64) {
	m := lp.m
	if j >= lp.ns {
		k := j - lp.ns
		for i := 0; i < m; i++ {
			out[i] = lp.binv[i*m+k]
		}
		return
	}
	idx, val := lp.colIdx[j], lp.colVal[j]
	for i := 0; i < m; i++ {
		row := lp.binv[i*m : i*m+m]
		s := 0.0
		for t, k := range idx {
			s += row[k] * val[t]
		}
		out[i] = s
	}
}

// rowInto writes row r of the tableau, e_r' B^{-1} [A I], into out (len n).
// With a row-wise copy of A kept (keepRows) and few nonzeros in row r of
// B^{-1}, it sums those rows of A; otherwise it takes the dot product of
// row r with every column, or, unless all, with every column not frozen
// (the entries of frozen columns are then left as they were).
func (lp *boxLP) rowInto(r int, out []float64, all bool) {
	m, ns := lp.m, lp.ns
	br := lp.binv[r*m : r*m+m]
	copy(out[ns:lp.n], br)
	if lp.keepRows {
		rowIdx, rowVal := lp.rowwise()
		work, all := 0, 0
		for k, v := range br {
			all += len(rowIdx[k])
			if v != 0 {
				work += len(rowIdx[k])
			}
		}
		if 2*work < all {
			clear(out[:ns])
			for k, v := range br {
				if v == 0 {
					continue
				}
				val := rowVal[k]
				for t, j := range rowIdx[k] {
					out[j] += v * val[t]
				}
			}
			return
		}
	}
	dot := func(j int) {
		s := 0.0
		for t, i := range lp.colIdx[j] {
			s += br[i] * lp.colVal[j][t]
		}
		out[j] = s
	}
	if all || lp.frozen == nil {
		for j := 0; j < ns; j++ {
			dot(j)
		}
		return
	}
	for _, j := range lp.active() {
		if int(j) >= ns {
			break
		}
		dot(int(j))
	}
}

// active returns the columns that are not frozen, in increasing order
// (all of them when none is).
func (lp *boxLP) active() []int32 {
	if lp.cols != nil && lp.colsN == lp.n {
		return lp.cols
	}
	cols := lp.cols[:0]
	for j := 0; j < lp.n; j++ {
		if j >= lp.ns || lp.frozen == nil || !lp.frozen[j] {
			cols = append(cols, int32(j))
		}
	}
	lp.cols, lp.colsN = cols, lp.n
	return cols
}

// freeze leaves out of the simplex's loops the structural columns that are
// nonbasic and fixed (lo == up) now, when they are at least a quarter of
// them. The caller promises that their bounds stay as they are: the tree
// freezes the columns its root box fixes (reduced-cost fixing), which keep
// those bounds in every node. Should their bounds change all the same,
// setBounds thaws every column and recomputes the reduced costs.
func (lp *boxLP) freeze() {
	frozen := make([]bool, lp.ns)
	nf := 0
	for j := range frozen {
		if lp.pos[j] < 0 && lp.lo[j] == lp.up[j] {
			frozen[j] = true
			nf++
		}
	}
	lp.frozen, lp.cols = nil, nil
	if 4*nf >= lp.ns && nf > 0 {
		lp.frozen = frozen
	}
}

// thaw undoes freeze: every column is visited again, with fresh reduced
// costs.
func (lp *boxLP) thaw() {
	lp.frozen, lp.cols = nil, nil
	lp.recompute()
}

// buffers sizes the row and column buffers for the current shape.
func (lp *boxLP) buffers() {
	if cap(lp.alpha) < lp.n {
		lp.alpha = make([]float64, lp.n, lp.n+64)
	}
	lp.alpha = lp.alpha[:lp.n]
	if cap(lp.col) < lp.m || cap(lp.col2) < lp.m {
		lp.col = make([]float64, lp.m, lp.m+64)
		lp.col2 = make([]float64, lp.m, lp.m+64)
	}
	lp.col, lp.col2 = lp.col[:lp.m], lp.col2[:lp.m]
}

// scratch returns a zeroed buffer of m floats, reused between calls (used
// by recompute and accurate, never both at once).
func (lp *boxLP) scratch(m int) []float64 {
	if cap(lp.buf) < m {
		lp.buf = make([]float64, m)
	}
	b := lp.buf[:m]
	clear(b)
	return b
}

// Tolerances (rows are scaled to a largest coefficient of 1). The pivot
// tolerance was 1e-9: pivots on elements that small blew the basis up
// (basic values of -1.8e9 on [0, 40095]) and some node LPs then ran to the
// iteration limit; on generated 5x10x2 seed 2 those took 98% of all pivots.
// With 1e-6 none does, and the tree visits 32x the nodes in the same time.
const (
	lpPrimalTol = 1e-9
	lpDualTol   = 1e-11
	lpPivTol    = 1e-6
)

type lpStatus int

const (
	lpOptimal lpStatus = iota
	lpInfeasible
	lpIterLimit
	lpStopped
)

// newBoxLP builds the tableau for structural columns (sparse, rows already
// scaled), right-hand sides b and bounds. Slack bounds are derived from the
// structural bounds (slack_i = b_i - a_i x in [0, b_i - min a_i x]) unless
// eq[i] (then [0,0]).
func newBoxLP(m int, colIdx [][]int32, colVal [][]float64, b []float64, eq []bool, lo, up, c []float64) *boxLP {
	ns := len(colIdx)
	n := ns + m
	lp := &boxLP{m: m, n: n, ns: ns, b: append([]float64(nil), b...)}
	// private copies: addRows appends cut rows to the columns
	lp.colIdx = make([][]int32, ns)
	lp.colVal = make([][]float64, ns)
	for j := range colIdx {
		lp.colIdx[j] = colIdx[j][:len(colIdx[j]):len(colIdx[j])]
		lp.colVal[j] = colVal[j][:len(colVal[j]):len(colVal[j])]
	}
	lp.binv = getTableau(m * m)
	lp.x = make([]float64, n)
	lp.lo = make([]float64, n)
	lp.up = make([]float64, n)
	lp.c = make([]float64, n)
	lp.d = make([]float64, n)
	lp.basis = make([]int, m)
	lp.pos = make([]int, n)
	lp.work = make([]float64, m)
	copy(lp.lo, lo)
	copy(lp.up, up)
	copy(lp.c, c)
	minAct := make([]float64, m)
	for j := 0; j < ns; j++ {
		for k, i := range colIdx[j] {
			v := colVal[j][k]
			if v > 0 {
				minAct[i] += v * lo[j]
			} else {
				minAct[i] += v * up[j]
			}
		}
		lp.pos[j] = -1
	}
	for i := 0; i < m; i++ {
		j := ns + i
		lp.binv[i*m+i] = 1
		lp.basis[i] = j
		lp.pos[j] = i
		lp.lo[j] = 0
		if eq[i] {
			lp.up[j] = 0
		} else {
			lp.up[j] = math.Max(0, b[i]-minAct[i]) + 1
		}
	}
	lp.maxIter = 20*(m+n) + 1000
	lp.recompute()
	return lp
}

// tableauPool keeps released B^{-1} buffers (the LP once kept its whole
// tableau there) for the next LP.
var tableauPool sync.Pool

// getTableau returns a zeroed slice of n floats, reusing released buffers.
func getTableau(n int) []float64 {
	if v, ok := tableauPool.Get().(*[]float64); ok && cap(*v) >= n {
		t := (*v)[:n]
		clear(t)
		return t
	}
	return make([]float64, n)
}

// release hands B^{-1} back for reuse; the LP must not be used after.
func (lp *boxLP) release() {
	if lp == nil || lp.binv == nil {
		return
	}
	t := lp.binv
	lp.binv = nil
	tableauPool.Put(&t)
}

// recompute rebuilds reduced costs and basic values from B^{-1}; nonbasic
// variables are (re)placed at the bound matching their reduced-cost sign.
func (lp *boxLP) recompute() {
	m, n, ns := lp.m, lp.n, lp.ns
	lp.buffers()
	y := lp.work[:m]
	lp.dualsInto(y)
	for j := 0; j < ns; j++ {
		if lp.pos[j] >= 0 {
			lp.d[j] = 0
			continue
		}
		if lp.frozen != nil && lp.frozen[j] {
			continue // never read while frozen (thaw recomputes it)
		}
		s := lp.c[j]
		for k, i := range lp.colIdx[j] {
			s -= y[i] * lp.colVal[j][k]
		}
		lp.d[j] = s
	}
	for i := 0; i < m; i++ {
		j := ns + i
		if lp.pos[j] >= 0 {
			lp.d[j] = 0
		} else {
			lp.d[j] = lp.c[j] - y[i]
		}
	}
	for j := 0; j < n; j++ {
		if lp.pos[j] < 0 {
			lp.place(j)
		}
	}
	// residual r = b - N x_N
	r := lp.scratch(m)
	copy(r, lp.b)
	for j := 0; j < ns; j++ {
		if lp.pos[j] >= 0 || lp.x[j] == 0 {
			continue
		}
		xj := lp.x[j]
		for k, i := range lp.colIdx[j] {
			r[i] -= lp.colVal[j][k] * xj
		}
	}
	for i := 0; i < m; i++ {
		j := ns + i
		if lp.pos[j] < 0 {
			r[i] -= lp.x[j]
		}
	}
	for i := 0; i < m; i++ {
		lp.x[lp.basis[i]] = floats.Dot(lp.binv[i*m:i*m+m], r)
	}
}

// place puts nonbasic j at the bound that keeps it dual feasible.
func (lp *boxLP) place(j int) {
	// |d| within the dual tolerance counts as zero (the column stays where
	// it is), as in the bound flips after a pivot: otherwise a column with a
	// reduced cost of 1e-17 would be moved back and forth between its bounds
	if lp.d[j] < -lpDualTol {
		lp.x[j] = lp.up[j]
	} else if lp.d[j] > lpDualTol {
		lp.x[j] = lp.lo[j]
	} else if lp.x[j] != lp.lo[j] && lp.x[j] != lp.up[j] {
		lp.x[j] = lp.lo[j]
	}
}

// setNonbasic moves nonbasic j to value v, updating basic values.
func (lp *boxLP) setNonbasic(j int, v float64) {
	delta := v - lp.x[j]
	if delta == 0 {
		return
	}
	lp.x[j] = v
	col := lp.col2
	lp.colInto(j, col)
	for i, a := range col {
		if a != 0 {
			lp.x[lp.basis[i]] -= a * delta
		}
	}
}

// setBounds changes the bounds of column j (structural).
func (lp *boxLP) setBounds(j int, lo, up float64) {
	if lp.frozen != nil && j < lp.ns && lp.frozen[j] && (lo != lp.lo[j] || up != lp.up[j]) {
		lp.thaw()
	}
	lp.lo[j], lp.up[j] = lo, up
	if lp.pos[j] >= 0 {
		return
	}
	v := lp.x[j]
	switch {
	case lp.d[j] < -lpDualTol:
		v = up
	case lp.d[j] > lpDualTol:
		v = lo
	default:
		if v < lo {
			v = lo
		}
		if v > up {
			v = up
		}
	}
	lp.setNonbasic(j, v)
}

// setCost changes structural costs (len ns) and restores dual feasibility.
func (lp *boxLP) setCosts(c []float64) {
	copy(lp.c[:lp.ns], c)
	lp.recompute()
}

func (lp *boxLP) objective() float64 {
	s := 0.0
	for j := 0; j < lp.n; j++ {
		s += lp.c[j] * lp.x[j]
	}
	return s
}

// duals returns y (per row) with d_j = c_j - y'A_j.
func (lp *boxLP) duals() []float64 {
	y := make([]float64, lp.m)
	lp.dualsInto(y)
	return y
}

// blandAt is the pivot count after which a solve counts as stalled: the
// dual simplex then takes the least index, Bland-like, for the leaving row
// and among the ratio test's ties, which breaks the cycles of degenerate
// node LPs. On dcplan generate 8x6x2 seed 611's first ROFR stage, 539 node
// LPs in 15 s ran to the iteration limit (5,281-6,441 pivots at 110-113
// rows), and the stage was unproved after 30 s (CBC 10.9 s); with the
// switch it is proved in 1.8-1.9 s. Below the threshold nothing changes.
// On the 167 dumped ROFR stages (10 s, one thread, each run both ways in
// turn) the same 146 are proved in 0.98 of the time (geometric mean;
// 6x8x2 seed 52's first stage 3.4 s to 0.33 s), three unproved stages end
// cheaper (by 2.7e-8 to 4.2e-6) and none dearer; 5x6x3 seed 5's first
// stage (a regression row) takes 2,570 nodes instead of 1,663.
func (lp *boxLP) blandAt() int { return 10*(lp.m+lp.n) + 1000 }

// dualsInto writes y' = c_B' B^{-1} into y (length m).
func (lp *boxLP) dualsInto(y []float64) {
	m := lp.m
	for k := range y {
		y[k] = 0
	}
	for i := 0; i < m; i++ {
		cb := lp.c[lp.basis[i]]
		if cb == 0 {
			continue
		}
		floats.AddScaled(y, cb, lp.binv[i*m:i*m+m])
	}
}

// solve runs the dual simplex from the current basis.
func (lp *boxLP) solve() lpStatus {
	m := lp.m
	since := 0
	refactored := 0
	for it := 0; ; it++ {
		if it > lp.maxIter || (lp.iterCap > 0 && it >= lp.iterCap) {
			return lpIterLimit
		}
		if lp.stop != nil && it&31 == 31 && lp.stop() {
			return lpStopped
		}
		if since >= 200 {
			lp.recompute()
			since = 0
			if !lp.accurate() {
				lp.refactor()
			}
		}
		// Leaving row: largest (relative) bound violation; once the solve
		// has stalled (see blandAt), the infeasible basic column of least
		// index.
		bland := it > lp.blandAt()
		r, best := -1, 0.0
		bj := math.MaxInt
		for i := 0; i < m; i++ {
			j := lp.basis[i]
			v := lp.x[j]
			var inf float64
			if v < lp.lo[j] {
				inf = lp.lo[j] - v
			} else if v > lp.up[j] {
				inf = v - lp.up[j]
			} else {
				continue
			}
			if inf <= lpPrimalTol*(1+math.Abs(v)) {
				continue
			}
			if bland {
				if j < bj {
					bj, r = j, i
				}
				continue
			}
			if inf > best {
				best, r = inf, i
			}
		}
		if r < 0 {
			if since > 0 {
				// verify with fresh values before declaring optimality
				lp.recompute()
				since = 0
				if refactored < 2 && !lp.accurate() {
					lp.refactor()
					refactored++
				}
				if lp.maxViolation() > 0 {
					continue
				}
			}
			return lpOptimal
		}
		lv := lp.basis[r]
		toLower := lp.x[lv] < lp.lo[lv]
		row := lp.alpha
		lp.rowInto(r, row, false)
		// Harris two-pass ratio test.
		thMax := math.Inf(1)
		cols := lp.active()
		for _, j32 := range cols {
			j := int(j32)
			if lp.pos[j] >= 0 || lp.lo[j] == lp.up[j] {
				continue
			}
			a := row[j]
			if !lp.candidate(j, a, toLower) {
				continue
			}
			t := (math.Abs(lp.d[j]) + lpDualTol) / math.Abs(a)
			if t < thMax {
				thMax = t
			}
		}
		if math.IsInf(thMax, 1) {
			// No entering column: recheck from fresh values once.
			if since > 0 {
				lp.recompute()
				since = 0
				continue
			}
			if lp.proved(lp.farkas(r)) {
				return lpInfeasible
			}
			// The tableau row does not prove it: rebuild the tableau from
			// the original data and go on; if a fresh tableau still cannot
			// prove it, give up on this LP (callers treat that as unknown).
			if refactored >= 2 {
				return lpIterLimit
			}
			lp.refactor()
			refactored++
			continue
		}
		q, qa := -1, 0.0
		for _, j32 := range cols {
			j := int(j32)
			if lp.pos[j] >= 0 || lp.lo[j] == lp.up[j] {
				continue
			}
			a := row[j]
			if !lp.candidate(j, a, toLower) {
				continue
			}
			if math.Abs(lp.d[j])/math.Abs(a) <= thMax && math.Abs(a) > qa {
				q, qa = j, math.Abs(a)
			}
		}
		if bland {
			// the least index among the ratio test's ties whose pivot is
			// at least a tenth of the largest
			for _, j32 := range cols {
				j := int(j32)
				if j >= q {
					break // cols is in index order
				}
				if lp.pos[j] >= 0 || lp.lo[j] == lp.up[j] {
					continue
				}
				a := row[j]
				if lp.candidate(j, a, toLower) && math.Abs(lp.d[j])/math.Abs(a) <= thMax && math.Abs(a) >= 0.1*qa {
					q = j
					break
				}
			}
		}
		lp.pivot(r, q, toLower, row)
		lp.iters++
		if lp.meter != nil {
			*lp.meter += int64(lp.m)*int64(lp.m) + int64(len(cols))
		}
		since++
	}
}

func (lp *boxLP) candidate(j int, a float64, toLower bool) bool {
	if math.Abs(a) <= lpPivTol {
		return false
	}
	atLo := lp.x[j] <= lp.lo[j]
	// x_B = ... - a x_j; toLower: basic below lower bound, must increase.
	if toLower {
		return (atLo && a < 0) || (!atLo && a > 0)
	}
	return (atLo && a > 0) || (!atLo && a < 0)
}

func (lp *boxLP) maxViolation() float64 {
	w := 0.0
	for i := 0; i < lp.m; i++ {
		j := lp.basis[i]
		v := lp.x[j]
		var inf float64
		if v < lp.lo[j] {
			inf = lp.lo[j] - v
		} else if v > lp.up[j] {
			inf = v - lp.up[j]
		}
		if inf > lpPrimalTol*(1+math.Abs(v)) && inf > w {
			w = inf
		}
	}
	return w
}

// segGap is the run of zeros in a pivot row beyond which the dense update
// skips to the next span.
const segGap = 32

// updateRows applies the pivot's elimination to rows [i0, i1) of B^{-1}
// (not r, the pivot row rowR): row i -= col[i] x rowR, over the spans
// lp.segs when dense, else over the gathered nonzeros lp.nzIdx/nzVal. A
// method rather than a closure: a closure handed to the goroutines escaped
// to the heap on every pivot (42 MB on the default scenario's second
// stage).
func (lp *boxLP) updateRows(i0, i1, r int, col, rowR []float64, dense bool) {
	m := lp.m
	for i := i0; i < i1; i++ {
		f := col[i]
		if i == r || f == 0 {
			continue
		}
		lp.save(i)
		rowI := lp.binv[i*m : i*m+m]
		if dense {
			for _, sg := range lp.segs {
				floats.AddScaled(rowI[sg[0]:sg[1]], -f, rowR[sg[0]:sg[1]])
			}
		} else {
			for k, j := range lp.nzIdx {
				rowI[j] -= f * lp.nzVal[k]
			}
		}
	}
}

// pivot: column q enters, the basic variable of row r leaves at its violated
// bound. alpha is row r of the tableau (rowInto), or nil to compute it here.
func (lp *boxLP) pivot(r, q int, toLower bool, alpha []float64) {
	m := lp.m
	if alpha == nil {
		alpha = lp.alpha
		lp.rowInto(r, alpha, false)
	}
	col := lp.col
	lp.colInto(q, col)
	lv := lp.basis[r]
	target := lp.up[lv]
	if toLower {
		target = lp.lo[lv]
	}
	a := col[r]
	// primal step
	dq := (lp.x[lv] - target) / a
	for i, t := range col {
		if t != 0 {
			lp.x[lp.basis[i]] -= t * dq
		}
	}
	lp.x[q] += dq
	lp.x[lv] = target
	// B^{-1}: gather the nonzeros of its pivot row once
	lp.save(r)
	rowR := lp.binv[r*m : r*m+m]
	inv := 1 / a
	nzI := lp.nzIdx[:0]
	nzV := lp.nzVal[:0]
	for j, v := range rowR {
		if v != 0 {
			v *= inv
			rowR[j] = v
			nzI = append(nzI, int32(j))
			nzV = append(nzV, v)
		}
	}
	lp.nzIdx, lp.nzVal = nzI, nzV
	// A dense pivot row is applied as axpys (gonum's assembly kernel) over
	// the spans that hold its nonzeros (runs of more than segGap zeros are
	// skipped), a sparse one through its gathered nonzeros. Either way each
	// entry gets the same arithmetic, so the choice never changes a result.
	segs := lp.segs[:0]
	span := 0
	for k, j := range nzI {
		if k == 0 || int(j)-int(nzI[k-1]) > segGap {
			segs = append(segs, [2]int32{j, j + 1})
		} else {
			segs[len(segs)-1][1] = j + 1
		}
	}
	for _, sg := range segs {
		span += int(sg[1] - sg[0])
	}
	lp.segs = segs
	dense := 4*len(nzI) > span
	// Rows are independent: split them over threads when the update is
	// large. Each row's arithmetic is the same either way, so the result does
	// not depend on the number of threads.
	if w := lp.threads; w > 1 && m*len(nzI) > 400_000 {
		var wg sync.WaitGroup
		chunk := (m + w - 1) / w
		for t := 0; t < w; t++ {
			i0, i1 := t*chunk, min(m, (t+1)*chunk)
			if i0 >= i1 {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				lp.updateRows(i0, i1, r, col, rowR, dense)
			}()
		}
		wg.Wait()
	} else {
		lp.updateRows(0, m, r, col, rowR, dense)
	}
	// reduced costs: d_j -= d_q alpha_j / alpha_q over the nonbasic columns
	// (the leaving column's row entry is exactly 1, the other basic ones 0)
	cols := lp.active()
	if dqv := lp.d[q]; dqv != 0 {
		f := dqv * inv
		for _, j32 := range cols {
			if v := alpha[j32]; v != 0 && lp.pos[j32] < 0 {
				lp.d[j32] -= f * v
			}
		}
		lp.d[lv] = -f
	}
	lp.d[q] = 0
	lp.basis[r] = q
	lp.pos[q] = r
	lp.pos[lv] = -1
	// keep dual feasibility by bound flipping of nonbasic columns whose
	// reduced cost changed sign (all columns are boxed).
	for _, j32 := range cols {
		j := int(j32)
		if lp.pos[j] >= 0 {
			continue
		}
		dj := lp.d[j]
		if dj < -lpDualTol && lp.x[j] != lp.up[j] {
			lp.setNonbasic(j, lp.up[j])
		} else if dj > lpDualTol && lp.x[j] != lp.lo[j] {
			lp.setNonbasic(j, lp.lo[j])
		}
	}
}

// safeBound returns a lower bound on the LP optimum that holds for the
// current dual vector y whatever its accuracy (weak duality with boxed
// columns): y'b + sum_j min(d_j lo_j, d_j up_j) with d = c - y'A recomputed
// from the original columns (slack columns included, d_slack = -y).
func (lp *boxLP) safeBound() float64 {
	y := lp.work[:lp.m]
	lp.dualsInto(y)
	z := 0.0
	for i, yi := range y {
		z += yi * lp.b[i]
	}
	for j := 0; j < lp.ns; j++ {
		if lp.lo[j] == 0 && lp.up[j] == 0 {
			continue // its term is zero whatever d_j is
		}
		d := lp.c[j]
		for k, i := range lp.colIdx[j] {
			d -= y[i] * lp.colVal[j][k]
		}
		z += math.Min(d*lp.lo[j], d*lp.up[j])
	}
	for i, yi := range y {
		j := lp.ns + i
		d := lp.c[j] - yi
		z += math.Min(d*lp.lo[j], d*lp.up[j])
	}
	return z
}

// farkas checks an infeasibility claim for row r from the original data:
// row r of B^{-1} gives multipliers y, and
// every point of the box satisfies sum_j (y'A)_j x_j + sum_i y_i s_i = y'b
// whatever y is (it need not be accurate). The claim is proved when y'b
// lies outside the range that left-hand side can take over the box by more
// than the rounding error of computing them (see proved). It returns the
// margin (> 0: infeasible in exact arithmetic, up to that error), the scale
// of the terms, and errScale: the scale with every product y_i A_ij taken
// in absolute value, which bounds the rounding error (a sum of k terms in
// float64 is off by at most about k eps times the sum of their magnitudes).
func (lp *boxLP) farkas(r int) (margin, scale, errScale float64) {
	m, ns := lp.m, lp.ns
	y := lp.binv[r*m : r*m+m]
	rhs := 0.0
	for i := 0; i < m; i++ {
		rhs += y[i] * lp.b[i]
		scale += math.Abs(y[i] * lp.b[i])
	}
	errScale = scale
	lo, hi := 0.0, 0.0
	add := func(a, abs, l, u float64) {
		if a == 0 {
			return
		}
		lo += math.Min(a*l, a*u)
		hi += math.Max(a*l, a*u)
		scale += math.Max(math.Abs(a*l), math.Abs(a*u))
		errScale += abs * math.Max(math.Abs(l), math.Abs(u))
	}
	for j := 0; j < ns; j++ {
		a, abs := 0.0, 0.0
		for k, i := range lp.colIdx[j] {
			a += y[i] * lp.colVal[j][k]
			abs += math.Abs(y[i] * lp.colVal[j][k])
		}
		add(a, abs, lp.lo[j], lp.up[j])
	}
	for i := 0; i < m; i++ {
		add(y[i], math.Abs(y[i]), lp.lo[ns+i], lp.up[ns+i])
	}
	return math.Max(lo-rhs, rhs-hi), scale, errScale
}

// proved reports whether a Farkas margin proves infeasibility: by 1e-9 of
// the terms' scale (the first test, kept), or by four times the rounding
// error bound of its sums, 2 (n + 2m) eps errScale (each dot product y'A_j
// has at most m terms, the sums over the box n + m). The second test
// proves what the first's margin misses on wide boxes: a ROFR stage's node
// infeasible by 0.034 against a 1e-9 margin of 0.035 (scale 3.5e7) ended
// unsolved, and its tree split intervals blindly (84,000 nodes in 10 s;
// CBC 0.28 s).
func (lp *boxLP) proved(margin, scale, errScale float64) bool {
	const eps = 0x1p-52
	return margin > 1e-9*scale+1e-12 || margin > 8*float64(lp.n+2*lp.m)*eps*errScale+1e-12
}

// accurate reports whether the basic values recomputed from the tableau's
// B^{-1} satisfy the original rows A x + s = b to a relative 1e-9. Product-form
// updates of B^{-1} accumulate rounding error on ill-conditioned bases;
// when this fails B^{-1} is rebuilt (refactor).
func (lp *boxLP) accurate() bool {
	m, ns := lp.m, lp.ns
	r := lp.work[:m]
	mag := lp.scratch(m)
	for i := 0; i < m; i++ {
		r[i] = lp.x[ns+i] - lp.b[i]
		mag[i] = math.Abs(lp.x[ns+i]) + math.Abs(lp.b[i])
	}
	for j := 0; j < ns; j++ {
		xj := lp.x[j]
		if xj == 0 {
			continue
		}
		for k, i := range lp.colIdx[j] {
			t := lp.colVal[j][k] * xj
			r[i] += t
			mag[i] += math.Abs(t)
		}
	}
	for i := 0; i < m; i++ {
		if math.Abs(r[i]) > 1e-9*(1+mag[i]) {
			return false
		}
	}
	return true
}

// refactor rebuilds B^{-1} for the current basis from the original columns
// with an LU factorisation of B (gonum). A basis too
// ill-conditioned to factor is replaced by the slack basis (always valid: every
// column is boxed, so the dual simplex restarts from any basis).
func (lp *boxLP) refactor() {
	lp.saveAll()
	m, ns := lp.m, lp.ns
	sc, _ := refactorPool.Get().(*refactorScratch)
	if sc == nil {
		sc = new(refactorScratch)
	}
	defer refactorPool.Put(sc)
	if cap(sc.b) < m*m {
		sc.b = make([]float64, m*m)
	}
	buf := sc.b[:m*m]
	clear(buf)
	B := mat.NewDense(m, m, buf)
	for i, j := range lp.basis {
		if j >= ns {
			B.Set(j-ns, i, 1)
			continue
		}
		for k, r := range lp.colIdx[j] {
			B.Set(int(r), i, lp.colVal[j][k])
		}
	}
	lu := &sc.lu
	lu.Factorize(B)
	if lu.Cond() > 1e13 {
		lp.resetBasis()
		return
	}
	I := mat.NewDiagDense(m, nil)
	for i := 0; i < m; i++ {
		I.SetDiag(i, 1)
	}
	Binv := mat.NewDense(m, m, lp.binv[:m*m])
	if err := lu.SolveTo(Binv, false, I); err != nil {
		lp.resetBasis()
		return
	}
	lp.recompute()
}

// refactorScratch is refactor's basis matrix and LU factors, kept in
// refactorPool between calls (a tree refactors its LP hundreds of times:
// on the default scenario's second stage these were 47% of the bytes
// allocated).
type refactorScratch struct {
	b  []float64
	lu mat.LU
}

var refactorPool sync.Pool

// resetBasis makes every slack basic again (B^{-1} = I) and recomputes.
func (lp *boxLP) resetBasis() {
	lp.saveAll()
	m, ns := lp.m, lp.ns
	clear(lp.binv[:m*m])
	for j := 0; j < ns; j++ {
		lp.pos[j] = -1
	}
	for i := 0; i < m; i++ {
		lp.binv[i*m+i] = 1
		lp.basis[i] = ns + i
		lp.pos[ns+i] = i
	}
	lp.recompute()
}

// setColumn replaces the nonbasic structural column j by the sparse column
// (idx, val) with cost c and bounds [0, up], keeping the basis (column
// generation reuses slots this way). Column j first moves to 0 under its
// old data; it is then placed at the bound its reduced cost calls for, so the
// basis stays dual feasible and the dual simplex repairs the basic values.
// It returns false, changing nothing, when j is basic. The slacks' bounds
// stay as newBoxLP derived them: the caller makes them wide enough for every
// column it will set. y are the duals of the current basis (dualsInto): they do not change
// with it, so one vector serves a batch of columns.
func (lp *boxLP) setColumn(j int, idx []int32, val []float64, c, up float64, y []float64) bool {
	if lp.pos[j] >= 0 {
		return false
	}
	lp.setNonbasic(j, 0)
	// fresh slices: the old ones may share the caller's backing arrays
	lp.colIdx[j] = append([]int32(nil), idx...)
	lp.colVal[j] = append([]float64(nil), val...)
	d := c
	for t, i := range idx {
		d -= y[i] * val[t]
	}
	lp.c[j], lp.d[j] = c, d
	lp.x[j] = 0
	lp.setBounds(j, 0, up)
	return true
}
