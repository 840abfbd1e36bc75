package solver

import (
	"math"
	"slices"
	"sort"
)

// twoStep is the two-step MIR function of Dash and Günlük ("Valid
// inequalities based on simple mixed-integer sets", Math. Programming 105,
// 2006) for a right-hand side with fractional part bhat and a step alpha,
// 0 < alpha < bhat, bhat/alpha not integral and tau*alpha <= 1, where
// tau = ceil(bhat/alpha) and rho = bhat - alpha*floor(bhat/alpha). For
//
//	sum_j a_j x_j + y >= b,  x_j >= 0 integer, y >= 0,
//
// every solution satisfies sum_j g(a_j) x_j + y >= rho*tau*ceil(b), with
// g(a) = floor(a)*rho*tau + k*rho + min(rho, f - k*alpha), f = a - floor(a),
// k = min(tau-1, floor(f/alpha)). Where the MIR inequality rounds with the
// fraction of b alone, this one rounds twice (by alpha, then by 1): it cuts
// off points the MIR keeps when the coefficients' fractions are small
// against bhat.
type twoStep struct {
	alpha, rho, tau float64
}

func newTwoStep(bhat, alpha float64) (twoStep, bool) {
	if !(alpha > 1e-6 && alpha < bhat-1e-6) {
		return twoStep{}, false
	}
	q := bhat / alpha
	fl := math.Floor(q)
	rho := bhat - alpha*fl
	tau := fl + 1
	if rho < 1e-6 || alpha-rho < 1e-9 || tau*alpha > 1+1e-12 {
		return twoStep{}, false
	}
	return twoStep{alpha, rho, tau}, true
}

// g is the coefficient of a column with coefficient a in the base row.
func (t twoStep) g(a float64) float64 {
	fl := math.Floor(a)
	f := a - fl
	k := math.Min(t.tau-1, math.Floor(f/t.alpha))
	return fl*t.rho*t.tau + k*t.rho + math.Min(t.rho, f-k*t.alpha)
}

// twoMirCuts derives two-step MIR cuts from the rows of the current optimal
// tableau whose basic integer column is fractional. A row reads
// x_B + sum_k abar_k t_k = xbar_B with t_k >= 0 the nonbasic columns moved to
// their bounds; x_B shifted to its lower bound (or complemented at its
// upper) is a nonnegative integer with coefficient 1, the integer t_k keep
// theirs, the continuous ones (slacks included) with a negative coefficient
// are dropped (the row becomes >=), and the rest form y. For each row the
// step alpha is chosen among the fractions of its integer coefficients
// below bhat, by the cut's efficacy at the LP point. Cuts are returned like
// gmiCuts's.
//
// work > 0 caps the terms one row's choice of step may cost (thinAlphas);
// the rows stop early when lp.stop says so (the cuts found are kept).
func (lp *boxLP) twoMirCuts(isInt []bool, sunit []float64, maxCuts, work int) []spRow {
	n, ns := lp.n, lp.ns
	cands := lp.fractionalRows(isInt, maxCuts)
	var cuts []spRow
	h := make([]float64, ns)
	rowIdx, rowVal := lp.rowwise()
	row := lp.alpha
	var nb []int
	var ab, us []float64
	coef := func(ts twoStep, a, u float64) float64 {
		if u > 0 {
			return ts.g(a*u) / u
		}
		return math.Max(a, 0)
	}
	for _, i := range cands {
		if lp.stop != nil && lp.stop() {
			break
		}
		lp.rowInto(i, row, true)
		jb := lp.basis[i]
		nb = nb[:0]
		for k := 0; k < n; k++ {
			if lp.pos[k] < 0 && row[k] != 0 {
				nb = append(nb, k)
			}
		}
		for _, upper := range []bool{false, true} {
			b := lp.x[jb] - lp.lo[jb]
			if upper {
				b = lp.up[jb] - lp.x[jb]
			}
			if math.IsInf(b, 0) || b > 1e9 {
				continue
			}
			bhat := b - math.Floor(b)
			if bhat < 0.01 || bhat > 0.99 {
				continue
			}
			ab, us = ab[:0], us[:0]
			var alphas []float64
			for _, k := range nb {
				a := row[k]
				if lp.x[k] > lp.lo[k] { // at upper: t_k = up_k - x_k
					a = -a
				}
				if upper {
					a = -a
				}
				u := lp.stepUnit(k, isInt, sunit)
				ab, us = append(ab, a), append(us, u)
				if u > 0 {
					if f := a*u - math.Floor(a*u); f > 0.01 && f < bhat-0.01 {
						alphas = append(alphas, f)
					}
				}
			}
			sort.Float64s(alphas)
			alphas = thinAlphas(slices.Compact(alphas), len(nb), work)
			if lp.meter != nil {
				// each step tried costs a pass over the row's terms (a
				// few flops each, counted as 4): the search's effort
				// budget sees it (on the integer programs of generated
				// 10x50x16's sites these cuts took a quarter of a 20 s
				// solve, outside their budgets)
				*lp.meter += 4 * int64(len(alphas)+1) * int64(len(nb))
			}
			best, bestEff := twoStep{}, 0.0
			for _, al := range alphas {
				ts, ok := newTwoStep(bhat, al)
				if !ok {
					continue
				}
				norm := (ts.rho * ts.tau) * (ts.rho * ts.tau)
				for t := range nb {
					g := coef(ts, ab[t], us[t])
					norm += g * g
				}
				// at the LP point every t_k is 0 and x' = b
				eff := ts.rho * ts.tau * (math.Ceil(b) - b) / math.Sqrt(norm)
				if eff > bestEff+1e-12 {
					best, bestEff = ts, eff
				}
			}
			if bestEff < 1e-6 {
				continue
			}
			clear(h)
			c0 := best.rho * best.tau
			rhs := c0 * math.Ceil(b)
			if upper { // x' = up - x_B
				h[jb] -= c0
				rhs -= c0 * lp.up[jb]
			} else { // x' = x_B - lo
				h[jb] += c0
				rhs += c0 * lp.lo[jb]
			}
			gmax, gmin := c0, c0
			for t, k := range nb {
				g := coef(best, ab[t], us[t])
				if math.Abs(g) < 1e-9 {
					if g > 0 {
						rhs -= g * (lp.up[k] - lp.lo[k]) // drop it at its largest
					}
					continue
				}
				gmax = math.Max(gmax, math.Abs(g))
				gmin = math.Min(gmin, math.Abs(g))
				rhs += lp.nonbasicTerm(h, k, g, lp.x[k] <= lp.lo[k], rowIdx, rowVal)
			}
			if gmax/gmin > 1e7 {
				continue
			}
			if sr, ok := lp.finishCut(h, rhs); ok {
				cuts = append(cuts, sr)
			}
		}
	}
	return cuts
}

// twoMirWork is the most terms (steps tried x nonbasic columns) one row's
// choice of step may cost in a search with an effort budget (a
// neighbourhood window, RINS, a site's integer program). On the 7,000-column
// windows of solver.Generate 100x50x16 a row had up to 2,500 distinct
// fractions over 3,800 nonbasic columns: the root's cuts took 1.2 s, outside
// the window's effort budget and without polling the time limit (a 12 s
// solve ended 2.4 s late). The main search keeps every step: on 100x50x1
// (rows of 2,400 steps over 2,900 columns) this cap took the proof from
// 22,504 nodes to 38,468.
const twoMirWork = 1 << 18

// thinAlphas keeps at most max(8, work/nb) of the sorted steps, the
// smallest and the largest among them, evenly spread (all when work is 0).
func thinAlphas(alphas []float64, nb, work int) []float64 {
	keep := max(8, work/max(1, nb))
	if work <= 0 || len(alphas) <= keep {
		return alphas
	}
	n := len(alphas)
	for i := 0; i < keep; i++ {
		alphas[i] = alphas[i*(n-1)/(keep-1)]
	}
	return alphas[:keep]
}

// stepUnit returns u > 0 when t_k / u is a nonnegative integer, t_k the
// nonbasic column k moved to its bound (an integer column, or the slack of
// a model row whose coefficients and right-hand side are integers, at a
// bound on its lattice: sunit), else 0.
func (lp *boxLP) stepUnit(k int, isInt []bool, sunit []float64) float64 {
	if k < lp.ns {
		if isInt[k] {
			return 1
		}
		return 0
	}
	r := k - lp.ns
	if r >= len(sunit) || sunit[r] <= 0 {
		return 0
	}
	u := sunit[r]
	base := lp.lo[k]
	if lp.x[k] > lp.lo[k] {
		base = lp.up[k]
	}
	if v := base / u; math.Abs(v-math.Round(v)) > 1e-9*math.Max(1, math.Abs(v)) {
		return 0
	}
	return u
}
