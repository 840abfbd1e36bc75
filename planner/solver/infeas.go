package solver

import (
	"fmt"
	"math"
	"strings"
)

// explainInfeasible runs, for every demand row, the max-coverage LP
// relaxation (every site row, Max and monotonicity; other coupling rows
// dropped) site by site, and reports rows whose best coverage is short.
func explainInfeasible(in *Instance, ub [][]int64, bySite [][]int) *Infeasibility {
	inf := &Infeasibility{}
	seen := map[SiteRow]bool{}
	for i, d := range in.Demands {
		total := 0.0
		var binding []SiteRow
		for s := range in.Sites {
			v, rows := maxCoverSite(in, ub, bySite[s], s, d.Class, d.Phase)
			total += v
			binding = append(binding, rows...)
		}
		if total+1e-6 < float64(d.Min) {
			inf.Short = append(inf.Short, DemandShortfall{Demand: i, Min: d.Min, MaxCover: total, Shortfall: float64(d.Min) - total})
			for _, r := range binding {
				if !seen[r] {
					seen[r] = true
					inf.Binding = append(inf.Binding, r)
				}
			}
		}
	}
	var notes []string
	for c, cl := range in.Clusters {
		best := 0.0
		for s := range in.Sites {
			v, _ := maxCoverSite(in, ub, bySite[s], s, cl.Class, cl.Phase)
			best = math.Max(best, v)
		}
		if best+1e-6 < float64(cl.Size) {
			notes = append(notes, fmt.Sprintf("cluster %d (%s) needs %d %s but no site can host more than %.0f", c, cl.Name, cl.Size, in.Classes[cl.Class], best))
		}
	}
	if len(inf.Short) == 0 && len(notes) == 0 {
		notes = append(notes, "every demand row can be met alone; the demand rows together with budgets and clusters cannot")
	}
	inf.Joint = strings.Join(notes, "; ")
	return inf
}

// maxCoverSite solves max sum_o Contrib[o][k] x_o over the options of site s
// such that x fits every site row at phases >= p (racks installed by p stay)
// and x_o <= ub[o][p]. It returns the LP value and the binding rows.
func maxCoverSite(in *Instance, ub [][]int64, opts []int, s, k, p int) (float64, []SiteRow) {
	if len(opts) == 0 {
		return 0, nil
	}
	R := len(in.Resources)
	st := in.Sites[s]
	type rowRef struct{ q, r int }
	var refs []rowRef
	n := len(opts)
	colIdx := make([][]int32, n)
	colVal := make([][]float64, n)
	var b []float64
	var eq []bool
	for q := p; q < in.Phases; q++ {
		for r := 0; r < R; r++ {
			c := st.Cap[q][r]
			if c < 0 {
				continue
			}
			mx := 0.0
			for _, o := range opts {
				mx = math.Max(mx, float64(in.Options[o].Use[r]))
			}
			if mx == 0 {
				continue
			}
			i := int32(len(b))
			for j, o := range opts {
				if u := in.Options[o].Use[r]; u != 0 {
					colIdx[j] = append(colIdx[j], i)
					colVal[j] = append(colVal[j], float64(u)/mx)
				}
			}
			b = append(b, float64(c)/mx)
			eq = append(eq, false)
			refs = append(refs, rowRef{q, r})
		}
	}
	lo := make([]float64, n)
	up := make([]float64, n)
	c := make([]float64, n)
	cm := 1.0
	for _, o := range opts {
		cm = math.Max(cm, float64(in.Options[o].Contrib[k]))
	}
	for j, o := range opts {
		up[j] = float64(ub[o][p])
		c[j] = -float64(in.Options[o].Contrib[k]) / cm
	}
	lp := newBoxLP(len(b), colIdx, colVal, b, eq, lo, up, c)
	if lp.solve() != lpOptimal {
		// fall back to the trivial bound
		v := 0.0
		for j := range opts {
			v -= c[j] * up[j] * cm
		}
		return v, nil
	}
	v := -lp.objective() * cm
	y := lp.duals()
	var rows []SiteRow
	for i, yi := range y {
		if yi < -1e-12 {
			rows = append(rows, SiteRow{Site: s, Phase: refs[i].q, Resource: refs[i].r})
		}
	}
	return v, rows
}
