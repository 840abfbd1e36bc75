package solver

import (
	"fmt"
	"math"
	"sync/atomic"
	"time"
)

// Column generation (Dantzig-Wolfe) for the Lagrangian dual of the large
// route's models with several coupling rows.
//
// lagrange's Kelley master takes one aggregated cut per evaluation; with
// sixteen demand rows it converges slowly. On dcplan generate 100x50x16 it
// stopped 6.5e-4 below the LP optimum (CBC's LP relaxation of the same MPS),
// which was then most of the reported gap. This master keeps the sites'
// subproblem solutions as columns instead, summed over groups of sites:
//
//	min  sum_gp cost_gp w_gp + sum_d P_d short_d
//	s.t. sum_gp cover_dgp w_gp + short_d >= Min_d   (demand d: dual lambda_d)
//	     sum_gp spend_bgp w_gp <= Max_b             (budget b: dual mu_b)
//	     sum_p w_gp = 1                             (group g)
//	     0 <= w_gp <= 1,  0 <= short_d <= Min_d
//
// Each group starts with the empty plan and, when there is one, the
// incumbent's part of it. P_d starts at the box of lambda_d in the Kelley
// master (newKelley) and is raised while the master's optimum pays it
// (raisePenalties). Each column is a point of its group's LP relaxation
// (the sum of the sites' points), so the master's value V is at least max
// L over the box, and L at any multipliers stays a valid bound: the search
// stops when V and the best L meet. The multipliers priced next are the
// master's duals smoothed towards the best ones found (Wentges'
// stabilisation, with the smoothing halved whenever the master does not
// move, so that the duals themselves are priced in the end).
//
// The optimum it reaches is that of the site LPs, where each increment is
// bounded but not the count it sums to; the MPS model bounds the counts
// (X[o][q] <= ub[o][q], rounded down), and its LP is tighter: by 1.25e-5 on
// dcplan generate 100x50x16. The passes after it (site Gomory cuts) close
// that and more.

// dwGroups is the most groups the master has: sites are summed in runs of
// consecutive sites beyond it (its rows are groups + coupling rows). A
// variable for the tests.
var dwGroups = 100

const (
	// dwSlots is the number of columns a group keeps: the one with the
	// largest reduced cost gives way to a new one.
	dwSlots = 20
	// dwSmooth is the smoothing of the multipliers after a step of the
	// master (0: its duals as they are).
	dwSmooth = 0.5
)

type dwMaster struct {
	lp    *boxLP
	nd, K int       // demand rows, coupling rows (demands, then budgets)
	G     int       // groups
	group []int     // site -> group
	sites [][]int   // group -> its sites
	sc    []float64 // per coupling row: original units per master unit
	cs    float64   // objective: original units per master unit
	used  []int     // per group: slots filled
	y     []float64 // master duals (scratch)
	cover []float64 // per group: coverage and spend of the new column (scratch)
	cost  []float64 // per group: cost of the new column (scratch)
	added int       // columns added by the last addColumns
	// per column: its point (increments, sparse over o*Q+q), for the
	// rounding of the master's solution
	ptIdx  [][]int32
	ptVal  [][]float64
	shortK int // first slot column (the K shortfall columns come before)
}

// newDWMaster builds the master with the empty plan (cost 0) as each
// group's first column and a shortfall column per demand row.
func (s *search) newDWMaster(km *kelley) *dwMaster {
	in := s.in
	S := len(in.Sites)
	nd, nb := len(in.Demands), len(in.Budgets)
	K := nd + nb
	G := min(S, dwGroups)
	dm := &dwMaster{nd: nd, K: K, G: G, group: make([]int, S), used: make([]int, G), shortK: nd}
	dm.sites = make([][]int, G)
	for site := range dm.group {
		g := site * G / S
		dm.group[site] = g
		dm.sites[g] = append(dm.sites[g], site)
	}
	dm.cs = math.Max(1, km.ref/float64(G))
	m := K + G
	b := make([]float64, m)
	eq := make([]bool, m)
	dm.sc = make([]float64, K)
	slackUp := make([]float64, m)
	for i, d := range in.Demands {
		dm.sc[i] = math.Max(1, float64(d.Min)/float64(G))
		b[i] = -float64(d.Min) / dm.sc[i]
		most := 0.0 // the largest cover any plan has
		for o, op := range in.Options {
			most += float64(op.Contrib[d.Class]) * float64(s.ub[o][d.Phase])
		}
		slackUp[i] = (most+float64(d.Min))/dm.sc[i] + 1
	}
	for i, bg := range in.Budgets {
		k := nd + i
		dm.sc[k] = math.Max(1, float64(bg.Max)/float64(G))
		b[k] = float64(bg.Max) / dm.sc[k]
		slackUp[k] = b[k] + 1 // spend >= 0
	}
	for g := 0; g < G; g++ {
		b[K+g] = 1
		eq[K+g] = true
	}
	n := nd + G*dwSlots
	colIdx := make([][]int32, n)
	colVal := make([][]float64, n)
	lo := make([]float64, n)
	up := make([]float64, n)
	c := make([]float64, n)
	dm.ptIdx = make([][]int32, n)
	dm.ptVal = make([][]float64, n)
	for i, d := range in.Demands {
		colIdx[i] = []int32{int32(i)}
		colVal[i] = []float64{-1}
		up[i] = float64(d.Min) / dm.sc[i]
		c[i] = km.maxM[i] * dm.sc[i] / dm.cs
	}
	for g := 0; g < G; g++ {
		for p := 0; p < dwSlots; p++ {
			j := nd + g*dwSlots + p
			colIdx[j] = []int32{int32(K + g)}
			colVal[j] = []float64{1}
		}
		up[nd+g*dwSlots] = 1 // the empty plan
		dm.used[g] = 1
	}
	dm.cover = make([]float64, G*K)
	dm.cost = make([]float64, G)
	if s.hasInc {
		// the incumbent's part in each group: with it the master covers
		// the demand from the start, so its first duals are not the
		// shortfall's penalty
		Q := in.Phases
		t := newTally(in)
		x := make([]float64, Q)
		for site, opts := range s.bySite {
			g := dm.group[site]
			j := nd + g*dwSlots + 1
			t.reset()
			for _, o := range opts {
				prev := int64(0)
				for q, v := range s.inc[o] {
					x[q] = float64(v - prev)
					prev = v
				}
				t.add(&in.Options[o], x)
				dm.ptIdx[j], dm.ptVal[j] = appendPoint(dm.ptIdx[j], dm.ptVal[j], o*Q, x)
			}
			dm.addTally(in, g, t)
		}
		for g := 0; g < G; g++ {
			j := nd + g*dwSlots + 1
			colIdx[j], colVal[j] = dm.column(g, dm.cover[g*K:g*K+K])
			c[j] = dwPerturb(j, dm.cost[g]/dm.cs)
			up[j] = 1
			dm.used[g] = 2
		}
	}
	dm.lp = newBoxLP(m, colIdx, colVal, b, eq, lo, up, c)
	for i := 0; i < K; i++ {
		dm.lp.up[dm.lp.ns+i] = slackUp[i]
	}
	dm.lp.recompute()
	dm.y = make([]float64, m)
	return dm
}

// addTally adds one site's tally to group g's column: cost, cover of each
// demand row, spend of each budget row.
func (dm *dwMaster) addTally(in *Instance, g int, t *tally) {
	cov := dm.cover[g*dm.K : g*dm.K+dm.K]
	dm.cost[g] += t.cost
	for i, d := range in.Demands {
		cov[i] += t.cover[d.Class*t.Q+d.Phase]
	}
	for i, bg := range in.Budgets {
		cov[dm.nd+i] += t.spent[bg.Phase]
	}
}

// appendPoint appends the nonzero increments x of the option whose first
// column is base (o*Q) to a sparse point.
func appendPoint(idx []int32, val []float64, base int, x []float64) ([]int32, []float64) {
	for q, v := range x {
		if v != 0 {
			idx = append(idx, int32(base+q))
			val = append(val, v)
		}
	}
	return idx, val
}

// dwPerturb raises the cost c of slot j by up to dwPerturbMax(c): the
// master is degenerate (a convexity row per group, many columns at about
// the same cost), and its dual simplex cycled into the iteration limit
// without a perturbation (dcplan generate 1000x50x16: 23,166 pivots in one
// solve) and with one of 1e-10 (a generated 5x5x5 model in groups of two and
// three sites: 1,041 pivots on 7 rows). The master's value, the stopping
// test's upper bound, rises by as much at most; the search also stops when
// the master's own duals price no new column, which does not depend on it.
func dwPerturb(j int, c float64) float64 {
	return c + dwPerturbMax(c)*float64(uint32(j)*2654435761%1000)/1000
}

// dwPerturbMax bounds dwPerturb's raise of cost c: a column is added only
// when its reduced cost is negative by more, or a copy of a column already
// in the master would keep coming back.
func dwPerturbMax(c float64) float64 { return 1e-9 * (1 + math.Abs(c)) }

// column is group g's master column for cover and spend cov (original
// units, per coupling row), with its convexity row last.
func (dm *dwMaster) column(g int, cov []float64) ([]int32, []float64) {
	var idx []int32
	var val []float64
	for i := 0; i < dm.K; i++ {
		v := cov[i] / dm.sc[i]
		if i < dm.nd {
			v = -v
		}
		if v != 0 {
			idx = append(idx, int32(i))
			val = append(val, v)
		}
	}
	return append(idx, int32(dm.K+g)), append(val, 1)
}

// addColumns sums the sites' last subproblem solutions per group and adds
// each group's sum as a column when its reduced cost is negative.
func (dm *dwMaster) addColumns(s *search) {
	in := s.in
	Q := in.Phases
	K := dm.K
	clear(dm.cover)
	clear(dm.cost)
	t := newTally(in)
	for site, ss := range s.subs {
		t.reset()
		for j, o := range ss.opts {
			t.add(&in.Options[o], ss.x[j*Q:j*Q+Q])
		}
		dm.addTally(in, dm.group[site], t)
	}
	lp := dm.lp
	lp.dualsInto(dm.y)
	dm.added = 0
	for g := 0; g < dm.G; g++ {
		idx, val := dm.column(g, dm.cover[g*K:g*K+K])
		rc := dm.cost[g] / dm.cs
		for t, i := range idx {
			rc -= dm.y[i] * val[t]
		}
		if c := dm.cost[g] / dm.cs; rc >= -1e-9*math.Max(1, math.Abs(c))-dwPerturbMax(c) {
			continue // it would not enter, perturbed as it will be
		}
		first := dm.shortK + g*dwSlots
		j := -1
		if dm.used[g] < dwSlots {
			j = first + dm.used[g]
			dm.used[g]++
		} else {
			// the nonbasic column at zero with the largest reduced cost
			for p := first; p < first+dwSlots; p++ {
				if lp.pos[p] < 0 && lp.x[p] == 0 && (j < 0 || lp.d[p] > lp.d[j]) {
					j = p
				}
			}
			if j < 0 {
				continue
			}
		}
		if lp.setColumn(j, idx, val, dwPerturb(j, dm.cost[g]/dm.cs), 1, dm.y) {
			dm.added++
			dm.ptIdx[j], dm.ptVal[j] = dm.ptIdx[j][:0], dm.ptVal[j][:0]
			for _, site := range dm.sites[g] {
				ss := s.subs[site]
				for jj, o := range ss.opts {
					dm.ptIdx[j], dm.ptVal[j] = appendPoint(dm.ptIdx[j], dm.ptVal[j], o*Q, ss.x[jj*Q:jj*Q+Q])
				}
			}
		}
	}
}

// primal writes the master's solution as increments into d (o*Q+q): the
// columns' points weighted by the solution; shortfall is left out.
func (dm *dwMaster) primal(d []float64) {
	clear(d)
	for j := dm.shortK; j < dm.lp.ns; j++ {
		w := dm.lp.x[j]
		if w <= 0 {
			continue
		}
		for t, k := range dm.ptIdx[j] {
			d[k] += w * dm.ptVal[j][t]
		}
	}
}

// dwRaises counts raisePenalties' raises (for the tests).
var dwRaises atomic.Int64

// paysShortfall reports whether the master's solution uses a shortfall
// column: its demand row's multiplier is then at the box, where the LP's
// may be beyond (a budget that binds so hard that every unit of demand
// costs more than the dearest rack).
func (dm *dwMaster) paysShortfall() bool {
	for j := 0; j < dm.shortK; j++ {
		if dm.lp.x[j] > 1e-9 {
			return true
		}
	}
	return false
}

// raisePenalties quadruples the penalty of every shortfall column the
// master uses (the box of its demand row's multiplier).
func (dm *dwMaster) raisePenalties() {
	lp := dm.lp
	for j := 0; j < dm.shortK; j++ {
		if lp.x[j] > 1e-9 {
			lp.c[j] *= 4
		}
	}
	lp.recompute()
}

// multipliers writes the master's duals as Lagrange multipliers (original
// units: demand rows, then budget rows) into pi.
func (dm *dwMaster) multipliers(pi []float64) {
	dm.lp.dualsInto(dm.y)
	for i := 0; i < dm.K; i++ {
		pi[i] = math.Max(0, -dm.y[i]*dm.cs/dm.sc[i])
	}
}

// heurColumnRuns bounds the heuristic's runs in columnGeneration: runs x
// columns (options x phases) at most this.
const heurColumnRuns = 4_000_000

// columnGeneration maximises the Lagrangian over the site LPs with the
// master above; it has lagrange's contract (best bound, its multipliers).
func (s *search) columnGeneration(start []float64) (float64, []float64) {
	in := s.in
	s.prepareSubs()
	nd := len(in.Demands)
	K := nd + len(in.Budgets)
	pi := make([]float64, K)
	if start != nil {
		copy(pi, start)
	} else if s.hasInc {
		s.initMultipliers(pi[:nd])
	}
	dm := s.newDWMaster(s.newKelley())
	defer dm.lp.release()
	best := math.Inf(-1)
	var bestM []float64
	// the site LPs' capacity duals at the best evaluation (see largeDuals)
	s.siteDuals = len(in.Clusters) == 0
	defer func() { s.siteDuals = false }()
	var duals [][]float64
	converged := false
	pm := make([]float64, K)
	d := make([]float64, len(in.Options)*in.Phases)
	alpha, prevV := dwSmooth, math.Inf(1)
	raises := 0
	// The plans of the heuristic cost seconds on the largest models
	// (dcplan generate 1000x50x16: 1.3-4 s each): it runs at most
	// heurColumnRuns / (options x phases) times.
	runs, cols := 0, len(in.Options)*in.Phases
	cheap := func() bool { return runs*cols <= heurColumnRuns }
	for it := 0; it <= 2000; it++ {
		if s.limitHit() {
			break
		}
		t0 := time.Now()
		L, ok := s.evaluate(pi[:nd], pi[nd:])
		tPrice := time.Since(t0)
		if !ok {
			break // incomplete evaluation: no valid bound from it
		}
		if math.IsInf(best, -1) || L > best+1e-12*math.Abs(best) {
			best = L
			bestM = append(bestM[:0], pi...)
			if s.siteDuals {
				duals = s.snapshotDuals(duals)
			}
		}
		if it%5 == 0 && cheap() { // primal: round down the subproblem solutions and repair
			s.siteIncrements(d)
			s.heuristic(d, nil)
			runs++
		}
		t1 := time.Now()
		dm.addColumns(s)
		it0 := dm.lp.iters
		st := dm.lp.solve()
		if st == lpIterLimit {
			dm.lp.resetBasis() // from the slack basis once more
			st = dm.lp.solve()
		}
		if st != lpOptimal {
			if debugCuts {
				fmt.Printf("dw master: status %d after %d pivots\n", st, dm.lp.iters-it0)
			}
			break
		}
		V := dm.lp.objective() * dm.cs
		if debugCuts {
			fmt.Printf("dw it %d L %.1f best %.1f master %.1f added %d alpha %.3f: pricing %v, master %v (%d pivots)\n",
				it, L, best, V, dm.added, alpha, tPrice.Round(time.Millisecond), time.Since(t1).Round(time.Millisecond), dm.lp.iters-it0)
		}
		if it%5 == 4 && cheap() { // and the master's solution
			dm.primal(d)
			s.heuristic(d, nil)
			runs++
		}
		// converged: the bound meets the master, or the master's own duals
		// (alpha 0) priced no column that would enter
		if V-best <= 1e-9*math.Max(1, math.Abs(best)) || (alpha == 0 && dm.added == 0 && it > 0) {
			if !dm.paysShortfall() {
				converged = true
				break
			}
			if raises >= 30 {
				break // demand the LP cannot meet, or a box too far off
			}
			dm.raisePenalties() // the box held a multiplier back: widen it and go on
			raises++
			dwRaises.Add(1)
		}
		if V-best > 0.1*math.Abs(V) {
			alpha = 0 // heading in: the best multipliers are no centre yet
		} else if V < prevV-1e-12*math.Abs(V) {
			alpha = dwSmooth
		} else if alpha /= 2; alpha < 0.02 {
			alpha = 0 // the master does not move: price its own duals
		}
		prevV = V
		dm.multipliers(pm)
		for i := range pi {
			pi[i] = alpha*bestM[i] + (1-alpha)*pm[i]
		}
	}
	if converged && duals != nil {
		s.cgDual, s.cgMult = duals, append([]float64(nil), bestM...)
	}
	return best, bestM
}

// snapshotDuals copies every site's capacity duals (nil for a site whose LP
// failed) into buf, reusing it.
func (s *search) snapshotDuals(buf [][]float64) [][]float64 {
	if buf == nil {
		buf = make([][]float64, len(s.subs))
	}
	for i, ss := range s.subs {
		if ss.capDual == nil {
			buf[i] = nil
			continue
		}
		buf[i] = append(make([]float64, 0, len(ss.capDual)), ss.capDual...)
	}
	return buf
}

// largeDuals fills the result's marginal values on the large route from the
// column generation: once it has converged, its multipliers are optimal
// duals of the demand (and budget) rows of the LP relaxation, and the site
// LPs' duals at them are optimal duals of the site rows, as the root LP's
// are on the dense route. Nothing is filled when it did not converge, when
// the model has clusters (the decomposition drops their rows) or when a
// site LP failed.
func (s *search) largeDuals(res *Result) {
	in := s.in
	if s.cgDual == nil || len(in.Clusters) > 0 {
		return
	}
	for _, d := range s.cgDual {
		if d == nil {
			return
		}
	}
	res.SiteDual = newSiteDuals(in)
	for st := range res.SiteDual {
		for i, id := range s.subs[st].rowID {
			res.SiteDual[st][id.q][id.r] = s.cgDual[st][i]
		}
	}
	res.DemandDual = append([]float64(nil), s.cgMult[:len(in.Demands)]...)
}
