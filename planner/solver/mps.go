package solver

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
)

// WriteMPS writes the MILP that Solve solves, in free MPS, with the same
// objective units. Columns: X_o_q (cumulative racks of option o by phase q)
// and, for clusters, binaries Y_c_s. Every integer column gets an explicit UP
// bound (CBC and GLPK read unbounded integer columns as binary).
func WriteMPS(w io.Writer, in *Instance) error { return WriteMPSDecimals(w, in, 0) }

// WriteMPSDecimals writes the model like WriteMPS with every objective
// coefficient divided by 10^decimals, written exactly in decimal, so the
// objective a peer solver reports is in the caller's display unit (cents to
// dollars: 2). The constraints are unchanged.
func WriteMPSDecimals(w io.Writer, in *Instance, decimals int) error {
	if err := in.Validate(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	Q, R := in.Phases, len(in.Resources)
	ub := in.upperBounds()
	name := in.Name
	if name == "" {
		name = "dcplan"
	}
	fmt.Fprintf(bw, "NAME %s\nROWS\n N OBJ\n", mpsName(name))
	// Row names.
	siteRow := func(s, q, r int) string { return fmt.Sprintf("S_%d_%d_%d", s, q, r) }
	used := make([][]bool, len(in.Sites)) // [s][r]: some option uses r at s
	for s := range used {
		used[s] = make([]bool, R)
	}
	for _, op := range in.Options {
		for r, u := range op.Use {
			if u > 0 {
				used[op.Site][r] = true
			}
		}
	}
	for s, st := range in.Sites {
		for q := 0; q < Q; q++ {
			for r := 0; r < R; r++ {
				if st.Cap[q][r] >= 0 && used[s][r] {
					fmt.Fprintf(bw, " L %s\n", siteRow(s, q, r))
				}
			}
		}
	}
	for o := range in.Options {
		for q := 1; q < Q; q++ {
			fmt.Fprintf(bw, " G M_%d_%d\n", o, q)
		}
	}
	for i := range in.Demands {
		fmt.Fprintf(bw, " G D_%d\n", i)
	}
	for i := range in.Budgets {
		fmt.Fprintf(bw, " L B_%d\n", i)
	}
	cr := newClusterRows(in)
	for c := range in.Clusters {
		fmt.Fprintf(bw, " E K_%d\n", c)
	}
	for _, key := range cr.keys {
		fmt.Fprintf(bw, " G G_%d_%d_%d\n", key.s, key.k, key.q)
	}
	fmt.Fprintf(bw, "COLUMNS\n")
	fmt.Fprintf(bw, " MARKER 'MARKER' 'INTORG'\n")
	for o, op := range in.Options {
		for q := 0; q < Q; q++ {
			col := fmt.Sprintf("X_%d_%d", o, q)
			// objective: sum_q Cost[q]*(X[q]-X[q-1]) = sum_q X[q]*(Cost[q]-Cost[q+1])
			c := op.Cost[q]
			if q+1 < Q {
				c -= op.Cost[q+1]
			}
			if c != 0 {
				fmt.Fprintf(bw, " %s OBJ %s\n", col, decimalString(c, decimals))
			}
			for r := 0; r < R; r++ {
				if op.Use[r] != 0 && in.Sites[op.Site].Cap[q][r] >= 0 {
					fmt.Fprintf(bw, " %s %s %d\n", col, siteRow(op.Site, q, r), op.Use[r])
				}
			}
			// monotone rows M_o_q: X[q] - X[q-1] >= 0
			if q >= 1 {
				fmt.Fprintf(bw, " %s M_%d_%d 1\n", col, o, q)
			}
			if q+1 < Q {
				fmt.Fprintf(bw, " %s M_%d_%d -1\n", col, o, q+1)
			}
			for i, d := range in.Demands {
				if d.Phase == q && op.Contrib[d.Class] != 0 {
					fmt.Fprintf(bw, " %s D_%d %d\n", col, i, op.Contrib[d.Class])
				}
			}
			for i, b := range in.Budgets {
				if b.Phase == q && op.Capex[q] != 0 {
					fmt.Fprintf(bw, " %s B_%d %d\n", col, i, op.Capex[q])
				}
				if b.Phase == q+1 && op.Capex[q+1] != 0 {
					fmt.Fprintf(bw, " %s B_%d %d\n", col, i, -op.Capex[q+1])
				}
			}
			for k, v := range op.Contrib {
				if v == 0 {
					continue
				}
				if id, ok := cr.index[clusterKey{op.Site, k, q}]; ok {
					key := cr.keys[id]
					fmt.Fprintf(bw, " %s G_%d_%d_%d %d\n", col, key.s, key.k, key.q, v)
				}
			}
		}
	}
	for c, cl := range in.Clusters {
		for s := range in.Sites {
			col := fmt.Sprintf("Y_%d_%d", c, s)
			fmt.Fprintf(bw, " %s K_%d 1\n", col, c)
			for q := cl.Phase; q < Q; q++ {
				fmt.Fprintf(bw, " %s G_%d_%d_%d %d\n", col, s, cl.Class, q, -cl.Size)
			}
		}
	}
	fmt.Fprintf(bw, " MARKER 'MARKER' 'INTEND'\n")
	fmt.Fprintf(bw, "RHS\n")
	for s, st := range in.Sites {
		for q := 0; q < Q; q++ {
			for r := 0; r < R; r++ {
				if st.Cap[q][r] >= 0 && used[s][r] {
					fmt.Fprintf(bw, " RHS %s %d\n", siteRow(s, q, r), st.Cap[q][r])
				}
			}
		}
	}
	for i, d := range in.Demands {
		fmt.Fprintf(bw, " RHS D_%d %d\n", i, d.Min)
	}
	for i, b := range in.Budgets {
		fmt.Fprintf(bw, " RHS B_%d %d\n", i, b.Max)
	}
	for c := range in.Clusters {
		fmt.Fprintf(bw, " RHS K_%d 1\n", c)
	}
	fmt.Fprintf(bw, "BOUNDS\n")
	for o := range in.Options {
		for q := 0; q < Q; q++ {
			fmt.Fprintf(bw, " UP BND X_%d_%d %d\n", o, q, ub[o][q])
		}
	}
	for c := range in.Clusters {
		for s := range in.Sites {
			fmt.Fprintf(bw, " UP BND Y_%d_%d 1\n", c, s)
		}
	}
	fmt.Fprintf(bw, "ENDATA\n")
	return bw.Flush()
}

func mpsName(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c <= ' ' || c > '~' {
			b[i] = '_'
		}
	}
	return string(b)
}

// clusterKey is one aggregated cluster row: site s, class k, phase q.
type clusterKey struct{ s, k, q int }

// clusterRows enumerates the rows
//
//	sum_{o at s} Contrib[o][k] X[o][q] - sum_{c: class k, phase <= q} Size_c y[c][s] >= 0
type clusterRows struct {
	keys  []clusterKey
	index map[clusterKey]int
}

func newClusterRows(in *Instance) *clusterRows {
	cr := &clusterRows{index: map[clusterKey]int{}}
	if len(in.Clusters) == 0 {
		return cr
	}
	first := make([]int, len(in.Classes)) // earliest cluster phase per class
	for k := range first {
		first[k] = -1
	}
	for _, cl := range in.Clusters {
		if first[cl.Class] < 0 || cl.Phase < first[cl.Class] {
			first[cl.Class] = cl.Phase
		}
	}
	for s := range in.Sites {
		for k := range in.Classes {
			if first[k] < 0 {
				continue
			}
			for q := first[k]; q < in.Phases; q++ {
				key := clusterKey{s, k, q}
				cr.index[key] = len(cr.keys)
				cr.keys = append(cr.keys, key)
			}
		}
	}
	return cr
}

// decimalString writes v / 10^decimals exactly.
func decimalString(v int64, decimals int) string {
	if decimals <= 0 {
		return strconv.FormatInt(v, 10)
	}
	neg := v < 0
	digits := strconv.FormatUint(uint64(max(v, -v)), 10)
	if v == math.MinInt64 {
		digits = "9223372036854775808"
	}
	for len(digits) <= decimals {
		digits = "0" + digits
	}
	out := digits[:len(digits)-decimals] + "." + digits[len(digits)-decimals:]
	if neg {
		out = "-" + out
	}
	return out
}
