package solver

import (
	"math"
)

// lpModel is the LP relaxation of the MILP in increment variables
// d[o][q] = X[o][q] - X[o][q-1] >= 0 (column o*Q+q) and cluster binaries
// y[c][s] (column nd + c*S + s). All rows are stored as <= rows, scaled so
// that their largest coefficient is 1.
type lpModel struct {
	in      *Instance
	ub      [][]int64
	nd, ny  int
	colIdx  [][]int32
	colVal  [][]float64
	b       []float64
	eq      []bool
	scale   []float64 // row i (scaled) = scale[i] * (original row, as <=)
	sunit   []float64 // > 0: row i's slack is an integer multiple of sunit[i]
	lo, up  []float64
	cost    []float64 // scaled objective
	cscale  float64   // original objective = cscale * scaled
	siteRow map[[3]int]int
	demRow  []int // demand -> row or -1 (trivial)
	// demDiv: per demand, the racks' common divisor g of its rounded twin
	// row (the 'r' row right after the demand row), or 0 when there is none
	demDiv []int64
	budRow []int // budget -> row
	kind   []byte
	m      int
	// cum: columns are the cumulative counts X[o][q] themselves, with rows
	// X[o][q-1] - X[o][q] <= 0; else increments d[o][q] (see doc.go).
	cum bool
}

func buildModel(in *Instance, ub [][]int64) *lpModel {
	return buildModelAs(in, ub, useCumulative(in, ub))
}

// useCumulative decides the formulation: cumulative columns branch on what
// the plan counts (a branch X[o][q] <= k bounds every later phase too, where
// a branch on one increment leaves the others free, which made the tree of
// multi-phase instances explode), at the price of a monotonicity row per
// column after the first phase. Cumulative when there is more than one phase
// and those rows keep the dense tableau within a quarter of maxDense.
func useCumulative(in *Instance, ub [][]int64) bool {
	Q := in.Phases
	if Q < 2 {
		return false
	}
	extra := 0
	for o := range in.Options {
		for q := 1; q < Q; q++ {
			if ub[o][q-1] > 0 {
				extra++
			}
		}
	}
	rows := extra + len(in.Sites)*Q*len(in.Resources) + len(in.Demands) + len(in.Budgets) + len(in.Clusters)*(1+len(in.Sites)*Q)
	cols := len(in.Options)*Q + len(in.Clusters)*len(in.Sites)
	return float64(rows)*float64(cols+rows) <= float64(maxDense)/4
}

func buildModelAs(in *Instance, ub [][]int64, cum bool) *lpModel {
	Q, S := in.Phases, len(in.Sites)
	nO := len(in.Options)
	md := &lpModel{in: in, ub: ub, nd: nO * Q, ny: len(in.Clusters) * S, siteRow: map[[3]int]int{}, cum: cum}
	n := md.nd + md.ny
	md.colIdx = make([][]int32, n)
	md.colVal = make([][]float64, n)
	md.lo = make([]float64, n)
	md.up = make([]float64, n)
	md.cost = make([]float64, n)
	for o, op := range in.Options {
		for q := 0; q < Q; q++ {
			j := o*Q + q
			md.up[j] = float64(ub[o][q])
			md.cost[j] = float64(op.Cost[q])
			if cum && q+1 < Q {
				// sum_q Cost[q] (X[q] - X[q-1]) = sum_q (Cost[q] - Cost[q+1]) X[q]
				md.cost[j] -= float64(op.Cost[q+1])
			}
		}
	}
	for j := md.nd; j < n; j++ {
		md.up[j] = 1
	}
	bySite := make([][]int, S)
	for o, op := range in.Options {
		bySite[op.Site] = append(bySite[op.Site], o)
	}
	type entry struct {
		j int
		v float64
	}
	// at returns the entries of v * X[o][q]: one column (cumulative) or the
	// increments up to q.
	at := func(es []entry, o, q int, v float64) []entry {
		if cum {
			return append(es, entry{o*Q + q, v})
		}
		for t := 0; t <= q; t++ {
			es = append(es, entry{o*Q + t, v})
		}
		return es
	}
	var rows [][]entry
	addRow := func(es []entry, rhs float64, eq bool, kind byte) int {
		// merge duplicates (same column) and scale
		acc := map[int]float64{}
		var order []int
		for _, e := range es {
			if _, ok := acc[e.j]; !ok {
				order = append(order, e.j)
			}
			acc[e.j] += e.v
		}
		mx := 0.0
		var out []entry
		for _, j := range order {
			if v := acc[j]; v != 0 {
				out = append(out, entry{j, v})
				mx = math.Max(mx, math.Abs(v))
			}
		}
		// Every column is integer: when the coefficients (of the columns not
		// fixed at zero) share a divisor g > 1, divide the row by it and
		// round the right-hand side down (sum (a/g) x is an integer). For a
		// demand row of racks of 8, 32 and 72 GPUs this rounds the demand up
		// to a multiple of 8, which the LP could otherwise meet exactly.
		g := int64(0)
		for _, e := range out {
			if md.up[e.j] == 0 {
				continue
			}
			v := math.Abs(e.v)
			if v != math.Trunc(v) || v > 1<<53 {
				g = 0
				break
			}
			g = gcd(g, int64(v))
		}
		div := 1.0
		if g > 1 && rhs == math.Trunc(rhs) && math.Abs(rhs) < 1<<53 && (!eq || int64(rhs)%g == 0) {
			div = float64(g)
			rhs = math.Floor(rhs / div)
			mx /= div
			for i := range out {
				out[i].v /= div
			}
		}
		f := 1.0
		if mx > 0 {
			f = 1 / mx
		}
		unit := f // integer coefficients and right-hand side: so is the slack
		if rhs != math.Trunc(rhs) {
			unit = 0
		}
		for _, e := range out {
			if e.v != math.Trunc(e.v) || math.Abs(e.v) > 1<<53 {
				unit = 0
			}
		}
		for i := range out {
			out[i].v *= f
		}
		rows = append(rows, out)
		md.b = append(md.b, rhs*f)
		md.eq = append(md.eq, eq)
		md.scale = append(md.scale, f/div)
		md.sunit = append(md.sunit, unit)
		md.kind = append(md.kind, kind)
		return len(rows) - 1
	}
	// Site rows (skip redundant ones).
	for s, st := range in.Sites {
		for q := 0; q < Q; q++ {
			for r := range in.Resources {
				cp := st.Cap[q][r]
				if cp < 0 {
					continue
				}
				maxAct := 0.0
				for _, o := range bySite[s] {
					maxAct += float64(in.Options[o].Use[r]) * maxCount(ub[o], q, cum)
				}
				if maxAct <= float64(cp) || impliedLater(st.Cap, q, r) {
					continue
				}
				var es []entry
				for _, o := range bySite[s] {
					u := in.Options[o].Use[r]
					if u == 0 {
						continue
					}
					es = at(es, o, q, float64(u))
				}
				md.siteRow[[3]int{s, q, r}] = addRow(es, float64(cp), false, 's')
			}
		}
	}
	// Max rows: X[o][Q-1] <= ub[o][Q-1] when Max is what bounds the option
	// (a column bound when cumulative).
	for o, op := range in.Options {
		if op.Max > 0 && ub[o][Q-1] == op.Max && Q > 1 && !cum {
			var es []entry
			for t := 0; t < Q; t++ {
				es = append(es, entry{o*Q + t, 1})
			}
			addRow(es, float64(op.Max), false, 'm')
		}
	}
	md.demRow = make([]int, len(in.Demands))
	md.demDiv = make([]int64, len(in.Demands))
	for i, d := range in.Demands {
		var es []entry
		for o, op := range in.Options {
			c := op.Contrib[d.Class]
			if c == 0 {
				continue
			}
			es = at(es, o, d.Phase, -float64(c))
		}
		md.demRow[i] = addRow(es, -float64(d.Min), false, 'd')
		// With shortfall (Penalty) columns in the row, addRow's divisor is 1.
		// If the racks' contributions share a divisor g, then with R their
		// cover / g and s the (integer) units short, g R + s >= Min gives
		// R + ceil(s/g) >= ceil(Min/g), and s >= ceil(s/g): so
		// R + s >= ceil(Min/g) is valid for every plan, and stronger than the
		// row itself when Min is not a multiple of g (the LP could meet Min
		// exactly with fractions of racks).
		// (A shortfall column in units of g needs no companion: addRow
		// divides the row itself.)
		g := int64(0)
		for o, op := range in.Options {
			if c := op.Contrib[d.Class]; c != 0 && ub[o][d.Phase] != 0 && !op.Penalty {
				g = gcd(g, c)
			}
		}
		pen := false
		for o, op := range in.Options {
			if c := op.Contrib[d.Class]; c != 0 && ub[o][d.Phase] != 0 && op.Penalty && (g == 0 || c%g != 0) {
				pen = true
			}
		}
		if pen && g > 1 && d.Min%g != 0 {
			var rs []entry
			for o, op := range in.Options {
				c := op.Contrib[d.Class]
				if c == 0 {
					continue
				}
				v := float64(c / g)
				if op.Penalty {
					v = float64(c)
				}
				rs = at(rs, o, d.Phase, -v)
			}
			addRow(rs, -float64((d.Min+g-1)/g), false, 'r')
			md.demDiv[i] = g
		}
	}
	for _, b := range in.Budgets {
		var es []entry
		for o, op := range in.Options {
			if c := op.Capex[b.Phase]; c != 0 {
				es = append(es, entry{o*Q + b.Phase, float64(c)})
				if cum && b.Phase > 0 {
					es = append(es, entry{o*Q + b.Phase - 1, -float64(c)})
				}
			}
		}
		md.budRow = append(md.budRow, addRow(es, float64(b.Max), false, 'b'))
	}
	if len(in.Clusters) > 0 {
		for c := range in.Clusters {
			var es []entry
			for s := 0; s < S; s++ {
				es = append(es, entry{md.nd + c*S + s, 1})
			}
			addRow(es, 1, true, 'k')
		}
		cr := newClusterRows(in)
		for _, key := range cr.keys {
			var es []entry
			for _, o := range bySite[key.s] {
				c := in.Options[o].Contrib[key.k]
				if c == 0 {
					continue
				}
				es = at(es, o, key.q, -float64(c))
			}
			any := false
			for c, cl := range in.Clusters {
				if cl.Class == key.k && cl.Phase <= key.q {
					es = append(es, entry{md.nd + c*S + key.s, float64(cl.Size)})
					any = true
				}
			}
			if any {
				addRow(es, 0, false, 'g')
			}
		}
	}
	if cum {
		// monotonicity: X[o][q-1] - X[o][q] <= 0
		for o := range in.Options {
			for q := 1; q < Q; q++ {
				if ub[o][q-1] > 0 {
					addRow([]entry{{o*Q + q - 1, 1}, {o*Q + q, -1}}, 0, false, 'o')
				}
			}
		}
	}
	md.m = len(rows)
	for i, es := range rows {
		for _, e := range es {
			if md.up[e.j] == 0 {
				continue // fixed at zero: its entries have no effect
			}
			md.colIdx[e.j] = append(md.colIdx[e.j], int32(i))
			md.colVal[e.j] = append(md.colVal[e.j], e.v)
		}
	}
	cmax := 0.0
	for _, c := range md.cost {
		cmax = math.Max(cmax, math.Abs(c))
	}
	if cmax == 0 {
		cmax = 1
	}
	md.cscale = cmax
	for j := range md.cost {
		md.cost[j] /= cmax
	}
	return md
}

// increments returns the LP point's structural part as increments
// d[o][q] = X[o][q] - X[o][q-1] (the point itself when the columns are
// increments).
func (md *lpModel) increments(x []float64) []float64 {
	if !md.cum {
		return x[:md.nd]
	}
	Q := md.in.Phases
	d := make([]float64, md.nd)
	for j := 0; j < md.nd; j++ {
		d[j] = x[j]
		if j%Q > 0 {
			d[j] -= x[j-1]
		}
	}
	return d
}

// denseSize is the number of tableau entries a dense LP would need.
func (md *lpModel) denseSize() int { return md.m * (len(md.colIdx) + md.m) }

func (md *lpModel) newLP() *boxLP {
	return newBoxLP(md.m, md.colIdx, md.colVal, md.b, md.eq, md.lo, md.up, md.cost)
}

// maxCount is the largest count X[o][q] the LP allows without site rows:
// its column bound when the columns are cumulative, else the sum of the
// increments' bounds up to q (each increment is bounded by ub[o][t], not
// their sum: a site row skipped on ub[o][q] alone let an LP, and an
// integral LP point, install ub[o][0] + ub[o][1] racks where ub[o][1] fit).
func maxCount(ub []int64, q int, cum bool) float64 {
	if cum {
		return float64(ub[q])
	}
	n := 0.0
	for t := 0; t <= q; t++ {
		n += float64(ub[t])
	}
	return n
}

// impliedLater reports whether site row (q, r) is implied by a later row of
// the same resource: racks are cumulative and uses are >= 0, so the load at
// q is at most the load at q' > q, and cap[q'] <= cap[q] makes row q
// redundant.
func impliedLater(caps [][]int64, q, r int) bool {
	c := caps[q][r]
	for t := q + 1; t < len(caps); t++ {
		if ct := caps[t][r]; ct >= 0 && ct <= c {
			return true
		}
	}
	return false
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// withoutRedundantRows returns the model without the site, option-bound and
// monotonicity rows that no point of the box [lo, up] can violate (their
// largest activity over the box is within the right-hand side), or nil when
// there are fewer than minDrop of them. The box is the root's after
// reduced-cost fixing: every node's box lies inside it, so the rows stay
// redundant in the whole tree. Columns, costs and bounds are shared with md
// (unchanged); rows, their maps and the columns' entries are new.
func (md *lpModel) withoutRedundantRows(lo, up []float64, minDrop int) *lpModel {
	act := make([]float64, md.m)
	for j := range md.colIdx {
		for k, i := range md.colIdx[j] {
			a := md.colVal[j][k]
			act[i] += math.Max(a*lo[j], a*up[j])
		}
	}
	newRow := make([]int32, md.m)
	n := 0
	for i := 0; i < md.m; i++ {
		k := md.kind[i]
		if !md.eq[i] && (k == 's' || k == 'm' || k == 'o') && act[i] <= md.b[i]+1e-9*(1+math.Abs(md.b[i])) {
			newRow[i] = -1
			continue
		}
		newRow[i] = int32(n)
		n++
	}
	if md.m-n < max(1, minDrop) {
		return nil
	}
	out := *md
	out.m = n
	out.colIdx = make([][]int32, len(md.colIdx))
	out.colVal = make([][]float64, len(md.colVal))
	for j := range md.colIdx {
		for k, i := range md.colIdx[j] {
			if r := newRow[i]; r >= 0 {
				out.colIdx[j] = append(out.colIdx[j], r)
				out.colVal[j] = append(out.colVal[j], md.colVal[j][k])
			}
		}
	}
	out.b, out.eq, out.scale, out.sunit, out.kind = nil, nil, nil, nil, nil
	for i := 0; i < md.m; i++ {
		if newRow[i] >= 0 {
			out.b = append(out.b, md.b[i])
			out.eq = append(out.eq, md.eq[i])
			out.scale = append(out.scale, md.scale[i])
			out.sunit = append(out.sunit, md.sunit[i])
			out.kind = append(out.kind, md.kind[i])
		}
	}
	out.siteRow = map[[3]int]int{}
	for key, i := range md.siteRow {
		if r := newRow[i]; r >= 0 {
			out.siteRow[key] = int(r)
		}
	}
	remap := func(rows []int) []int {
		res := make([]int, len(rows))
		for k, i := range rows {
			res[k] = -1
			if i >= 0 {
				res[k] = int(newRow[i])
			}
		}
		return res
	}
	out.demRow = remap(md.demRow)
	out.budRow = remap(md.budRow)
	return &out
}
