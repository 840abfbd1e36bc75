package solver

import (
	"container/heap"
	"context"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"time"
)

// floorAt is the node count after which the tree bounds the unavoidable
// shortfall (penaltyFloor): 0, as soon as the root is done and has not
// closed the tree, so that every node below it has the row. Instances
// proved at the root do not pay for it. At 200 nodes (as it was), on 160
// dumped ROFR stages with shortfall columns (10 s each, one thread) 145
// were proved; at 0, 148, in about the same time overall (geometric mean
// of the time ratios 1.00): generated 4x6x4 seed 106's first stage took
// 1,077 nodes and 0.40 s instead of 98,366 and 7.7 s (CBC 0.07 s), and
// seed 160's was proved in 0.58 s instead of stopping at 10 s. The
// coverage search is cheap since it has no Lagrangian cuts (see
// penaltyFloor).
var floorAt = 0

// maxDense is the largest dense tableau (entries) Solve builds; larger
// models get the heuristic plan and a weaker bound (see doc.go, "not yet").
var maxDense = 40_000_000

// Solve solves the instance to proven optimality (or until a limit).
func Solve(ctx context.Context, in *Instance, p Params) (*Result, error) {
	start := time.Now()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if p.RelGap <= 0 {
		p.RelGap = 1e-9
	}
	if p.Threads <= 0 {
		p.Threads = runtime.GOMAXPROCS(0)
	}
	if p.TimeLimit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, p.TimeLimit)
		defer cancel()
	}
	// Options fixed at zero (dominated, or no room anywhere) go last, the
	// others keep their order (so every tie-break by index is unchanged):
	// their LP columns then form one block of zeros that the dense pivot
	// update skips. The plan is mapped back below.
	ub := in.upperBounds()
	dropDominated(in, ub)
	perm := activeFirst(ub)
	work := in
	if perm != nil {
		pin := *in
		pin.Options = make([]Option, len(in.Options))
		pub := make([][]int64, len(in.Options))
		for i, o := range perm {
			pin.Options[i] = in.Options[o]
			pub[i] = ub[o]
		}
		work, ub = &pin, pub
	}
	s := newSearch(ctx, work, p)
	for o := range ub {
		copy(s.ub[o], ub[o])
	}
	res := s.run()
	if debugCuts {
		fmt.Printf("effort %d in %v (%.3g per ms)\n", s.effort, time.Since(start), float64(s.effort)/float64(time.Since(start).Milliseconds()+1))
	}
	if perm != nil && res.X != nil {
		X := make([][]int64, len(res.X))
		for i, o := range perm {
			X[o] = res.X[i]
		}
		res.X = X
	}
	res.Elapsed = time.Since(start)
	if res.X != nil {
		if err := Check(in, res.X); err != nil {
			return res, fmt.Errorf("solver: internal error, plan fails the checker: %w", err)
		}
	}
	if res.Status == Infeasible {
		res.Infeasible = explainInfeasible(s.in, s.ub, s.bySite)
	}
	return res, nil
}

// activeFirst returns an order of the options with those not fixed at zero
// (ub) first, each group in index order, or nil when that is the present
// order.
func activeFirst(ub [][]int64) []int {
	var act, fixed []int
	for o, u := range ub {
		if u[len(u)-1] > 0 {
			act = append(act, o)
		} else {
			fixed = append(fixed, o)
		}
	}
	if len(fixed) == 0 || len(act) == 0 || fixed[0] > act[len(act)-1] {
		return nil
	}
	return append(act, fixed...)
}

type search struct {
	ctx    context.Context
	in     *Instance
	p      Params
	ub     [][]int64
	bySite [][]int
	md     *lpModel
	lp     *boxLP
	pl     *plan

	inc           [][]int64
	incObj        int64
	incSite       []int
	incRef        int64 // incumbent's cost without Penalty columns
	hasInc        bool
	nodes         int
	minPrune      float64 // min LP bound over nodes pruned by bound
	stopped       bool
	siteCutRounds int // Gomory rounds per site subproblem solve
	siteCutMax    int // cut rows per site
	subs          []*siteSub
	keepSiteLPs   bool
	lagBound      float64     // global Lagrangian lower bound (-Inf when none)
	unit          float64     // every plan's objective differs from another's by a multiple of it
	lagRows       []spRow     // Lagrangian cuts held back from the root LP
	intMult       []float64   // multipliers of a deferred integerBound (smallModel)
	forceDense    bool        // sub-search of the LNS: always the dense route
	boxLo         [][]int64   // sub-search of rins: lower bounds on X[o][q] (ub holds the upper ones)
	light         bool        // sub-search of rins: no greedy start plan, no root cuts
	noFloor       bool        // the coverage search of penaltyFloor itself
	lagMult       []float64   // multipliers of integerBound (demand, then budget rows)
	siteVal       []float64   // per site, its term in integerBound
	lagPlans      [][][]int64 // the sites' integer plans at lagMult (integerBound), nil where none
	lagComplete   bool        // integerBound priced every site as an integer program
	pc            *pseudocosts
	cuts          []spRow   // cut rows of the root LP, in row order after the model's
	pool          []spRow   // root cuts not in the LP (slack at the root optimum)
	poolAdded     int       // pool cuts added back in the tree
	stack         []*bbNode // nodes whose local cuts are in the LP, root first (see localcuts.go)
	stackRows     []int     // how many rows each of them has in the LP
	rebuilt       bool      // the LP was rebuilt from the model (column bounds back at the root's)
	isInt         []bool    // see intCols
	siteDuals     bool      // price records the site LPs' capacity duals (siteSub.capDual)
	// cgDual and cgMult: the site LPs' capacity duals and the multipliers at
	// the column generation's best evaluation, kept when it converged on a
	// model without clusters (they are then LP duals; see largeDuals)
	cgDual            [][]float64
	cgMult            []float64
	dbgIters, dbgRows int
	snap              lpSnap
	// effort is the search's simplex work: per pivot of its tree LP, m^2 +
	// the columns priced (a dense B^{-1} update and a pricing pass), per
	// step a two-step MIR row tries 4 per term (twoMirCuts), plus the
	// effort of its sub-searches. It does not depend on the machine's speed,
	// so budgets counted in it give the same tree on any machine and with
	// any time limit. maxEffort > 0 stops the search there (see limitHit).
	effort, maxEffort int64
	intEffort         int64 // the effort of intEval's last evaluation
	siteIntBudget     int64 // > 0: siteInt's effort budget instead of its rule (tests)
	// setLocal's scratch (the node's ancestors with cuts, their rows)
	chainBuf []*bbNode
	rowsBuf  []spRow
}

func newSearch(ctx context.Context, in *Instance, p Params) *search {
	s := &search{ctx: ctx, in: in, p: p, ub: in.upperBounds(), minPrune: math.Inf(1), lagBound: math.Inf(-1)}
	s.bySite = make([][]int, len(in.Sites))
	for o, op := range in.Options {
		s.bySite[op.Site] = append(s.bySite[op.Site], o)
	}
	s.pl = newPlan(in, s.ub, s.bySite)
	s.unit = float64(objectiveUnit(in, s.ub))
	return s
}

// objectiveUnit is the greatest common divisor of the costs of the columns
// that may be nonzero: a plan's objective, sum Cost[q] x (X[q] - X[q-1]),
// is an integer combination of them, so two plans' objectives differ by a
// multiple of it, and no plan is better than the incumbent by less. It is
// 1 for most cost vectors; it is larger where a few coefficients carry the
// objective, as in the coverage problem (racks free, every unit short at
// one penalty), whose bound then closes at the root.
func objectiveUnit(in *Instance, ub [][]int64) int64 {
	var g int64
	for o, op := range in.Options {
		if slices.Max(ub[o]) == 0 {
			continue
		}
		for _, c := range op.Cost {
			g = gcd(g, max(c, -c))
			if g == 1 {
				return 1
			}
		}
	}
	return max(g, 1)
}

// latticeBound raises a lower bound to the best objective a plan can have:
// the incumbent less a whole number of units. It never lowers it: its float
// tolerance (1e-9 of the bound) exceeds the unit on large objectives, and
// rounding down by it had put a proved stage's bound 34 units of 8 below a
// bound within 3e-5 of the plan (generate 4x6x4 seed 106 re-ranked,
// max-compute, first ROFR stage: Optimal with a gap of 2.6e-7).
func (s *search) latticeBound(bound, inc float64) float64 {
	if s.unit <= 1 || bound >= inc {
		return bound
	}
	return math.Max(bound, inc-s.unit*math.Floor((inc-bound+boundTol(bound))/s.unit))
}

func (s *search) offer(X [][]int64, assign []int) {
	if X == nil {
		return
	}
	if err := quickCheck(s.in, s.ub, X, assign); err != nil {
		return
	}
	z := ObjectiveOf(s.in, X)
	if !s.hasInc || z < s.incObj {
		if debugCuts && !s.forceDense {
			fmt.Printf("incumbent %d at node %d, %v\n", z, s.nodes, time.Now().Format("05.000"))
		}
		s.inc = X
		s.incObj = z
		s.incSite = append([]int(nil), assign...)
		s.hasInc = true
		s.incRef = z
		for o, op := range s.in.Options {
			if op.Penalty {
				prev := int64(0)
				for q, x := range X[o] {
					s.incRef -= op.Cost[q] * (x - prev)
					prev = x
				}
			}
		}
	}
}

// heuristic builds a plan from a (possibly fractional) increment vector:
// round down, repair greedily, improve.
func (s *search) heuristic(d []float64, prefer []int) {
	in := s.in
	Q := in.Phases
	X := make([][]int64, len(in.Options))
	for o := range X {
		X[o] = make([]int64, Q)
		// round the cumulative count down (summing rounded increments
		// would lose up to a rack per phase)
		var acc int64
		cum := 0.0
		for q := 0; q < Q; q++ {
			if d != nil {
				cum += d[o*Q+q]
				acc = max(acc, int64(math.Floor(cum+1e-9)))
			}
			if acc > s.ub[o][q] {
				acc = s.ub[o][q]
			}
			X[o][q] = acc
		}
		// keep monotone after clipping
		for q := Q - 2; q >= 0; q-- {
			if X[o][q] > X[o][q+1] {
				X[o][q] = X[o][q+1]
			}
		}
	}
	s.pl.setX(X)
	if !quickSiteOK(in, s.pl) {
		s.pl.setX(zeroPlan(in))
	}
	if s.pl.repair(prefer) {
		s.pl.improve()
		s.pl.swap(20000)
		s.pl.improve()
		s.offer(s.pl.clone(), s.pl.assign)
	}
}

func zeroPlan(in *Instance) [][]int64 {
	X := make([][]int64, len(in.Options))
	for o := range X {
		X[o] = make([]int64, in.Phases)
	}
	return X
}

func quickSiteOK(in *Instance, p *plan) bool {
	for s, st := range in.Sites {
		for q := 0; q < in.Phases; q++ {
			for r, c := range st.Cap[q] {
				if c >= 0 && p.load[s][q][r] > c {
					return false
				}
			}
		}
	}
	for i, b := range in.Budgets {
		if p.spent[i] > b.Max {
			return false
		}
	}
	return true
}

type bchg struct {
	j      int
	lo, up float64
}

type bbNode struct {
	parent *bbNode
	chg    []bchg
	bound  float64
	depth  int
	seq    int
	// the branching that created the node: column (-1 at the root),
	// direction (0 down, 1 up), fractionality moved and the parent's LP
	// objective (scaled), for pseudocosts
	bj    int
	bdir  int
	moved float64
	pz    float64
	local []spRow // local cuts derived at this node (see localcuts.go)
}

type nodeHeap []*bbNode

func (h nodeHeap) Len() int { return len(h) }
func (h nodeHeap) Less(a, b int) bool {
	if h[a].bound != h[b].bound {
		return h[a].bound < h[b].bound
	}
	return h[a].seq < h[b].seq
}
func (h nodeHeap) Swap(a, b int) { h[a], h[b] = h[b], h[a] }
func (h *nodeHeap) Push(x any)   { *h = append(*h, x.(*bbNode)) }
func (h *nodeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// gapRef is what the relative gap is measured against: the magnitude of
// the incumbent's cost without its Penalty columns (all of it when there
// are none).
func (s *search) gapRef(inc float64) float64 {
	if !s.hasInc {
		return math.Max(1, math.Abs(inc))
	}
	return math.Max(1, math.Abs(float64(s.incRef)))
}

func (s *search) limitHit() bool {
	if s.stopped {
		return true
	}
	if s.p.MaxNodes > 0 && s.nodes >= s.p.MaxNodes {
		s.stopped = true
	}
	if s.maxEffort > 0 && s.effort >= s.maxEffort {
		s.stopped = true
	}
	select {
	case <-s.ctx.Done():
		s.stopped = true
	default:
	}
	return s.stopped
}

// boundTol is the margin a bound z keeps below a lattice step of the
// objective before the tree prunes by it, and the stopped search's status
// uses the same test (pruneable): 1e-12 of its magnitude, for the rounding
// of the weak-duality sums (safeBound) and of the decomposition's sums of
// site bounds. It was 1e-9, and the final status had no margin at all: on
// objectives with shortfall penalties (2.7e11 on the second ROFR stage of
// dcplan generate 12x5x2 seed 812 --providers 3 --budget-per-gpu 50000,
// max-compute, whose unit is 8) 1e-9 is 265 units, so the tree pruned
// nothing by the unit rule and ran to the time limit (694,000 nodes in
// 30 s), after which the status said optimal; now 2 nodes and 8 ms (CBC
// 0.013 s). Taking safeBound's worst-case rounding bound off every node
// bound instead was tried: on penalty-scaled stages it is many units
// (basic columns with wide boxes), and the 5x6x3 seed 5 regression stage
// went from 2,570 nodes to 9,519.
func boundTol(z float64) float64 {
	return 1e-12 * math.Max(1, math.Abs(z))
}

// pruneable reports whether a node with LP bound z cannot hold a plan that
// is better than the incumbent by at least one unit (or by more than RelGap).
func (s *search) pruneable(z float64) bool {
	if !s.hasInc {
		return false
	}
	z = math.Max(z, s.lagBound)
	inc := float64(s.incObj)
	if z-boundTol(z) > inc-s.unit {
		return true
	}
	return inc-z <= s.p.RelGap*s.gapRef(inc)
}

func (s *search) run() *Result {
	in := s.in
	res := &Result{}
	// Initial greedy plan.
	if !s.light {
		s.heuristic(nil, nil)
	}
	dense := s.forceDense || s.p.Method == Dense
	if s.p.Method == Decompose || (!dense && estimateDense(in) > maxDense) {
		return s.finishNoLP(res)
	}
	s.md = buildModel(in, s.ub)
	if !dense && s.md.denseSize() > maxDense {
		return s.finishNoLP(res)
	}
	// A Lagrangian bound first: often stronger than the root LP with cuts,
	// and a global lower bound for every node (any node's optimum is at least
	// the global optimum).
	var siteCuts []spRow
	if !s.forceDense && len(in.Sites) > 1 {
		s.lagBound = s.decompositionBound(true)
		siteCuts = s.bindingSiteCuts(siteCutPool)
		if s.intMult == nil {
			s.subs = nil // release the site LPs
		}
	}
	s.lp = s.treeLP(nil)
	for o, lo := range s.boxLo { // cumulative (or one-phase) columns only
		for q, v := range lo {
			if j := o*in.Phases + q; v > 0 {
				s.lp.setBounds(j, float64(v), s.lp.up[j])
			}
		}
	}
	ns := len(s.md.colIdx)
	rootLo := append([]float64(nil), s.lp.lo[:ns]...)
	rootUp := append([]float64(nil), s.lp.up[:ns]...)
	curLo := append([]float64(nil), rootLo...)
	curUp := append([]float64(nil), rootUp...)
	wantLo := make([]float64, ns)
	wantUp := make([]float64, ns)
	apply := func(nd *bbNode) {
		s.setLocal(nd, rootLo, rootUp)
		if s.rebuilt {
			s.rebuilt = false
			copy(curLo, rootLo)
			copy(curUp, rootUp)
		}
		copy(wantLo, rootLo)
		copy(wantUp, rootUp)
		for x := nd; x != nil; x = x.parent {
			for _, c := range x.chg {
				wantLo[c.j] = math.Max(wantLo[c.j], c.lo)
				wantUp[c.j] = math.Min(wantUp[c.j], c.up)
			}
		}
		for j := 0; j < ns; j++ {
			if wantLo[j] != curLo[j] || wantUp[j] != curUp[j] {
				s.lp.setBounds(j, wantLo[j], wantUp[j])
				curLo[j], curUp[j] = wantLo[j], wantUp[j]
			}
		}
	}
	h := &nodeHeap{}
	seq := 0
	rinsGap := rinsEvery
	rinsNext := rinsFirst
	root := &bbNode{bound: math.Inf(-1), bj: -1}
	s.pc = newPseudocosts(ns)
	next := root
	rootDone := false
	lnsDone := s.forceDense // no LNS inside an LNS sub-search
	lns2Done := s.forceDense
	lns2At := 500 // nodes before the second LNS
	floorDone := s.forceDense || s.light || s.noFloor
	for {
		if rootDone && !lnsDone {
			// improve the incumbent by large-neighbourhood search once the
			// root is done
			lnsDone = true
			s.lns(8, 2, false)
		}
		if lnsDone && !lns2Done && s.nodes >= lns2At {
			// a second search with other neighbourhoods (sites in index order)
			lns2Done = true
			s.lns(8, 2, true)
		}
		if rootDone && !floorDone && s.nodes >= floorAt {
			// the tree is not done quickly: bound the unavoidable shortfall
			floorDone = true
			if row := s.penaltyFloor(); row != nil {
				s.addGlobal([]spRow{*row}, rootLo, rootUp)
			}
		}
		if rootDone && s.intMult != nil && s.nodes >= intAt {
			// the deferred integer site pricing (see smallModel)
			mult := s.intMult
			s.intMult = nil
			s.lagBound = math.Max(s.lagBound, s.integerBound(mult))
			s.subs = nil
		}
		if rootDone && len(s.lagRows) > 0 {
			// the Lagrangian cuts, after the root (see lagrangianCuts)
			s.addGlobal(s.lagRows, rootLo, rootUp)
			s.lagRows = nil
		}
		if next == nil {
			if h.Len() == 0 {
				break
			}
			next = heap.Pop(h).(*bbNode)
			if s.pruneable(next.bound) {
				s.minPrune = math.Min(s.minPrune, next.bound)
				next = nil
				continue
			}
		}
		if s.limitHit() {
			heap.Push(h, next)
			break
		}
		nd := next
		next = nil
		s.nodes++
		apply(nd)
		it0 := s.lp.iters
		st := s.lp.solve()
		s.dbgIters += s.lp.iters - it0
		s.dbgRows += s.lp.m
		if st == lpInfeasible {
			if !rootDone {
				res.Status = Infeasible
				res.Nodes = s.nodes
				res.Bound = math.Inf(1)
				return res
			}
			continue
		}
		if st == lpOptimal && !rootDone {
			s.rootDuals(res)
			// The sites' cuts from the decomposition (valid for the whole
			// model) and Gomory rounds. In small models the Gomory rounds go
			// first, on the model's own LP: Gomory cuts from the LP with the
			// sites' cuts were much weaker on dcplan generate 5x8x2 seed 45
			// (root 1,651,938,816,202 against 1,651,996,666,584 with the
			// rounds first; optimum 1,651,996,708,479): proved in 5 nodes
			// and 6-9 ms instead of 5,734 nodes and 1.2-1.65 s (CBC 22 ms).
			// A second set of rounds after the sites' cuts made other trees
			// worse (6x10x3 seed 1: 16.9 s instead of 4.6-4.9 s; 8x10x2
			// seed 54 stopped at 30 s with a plan 1.2e-6 dearer than CBC's,
			// which the single set finds). In larger models the sites' cuts
			// go first (dcplan generate 100x50x1 seed 2, 5,001 columns:
			// proved in 3.3 s that way, unproved at 10 s the other).
			gmiFirst := len(s.md.colIdx) <= localCols
			if gmiFirst {
				st = s.rootCuts()
			}
			if st == lpOptimal && len(siteCuts) > 0 {
				st = s.separateSiteCuts(siteCuts, s.md.m/2+50)
			}
			if st == lpOptimal && !gmiFirst {
				st = s.rootCuts()
			}
			if st == lpOptimal {
				st = s.lagrangianCuts()
			}
			if st == lpOptimal {
				s.dropSlackCuts()
			}
			if st != lpOptimal && st != lpStopped {
				// cuts made the LP fail numerically: drop them
				s.lp = s.treeLP(nil)
				s.cuts = nil
				copy(curLo, rootLo)
				copy(curUp, rootUp)
				st = s.lp.solve()
			}
		}
		if st == lpOptimal && rootDone && len(s.pool) > 0 && s.poolAdded < s.md.m/5 {
			st = s.separatePool(rootLo, rootUp)
			if st == lpInfeasible {
				continue
			}
		}
		if st == lpOptimal && rootDone && nodeCutsOn && !s.light && ns <= localCols && s.lp.firstFractional(ns) >= 0 &&
			!s.pruneable(math.Max(math.Min(s.lp.objective(), s.lp.safeBound())*s.md.cscale, nd.bound)) {
			st = s.nodeCuts(nd, rootLo, rootUp)
			if st == lpInfeasible {
				continue
			}
		}
		if st == lpStopped {
			// the context ended in the node's solve, the root's cuts, the
			// pool's re-solve or the node cuts: the node stays open
			s.stopped = true
			heap.Push(h, nd)
			break
		}
		var z float64
		var frac int = -1
		if st == lpOptimal {
			// node bound from the duals (weak duality): valid whatever the
			// primal tolerances
			z = math.Min(s.lp.objective(), s.lp.safeBound()) * s.md.cscale
			z = math.Max(z, nd.bound)
			if s.pruneable(z) {
				s.minPrune = math.Min(s.minPrune, z)
				rootDone = true
				continue
			}
			if nd.bj >= 0 {
				s.pc.add(nd.bj, nd.bdir, s.lp.objective()-nd.pz, nd.moved)
			}
			frac = s.lp.firstFractional(ns)
			if frac < 0 || !rootDone || s.nodes%20 == 0 {
				s.heuristic(s.md.increments(s.lp.x), s.preferredSites())
			}
			if frac >= 0 && rootDone && s.nodes >= rinsNext {
				// RINS every rinsEvery nodes while it finds plans, half as
				// often after each miss
				before := s.incObj
				s.rins(s.lp.x, rinsNodes)
				if s.incObj < before {
					rinsGap = rinsEvery
				} else {
					rinsGap *= 2
					if ns <= localCols {
						rinsGap = min(rinsGap, rinsMaxGap)
					}
				}
				rinsNext = s.nodes + rinsGap
			}
			if frac < 0 {
				// integral LP solution: it is the best plan in this node.
				X, assign := s.lpPlan()
				before := s.incObj
				had := s.hasInc
				s.offer(X, assign)
				if s.hasInc && (!had || s.incObj <= before) && ObjectiveOf(in, X) == s.incObj {
					s.minPrune = math.Min(s.minPrune, z)
					rootDone = true
					continue
				}
				// numerically doubtful: fall through to splitting a free column
			}
		} else {
			z = nd.bound
		}
		rootDone = true
		j := frac
		var split float64
		var ch branchChoice
		ch.bound = [2]float64{math.Inf(-1), math.Inf(-1)}
		if j >= 0 {
			ch = s.chooseBranch(s.lp.objective(), nd.depth)
			j = ch.j
			if ch.dead[0] && ch.dead[1] {
				continue // both children infeasible
			}
			split = math.Floor(s.lp.x[j])
		} else {
			// no usable LP point: split the widest free column
			w := 0.0
			for c := 0; c < ns; c++ {
				if d := curUp[c] - curLo[c]; d > w {
					w, j = d, c
				}
			}
			if j < 0 {
				continue // every column fixed and LP not optimal: nothing to explore
			}
			split = math.Floor((curLo[j] + curUp[j]) / 2)
			if split >= curUp[j] {
				split = curUp[j] - 1
			}
		}
		var fix []bchg
		reduce := false
		if st == lpOptimal && s.hasInc {
			fix = s.reducedCostFixing(z, curLo, curUp)
			if nd == root {
				// global: tighten the root bounds themselves
				for _, c := range fix {
					rootLo[c.j] = math.Max(rootLo[c.j], c.lo)
					rootUp[c.j] = math.Min(rootUp[c.j], c.up)
				}
				fix = nil
				reduce = true
			}
		}
		var kids [2]*bbNode
		xj := split + 0.5
		if frac >= 0 {
			xj = s.lp.x[j]
		}
		for dir := 0; dir < 2; dir++ {
			if ch.dead[dir] {
				continue
			}
			c := bchg{j, math.Inf(-1), split}
			moved := xj - split
			if dir == 1 {
				c = bchg{j, split + 1, math.Inf(1)}
				moved = split + 1 - xj
			}
			b := z
			if !math.IsInf(ch.bound[dir], -1) {
				b = math.Max(b, ch.bound[dir]*s.md.cscale)
			}
			if s.pruneable(b) {
				s.minPrune = math.Min(s.minPrune, b)
				continue
			}
			seq++
			kids[dir] = &bbNode{parent: nd, chg: append([]bchg{c}, fix...), bound: b, depth: nd.depth + 1,
				seq: seq, bj: -1, bdir: dir, moved: moved}
			if st == lpOptimal && frac >= 0 {
				kids[dir].bj = j
				kids[dir].pz = s.lp.objective()
			}
		}
		if reduce {
			s.reduceRoot(rootLo, rootUp)
		}
		// dive into the child with the better bound (the nearer one on ties)
		first := 0
		if kids[0] == nil || kids[1] != nil && (kids[1].bound < kids[0].bound || kids[1].bound == kids[0].bound && xj-split >= 0.5) {
			first = 1
		}
		next = kids[first]
		if kids[1-first] != nil {
			heap.Push(h, kids[1-first])
		}
	}
	res.Nodes = s.nodes
	if debugCuts && !s.forceDense && !s.light {
		fmt.Printf("tree: %d nodes, %.1f pivots and %.1f rows per node (model %d rows, global cuts %d)\n", s.nodes, float64(s.dbgIters)/float64(max(1, s.nodes)), float64(s.dbgRows)/float64(max(1, s.nodes)), s.md.m, len(s.cuts))
	}
	openMin := math.Inf(1)
	for _, nd := range *h {
		openMin = math.Min(openMin, nd.bound)
	}
	if next != nil {
		openMin = math.Min(openMin, next.bound)
	}
	bound := math.Max(math.Min(openMin, s.minPrune), s.lagBound)
	if !s.hasInc {
		if h.Len() == 0 && next == nil && !s.stopped {
			res.Status = Infeasible
			res.Bound = math.Inf(1)
			return res
		}
		res.Status = NoSolution
		res.Bound = bound
		return res
	}
	inc := float64(s.incObj)
	if bound > inc {
		bound = inc
	}
	// the same test as the tree's pruning: a stopped search is optimal when
	// every open node could have been pruned
	closed := s.pruneable(bound)
	bound = s.latticeBound(bound, inc)
	res.X = s.inc
	res.ClusterSite = s.incSite
	res.Objective = s.incObj
	res.Bound = bound
	res.Gap = (inc - bound) / s.gapRef(inc)
	if h.Len() == 0 && next == nil && !s.stopped {
		res.Status = Optimal
	} else if closed {
		res.Status = Optimal
	} else {
		res.Status = Feasible
	}
	return res
}

// reduceRoot rebuilds the tree's LP for the root's box after reduced-cost
// fixing: without the model rows that box makes redundant, when they are at
// least a tenth of the model's rows (every pivot costs O(m^2) on the dense
// B^-1), and with the columns it fixes frozen (see boxLP.freeze; the
// simplex's loops over the columns are O(n) per pivot), when they are at
// least a quarter of them. On the dcplan generate 100x50x1 scenario, seed 2,
// root fixing left 676 of 5,001 columns free and 301 of the 402 model rows
// redundant.
func (s *search) reduceRoot(rootLo, rootUp []float64) {
	fixed := 0
	for j := range rootLo {
		if rootLo[j] == rootUp[j] {
			fixed++
		}
	}
	md := s.md.withoutRedundantRows(rootLo, rootUp, s.md.m/10)
	if md == nil && 4*fixed < len(rootLo) {
		return
	}
	if md != nil {
		if debugCuts {
			fmt.Printf("root box: %d of %d model rows redundant, dropped; %d of %d columns fixed\n", s.md.m-md.m, s.md.m, fixed, len(rootLo))
		}
		s.md = md
	}
	s.rebuildLP(rootLo, rootUp)
}

// treeLP returns a fresh LP of the model (the search's thread count) with
// the given cut rows.
func (s *search) treeLP(cuts []spRow) *boxLP {
	lp := s.md.newLP()
	lp.threads = s.p.Threads
	// every solve on it, the root's included, ends with the search's
	// context (lpStopped): a root LP that stalls must not outlast the time
	// limit (solver.Generate 100x50x1 seed 2: one re-solve after the
	// Lagrangian cuts ran for minutes past a 20 s limit)
	lp.stop = func() bool { return s.ctx.Err() != nil || (s.maxEffort > 0 && s.effort >= s.maxEffort) }
	lp.meter = &s.effort
	lp.keepRows = true // for cuts and pricing rows (rowInto)
	lp.addRows(cuts)
	return lp
}

// intCols marks the model's structural columns integer (all of them are),
// for the Gomory cuts.
func (s *search) intCols() []bool {
	if s.isInt == nil {
		s.isInt = make([]bool, len(s.md.colIdx))
		for j := range s.isInt {
			s.isInt[j] = true
		}
	}
	return s.isInt
}

// reducedCostFixing returns bound tightenings valid for the subtree of the
// current LP point (objective z): a column moved k units away from its
// nonbasic bound raises the LP bound by k*|d_j|, so it cannot move further
// than the gap to the incumbent allows.
func (s *search) reducedCostFixing(z float64, lo, up []float64) []bchg {
	inc := float64(s.incObj)
	allow := math.Max(1-1e-6, s.p.RelGap*s.gapRef(inc))
	room := inc - allow - z
	if room < 0 {
		room = 0
	}
	var out []bchg
	lp := s.lp
	for j := range lo {
		if lp.pos[j] >= 0 || lo[j] == up[j] {
			continue
		}
		dj := lp.d[j] * s.md.cscale
		if math.Abs(dj) < 1e-9 {
			continue
		}
		k := math.Floor(room/math.Abs(dj) + 1e-6)
		if dj > 0 && lp.x[j] == lo[j] && lo[j]+k < up[j] {
			out = append(out, bchg{j, math.Inf(-1), lo[j] + k})
		} else if dj < 0 && lp.x[j] == up[j] && up[j]-k > lo[j] {
			out = append(out, bchg{j, up[j] - k, math.Inf(1)})
		}
	}
	return out
}

// maxCutRounds bounds the root Gomory rounds.
var maxCutRounds = 100

var debugCuts = os.Getenv("DCPLAN_SOLVER_DEBUG") != ""

// rootCuts adds rounds of Gomory mixed-integer and two-step MIR cuts
// (twoMirCuts) at the root while they raise the LP bound.
func (s *search) rootCuts() lpStatus {
	isInt := s.intCols()
	prev := s.lp.objective()
	first := prev
	defer func() {
		if debugCuts {
			fmt.Printf("root LP %.3f after cuts %.3f rows %d->%d\n", first*s.md.cscale, s.lp.objective()*s.md.cscale, s.md.m, s.lp.m)
		}
	}()
	for round := 0; round < maxCutRounds && !s.light; round++ {
		if s.limitHit() {
			break
		}
		z := prev * s.md.cscale
		if s.pruneable(z) {
			break
		}
		maxCuts := 50 + s.lp.m/10
		if s.lp.m+maxCuts > 3*s.md.m+200 || (s.lp.m+maxCuts)*(s.lp.n+maxCuts) > maxDense {
			break
		}
		cuts := s.lp.gmiCuts(isInt, s.md.sunit, maxCuts)
		work := 0
		if s.maxEffort > 0 {
			work = twoMirWork
		}
		two := s.lp.twoMirCuts(isInt, s.md.sunit, maxCuts/2, work)
		cuts = append(cuts, two...)
		if debugCuts {
			fmt.Printf("round %d: %d cuts (%d two-step MIR), z=%.1f\n", round, len(cuts), len(two), prev*s.md.cscale)
		}
		if len(cuts) == 0 {
			break
		}
		s.lp.addRows(cuts)
		s.cuts = append(s.cuts, cuts...)
		if st := s.lp.solve(); st != lpOptimal {
			return st
		}
		cur := s.lp.objective()
		gap := math.Inf(1)
		if s.hasInc {
			gap = float64(s.incObj)/s.md.cscale - cur
		}
		if cur-prev <= 1e-12*math.Max(1, math.Abs(cur)) || (cur-prev) < 0.0005*gap && round >= 10 {
			prev = cur
			break
		}
		prev = cur
	}
	return lpOptimal
}

// siteCutPool caps the sites' cuts the tree takes from the decomposition
// (bindingSiteCuts): their rows are dense over a site's columns.
const siteCutPool = 2000

// separateSiteCuts adds the sites' cuts to the root LP and re-solves: all
// of them when they are at most limit, else, in rounds, those its point
// violates (the most violated by distance first, at most limit in all),
// the others going to the pool, which the nodes separate.
// Taking the first binding cuts in site order up to the limit, as before,
// left the later sites without any: on the dcplan generate 10x50x16
// scenario the root LP then depended on which cuts came first (2.5e-5
// apart between two builds that only rounded differently).
func (s *search) separateSiteCuts(cand []spRow, limit int) lpStatus {
	if len(cand) <= limit {
		// all of them (small models): the tree's pool gets only the cuts
		// violated at a node, and these bind in the sites' own LPs
		s.lp.addRows(cand)
		s.cuts = append(s.cuts, cand...)
		return s.lp.solve()
	}
	st := lpOptimal
	added := 0
	for round := 0; round < 5 && added < limit && len(cand) > 0 && st == lpOptimal; round++ {
		// a round takes at most a third of the limit, so that later rounds
		// see the point the first cuts moved
		idx := mostViolated(cand, s.lp.x, max(1, min(limit-added, (limit+2)/3)))
		if len(idx) == 0 {
			break
		}
		var rows []spRow
		rows, cand = takeRows(cand, idx)
		s.lp.addRows(rows)
		s.cuts = append(s.cuts, rows...)
		added += len(rows)
		st = s.lp.solve()
	}
	s.pool = append(s.pool, cand...)
	return st
}

// dropSlackCuts rebuilds the root LP with only the cuts that are tight at
// its optimum: the others cost every node's pivots and bind nowhere near.
func (s *search) dropSlackCuts() {
	lp := s.lp
	var keep, pool []spRow
	for k, c := range s.cuts {
		sl := lp.ns + s.md.m + k
		if lp.pos[sl] < 0 || lp.x[sl] <= 1e-7*(1+math.Abs(c.rhs)) {
			keep = append(keep, c)
		} else {
			pool = append(pool, c)
		}
	}
	if len(pool) == 0 {
		return
	}
	lp2 := s.treeLP(keep)
	if lp2.solve() != lpOptimal {
		lp2.release()
		return
	}
	if debugCuts {
		fmt.Printf("kept %d of %d cuts: z %.1f -> %.1f\n", len(keep), len(s.cuts), lp.objective()*s.md.cscale, lp2.objective()*s.md.cscale)
	}
	lp.release()
	s.lp = lp2
	s.cuts = keep
	s.pool = append(s.pool, pool...)
}

// poolRounds and poolMax bound the separation of pool cuts at a node: at
// most poolMax of the most violated cuts per round.
const (
	poolRounds = 1
	poolMax    = 8
)

// separatePool adds the pool cuts that the node's LP point violates (they
// are valid for the whole model) and re-solves, for a few rounds. Root cuts
// slack at the root often bind deeper in the tree: without them a generated
// 8-site, 12-option, 2-phase scenario took 19,930 nodes to prove, with
// every root cut kept 2,079 (but each node was dearer).
func (s *search) separatePool(rootLo, rootUp []float64) lpStatus {
	st := lpOptimal
	for round := 0; round < poolRounds && len(s.pool) > 0; round++ {
		idx := mostViolated(s.pool, s.lp.x, poolMax)
		if len(idx) == 0 {
			break
		}
		var add []spRow
		add, s.pool = takeRows(s.pool, idx)
		s.addGlobal(add, rootLo, rootUp)
		s.poolAdded += len(add)
		if st = s.lp.solve(); st != lpOptimal {
			break
		}
	}
	return st
}

// mostViolated returns the indices of the rows that the point x violates
// by more than 1e-6 relative, the most violated by distance first (ties by
// index), at most n of them.
func mostViolated(rows []spRow, x []float64, n int) []int {
	var vs []scored
	for k, c := range rows {
		act := 0.0
		for t, j := range c.idx {
			act += c.val[t] * x[j]
		}
		d := act - c.rhs
		if d <= 1e-6*(1+math.Abs(c.rhs)) {
			continue
		}
		// the norm only of the few rows violated
		norm := 0.0
		for _, v := range c.val {
			norm += v * v
		}
		if norm > 0 {
			vs = append(vs, scored{k, d / math.Sqrt(norm)})
		}
	}
	return bestScored(vs, n)
}

// scored is an item k with its score v, for bestScored.
type scored struct {
	k int
	v float64
}

// bestScored returns the items of the n highest scores, highest first (ties
// by k).
func bestScored(vs []scored, n int) []int {
	sort.Slice(vs, func(a, b int) bool {
		if vs[a].v != vs[b].v {
			return vs[a].v > vs[b].v
		}
		return vs[a].k < vs[b].k
	})
	if len(vs) > n {
		vs = vs[:n]
	}
	idx := make([]int, len(vs))
	for i, v := range vs {
		idx[i] = v.k
	}
	return idx
}

// takeRows splits rows into those at idx (in idx's order) and the others
// (in their order, in a new slice).
func takeRows(rows []spRow, idx []int) (taken, rest []spRow) {
	take := make([]bool, len(rows))
	for _, k := range idx {
		take[k] = true
		taken = append(taken, rows[k])
	}
	for k, c := range rows {
		if !take[k] {
			rest = append(rest, c)
		}
	}
	return taken, rest
}

func (s *search) preferredSites() []int {
	in := s.in
	if len(in.Clusters) == 0 {
		return nil
	}
	S := len(in.Sites)
	pref := make([]int, len(in.Clusters))
	for c := range pref {
		best := -1.0
		for st := 0; st < S; st++ {
			v := s.lp.x[s.md.nd+c*S+st]
			if v > best+1e-9 {
				best, pref[c] = v, st
			}
		}
	}
	return pref
}

// lpPlan reads an integral LP point as a plan.
func (s *search) lpPlan() ([][]int64, []int) {
	in := s.in
	Q := in.Phases
	X := make([][]int64, len(in.Options))
	for o := range X {
		X[o] = make([]int64, Q)
		var acc int64
		for q := 0; q < Q; q++ {
			if s.md.cum {
				acc = int64(math.Round(s.lp.x[o*Q+q]))
			} else {
				acc += int64(math.Round(s.lp.x[o*Q+q]))
			}
			X[o][q] = acc
		}
	}
	return X, s.preferredSites()
}

// newSiteDuals is a zero SiteDual ([site][phase][resource]).
func newSiteDuals(in *Instance) [][][]float64 {
	d := make([][][]float64, len(in.Sites))
	for st := range d {
		d[st] = make([][]float64, in.Phases)
		for q := range d[st] {
			d[st][q] = make([]float64, len(in.Resources))
		}
	}
	return d
}

func (s *search) rootDuals(res *Result) {
	in := s.in
	y := s.lp.duals()
	res.SiteDual = newSiteDuals(in)
	for st := range res.SiteDual {
		for q := range res.SiteDual[st] {
			for r := range res.SiteDual[st][q] {
				if i, ok := s.md.siteRow[[3]int{st, q, r}]; ok {
					res.SiteDual[st][q][r] = math.Max(0, -y[i]*s.md.scale[i]*s.md.cscale)
				}
			}
		}
	}
	res.DemandDual = make([]float64, len(in.Demands))
	for k, i := range s.md.demRow {
		res.DemandDual[k] = math.Max(0, -y[i]*s.md.scale[i]*s.md.cscale)
	}
}

// bindingSiteCuts returns, in the dense model's columns, the site Gomory
// cuts of the decomposition that bind at the last site LP solutions (at most
// limit, in site order).
func (s *search) bindingSiteCuts(limit int) []spRow {
	Q := s.in.Phases
	var out []spRow
	for _, ss := range s.subs {
		if ss == nil {
			continue
		}
		for _, c := range ss.cuts {
			act := 0.0
			for t, col := range c.idx {
				act += c.val[t] * ss.x[ss.cmap[col]]
			}
			if c.rhs-act > 1e-6*(1+math.Abs(c.rhs)) {
				continue
			}
			var r spRow
			coef := map[int]float64{}
			var order []int
			put := func(k int, v float64) {
				if _, ok := coef[k]; !ok {
					order = append(order, k)
				}
				coef[k] += v
			}
			for t, col := range c.idx {
				j := ss.cmap[col]
				o := ss.opts[j/Q]
				k := o*Q + j%Q
				put(k, c.val[t])
				if s.md.cum && j%Q > 0 {
					// d[q] = X[q] - X[q-1]
					put(k-1, -c.val[t])
				}
			}
			for _, k := range order {
				if v := coef[k]; v != 0 {
					r.idx = append(r.idx, k)
					r.val = append(r.val, v)
				}
			}
			r.rhs = c.rhs
			out = append(out, r)
			if len(out) >= limit {
				return out
			}
		}
	}
	return out
}

// SoftMemoryLimit is the Go runtime's soft memory limit
// (runtime/debug.SetMemoryLimit) that programs running the solver set unless
// GOMEMLIMIT sets another. The large route keeps per-site cut rows (up to
// 256 MB) and LPs, and with the default GOGC the heap grows to twice what is
// live: dcplan generate 1000x50x16 with a 20 s time limit peaked at 1,062
// MB resident, 792 MB with this limit (the same gap). The limit is soft: a
// model that needs more still gets it.
const SoftMemoryLimit = 768 << 20

// SetSoftMemoryLimit applies SoftMemoryLimit unless GOMEMLIMIT is set;
// dcplan and solvecmp call it first thing.
func SetSoftMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(SoftMemoryLimit)
	}
}

// smallModel is the number of columns up to which the dense route defers
// the integer site pricing of decompositionBound, when a coupling row
// binds, until the tree has run intAt nodes. Generated 3x6x3 seeds 2, 5
// and 6 (54 columns): 78, 32 and 62 ms with it first, 54-58, 12-17 and
// 26-36 ms without it (one site's own program took 1,820 nodes for a bound
// the root LP then passed). The tree still runs it, so that trees that do
// not end quickly get its bound and site plans. (With it first, the default
// scenario's second stage, 88 columns, happened to reach a plan 1.1e-6
// cheaper within 10 s; deferred to node 1, 200 or 1,000, or left out, it
// does not.) On larger models it stays first: its site plans helped the
// incumbent as often as not (30x20x1 seed 3 and 10x20x4 seed 11 better
// without, 50x30x1 seed 4 and 10x50x16 worse, 10 s each).
const (
	smallModel = 1000
	intAt      = 1000
)

// decompositionBound runs the Lagrangian passes (LP site subproblems, then
// site subproblems tightened by their own Gomory cuts; at most 20, within
// the time limit) until a pass gains less than 1% of the gap (a millionth
// of the bound while there is no plan); it returns a valid lower bound.
// dense: the dense branch and bound follows (see smallModel).
func (s *search) decompositionBound(dense bool) float64 {
	in := s.in
	// Valid bound: every column at its cheapest bound ignoring all rows.
	bound := 0.0
	Q := in.Phases
	for o, op := range in.Options {
		for q := 0; q < Q; q++ {
			if c := op.Cost[q]; c < 0 {
				bound += float64(c) * float64(s.ub[o][q])
			}
		}
	}
	var lb float64
	var mult []float64
	if !dense && len(in.Demands)+len(in.Budgets) > 1 {
		lb, mult = s.columnGeneration(nil)
	} else {
		lb, mult = s.lagrange(nil)
	}
	if lb > bound {
		bound = lb
	}
	// cut rows are dense over a site's columns: cap their memory (~256 MB)
	s.siteCutRounds, s.siteCutMax = 2, 200
	if cols := len(in.Options) * in.Phases; cols > 0 {
		s.siteCutMax = min(200, (256<<20)/(16*cols))
	}
	for pass := 0; pass < 20 && !s.limitHit(); pass++ {
		lb, m := s.lagrange(mult)
		if debugCuts {
			fmt.Printf("pass %d: bound %.1f inc %d\n", pass, lb, s.incObj)
		}
		if m != nil {
			mult = m
		}
		// Without a plan yet there is no gap to measure the gain against:
		// a millionth of the bound. (The gap rule alone ran all 20 passes
		// then; on 167 dumped ROFR stages, each run both ways in turn, this
		// rule took 0.92 of the time, geometric mean, the same stages
		// proved and one more; 3x10x4 seed 61's second stage 0.26 s to
		// 0.04 s.)
		gain := 0.01 * (float64(s.incObj) - bound)
		if !s.hasInc {
			gain = 1e-6 * math.Max(1, math.Abs(bound))
		}
		if lb <= bound+gain {
			bound = math.Max(bound, lb)
			break
		}
		bound = lb
	}
	if mult != nil && !s.limitHit() {
		// integer site subproblems (their effort is bounded: see
		// integerBound); a small model's tree is often done before they
		// pay off when a coupling row binds: the tree runs them if it is
		// not (see intAt)
		binds := false
		for _, v := range mult {
			binds = binds || v > 0
		}
		if binds && dense && len(s.in.Options)*s.in.Phases <= smallModel {
			s.intMult = mult
			return bound
		}
		ib := s.integerBound(mult)
		// the ascent, when every site was priced (see ascentEffort)
		if !dense && s.lagComplete {
			ib = s.integerAscent(ib)
		}
		if debugCuts {
			fmt.Printf("integer sites: bound %.1f (LP passes %.1f) inc %d at %v\n", ib, bound, s.incObj, time.Now().Format("05.000"))
		}
		bound = math.Max(bound, ib)
	}
	return bound
}

// estimateDense bounds the dense tableau size before building the model.
func estimateDense(in *Instance) int {
	n := len(in.Options)*in.Phases + len(in.Clusters)*len(in.Sites)
	m := len(in.Demands) + len(in.Budgets) + len(in.Clusters) + len(in.Sites)*in.Phases*len(in.Classes)
	rows := 0
	for _, st := range in.Sites {
		for _, caps := range st.Cap {
			for _, c := range caps {
				if c >= 0 {
					rows++
				}
			}
		}
	}
	for _, op := range in.Options {
		if op.Max > 0 {
			rows++
		}
	}
	// site rows are often redundant; count a quarter of them
	m += rows / 4
	return m * (n + m)
}

// finishNoLP reports the heuristic plan with a trivial valid bound when the
// model is too large for the dense LP.
func (s *search) finishNoLP(res *Result) *Result {
	in := s.in
	bound := s.decompositionBound(false)
	// improve the plan with the time that is left
	if s.hasInc && !s.limitHit() {
		// rounds of windows of each size (one-phase models: windows of 4
		// sites first, then of 8 once a sweep of 4 finds nothing; see
		// lnsWindowSizes) while a round improves the plan
		for !s.limitHit() {
			before := s.incObj
			for _, k := range lnsWindowSizes(in) {
				s.lns(k, 2, false)
			}
			if s.incObj >= before {
				break
			}
		}
	}
	if !s.hasInc {
		res.Status = NoSolution
		res.Bound = bound
		return res
	}
	if debugCuts {
		for i, d := range in.Demands {
			var cov int64
			for o, op := range in.Options {
				cov += op.Contrib[d.Class] * s.inc[o][d.Phase]
			}
			fmt.Printf("demand %d class %d phase %d: min %d cover %d over %d\n", i, d.Class, d.Phase, d.Min, cov, cov-d.Min)
		}
	}
	inc := float64(s.incObj)
	res.X = s.inc
	res.ClusterSite = s.incSite
	res.Objective = s.incObj
	s.largeDuals(res)
	closed := s.pruneable(math.Min(bound, inc)) // as the tree's test
	res.Bound = s.latticeBound(math.Min(bound, inc), inc)
	res.Gap = (inc - res.Bound) / s.gapRef(inc)
	res.Status = Feasible
	if closed {
		res.Status = Optimal
	}
	return res
}

// lnsWindowSizes are the window sizes (sites) of the large route's
// neighbourhood search, in turn. solver.Generate 1000x50x1, one thread,
// 20 s: seed 1 gap 8.5e-5 with windows of 8, 4.6e-5 with windows of 4;
// seed 3 1.46e-5 and 8.0e-6; seed 2 1.25e-7 and 1.44e-7, where the search
// with windows of 4 ended after 5.9 s (hence the 8 after it; with both,
// 5.6e-5, 5.4e-8 and 7.8e-6 on seeds 1-3). Most windows of either size
// stopped unproved at their budget, then 300 ms (seed 1: 63 of 71 windows
// of 4, all 51 of 8; now an effort budget of about that, see lnsEffort).
// Multi-phase models keep windows of 8 (dcplan generate 100x50x16:
// 9.7e-4 with 8, 1.1e-3 with 4). Since the integer ascent (integerAscent)
// the searches of seeds 2 and 3 end after 11-13 s with windows of 4 and 8
// (gaps 2.2e-7 and 2.9e-7); windows of 16 after them use the rest: 9.6e-8
// and 2.7e-7 (seed 1 has no time left for them: 5.7e-7 either way).
func lnsWindowSizes(in *Instance) []int {
	if in.Phases == 1 {
		return []int{4, 8, 16}
	}
	return []int{8}
}

// quickCheck is the solver's own int64 feasibility test of a plan, with the
// cluster assignment given.
func quickCheck(in *Instance, ub [][]int64, X [][]int64, assign []int) error {
	Q, R := in.Phases, len(in.Resources)
	load := make([]int64, len(in.Sites)*Q*R)
	cover := make([]int64, len(in.Classes)*Q)
	siteCover := make([]int64, len(in.Sites)*len(in.Classes)*Q)
	spent := make([]int64, Q)
	C := len(in.Classes)
	for o, op := range in.Options {
		prev := int64(0)
		for q := 0; q < Q; q++ {
			v := X[o][q]
			if v < prev || v > ub[o][q] {
				return fmt.Errorf("option %d phase %d out of bounds", o, q)
			}
			for r, u := range op.Use {
				load[(op.Site*Q+q)*R+r] += u * v
			}
			for k, c := range op.Contrib {
				cover[k*Q+q] += c * v
				siteCover[(op.Site*C+k)*Q+q] += c * v
			}
			if op.Capex != nil {
				spent[q] += op.Capex[q] * (v - prev)
			}
			prev = v
		}
	}
	for s, st := range in.Sites {
		for q := 0; q < Q; q++ {
			for r, c := range st.Cap[q] {
				if c >= 0 && load[(s*Q+q)*R+r] > c {
					return fmt.Errorf("site row %d/%d/%d", s, q, r)
				}
			}
		}
	}
	for i, d := range in.Demands {
		if cover[d.Class*Q+d.Phase] < d.Min {
			return fmt.Errorf("demand %d", i)
		}
	}
	for i, b := range in.Budgets {
		if spent[b.Phase] > b.Max {
			return fmt.Errorf("budget %d", i)
		}
	}
	if len(in.Clusters) > 0 {
		if len(assign) != len(in.Clusters) {
			return fmt.Errorf("no cluster assignment")
		}
		for c, cl := range in.Clusters {
			s := assign[c]
			if s < 0 {
				return fmt.Errorf("cluster %d unassigned", c)
			}
			for q := cl.Phase; q < Q; q++ {
				siteCover[(s*C+cl.Class)*Q+q] -= cl.Size
			}
		}
		for _, v := range siteCover {
			if v < 0 {
				return fmt.Errorf("cluster rows")
			}
		}
	}
	return nil
}
