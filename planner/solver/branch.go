package solver

import (
	"math"
	"sort"
)

// Branching: reliability branching (Achterberg, Koch and Martin, "Branching
// rules revisited", 2005). Each integer column keeps pseudocosts, the
// average LP bound increase per unit of fractionality moved down and up,
// learned from the nodes solved so far. A column whose pseudocosts rest on
// fewer than reliable observations is scored by strong branching instead:
// both children's LPs are solved for a few dual simplex iterations from the
// current basis (then the LP is restored exactly). A child found infeasible
// there is never created. The column with the best product score
// max(down gain, eps) * max(up gain, eps) is branched on.

const (
	reliable     = 8  // observations per direction before pseudocosts are trusted
	sbMaxCands   = 8  // strong-branching candidates per node (root: 2x)
	sbLookahead  = 4  // stop after this many candidates without a better score
	sbIterCap    = 60 // dual simplex iterations per strong-branching child
	sbMaxDepth   = 40 // no strong branching below this depth
	scoreEpsilon = 1e-6
)

type pseudocosts struct {
	sum [2][]float64 // [down/up][column] bound gain per unit moved
	n   [2][]int
}

func newPseudocosts(n int) *pseudocosts {
	pc := &pseudocosts{}
	for d := 0; d < 2; d++ {
		pc.sum[d] = make([]float64, n)
		pc.n[d] = make([]int, n)
	}
	return pc
}

func (pc *pseudocosts) add(j, dir int, gain, moved float64) {
	if moved <= 1e-9 || math.IsInf(gain, 0) || math.IsNaN(gain) {
		return
	}
	pc.sum[dir][j] += math.Max(0, gain) / moved
	pc.n[dir][j]++
}

// mean returns column j's pseudocost in direction dir, or avg (the average
// over the columns with observations) when it has none.
func (pc *pseudocosts) mean(j, dir int, avg float64) float64 {
	if pc.n[dir][j] > 0 {
		return pc.sum[dir][j] / float64(pc.n[dir][j])
	}
	return avg
}

// average is the mean pseudocost in direction dir over the columns with
// observations (1 when there are none).
func (pc *pseudocosts) average(dir int) float64 {
	s, k := 0.0, 0
	for i, c := range pc.n[dir] {
		if c > 0 {
			s += pc.sum[dir][i] / float64(c)
			k++
		}
	}
	if k == 0 {
		return 1
	}
	return s / float64(k)
}

// lpSnap keeps a boxLP's state for restore. B^{-1} is copied on write:
// while the snapshot is live (lp.cow), a row's old contents are saved the
// first time a pivot or a rebuild changes it, so taking a snapshot costs
// O(m+n) and a restore copies back only the rows strong branching touched.
type lpSnap struct {
	binv, x, d, lo, up []float64
	basis, pos         []int
	saved              []bool // s.binv row i holds row i of B^{-1} at snapshot time
	m, n               int
}

// snapshot starts a copy-on-write snapshot of lp; restore brings lp back to
// it (as often as needed) and endSnapshot ends it. The LP's shape (rows,
// columns) must not change while it is live.
func (lp *boxLP) snapshot(s *lpSnap) {
	m, n := lp.m, lp.n
	s.m, s.n = m, n
	if cap(s.binv) < m*m {
		s.binv = make([]float64, m*m)
	}
	s.binv = s.binv[:m*m]
	if cap(s.saved) < m {
		s.saved = make([]bool, m)
	}
	s.saved = s.saved[:m]
	clear(s.saved)
	s.x = append(s.x[:0], lp.x...)
	s.d = append(s.d[:0], lp.d...)
	s.lo = append(s.lo[:0], lp.lo...)
	s.up = append(s.up[:0], lp.up...)
	s.basis = append(s.basis[:0], lp.basis...)
	s.pos = append(s.pos[:0], lp.pos...)
	lp.cow = s
}

// save keeps row i's contents before its first change under a live
// snapshot (rows are distinct per caller, so pivot's threads may call it).
func (lp *boxLP) save(i int) {
	if s := lp.cow; s != nil && !s.saved[i] {
		m := lp.m
		copy(s.binv[i*m:i*m+m], lp.binv[i*m:i*m+m])
		s.saved[i] = true
	}
}

// saveAll saves every row not yet saved (before B^{-1} is rebuilt).
func (lp *boxLP) saveAll() {
	if lp.cow != nil {
		for i := 0; i < lp.m; i++ {
			lp.save(i)
		}
	}
}

// restore brings lp back to the snapshot; it stays live.
func (lp *boxLP) restore(s *lpSnap) {
	if lp.m != s.m || lp.n != s.n {
		panic("boxLP.restore: the LP changed shape under a snapshot")
	}
	m := s.m
	for i, ok := range s.saved {
		if ok {
			copy(lp.binv[i*m:i*m+m], s.binv[i*m:i*m+m])
			s.saved[i] = false
		}
	}
	copy(lp.x, s.x)
	copy(lp.d, s.d)
	copy(lp.lo, s.lo)
	copy(lp.up, s.up)
	copy(lp.basis, s.basis)
	copy(lp.pos, s.pos)
}

// endSnapshot ends the live snapshot (the LP keeps its current state).
func (lp *boxLP) endSnapshot() { lp.cow = nil }

// branchChoice is the column to branch on and what strong branching learned
// about its children (bound[d] is a valid lower bound of child d's LP,
// dead[d] that child d is infeasible).
type branchChoice struct {
	j     int
	bound [2]float64
	dead  [2]bool
}

// chooseBranch picks the branching column at the current LP optimum (LP
// objective z, in scaled units) among the fractional integer columns.
func (s *search) chooseBranch(z float64, depth int) branchChoice {
	lp, pc := s.lp, s.pc
	ns := len(s.md.colIdx)
	type cand struct {
		j     int
		f     float64
		score float64
	}
	var cands []cand
	avgDown, avgUp := pc.average(0), pc.average(1)
	for j := 0; j < ns; j++ {
		v := lp.x[j]
		f := v - math.Floor(v)
		if !fractional(v) {
			continue
		}
		sc := math.Max(pc.mean(j, 0, avgDown)*f, scoreEpsilon) * math.Max(pc.mean(j, 1, avgUp)*(1-f), scoreEpsilon)
		cands = append(cands, cand{j, f, sc})
	}
	best := branchChoice{j: -1, bound: [2]float64{math.Inf(-1), math.Inf(-1)}}
	if len(cands) == 0 {
		return best
	}
	// by pseudocost score, ties by index (deterministic)
	sort.Slice(cands, func(a, b int) bool {
		if cands[a].score != cands[b].score {
			return cands[a].score > cands[b].score
		}
		return cands[a].j < cands[b].j
	})
	bestScore := -1.0
	for _, c := range cands {
		if c.score > bestScore {
			best.j, bestScore = c.j, c.score
		}
	}
	if depth > sbMaxDepth {
		return best
	}
	maxCands := sbMaxCands
	if depth == 0 {
		maxCands *= 2
	}
	bestScore = -1.0
	tried, since := 0, 0
	for _, c := range cands {
		if tried >= maxCands || since >= sbLookahead {
			break
		}
		if s.ctx.Err() != nil {
			// the search is over: every candidate's LP would stop at once,
			// and each restore copies the tableau (generated 50x30x8 seed
			// 3: 1.4 s past a 5 s limit, about 170 MB a copy)
			break
		}
		if pc.n[0][c.j] >= reliable && pc.n[1][c.j] >= reliable {
			if c.score > bestScore {
				best = branchChoice{j: c.j, bound: [2]float64{math.Inf(-1), math.Inf(-1)}}
				bestScore = c.score
				since = 0
			} else {
				since++
			}
			continue
		}
		tried++
		ch := branchChoice{j: c.j}
		var gain [2]float64
		v := lp.x[c.j]
		if tried == 1 { // restore brings the LP back to it for the next
			lp.snapshot(&s.snap)
			defer lp.endSnapshot()
		}
		for dir := 0; dir < 2; dir++ {
			lo, up := lp.lo[c.j], lp.up[c.j]
			if dir == 0 {
				up = math.Floor(v)
			} else {
				lo = math.Floor(v) + 1
			}
			lp.setBounds(c.j, lo, up)
			lp.iterCap = sbIterCap
			st := lp.solve()
			lp.iterCap = 0
			switch st {
			case lpInfeasible:
				ch.dead[dir] = true
				ch.bound[dir] = math.Inf(1)
				gain[dir] = math.Inf(1)
			case lpOptimal:
				ch.bound[dir] = math.Min(lp.objective(), lp.safeBound())
				gain[dir] = ch.bound[dir] - z
			default:
				// iteration cap: the dual objective so far is a valid bound
				ch.bound[dir] = lp.safeBound()
				gain[dir] = math.Max(0, lp.objective()-z)
			}
			lp.restore(&s.snap)
		}
		if !ch.dead[0] {
			pc.add(c.j, 0, gain[0], c.f)
		}
		if !ch.dead[1] {
			pc.add(c.j, 1, gain[1], 1-c.f)
		}
		if ch.dead[0] || ch.dead[1] {
			// a column with an infeasible child: branching on it creates one
			// node only, with the better bound
			return ch
		}
		sc := math.Max(gain[0], scoreEpsilon) * math.Max(gain[1], scoreEpsilon)
		if sc > bestScore {
			best, bestScore = ch, sc
			since = 0
		} else {
			since++
		}
	}
	return best
}
