package solver

import (
	"sort"
)

// plan is a mutable integer plan with incrementally maintained row
// activities; it is the workhorse of the primal heuristics.
type plan struct {
	in     *Instance
	ub     [][]int64
	X      [][]int64
	load   [][][]int64 // [site][phase][resource]
	cover  [][]int64   // [class][phase]
	spent  []int64     // [budget]
	budOf  [][]int     // [phase] budget rows
	bySite [][]int
	assign []int     // [cluster] site or -1
	need   [][]int64 // [class][phase] the largest demand row on it
	xwork  int       // exchange candidates evaluated since the last repair began
}

func newPlan(in *Instance, ub [][]int64, bySite [][]int) *plan {
	Q, R, C := in.Phases, len(in.Resources), len(in.Classes)
	p := &plan{in: in, ub: ub, bySite: bySite}
	p.X = make([][]int64, len(in.Options))
	for o := range p.X {
		p.X[o] = make([]int64, Q)
	}
	p.load = make([][][]int64, len(in.Sites))
	for s := range p.load {
		p.load[s] = make([][]int64, Q)
		for q := range p.load[s] {
			p.load[s][q] = make([]int64, R)
		}
	}
	p.cover = make([][]int64, C)
	for k := range p.cover {
		p.cover[k] = make([]int64, Q)
	}
	p.spent = make([]int64, len(in.Budgets))
	p.budOf = make([][]int, Q)
	for i, b := range in.Budgets {
		p.budOf[b.Phase] = append(p.budOf[b.Phase], i)
	}
	p.assign = make([]int, len(in.Clusters))
	for i := range p.assign {
		p.assign[i] = -1
	}
	p.need = make([][]int64, C)
	for k := range p.need {
		p.need[k] = make([]int64, Q)
	}
	for _, d := range in.Demands {
		p.need[d.Class][d.Phase] = max(p.need[d.Class][d.Phase], d.Min)
	}
	return p
}

// setX replaces the plan (monotone, within site rows) and recomputes activities.
func (p *plan) setX(X [][]int64) {
	in := p.in
	for s := range p.load {
		for q := range p.load[s] {
			clear(p.load[s][q])
		}
	}
	for k := range p.cover {
		clear(p.cover[k])
	}
	clear(p.spent)
	for o, op := range in.Options {
		copy(p.X[o], X[o])
		prev := int64(0)
		for q := 0; q < in.Phases; q++ {
			v := p.X[o][q]
			if v != 0 {
				l := p.load[op.Site][q]
				for r, u := range op.Use {
					l[r] += u * v
				}
				for k, c := range op.Contrib {
					p.cover[k][q] += c * v
				}
			}
			if v != prev {
				for _, b := range p.budOf[q] {
					p.spent[b] += op.Capex[q] * (v - prev)
				}
			}
			prev = v
		}
	}
}

// maxRaise returns the largest k (<= want) such that raising X[o][q] by k
// (and later phases up to that level) keeps site rows, Max and budgets.
func (p *plan) maxRaise(o, q int, want int64) int64 {
	in := p.in
	op := &in.Options[o]
	x := p.X[o]
	k := want
	if lim := p.ub[o][q] - x[q]; lim < k {
		k = lim
	}
	for _, b := range p.budOf[q] {
		if c := op.Capex[q]; c > 0 {
			if lim := (in.Budgets[b].Max - p.spent[b]) / c; lim < k {
				k = lim
			}
		}
	}
	if k <= 0 {
		return 0
	}
	caps := in.Sites[op.Site].Cap
	for t := q; t < in.Phases; t++ {
		if x[t] >= x[q]+k {
			break
		}
		room := MaxAdd(p.load[op.Site][t], op.Use, caps[t], k+x[q]-x[t])
		if lim := x[t] + room - x[q]; lim < k {
			k = lim
		}
		if k <= 0 {
			return 0
		}
	}
	return k
}

// raise raises X[o][q] by k (and later phases to at least that level).
func (p *plan) raise(o, q int, k int64) {
	in := p.in
	op := &in.Options[o]
	x := p.X[o]
	level := x[q] + k
	Q := in.Phases
	hasBud := len(in.Budgets) > 0
	prev := func(t int) int64 {
		if t == 0 {
			return 0
		}
		return x[t-1]
	}
	tEnd := q
	for tEnd+1 < Q && x[tEnd+1] < level {
		tEnd++
	}
	if hasBud {
		// remove the old increments of phases q..tEnd+1 from the budgets
		for t := q; t <= tEnd+1 && t < Q; t++ {
			for _, b := range p.budOf[t] {
				p.spent[b] -= op.Capex[t] * (x[t] - prev(t))
			}
		}
	}
	for t := q; t <= tEnd; t++ {
		dlt := level - x[t]
		l := p.load[op.Site][t]
		for r, u := range op.Use {
			l[r] += u * dlt
		}
		for c, v := range op.Contrib {
			p.cover[c][t] += v * dlt
		}
		x[t] = level
	}
	if hasBud {
		for t := q; t <= tEnd+1 && t < Q; t++ {
			for _, b := range p.budOf[t] {
				p.spent[b] += op.Capex[t] * (x[t] - prev(t))
			}
		}
	}
}

func (p *plan) recomputeBudgets() {
	in := p.in
	clear(p.spent)
	for o, op := range in.Options {
		prev := int64(0)
		for q := 0; q < in.Phases; q++ {
			v := p.X[o][q]
			if v != prev {
				for _, b := range p.budOf[q] {
					p.spent[b] += op.Capex[q] * (v - prev)
				}
			}
			prev = v
		}
	}
}

// marginalCost is the objective change of installing one more rack of o at
// phase q (it replaces a rack first installed at the next phase where X grows).
func (p *plan) marginalCost(o, q int) int64 {
	op := &p.in.Options[o]
	x := p.X[o]
	for t := q + 1; t < p.in.Phases; t++ {
		if x[t] > x[q] {
			return op.Cost[q] - op.Cost[t]
		}
	}
	return op.Cost[q]
}

// coverClass adds racks at phase q (only at site `site` if >= 0) until the
// cover of class k at phase q reaches need; it returns the remaining deficit.
func (p *plan) coverClass(k, q int, need int64, site int) int64 {
	in := p.in
	def := need - p.cover[k][q]
	if def <= 0 {
		return 0
	}
	var cand []int
	if site >= 0 {
		cand = p.bySite[site]
	} else {
		cand = make([]int, 0, len(in.Options))
		for o := range in.Options {
			cand = append(cand, o)
		}
	}
	type cv struct {
		o     int
		ratio float64
	}
	list := make([]cv, 0, len(cand))
	for _, o := range cand {
		c := in.Options[o].Contrib[k]
		if c <= 0 || p.X[o][q] >= p.ub[o][q] {
			continue
		}
		list = append(list, cv{o, float64(p.marginalCost(o, q)) / float64(c)})
	}
	sort.Slice(list, func(a, b int) bool {
		if list[a].ratio != list[b].ratio {
			return list[a].ratio < list[b].ratio
		}
		return list[a].o < list[b].o
	})
	// real racks first, then exchanges at full sites, shortfall columns last
	for pass := 0; pass < 2; pass++ {
		for _, e := range list {
			if in.Options[e.o].Penalty != (pass == 1) {
				continue
			}
			c := in.Options[e.o].Contrib[k]
			want := (def + c - 1) / c
			n := p.maxRaise(e.o, q, want)
			if n > 0 {
				p.raise(e.o, q, n)
				def -= n * c
				if def <= 0 {
					return 0
				}
			}
		}
		for pass == 0 && def > 0 && p.exchange(k, q, def, site) {
			def = need - p.cover[k][q]
		}
	}
	return max(0, def)
}

// addFrom adds k racks of option o installed at phase t0 (k < 0 removes
// racks installed then): X[o][t] += k for every t >= t0, with the site
// load, class cover and budget spending at t0.
func (p *plan) addFrom(o, t0 int, k int64) {
	op := &p.in.Options[o]
	for t := t0; t < p.in.Phases; t++ {
		p.addAt(o, t, k)
	}
	for _, b := range p.budOf[t0] {
		p.spent[b] += k * op.Capex[t0]
	}
}

// maxAddFrom is the most racks (<= want) of option o that addFrom(o, t0, .)
// can add within the site rows, bounds and budgets.
func (p *plan) maxAddFrom(o, t0 int, want int64) int64 {
	in := p.in
	op := &in.Options[o]
	n := want
	for _, b := range p.budOf[t0] {
		if c := op.Capex[t0]; c > 0 {
			n = min(n, (in.Budgets[b].Max-p.spent[b])/c)
		}
	}
	caps := in.Sites[op.Site].Cap
	for t := t0; t < in.Phases && n > 0; t++ {
		n = min(n, p.ub[o][t]-p.X[o][t], MaxAdd(p.load[op.Site][t], op.Use, caps[t], n))
	}
	return max(0, n)
}

// exchangeWork bounds the candidate moves one exchange step evaluates, and
// exchangeTotal those of one repair: on a generated 1000-site, 50-option,
// 16-phase scenario whose sites are all full, the exchanges of one repair
// ran for more than 20 s before this bound (the whole time limit, so that
// the plan had a proven gap of 9%); beyond it the repair falls back to the
// shortfall columns (or fails).
const (
	exchangeWork  = 400_000
	exchangeTotal = 4_000_000
)

// exchange raises the cover of class k at phase q when no rack can be added
// any more (the sites are full in some row): at one site it replaces m racks
// of an option a installed at a phase t0 <= q by n racks of an option b
// that covers more per unit of that row, choosing the move with the least
// cost per unit gained, and keeping the demand of phases t0..q-1 met. It
// reports whether it made a move. site >= 0 restricts it to that site.
func (p *plan) exchange(k, q int, def int64, site int) bool {
	in := p.in
	type move struct {
		a, b, t0 int
		m, n     int64
		ratio    float64
	}
	best := move{a: -1}
	if p.xwork > exchangeTotal {
		return false
	}
	work := 0
sites:
	for st := range in.Sites {
		if site >= 0 && st != site {
			continue
		}
		opts := p.bySite[st]
		for _, a := range opts {
			xa := p.X[a]
			ca := in.Options[a].Contrib[k]
			for t0 := 0; t0 <= q; t0++ {
				avail := xa[t0]
				if t0 > 0 {
					avail -= xa[t0-1]
				}
				if avail <= 0 {
					continue
				}
				for m := int64(1); m <= min(avail, 4); m++ {
					if work > exchangeWork {
						break sites
					}
					p.addFrom(a, t0, -m)
					for _, b := range opts {
						cb := in.Options[b].Contrib[k]
						if b == a || cb <= 0 {
							continue
						}
						work++
						want := (def + m*ca + cb - 1) / cb
						n := p.maxAddFrom(b, t0, want)
						gain := n*cb - m*ca
						if gain <= 0 || !p.exchangeKeeps(a, b, t0, q, m, n) {
							continue
						}
						dc := float64(n*in.Options[b].Cost[t0] - m*in.Options[a].Cost[t0])
						r := dc / float64(min(gain, def))
						if best.a < 0 || r < best.ratio {
							best = move{a, b, t0, m, n, r}
						}
					}
					p.addFrom(a, t0, m)
				}
			}
		}
	}
	p.xwork += work
	if best.a < 0 {
		return false
	}
	// repeat the best move while it fits and the deficit lasts
	ca, cb := in.Options[best.a].Contrib[k], in.Options[best.b].Contrib[k]
	for def > 0 {
		p.addFrom(best.a, best.t0, -best.m)
		p.addFrom(best.b, best.t0, best.n)
		def -= best.n*cb - best.m*ca
		xa := p.X[best.a]
		avail := xa[best.t0]
		if best.t0 > 0 {
			avail -= xa[best.t0-1]
		}
		if def <= 0 || avail < best.m {
			break
		}
		p.addFrom(best.a, best.t0, -best.m)
		ok := p.maxAddFrom(best.b, best.t0, best.n) == best.n && p.exchangeKeeps(best.a, best.b, best.t0, q, best.m, best.n)
		p.addFrom(best.a, best.t0, best.m)
		if !ok {
			break
		}
	}
	return true
}

// exchangeKeeps reports whether replacing m racks of a by n racks of b from
// phase t0 keeps every class's demand at phases t0..q-1 (the phases the
// repair has already met) and the phases' cover of class k from falling.
func (p *plan) exchangeKeeps(a, b, t0, q int, m, n int64) bool {
	in := p.in
	for c := range in.Classes {
		d := n*in.Options[b].Contrib[c] - m*in.Options[a].Contrib[c]
		if d >= 0 {
			continue
		}
		// p.cover already has the m racks of a removed
		for t := t0; t < q; t++ {
			if p.cover[c][t]+n*in.Options[b].Contrib[c] < p.need[c][t] {
				return false
			}
		}
	}
	return true
}

// repair makes the plan feasible for clusters and demand rows by adding
// racks greedily; it reports success. prefer[c] is a preferred site (or -1).
func (p *plan) repair(prefer []int) bool {
	in := p.in
	p.xwork = 0
	if len(in.Clusters) > 0 && !p.repairClusters(prefer) {
		return false
	}
	order := make([]int, len(in.Demands))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return in.Demands[order[a]].Phase < in.Demands[order[b]].Phase })
	for _, i := range order {
		d := in.Demands[i]
		if p.coverClass(d.Class, d.Phase, d.Min, -1) > 0 {
			return false
		}
	}
	return true
}

func (p *plan) repairClusters(prefer []int) bool {
	in := p.in
	Q := in.Phases
	// need[s][k][q]: cluster demand assigned so far
	need := make([][][]int64, len(in.Sites))
	for s := range need {
		need[s] = make([][]int64, len(in.Classes))
		for k := range need[s] {
			need[s][k] = make([]int64, Q)
		}
	}
	order := make([]int, len(in.Clusters))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		ca, cb := in.Clusters[order[a]], in.Clusters[order[b]]
		if ca.Size != cb.Size {
			return ca.Size > cb.Size
		}
		return ca.Phase < cb.Phase
	})
	siteCover := func(s, k, q int) int64 {
		var v int64
		for _, o := range p.bySite[s] {
			v += in.Options[o].Contrib[k] * p.X[o][q]
		}
		return v
	}
	for _, c := range order {
		cl := in.Clusters[c]
		// candidate sites: preferred first, then by current surplus
		type sv struct {
			s   int
			sur int64
		}
		var cands []sv
		for s := range in.Sites {
			cands = append(cands, sv{s, siteCover(s, cl.Class, cl.Phase) - need[s][cl.Class][cl.Phase]})
		}
		sort.SliceStable(cands, func(a, b int) bool {
			pa := prefer != nil && cands[a].s == prefer[c]
			pb := prefer != nil && cands[b].s == prefer[c]
			if pa != pb {
				return pa
			}
			return cands[a].sur > cands[b].sur
		})
		done := false
		for i, cs := range cands {
			if i >= 8 {
				break
			}
			s := cs.s
			// snapshot this site's options
			snap := make([][]int64, len(p.bySite[s]))
			for j, o := range p.bySite[s] {
				snap[j] = append([]int64(nil), p.X[o]...)
			}
			ok := true
			for q := cl.Phase; q < Q && ok; q++ {
				// cover = siteCover(s,k,q) must reach need + size
				target := need[s][cl.Class][q] + cl.Size
				def := target - siteCover(s, cl.Class, q)
				if def > 0 {
					ok = p.coverSite(s, cl.Class, q, def) <= 0
				}
			}
			if ok {
				for q := cl.Phase; q < Q; q++ {
					need[s][cl.Class][q] += cl.Size
				}
				p.assign[c] = s
				done = true
				break
			}
			// restore
			X := make([][]int64, len(in.Options))
			copy(X, p.X)
			for j, o := range p.bySite[s] {
				X[o] = snap[j]
			}
			cp := make([][]int64, len(in.Options))
			for o := range cp {
				cp[o] = append([]int64(nil), X[o]...)
			}
			p.setX(cp)
		}
		if !done {
			return false
		}
	}
	return true
}

// coverSite adds racks at site s, phase q to raise class k by def; returns remaining deficit.
func (p *plan) coverSite(s, k, q int, def int64) int64 {
	need := p.cover[k][q] + def
	return p.coverClass(k, q, need, s)
}

// improve lowers racks that no row needs: it tries, for every option and
// phase from the last, to reduce X[o][q] while keeping demand, clusters and
// monotonicity, when that lowers the objective.
func (p *plan) improve() {
	in := p.in
	Q := in.Phases
	minCover := p.need
	if len(in.Clusters) > 0 {
		return // cluster rows are checked per site; keep it simple
	}
	for o := range in.Options {
		op := &in.Options[o]
		x := p.X[o]
		for q := 0; q < Q; q++ {
			for x[q] > 0 && (q == 0 || x[q] > x[q-1]) {
				// lowering X[o][q] by 1 moves one install to phase q+1
				save := op.Cost[q]
				if q+1 < Q {
					save -= op.Cost[q+1]
				}
				if save <= 0 {
					break
				}
				ok := true
				for k, c := range op.Contrib {
					if c > 0 && p.cover[k][q]-c < minCover[k][q] {
						ok = false
						break
					}
				}
				if ok && q+1 < Q {
					for _, b := range p.budOf[q+1] {
						if p.spent[b]+op.Capex[q+1] > in.Budgets[b].Max {
							ok = false
						}
					}
				}
				if !ok {
					break
				}
				p.shift(o, q, -1)
			}
		}
	}
}

// shift changes by d the racks of option o first installed at phase q
// (X[o][q] only: with d = -1 the rack's install moves to phase q+1), with
// the site load and class cover at q and the phases' budget spending.
func (p *plan) shift(o, q int, d int64) {
	op := &p.in.Options[o]
	p.addAt(o, q, d)
	for _, b := range p.budOf[q] {
		p.spent[b] += d * op.Capex[q]
	}
	if q+1 < p.in.Phases {
		for _, b := range p.budOf[q+1] {
			p.spent[b] -= d * op.Capex[q+1]
		}
	}
}

// addAt changes X[o][t] by k with the site load and class cover at t (not
// the budgets: callers know which increments change).
func (p *plan) addAt(o, t int, k int64) {
	op := &p.in.Options[o]
	p.X[o][t] += k
	l := p.load[op.Site][t]
	for r, u := range op.Use {
		l[r] += k * u
	}
	for c, v := range op.Contrib {
		p.cover[c][t] += k * v
	}
}

func (p *plan) objective() int64 { return ObjectiveOf(p.in, p.X) }

func (p *plan) clone() [][]int64 {
	X := make([][]int64, len(p.X))
	for o := range X {
		X[o] = append([]int64(nil), p.X[o]...)
	}
	return X
}

// swap is a local search: remove one rack of option a first installed at
// phase q, cover the resulting deficit with one rack of a cheaper option b,
// keep the change when it lowers the objective. Plans with clusters are left
// alone. maxMoves bounds the work.
func (p *plan) swap(maxMoves int) {
	in := p.in
	if len(in.Clusters) > 0 {
		return
	}
	Q := in.Phases
	minCover := p.need
	type cv struct {
		o int
		c int64
	}
	moves := 0
	for q := 0; q < Q; q++ {
		// candidates sorted by the marginal cost of one more rack at q
		cands := make([]cv, 0, len(in.Options))
		for o := range in.Options {
			if p.X[o][q] < p.ub[o][q] {
				cands = append(cands, cv{o, p.marginalCost(o, q)})
			}
		}
		sort.Slice(cands, func(a, b int) bool {
			if cands[a].c != cands[b].c {
				return cands[a].c < cands[b].c
			}
			return cands[a].o < cands[b].o
		})
		for a := range in.Options {
			opA := &in.Options[a]
			x := p.X[a]
			for x[q] > 0 && (q == 0 || x[q] > x[q-1]) {
				if moves >= maxMoves {
					return
				}
				moves++
				save := opA.Cost[q]
				if q+1 < Q {
					save -= opA.Cost[q+1]
				}
				// budget at q+1 grows when the rack moves out of phase q
				if q+1 < Q {
					bad := false
					for _, b := range p.budOf[q+1] {
						if p.spent[b]+opA.Capex[q+1] > in.Budgets[b].Max {
							bad = true
						}
					}
					if bad {
						break
					}
				}
				// remove
				p.shift(a, q, -1)
				found := -1
				for i, cd := range cands {
					if cd.c >= save || i > 256 {
						break
					}
					b := cd.o
					if b == a {
						continue
					}
					opB := &in.Options[b]
					ok := true
					for k := range in.Classes {
						if p.cover[k][q]+opB.Contrib[k] < minCover[k][q] {
							ok = false
							break
						}
					}
					if !ok || p.marginalCost(b, q) >= save {
						continue
					}
					if p.maxRaise(b, q, 1) == 1 {
						found = b
						break
					}
				}
				if found >= 0 {
					p.raise(found, q, 1)
					continue
				}
				// undo the removal
				p.shift(a, q, 1)
				break
			}
		}
	}
}
