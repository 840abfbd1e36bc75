package solver

import (
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// Lagrangian relaxation of the coupling rows (demand with multipliers
// lambda >= 0, budgets with mu >= 0; cluster rows dropped), each site's
// subproblem solved as an LP over its own site rows, Max rows and bounds.
// For any lambda, mu >= 0
//
//	L = sum_d lambda_d Min_d - sum_b mu_b Max_b + sum_s min_{d in P_s} c(lambda,mu)' d
//
// is a valid lower bound on the MILP (weak duality); it is what Solve reports
// for instances too large for the dense LP.

// siteLPBudget is the memory (bytes) the warm dense site LPs may take.
var siteLPBudget = 128 << 20

type siteSub struct {
	s      int
	opts   []int
	lp     *boxLP
	cost   []float64 // scaled working costs
	scale  float64
	z      float64 // last optimum (original units)
	m0     int     // rows before cuts
	noCuts bool    // cuts failed numerically once: LP only
	ints   []bool
	cmap   []int     // LP column -> site column
	ccost  []float64 // scaled costs of the LP columns
	owner  *search
	cuts   []spRow // Gomory cuts of the site's integer set (kept when the LP is released)
	ok     bool
	x      []float64 // last solution (increments, option-major)
	rowID  []siteRowID
	// capDual: when search.siteDuals is set, the marginal value of one
	// more unit of each capacity row (rowID order) at the last pricing
	capDual []float64
}

// newSiteSub builds site s's LP in increment variables (column j*Q+q for the
// j-th option of the site).
func (s *search) newSiteSub(site int) *siteSub {
	Q := s.in.Phases
	opts := s.bySite[site]
	ss := &siteSub{s: site, opts: opts, owner: s}
	n := len(opts) * Q
	ss.cost = make([]float64, n)
	ss.x = make([]float64, n)
	bs := s.siteBaseModel(site)
	ss.m0 = len(bs.b)
	ss.cmap = bs.cmap
	ss.rowID = bs.rowID
	ss.ccost = make([]float64, len(bs.cmap))
	return ss
}

// siteBaseModel builds the sparse site LP (without cuts).
func (s *search) siteBaseModel(site int) siteBase {
	in := s.in
	Q := in.Phases
	opts := s.bySite[site]
	n := len(opts) * Q
	colIdx := make([][]int32, n)
	colVal := make([][]float64, n)
	lo := make([]float64, n)
	up := make([]float64, n)
	for j, o := range opts {
		for q := 0; q < Q; q++ {
			up[j*Q+q] = float64(s.ub[o][q])
		}
	}
	// rows as (scaled coefficient per option, phases 0..q); columns are
	// filled in a second pass into one backing array per site
	type rowDef struct {
		q    int // -1: Max row of option j (all phases)
		j    int
		coef []float64 // per option (site-local), nil for Max rows
	}
	var rows []rowDef
	var rowID []siteRowID
	var b []float64
	var eq []bool
	st := in.Sites[site]
	for q := 0; q < Q; q++ {
		for r := range in.Resources {
			cp := st.Cap[q][r]
			if cp < 0 {
				continue
			}
			maxAct, mx := 0.0, 0.0
			for _, o := range opts {
				u := float64(in.Options[o].Use[r])
				maxAct += u * maxCount(s.ub[o], q, false)
				mx = math.Max(mx, u)
			}
			if maxAct <= float64(cp) || impliedLater(st.Cap, q, r) {
				continue
			}
			coef := make([]float64, len(opts))
			for j, o := range opts {
				coef[j] = float64(in.Options[o].Use[r]) / mx
			}
			rows = append(rows, rowDef{q: q, coef: coef})
			rowID = append(rowID, siteRowID{q, r, mx})
			b = append(b, float64(cp)/mx)
			eq = append(eq, false)
		}
	}
	for j, o := range opts {
		op := in.Options[o]
		if op.Max > 0 && s.ub[o][Q-1] == op.Max && Q > 1 {
			rows = append(rows, rowDef{q: -1, j: j})
			b = append(b, float64(op.Max))
			eq = append(eq, false)
		}
	}
	cnt := make([]int, n)
	total := 0
	for _, rd := range rows {
		if rd.q < 0 {
			for t := 0; t < Q; t++ {
				if up[rd.j*Q+t] > 0 {
					cnt[rd.j*Q+t]++
					total++
				}
			}
			continue
		}
		for j, v := range rd.coef {
			if v == 0 {
				continue
			}
			for t := 0; t <= rd.q; t++ {
				if up[j*Q+t] > 0 {
					cnt[j*Q+t]++
					total++
				}
			}
		}
	}
	idxAll := make([]int32, total)
	valAll := make([]float64, total)
	off := 0
	for c := 0; c < n; c++ {
		colIdx[c] = idxAll[off : off : off+cnt[c]]
		colVal[c] = valAll[off : off : off+cnt[c]]
		off += cnt[c]
	}
	for i, rd := range rows {
		if rd.q < 0 {
			for t := 0; t < Q; t++ {
				if c := rd.j*Q + t; up[c] > 0 {
					colIdx[c] = append(colIdx[c], int32(i))
					colVal[c] = append(colVal[c], 1)
				}
			}
			continue
		}
		for j, v := range rd.coef {
			if v == 0 {
				continue
			}
			for t := 0; t <= rd.q; t++ {
				if c := j*Q + t; up[c] > 0 {
					colIdx[c] = append(colIdx[c], int32(i))
					colVal[c] = append(colVal[c], v)
				}
			}
		}
	}
	// drop the columns fixed at zero: the LP works on the others only
	var cmap []int
	for j := 0; j < n; j++ {
		if up[j] > 0 {
			cmap = append(cmap, j)
		}
	}
	cIdx := make([][]int32, len(cmap))
	cVal := make([][]float64, len(cmap))
	cLo := make([]float64, len(cmap))
	cUp := make([]float64, len(cmap))
	for c, j := range cmap {
		cIdx[c], cVal[c], cLo[c], cUp[c] = colIdx[j], colVal[j], lo[j], up[j]
	}
	return siteBase{cIdx, cVal, b, eq, cLo, cUp, cmap, rowID}
}

// siteBase is the sparse site LP (without cuts).
type siteBase struct {
	colIdx [][]int32
	colVal [][]float64
	b      []float64
	eq     []bool
	lo, up []float64
	cmap   []int // LP column -> site column j*Q+q
	// rowID: the site row (phase, resource, divisor) of each capacity row;
	// they come first, then the Max rows
	rowID []siteRowID
}

// siteRowID names a capacity row of a site LP: phase q, resource r, and
// the divisor its coefficients were scaled by.
type siteRowID struct {
	q, r int
	div  float64
}

// ensureLP (re)builds the dense site LP with its cuts when it was released.
func (ss *siteSub) ensureLP() {
	if ss.lp != nil {
		return
	}
	bs := ss.owner.siteBaseModel(ss.s)
	ss.lp = newBoxLP(len(bs.b), bs.colIdx, bs.colVal, bs.b, bs.eq, bs.lo, bs.up, ss.ccost)
	if len(ss.cuts) > 0 {
		ss.lp.addRows(ss.cuts)
	}
}

func (ss *siteSub) isInt() []bool {
	if ss.ints == nil {
		ss.ints = make([]bool, len(ss.cmap))
		for j := range ss.ints {
			ss.ints[j] = true
		}
	}
	return ss.ints
}

// lagrangianCost is the cost of a rack of option o first installed at
// phase q in the Lagrangian subproblem: Cost[q] minus lambda of every demand
// row it counts in (its class, phases from q on) plus mu of its phase's
// budget rows.
func (in *Instance) lagrangianCost(o, q int, lambda, mu []float64) float64 {
	op := &in.Options[o]
	c := float64(op.Cost[q])
	for i, d := range in.Demands {
		if lambda[i] != 0 && d.Phase >= q {
			c -= lambda[i] * float64(op.Contrib[d.Class])
		}
	}
	for i, b := range in.Budgets {
		if mu[i] != 0 && b.Phase == q {
			c += mu[i] * float64(op.Capex[q])
		}
	}
	return c
}

// price solves the site subproblem for multipliers (lambda, mu).
func (s *search) price(ss *siteSub, lambda, mu []float64) {
	in := s.in
	Q := in.Phases
	cmax := 0.0
	for j, o := range ss.opts {
		for q := 0; q < Q; q++ {
			c := in.lagrangianCost(o, q, lambda, mu)
			ss.cost[j*Q+q] = c
			cmax = math.Max(cmax, math.Abs(c))
		}
	}
	if cmax == 0 {
		cmax = 1
	}
	for c, j := range ss.cmap {
		ss.ccost[c] = ss.cost[j] / cmax
	}
	ss.scale = cmax
	ss.ensureLP()
	if !s.keepSiteLPs {
		defer func() {
			ss.lp.release()
			ss.lp = nil
		}()
	}
	// A row-wise copy of the site's rows for this pricing only: the pivot
	// rows are then summed over the nonzeros of B^{-1}'s row instead of
	// dotted over every column (on solver.Generate 100x50x16 the
	// Lagrangian passes ran 2.6 times as fast), and dropped after, so kept
	// site LPs do not hold it (it added 180 MB there).
	lp := ss.lp
	lp.keepRows = true
	defer func() {
		lp.keepRows = false
		lp.rowIdx, lp.rowVal = nil, nil
	}()
	ss.lp.setCosts(ss.ccost)
	if ss.lp.solve() != lpOptimal {
		// fall back to the trivial valid bound of the box
		ss.ok = false
		z := 0.0
		for c, v := range ss.ccost {
			z += math.Min(0, v*ss.lp.up[c])
		}
		clear(ss.x)
		ss.z = z * cmax
		ss.capDual = nil
		return
	}
	ss.ok = true
	if s.siteDuals {
		// d(objective)/d(capacity) = y_i * cmax / div_i (rows <= with
		// y <= 0 at a minimum): before any cut row is added
		y := ss.lp.duals()
		if ss.capDual == nil { // non-nil even without rows: nil marks a failure
			ss.capDual = make([]float64, 0, len(ss.rowID))
		}
		ss.capDual = ss.capDual[:0]
		for i, id := range ss.rowID {
			ss.capDual = append(ss.capDual, math.Max(0, -y[i]*cmax/id.div))
		}
	}
	// Gomory cuts for the site's integer set: valid for every multiplier, so
	// they accumulate and tighten the site LP towards its integer hull.
	for round := 0; round < s.siteCutRounds && !ss.noCuts; round++ {
		if ss.lp.m >= ss.m0+s.siteCutMax {
			break
		}
		cuts := ss.lp.gmiCuts(ss.isInt(), nil, 8)
		if len(cuts) == 0 {
			break
		}
		ss.lp.addRows(cuts)
		ss.cuts = append(ss.cuts, cuts...)
		if ss.lp.solve() != lpOptimal {
			// numerically doubtful: rebuild without cuts and keep the LP value
			*ss = *s.newSiteSub(ss.s)
			ss.noCuts = true
			s.price(ss, lambda, mu)
			return
		}
	}
	// The bound comes from the duals (weak duality), so it stays valid
	// whatever the primal tolerances.
	ss.z = math.Min(ss.lp.objective(), ss.lp.safeBound()) * cmax
	clear(ss.x)
	for c, j := range ss.cmap {
		ss.x[j] = ss.lp.x[c]
	}
}

// forEach calls f(i) for i in [0, n) on up to workers goroutines (each index
// once, taken in order by whichever goroutine is free) and waits for all.
// Callers write results per index, so they do not depend on the split.
func forEach(workers, n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(max(1, workers), n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(i)
			}
		}()
	}
	wg.Wait()
}

// prepareSubs makes the site subproblems (on first use) and decides whether
// their dense LPs stay warm between pricings: only when they fit a memory
// budget.
func (s *search) prepareSubs() {
	if s.subs == nil {
		s.subs = make([]*siteSub, len(s.in.Sites))
	}
	subs := s.subs
	forEach(s.p.Threads, len(subs), func(i int) {
		if subs[i] == nil {
			subs[i] = s.newSiteSub(i)
		}
	})
	// a kept LP holds B^{-1} (m x m floats) and its cut rows, dense over
	// the site's columns, in its sparse columns (index and value)
	est := 0
	for _, ss := range subs {
		m := ss.m0 + s.siteCutMax
		est += 8*m*m + 12*s.siteCutMax*len(ss.cmap)
	}
	s.keepSiteLPs = est <= siteLPBudget
	if debugCuts {
		fmt.Printf("site LPs: %d MB estimated, keep=%v\n", est>>20, s.keepSiteLPs)
	}
}

// evaluate prices every site at (lambda, mu) and returns the Lagrangian L;
// false when the search was stopped during it (no valid bound then).
func (s *search) evaluate(lambda, mu []float64) (float64, bool) {
	in, subs := s.in, s.subs
	var cut atomic.Bool
	forEach(s.p.Threads, len(subs), func(i int) {
		if cut.Load() {
			return
		}
		if s.ctx.Err() != nil {
			cut.Store(true)
			return
		}
		s.price(subs[i], lambda, mu)
	})
	if cut.Load() {
		return 0, false
	}
	L := 0.0
	for _, ss := range subs { // deterministic reduction in site order
		L += ss.z
	}
	for i, d := range in.Demands {
		L += lambda[i] * float64(d.Min)
	}
	for i, b := range in.Budgets {
		L -= mu[i] * float64(b.Max)
	}
	return L, true
}

// siteIncrements gathers the sites' last subproblem solutions into d
// (increments, d[o*Q+q]).
func (s *search) siteIncrements(d []float64) {
	Q := s.in.Phases
	for _, ss := range s.subs {
		for j, o := range ss.opts {
			copy(d[o*Q:o*Q+Q], ss.x[j*Q:j*Q+Q])
		}
	}
}

// lagrange runs a subgradient search on the multipliers (at most 2000
// evaluations, or until the search's limit),
// offering rounded plans to the incumbent, and returns the best bound.
func (s *search) lagrange(start []float64) (float64, []float64) {
	in := s.in
	Q := in.Phases
	s.prepareSubs()
	lambda := make([]float64, len(in.Demands))
	mu := make([]float64, len(in.Budgets))
	if start != nil {
		copy(lambda, start)
		copy(mu, start[len(lambda):])
	} else if s.hasInc {
		s.initMultipliers(lambda)
	}
	var bestM []float64
	stall := 0
	radius := 0.5
	best := math.Inf(-1)
	g := make([]float64, len(lambda)+len(mu))
	km := s.newKelley()
	for it := 0; ; it++ {
		if s.limitHit() || it > 2000 {
			break
		}
		L, ok := s.evaluate(lambda, mu)
		if !ok {
			break // incomplete evaluation: no valid bound from it
		}
		if debugCuts {
			fmt.Printf("lagrange it %d L %.1f best %.1f inc %d at %v\n", it, L, best, s.incObj, time.Now().Format("15:04:05.000"))
		}
		if math.IsInf(best, -1) || L > best+1e-12*math.Abs(best) {
			best = L
			bestM = append(append(bestM[:0], lambda...), mu...)
			stall = 0
			radius = math.Min(radius*2, 1)
		} else {
			radius /= 2
			if stall++; stall >= 12 {
				break
			}
		}
		d := make([]float64, len(in.Options)*Q)
		s.siteIncrements(d)
		if it%5 == 0 { // primal: round down the subproblem solutions and repair
			s.heuristic(d, nil)
		}
		// subgradient at this point: L is linear in (lambda, mu) for fixed x
		gi := make([]float64, len(g))
		a := s.subgradient(d, gi)
		allOK := true
		for i := range in.Demands {
			if gi[i] > 1e-9 || (lambda[i] > 0 && gi[i] < -1e-9) {
				allOK = false
			}
		}
		for i := range in.Budgets {
			if v := gi[len(lambda)+i]; v > 1e-9 || (mu[i] > 0 && v < -1e-9) {
				allOK = false
			}
		}
		if allOK {
			break // complementary and feasible: L is the Lagrangian optimum
		}
		km.add(a, gi)
		up, ok := km.next(lambda, mu, best, s, bestM, radius)
		if !ok || up-best <= 1e-9*math.Max(1, math.Abs(best)) {
			break
		}
	}
	return best, bestM
}

// newKelley is the Kelley master of the Lagrangian dual, with every
// multiplier boxed: a demand multiplier above the dearest cost per unit of
// its class cannot help (any unit can be bought cheaper).
func (s *search) newKelley() *kelley {
	in := s.in
	km := &kelley{ref: 1}
	for _, d := range in.Demands {
		mx := 0.0
		for _, op := range in.Options {
			if c := op.Contrib[d.Class]; c > 0 {
				for q := 0; q <= d.Phase; q++ {
					mx = math.Max(mx, math.Abs(float64(op.Cost[q]))/float64(c))
				}
			}
		}
		km.maxM = append(km.maxM, 4*mx+1)
		km.rhsSc = append(km.rhsSc, math.Max(1, math.Abs(float64(d.Min))))
		km.ref += mx * float64(d.Min) // the scale of the objective, without a plan
	}
	if s.hasInc {
		km.ref = math.Max(1, math.Abs(float64(s.incObj)))
	}
	for _, b := range in.Budgets {
		// A budget multiplier has to offset what the demand multipliers
		// pay a rack (up to their boxes, which include the shortfall
		// columns' penalty) as well as its cost.
		mx := 0.0
		for _, op := range in.Options {
			c := op.Capex[b.Phase]
			if c <= 0 {
				continue
			}
			pay := math.Abs(float64(op.Cost[b.Phase]))
			for i, d := range in.Demands {
				if d.Phase >= b.Phase {
					pay += km.maxM[i] * float64(op.Contrib[d.Class])
				}
			}
			mx = math.Max(mx, pay/float64(c))
		}
		km.maxM = append(km.maxM, 4*mx+1)
		km.rhsSc = append(km.rhsSc, math.Max(1, math.Abs(float64(b.Max))))
	}
	return km
}

// subgradient writes into g the subgradient of the Lagrangian at the site
// solutions d (increments d[o*Q+q]): Min - cover per demand row, then spend
// - Max per budget row; it returns their original cost. The Lagrangian at
// any multipliers is at most that cost plus g times the multipliers.
func (s *search) subgradient(d, g []float64) float64 {
	in := s.in
	Q := in.Phases
	t := newTally(in)
	for _, opts := range s.bySite { // in site order, as the sites are priced
		for _, o := range opts {
			t.add(&in.Options[o], d[o*Q:o*Q+Q])
		}
	}
	for i, dm := range in.Demands {
		g[i] = float64(dm.Min) - t.cover[dm.Class*Q+dm.Phase]
	}
	for i, b := range in.Budgets {
		g[len(in.Demands)+i] = t.spent[b.Phase] - float64(b.Max)
	}
	return t.cost
}

// tally sums what a plan given in increments costs, covers (by class and
// phase) and spends (by phase), option by option and phase by phase: the
// subgradient and the column generation's columns add up the same way.
type tally struct {
	Q     int
	cost  float64
	cover []float64 // [class*Q+q]
	spent []float64 // [q]
}

func newTally(in *Instance) *tally {
	return &tally{Q: in.Phases, cover: make([]float64, len(in.Classes)*in.Phases), spent: make([]float64, in.Phases)}
}

func (t *tally) reset() {
	t.cost = 0
	clear(t.cover)
	clear(t.spent)
}

// add counts option op with increments x (one per phase).
func (t *tally) add(op *Option, x []float64) {
	acc := 0.0
	for q, v := range x {
		if v == 0 && acc == 0 {
			continue
		}
		acc += v
		t.cost += float64(op.Cost[q]) * v
		for k, c := range op.Contrib {
			t.cover[k*t.Q+q] += float64(c) * acc
		}
		if op.Capex != nil {
			t.spent[q] += float64(op.Capex[q]) * v
		}
	}
}

// initMultipliers guesses demand multipliers from the incumbent: for the
// first demand row of each phase p, the largest cost per unit of its class
// among the racks the incumbent first installs at p (for p < Q-1 the cost
// of installing at p instead of p+1).
func (s *search) initMultipliers(lambda []float64) {
	in := s.in
	Q := in.Phases
	seen := make([]bool, Q)
	for i, d := range in.Demands {
		if seen[d.Phase] {
			continue
		}
		seen[d.Phase] = true
		p := d.Phase
		best := 0.0
		for o, op := range in.Options {
			c := op.Contrib[d.Class]
			if c <= 0 {
				continue
			}
			prev := int64(0)
			if p > 0 {
				prev = s.inc[o][p-1]
			}
			if s.inc[o][p] <= prev {
				continue
			}
			cost := op.Cost[p]
			if p+1 < Q {
				cost -= op.Cost[p+1]
			}
			best = math.Max(best, float64(cost)/float64(c))
		}
		lambda[i] = best
	}
}

// kelley is the cutting-plane master of the Lagrangian dual:
//
//	max theta  s.t.  theta <= a_i + g_i'(lambda, mu)  for every evaluated point i
//
// with the multipliers boxed; variables are scaled so that lambda'_d =
// lambda_d*Min_d/ref and theta' = theta/ref.
type kelley struct {
	ref   float64
	rhsSc []float64 // per multiplier: its row's right-hand side scale
	maxM  []float64 // box of each multiplier (original units)
	a     []float64
	g     [][]float64
}

func (k *kelley) add(a float64, g []float64) {
	k.a = append(k.a, a)
	k.g = append(k.g, append([]float64(nil), g...))
}

// next solves the master; it writes the maximiser into lambda, mu and
// returns the master value (an upper bound on the Lagrangian dual).
func (k *kelley) next(lambda, mu []float64, best float64, s *search, center []float64, radius float64) (float64, bool) {
	K := len(k.maxM)
	n := K + 1 // multipliers, then theta
	colIdx := make([][]int32, n)
	colVal := make([][]float64, n)
	var b []float64
	var eq []bool
	for i := range k.a {
		// theta' - sum_j g_ij * sc_j/ref * m'_j*ref/sc_j ... in scaled units:
		// theta'*ref <= a_i + sum_j g_ij * m_j,  m_j = m'_j*ref/sc_j
		// => theta' - sum_j g_ij/sc_j m'_j <= a_i/ref
		row := int32(i)
		mx := 1.0
		for j := 0; j < K; j++ {
			mx = math.Max(mx, math.Abs(k.g[i][j]/k.rhsSc[j]))
		}
		for j := 0; j < K; j++ {
			if v := -k.g[i][j] / k.rhsSc[j] / mx; v != 0 {
				colIdx[j] = append(colIdx[j], row)
				colVal[j] = append(colVal[j], v)
			}
		}
		colIdx[K] = append(colIdx[K], row)
		colVal[K] = append(colVal[K], 1/mx)
		b = append(b, k.a[i]/k.ref/mx)
		eq = append(eq, false)
	}
	lo := make([]float64, n)
	up := make([]float64, n)
	c := make([]float64, n)
	for j := 0; j < K; j++ {
		up[j] = k.maxM[j] * k.rhsSc[j] / k.ref
		if center != nil && radius > 0 {
			// trust region around the best multipliers found so far
			c := center[j] * k.rhsSc[j] / k.ref
			w := radius * math.Max(math.Abs(c), 1e-3*up[j])
			lo[j] = math.Max(0, c-w)
			up[j] = math.Min(up[j], c+w)
		}
	}
	lo[K] = math.Min(0, best/k.ref) - 1
	up[K] = 1
	if s.hasInc {
		up[K] = float64(s.incObj) / k.ref
	}
	c[K] = -1
	lp := newBoxLP(len(b), colIdx, colVal, b, eq, lo, up, c)
	if lp.solve() != lpOptimal {
		return 0, false
	}
	for j := 0; j < K; j++ {
		v := lp.x[j] * k.ref / k.rhsSc[j]
		if j < len(lambda) {
			lambda[j] = math.Max(0, v)
		} else {
			mu[j-len(lambda)] = math.Max(0, v)
		}
	}
	return lp.x[K] * k.ref, true
}
