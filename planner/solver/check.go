package solver

import (
	"fmt"
	"math/big"
	"sort"
	"strings"
)

// Check verifies a plan X[option][phase] (cumulative racks) against the
// instance, recomputing every row from scratch in exact arithmetic. It shares
// no code with the solver. It returns an error listing every violated row;
// for clusters it searches for an assignment of clusters to sites.
func Check(in *Instance, X [][]int64) error {
	var bad []string
	add := func(f string, a ...any) { bad = append(bad, fmt.Sprintf(f, a...)) }
	Q := in.Phases
	if len(X) != len(in.Options) {
		return fmt.Errorf("check: plan has %d options, instance %d", len(X), len(in.Options))
	}
	for o := range X {
		if len(X[o]) != Q {
			return fmt.Errorf("check: option %d has %d phases, want %d", o, len(X[o]), Q)
		}
	}
	// Bounds and monotonicity.
	for o, op := range in.Options {
		prev := int64(0)
		for q := 0; q < Q; q++ {
			v := X[o][q]
			if v < prev {
				add("option %d (%s) phase %d: X=%d < X[prev]=%d (racks are cumulative)", o, op.Name, q, v, prev)
			}
			if op.Max > 0 && v > op.Max {
				add("option %d (%s) phase %d: X=%d > Max=%d", o, op.Name, q, v, op.Max)
			}
			prev = v
		}
	}
	// Site rows.
	at := make([][]int, len(in.Sites))
	for o, op := range in.Options {
		if op.Site < 0 || op.Site >= len(in.Sites) {
			return fmt.Errorf("check: option %d: site %d out of range", o, op.Site)
		}
		at[op.Site] = append(at[op.Site], o)
	}
	for s, st := range in.Sites {
		for q := 0; q < Q; q++ {
			for r := range in.Resources {
				cp := st.Cap[q][r]
				if cp < 0 {
					continue
				}
				sum := new(big.Int)
				for _, o := range at[s] {
					sum.Add(sum, new(big.Int).Mul(big.NewInt(in.Options[o].Use[r]), big.NewInt(X[o][q])))
				}
				if sum.Cmp(big.NewInt(cp)) > 0 {
					add("site %d (%s) phase %d resource %s: use %s > cap %d", s, st.Name, q, in.Resources[r], sum, cp)
				}
			}
		}
	}
	// Demand rows.
	for i, d := range in.Demands {
		sum := new(big.Int)
		for o, op := range in.Options {
			sum.Add(sum, new(big.Int).Mul(big.NewInt(op.Contrib[d.Class]), big.NewInt(X[o][d.Phase])))
		}
		if sum.Cmp(big.NewInt(d.Min)) < 0 {
			add("demand %d (%s, phase %d): %s < min %d", i, in.Classes[d.Class], d.Phase, sum, d.Min)
		}
	}
	// Budget rows.
	for i, b := range in.Budgets {
		sum := new(big.Int)
		for o, op := range in.Options {
			inc := X[o][b.Phase]
			if b.Phase > 0 {
				inc -= X[o][b.Phase-1]
			}
			sum.Add(sum, new(big.Int).Mul(big.NewInt(op.Capex[b.Phase]), big.NewInt(inc)))
		}
		if sum.Cmp(big.NewInt(b.Max)) > 0 {
			add("budget %d (phase %d): capex %s > max %d", i, b.Phase, sum, b.Max)
		}
	}
	// Clusters: search an assignment.
	if len(in.Clusters) > 0 && !checkClusters(in, X) {
		add("clusters: no assignment of the %d clusters to sites fits the installed contributions", len(in.Clusters))
	}
	if len(bad) > 0 {
		return fmt.Errorf("check: %d violated rows:\n  %s", len(bad), strings.Join(bad, "\n  "))
	}
	return nil
}

// CheckAssignment verifies that clusters assigned to sites (site[c]) fit X.
func CheckAssignment(in *Instance, X [][]int64, site []int) error {
	if len(site) != len(in.Clusters) {
		return fmt.Errorf("check: %d cluster sites, want %d", len(site), len(in.Clusters))
	}
	left := clusterRoom(in, X)
	var bad []string
	for c, cl := range in.Clusters {
		s := site[c]
		if s < 0 || s >= len(in.Sites) {
			bad = append(bad, fmt.Sprintf("cluster %d: site %d out of range", c, s))
			continue
		}
		for q := cl.Phase; q < in.Phases; q++ {
			left[s][cl.Class][q].Sub(left[s][cl.Class][q], big.NewInt(cl.Size))
		}
	}
	for s := range left {
		for k := range left[s] {
			for q := range left[s][k] {
				if left[s][k][q].Sign() < 0 {
					bad = append(bad, fmt.Sprintf("site %d class %s phase %d: clusters exceed the installed amount by %s", s, in.Classes[k], q, new(big.Int).Neg(left[s][k][q])))
				}
			}
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("check: %s", strings.Join(bad, "; "))
	}
	return nil
}

func clusterRoom(in *Instance, X [][]int64) [][][]*big.Int {
	left := make([][][]*big.Int, len(in.Sites))
	for s := range left {
		left[s] = make([][]*big.Int, len(in.Classes))
		for k := range left[s] {
			left[s][k] = make([]*big.Int, in.Phases)
			for q := range left[s][k] {
				left[s][k][q] = new(big.Int)
			}
		}
	}
	for o, op := range in.Options {
		for k, v := range op.Contrib {
			for q := 0; q < in.Phases; q++ {
				left[op.Site][k][q].Add(left[op.Site][k][q], new(big.Int).Mul(big.NewInt(v), big.NewInt(X[o][q])))
			}
		}
	}
	return left
}

func checkClusters(in *Instance, X [][]int64) bool {
	left := clusterRoom(in, X)
	order := make([]int, len(in.Clusters))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return in.Clusters[order[a]].Size > in.Clusters[order[b]].Size })
	var rec func(i int) bool
	rec = func(i int) bool {
		if i == len(order) {
			return true
		}
		cl := in.Clusters[order[i]]
		g := big.NewInt(cl.Size)
		for s := range in.Sites {
			ok := true
			for q := cl.Phase; q < in.Phases; q++ {
				if left[s][cl.Class][q].Cmp(g) < 0 {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			for q := cl.Phase; q < in.Phases; q++ {
				left[s][cl.Class][q].Sub(left[s][cl.Class][q], g)
			}
			if rec(i + 1) {
				return true
			}
			for q := cl.Phase; q < in.Phases; q++ {
				left[s][cl.Class][q].Add(left[s][cl.Class][q], g)
			}
		}
		return false
	}
	return rec(0)
}

// ObjectiveOf returns sum_o sum_q Cost[o][q]*(X[o][q]-X[o][q-1]).
func ObjectiveOf(in *Instance, X [][]int64) int64 {
	var z int64
	for o, op := range in.Options {
		prev := int64(0)
		for q := 0; q < in.Phases; q++ {
			z += op.Cost[q] * (X[o][q] - prev)
			prev = X[o][q]
		}
	}
	return z
}
