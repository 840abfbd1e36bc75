package solver

import (
	"context"
	"fmt"
	"math"
	"sync"
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
	ok     bool
	x      []float64 // last solution (increments, option-major)
}

// newSiteSub builds site s's LP in increment variables (column j*Q+q for the
// j-th option of the site).
func (s *search) newSiteSub(site int) *siteSub {
	in := s.in
	Q := in.Phases
	opts := s.bySite[site]
	ss := &siteSub{s: site, opts: opts}
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
				maxAct += u * float64(s.ub[o][q])
				mx = math.Max(mx, u)
			}
			if maxAct <= float64(cp) {
				continue
			}
			i := int32(len(b))
			for j, o := range opts {
				u := in.Options[o].Use[r]
				if u == 0 {
					continue
				}
				for t := 0; t <= q; t++ {
					colIdx[j*Q+t] = append(colIdx[j*Q+t], i)
					colVal[j*Q+t] = append(colVal[j*Q+t], float64(u)/mx)
				}
			}
			b = append(b, float64(cp)/mx)
			eq = append(eq, false)
		}
	}
	for j, o := range opts {
		op := in.Options[o]
		if op.Max > 0 && s.ub[o][Q-1] == op.Max && Q > 1 {
			i := int32(len(b))
			for t := 0; t < Q; t++ {
				colIdx[j*Q+t] = append(colIdx[j*Q+t], i)
				colVal[j*Q+t] = append(colVal[j*Q+t], 1)
			}
			b = append(b, float64(op.Max))
			eq = append(eq, false)
		}
	}
	ss.cost = make([]float64, n)
	ss.x = make([]float64, n)
	ss.lp = newBoxLP(len(b), colIdx, colVal, b, eq, lo, up, ss.cost)
	ss.m0 = len(b)
	return ss
}

func (ss *siteSub) isInt() []bool {
	if ss.ints == nil {
		ss.ints = make([]bool, len(ss.x))
		for j := range ss.ints {
			ss.ints[j] = true
		}
	}
	return ss.ints
}

// price solves the site subproblem for multipliers (lambda, mu).
func (s *search) price(ss *siteSub, lambda, mu []float64) {
	in := s.in
	Q := in.Phases
	cmax := 0.0
	for j, o := range ss.opts {
		op := &in.Options[o]
		for q := 0; q < Q; q++ {
			c := float64(op.Cost[q])
			for i, d := range in.Demands {
				if lambda[i] != 0 && d.Phase >= q {
					c -= lambda[i] * float64(op.Contrib[d.Class])
				}
			}
			for i, bd := range in.Budgets {
				if mu[i] != 0 && bd.Phase == q {
					c += mu[i] * float64(op.Capex[q])
				}
			}
			ss.cost[j*Q+q] = c
			cmax = math.Max(cmax, math.Abs(c))
		}
	}
	if cmax == 0 {
		cmax = 1
	}
	for j := range ss.cost {
		ss.cost[j] /= cmax
	}
	ss.scale = cmax
	ss.lp.setCosts(ss.cost)
	if ss.lp.solve() != lpOptimal {
		// fall back to the trivial valid bound of the box
		ss.ok = false
		z := 0.0
		for j, c := range ss.cost {
			z += math.Min(0, c*ss.lp.up[j])
			ss.x[j] = 0
		}
		ss.z = z * cmax
		return
	}
	ss.ok = true
	// Gomory cuts for the site's integer set: valid for every multiplier, so
	// they accumulate and tighten the site LP towards its integer hull.
	for round := 0; round < s.siteCutRounds && !ss.noCuts; round++ {
		if ss.lp.m >= ss.m0+s.siteCutMax {
			break
		}
		cuts := ss.lp.gmiCuts(ss.isInt(), 8)
		if len(cuts) == 0 {
			break
		}
		ss.lp.addRows(cuts)
		if ss.lp.solve() != lpOptimal {
			// numerically doubtful: rebuild without cuts and keep the LP value
			*ss = *s.newSiteSub(ss.s)
			ss.noCuts = true
			s.price(ss, lambda, mu)
			return
		}
	}
	// LP value from the duals would be safer; the primal value is exact up
	// to the LP tolerances.
	ss.z = ss.lp.objective() * cmax
	copy(ss.x, ss.lp.x[:len(ss.x)])
	if s.siteNodes > 0 {
		lb, ok := ss.intSolve(s.ctx, s.siteNodes)
		if lb*cmax > ss.z {
			ss.z = lb * cmax
		}
		_ = ok
	}
}

// intSolve minimises the site subproblem over integers by depth-first
// branch and bound on the site LP (nodeLimit nodes). It returns a valid lower
// bound on the integer minimum (scaled units) and leaves the best integer
// solution found (or the LP solution) in ss.x.
func (ss *siteSub) intSolve(ctx context.Context, nodeLimit int) (float64, bool) {
	lp := ss.lp
	n := len(ss.x)
	inc := math.Inf(1)
	minOpen := math.Inf(1)
	nodes := 0
	var best []float64
	var dfs func(parent float64)
	dfs = func(parent float64) {
		nodes++
		st := lp.solve()
		if st == lpInfeasible {
			return
		}
		if st != lpOptimal {
			minOpen = math.Min(minOpen, parent)
			return
		}
		z := lp.objective()
		if z >= inc-1e-9*math.Max(1, math.Abs(inc)) {
			return
		}
		frac, fd := -1, 0.0
		for j := 0; j < n; j++ {
			v := lp.x[j]
			f := v - math.Floor(v)
			d := math.Min(f, 1-f)
			if d > 1e-7 && d > fd {
				frac, fd = j, d
			}
		}
		if frac < 0 {
			inc = z
			best = append(best[:0], lp.x[:n]...)
			return
		}
		if nodes >= nodeLimit || (nodes%64 == 0 && ctx.Err() != nil) {
			minOpen = math.Min(minOpen, z)
			return
		}
		v := lp.x[frac]
		lo, up := lp.lo[frac], lp.up[frac]
		fl := math.Floor(v)
		if v-fl < 0.5 {
			lp.setBounds(frac, lo, fl)
			dfs(z)
			lp.setBounds(frac, fl+1, up)
			dfs(z)
		} else {
			lp.setBounds(frac, fl+1, up)
			dfs(z)
			lp.setBounds(frac, lo, fl)
			dfs(z)
		}
		lp.setBounds(frac, lo, up)
	}
	dfs(math.Inf(-1))
	if best != nil {
		for j, v := range best {
			ss.x[j] = math.Round(v)
		}
	}
	lb := math.Min(inc-1e-9*math.Max(1, math.Abs(inc)), minOpen)
	return lb, best != nil
}

// lagrange runs a subgradient search on the multipliers until the deadline,
// offering rounded plans to the incumbent, and returns the best bound.
func (s *search) lagrange(deadline time.Time, start []float64) (float64, []float64) {
	in := s.in
	Q := in.Phases
	if s.subs == nil {
		s.subs = make([]*siteSub, len(in.Sites))
	}
	subs := s.subs
	workers := max(1, s.p.Threads)
	forSites := func(f func(i int)) {
		var wg sync.WaitGroup
		n := len(subs)
		chunk := (n + workers - 1) / workers
		for w := 0; w < workers; w++ {
			lo, hi := w*chunk, min(n, (w+1)*chunk)
			if lo >= hi {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := lo; i < hi; i++ {
					f(i)
				}
			}()
		}
		wg.Wait()
	}
	forSites(func(i int) {
		if subs[i] == nil {
			subs[i] = s.newSiteSub(i)
		}
	})
	lambda := make([]float64, len(in.Demands))
	mu := make([]float64, len(in.Budgets))
	if start != nil {
		copy(lambda, start)
		copy(mu, start[len(lambda):])
	}
	var bestM []float64
	stall := 0
	best := math.Inf(-1)
	g := make([]float64, len(lambda)+len(mu))
	km := &kelley{ref: 1}
	if s.hasInc {
		km.ref = math.Max(1, math.Abs(float64(s.incObj)))
	}
	// multiplier boxes: a demand multiplier above the dearest cost per unit
	// of its class cannot help (any unit can be bought cheaper)
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
	}
	for _, b := range in.Budgets {
		mx := 0.0
		for _, op := range in.Options {
			if c := op.Capex[b.Phase]; c > 0 {
				mx = math.Max(mx, math.Abs(float64(op.Cost[b.Phase]))/float64(c))
			}
		}
		km.maxM = append(km.maxM, 4*mx+1)
		km.rhsSc = append(km.rhsSc, math.Max(1, math.Abs(float64(b.Max))))
	}
	for it := 0; ; it++ {
		if s.limitHit() || time.Now().After(deadline) || it > 2000 {
			break
		}
		forSites(func(i int) { s.price(subs[i], lambda, mu) })
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
		if debugCuts {
			fmt.Printf("lagrange it %d L %.1f best %.1f inc %d at %v\n", it, L, best, s.incObj, time.Now().Format("15:04:05.000"))
		}
		if math.IsInf(best, -1) || L > best+1e-12*math.Abs(best) {
			best = L
			bestM = append(append(bestM[:0], lambda...), mu...)
			stall = 0
		} else if stall++; stall >= 8 {
			break
		}
		// primal: round down the subproblem solutions and repair
		if it%5 == 0 {
			d := make([]float64, len(in.Options)*Q)
			for _, ss := range subs {
				for j, o := range ss.opts {
					copy(d[o*Q:o*Q+Q], ss.x[j*Q:j*Q+Q])
				}
			}
			s.heuristic(d, nil)
		}
		// subgradient at this point: L is linear in (lambda, mu) for fixed x
		cover := make([][]float64, len(in.Classes))
		for k := range cover {
			cover[k] = make([]float64, Q)
		}
		spent := make([]float64, Q)
		a := 0.0 // original cost of the subproblem solutions
		for _, ss := range subs {
			for j, o := range ss.opts {
				op := &in.Options[o]
				acc := 0.0
				for q := 0; q < Q; q++ {
					v := ss.x[j*Q+q]
					acc += v
					a += float64(op.Cost[q]) * v
					for k, c := range op.Contrib {
						cover[k][q] += float64(c) * acc
					}
					if op.Capex != nil {
						spent[q] += float64(op.Capex[q]) * v
					}
				}
			}
		}
		gi := make([]float64, len(g))
		for i, d := range in.Demands {
			gi[i] = float64(d.Min) - cover[d.Class][d.Phase]
		}
		for i, b := range in.Budgets {
			gi[len(lambda)+i] = spent[b.Phase] - float64(b.Max)
		}
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
		up, ok := km.next(lambda, mu, best, s)
		if !ok || up-best <= 1e-9*math.Max(1, math.Abs(best)) {
			break
		}
	}
	return best, bestM
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
func (k *kelley) next(lambda, mu []float64, best float64, s *search) (float64, bool) {
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
