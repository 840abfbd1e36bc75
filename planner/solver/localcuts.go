package solver

import (
	"math"
	"sync/atomic"
)

// Local cuts: Gomory mixed-integer cuts derived at a tree node from the
// node's optimal tableau. They use the node's bounds, so they hold only in
// its subtree. The node keeps its cuts; the LP holds, after the model's rows
// and the global cuts (s.cuts), exactly the cuts of the current node's
// ancestors, root first, as a stack: diving into a child keeps them all, and
// moving to a node elsewhere in the tree takes the rows off down to the
// common ancestor (truncateRows) and adds that node's own ancestors' cuts.

// Limits of the node cuts: Gomory cuts per node (one round), and the local
// rows the LP may hold at once (beyond them, nodes get no cuts until the
// search moves up the tree): the model's row count, at least localRowMin.
// Models of more than localCols columns get none: every open node keeps its
// binding cuts, whose rows are about as dense as the model is wide (on
// solver.Generate 100x50x16, 8,000 columns, a 20 s run's memory went from
// 723 MB to 853 MB without this limit).
//
// Measured with solvecmp -instance on 18 generated scenarios (dcplan
// generate: 12x8x1, 15x6x2, 5x10x2 and 4x12x3 seeds 21-23, 3x6x3, 6x10x3,
// 20x10x1, 8x12x2, 10x20x4 and 30x20x1), one thread, 20 s: the tree
// proves the 15 it proved before in 0.46 of the time (geometric mean);
// 12x8x1 seed 23 took 111,213 nodes and 7.4 s before, 812 nodes and 0.22 s
// with node cuts (CBC: 2,242 nodes, 1.0 s). Slower: 4x12x3 seed 23 (0.18 s
// to 0.30 s) and 6x10x3 seed 1 (6.4 s to 11.8 s). Ten cuts per node rather
// than three, cuts at every depth rather than down to depth 12 or 25, and
// keeping only the binding cuts of a node for its later visits were each
// better on that set (measured before the rows were changed in place).
const (
	localMax    = 10
	localRowMin = 60
	localCols   = 1000
)

// nodeCutsOn switches the node cuts (tests compare trees with and without);
// nodeCutRounds counts the rounds that added rows, in every search.
var (
	nodeCutsOn    = true
	nodeCutRounds atomic.Int64
)

// globalRows is the number of LP rows below the local cuts.
func (s *search) globalRows() int { return s.md.m + len(s.cuts) }

// setLocal makes the LP's local rows those of nd's ancestors (nd's own
// cuts, if it has any from an earlier visit, included).
func (s *search) setLocal(nd *bbNode, rootLo, rootUp []float64) {
	chain := s.chainBuf[:0]
	defer func() { clear(chain); s.chainBuf = chain[:0] }()
	for x := nd; x != nil; x = x.parent {
		if len(x.local) > 0 {
			chain = append(chain, x)
		}
	}
	if len(chain) == 0 && len(s.stack) == 0 {
		return
	}
	// root first
	for a, b := 0, len(chain)-1; a < b; a, b = a+1, b-1 {
		chain[a], chain[b] = chain[b], chain[a]
	}
	p := 0
	for p < len(chain) && p < len(s.stack) && chain[p] == s.stack[p] {
		p++
	}
	if p < len(s.stack) {
		keep := s.globalRows()
		for _, r := range s.stackRows[:p] {
			keep += r
		}
		if !s.lp.truncateRows(keep) {
			s.rebuildLP(rootLo, rootUp)
			p = 0
		}
		s.stack, s.stackRows = s.stack[:p], s.stackRows[:p]
	}
	// one addRowsIn for all (each call copies the tableau and recomputes)
	rows := s.rowsBuf[:0]
	for _, x := range chain[p:] {
		rows = append(rows, x.local...)
		s.stack = append(s.stack, x)
		s.stackRows = append(s.stackRows, len(x.local))
	}
	s.lp.addRowsIn(rows, rootLo, rootUp)
	clear(rows)
	s.rowsBuf = rows[:0]
}

// dropLocal takes every local row off the LP (before global rows are added).
func (s *search) dropLocal(rootLo, rootUp []float64) {
	if len(s.stack) == 0 {
		return
	}
	if !s.lp.truncateRows(s.globalRows()) {
		s.rebuildLP(rootLo, rootUp)
	}
	s.stack, s.stackRows = nil, nil
}

// addGlobal adds rows valid in every node (pool cuts, the Lagrangian rows,
// the penalty floor) below the local ones.
func (s *search) addGlobal(rows []spRow, rootLo, rootUp []float64) {
	s.dropLocal(rootLo, rootUp)
	s.lp.addRowsIn(rows, rootLo, rootUp)
	s.cuts = append(s.cuts, rows...)
}

// rebuildLP starts the LP again from the model and the global cuts (when a
// local row could not be taken off cleanly). Column bounds are reset to the
// root's; the caller's next setBounds pass restores the node's.
func (s *search) rebuildLP(rootLo, rootUp []float64) {
	s.lp.release()
	s.lp = s.treeLP(s.cuts)
	for j := range rootLo {
		s.lp.setBounds(j, rootLo[j], rootUp[j])
	}
	s.lp.freeze() // the columns the root box fixes stay fixed in every node
	s.rebuilt = true
	s.stack, s.stackRows = nil, nil
}

// nodeCuts adds local Gomory cuts at node nd (its LP optimal and
// fractional) and re-solves. The rows' slack bounds come from the root box
// (rootLo, rootUp).
func (s *search) nodeCuts(nd *bbNode, rootLo, rootUp []float64) lpStatus {
	s.lp.keepRows = true
	if len(nd.local) > 0 || s.lp.m-s.globalRows() >= max(localRowMin, s.md.m) ||
		(s.lp.m+localMax)*(s.lp.n+localMax) > maxDense {
		return lpOptimal
	}
	cuts := s.lp.gmiCuts(s.intCols(), s.md.sunit, localMax)
	keep := cuts[:0]
	for _, c := range cuts {
		act := 0.0
		for t, j := range c.idx {
			act += c.val[t] * s.lp.x[j]
		}
		if act-c.rhs > 1e-6*(1+math.Abs(c.rhs)) {
			keep = append(keep, c)
		}
	}
	if len(keep) == 0 {
		return lpOptimal
	}
	base := s.lp.m
	nodeCutRounds.Add(1)
	s.lp.addRowsIn(keep, rootLo, rootUp)
	nd.local = keep
	switch st := s.lp.solve(); st {
	case lpOptimal:
		s.pushLocal(nd, base, true)
		return st
	case lpInfeasible, lpStopped:
		s.pushLocal(nd, base, false)
		return st
	}
	// numerical trouble: take this node's cuts off again
	nd.local = nil
	if !s.lp.truncateRows(base) {
		s.rebuildLP(rootLo, rootUp)
		return lpIterLimit
	}
	return s.lp.solve()
}

// pushLocal records nd's cut rows (base.. of the LP) on the stack. After an
// optimal solve (optimal), nd keeps only the cuts that bind at its LP
// optimum: those are added again when the search comes back into its
// subtree from elsewhere.
func (s *search) pushLocal(nd *bbNode, base int, optimal bool) {
	s.stack = append(s.stack, nd)
	s.stackRows = append(s.stackRows, s.lp.m-base)
	if !optimal {
		return
	}
	keep := nd.local[:0]
	for i, c := range nd.local {
		sl := s.lp.ns + base + i
		if s.lp.pos[sl] < 0 || s.lp.x[sl] <= 1e-7*(1+math.Abs(c.rhs)) {
			keep = append(keep, c)
		}
	}
	nd.local = keep
}

// firstFractional returns the first of the ns integer columns that is
// fractional at the LP point, or -1.
func (lp *boxLP) firstFractional(ns int) int {
	for j := 0; j < ns; j++ {
		if fractional(lp.x[j]) {
			return j
		}
	}
	return -1
}

// fractional reports whether an LP value is far enough from an integer to
// branch on: by more than 1e-6, and by more than the LP's own primal
// tolerance at that value (lpPrimalTol (1+|v|), twice over). A column at
// 2511.000002 (fractional by 2e-6, within the LP's 2.5e-6) branched to
// <= 2511 left the child's LP where it was, and a ROFR stage dived 30,000
// nodes deep on that one bound.
func fractional(v float64) bool {
	f := v - math.Floor(v)
	return math.Min(f, 1-f) > math.Max(1e-6, 2*lpPrimalTol*(1+math.Abs(v)))
}

// truncateRows removes the rows m1.. (and their slack columns, the last
// ones) from the LP, keeping a basis of the rest: each removed slack that is
// nonbasic is first pivoted into the basis in a row whose basic column
// stays. The basis stays dual feasible (every column is boxed: recompute
// places the nonbasic ones by their reduced costs); the next solve restores
// primal feasibility. It reports false, leaving the LP unusable, when a
// slack cannot be pivoted in (the caller then rebuilds the LP).
func (lp *boxLP) truncateRows(m1 int) bool {
	m, ns := lp.m, lp.ns
	if m1 >= m {
		return true
	}
	n1 := ns + m1
	for r := m1; r < m; r++ {
		sl := ns + r
		if lp.pos[sl] >= 0 {
			continue
		}
		bi, ba := -1, 1e-7
		for i := 0; i < m; i++ {
			if lp.basis[i] >= n1 {
				continue
			}
			if a := math.Abs(lp.binv[i*m+r]); a > ba {
				bi, ba = i, a
			}
		}
		if bi < 0 {
			return false
		}
		lp.pivot(bi, sl, true, nil)
	}
	k := 0
	for i := 0; i < m; i++ {
		if lp.basis[i] < n1 {
			k++
		}
	}
	if k != m1 {
		return false
	}
	// Compact the kept rows of B^{-1} in place (row k's new place starts at
	// or before row i's old one, k <= i). With every removed slack basic,
	// B = [[B11, 0], [B21, I]] up to the order of rows, and the kept rows'
	// first m1 entries of B^{-1} are B11^{-1}.
	B := lp.binv
	k = 0
	basis := lp.basis[:0]
	for i := 0; i < m; i++ {
		j := lp.basis[i]
		if j >= n1 {
			continue
		}
		copy(B[k*m1:k*m1+m1], B[i*m:i*m+m1])
		basis = append(basis, j)
		k++
	}
	lp.binv = B[:m1*m1]
	lp.basis = basis
	lp.m, lp.n = m1, n1
	lp.x, lp.lo, lp.up, lp.c, lp.d = lp.x[:n1], lp.lo[:n1], lp.up[:n1], lp.c[:n1], lp.d[:n1]
	lp.pos = lp.pos[:n1]
	for j := range lp.pos {
		lp.pos[j] = -1
	}
	for i, j := range lp.basis {
		lp.pos[j] = i
	}
	lp.b = lp.b[:m1]
	if len(lp.rowIdx) > m1 {
		lp.rowIdx, lp.rowVal = lp.rowIdx[:m1], lp.rowVal[:m1]
	}
	for j := 0; j < ns; j++ {
		idx := lp.colIdx[j]
		t := len(idx)
		for t > 0 && int(idx[t-1]) >= m1 {
			t--
		}
		lp.colIdx[j] = idx[:t]
		lp.colVal[j] = lp.colVal[j][:t]
	}
	lp.work = lp.work[:m1]
	lp.maxIter = 20*(m1+n1) + 1000
	lp.recompute()
	return true
}
