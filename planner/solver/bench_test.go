package solver

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// benchLimit keeps the large cases from running forever; the reached status
// and gap are reported as metrics (never asserted).
const benchLimit = 20 * time.Second

func BenchmarkSolve(b *testing.B) {
	for _, sites := range []int{10, 100, 1000} {
		for _, phases := range []int{1, 16} {
			name := fmt.Sprintf("sites=%d/options=50/phases=%d", sites, phases)
			b.Run(name, func(b *testing.B) {
				in := Generate(sites, 50, phases, 1)
				b.ReportAllocs()
				b.ResetTimer()
				var res *Result
				for i := 0; i < b.N; i++ {
					var err error
					res, err = Solve(context.Background(), in, Params{TimeLimit: benchLimit})
					if err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				b.ReportMetric(res.Gap, "gap")
				b.ReportMetric(float64(res.Nodes), "nodes")
				b.ReportMetric(float64(res.Status), "status")
				b.Logf("%s: status=%v obj=%d bound=%.1f gap=%.3g nodes=%d elapsed=%v", name, res.Status, res.Objective, res.Bound, res.Gap, res.Nodes, res.Elapsed)
			})
		}
	}
}

// siteBench builds one generated site's resource-major use matrix, caps and
// a plan from the greedy heuristic.
func siteBench(b *testing.B) (use []int64, n int, x, caps []int64, opts []int, in *Instance) {
	in = Generate(1, 50, 1, 3)
	n = len(in.Options)
	R := len(in.Resources)
	use = make([]int64, R*n)
	for j, op := range in.Options {
		for r := 0; r < R; r++ {
			use[r*n+j] = op.Use[r]
		}
	}
	caps = in.Sites[0].Cap[0]
	x = make([]int64, n)
	load := make([]int64, R)
	for j, op := range in.Options {
		k := MaxAdd(load, op.Use, caps, 2)
		TryAdd(load, op.Use, caps, k)
		x[j] = k
	}
	return use, n, x, caps, nil, in
}

// BenchmarkSiteFits is a full feasibility fit of one site-phase (50 options x 5 resources).
func BenchmarkSiteFits(b *testing.B) {
	use, n, x, caps, _, _ := siteBench(b)
	if !SiteFits(use, n, x, caps) {
		b.Fatal("plan does not fit")
	}
	b.ReportAllocs()
	b.ResetTimer()
	ok := true
	for i := 0; i < b.N; i++ {
		ok = SiteFits(use, n, x, caps) && ok
	}
	if !ok {
		b.Fatal("fit changed")
	}
}

// BenchmarkTryAdd is the incremental add-one-rack check (and undo).
func BenchmarkTryAdd(b *testing.B) {
	_, _, _, caps, _, in := siteBench(b)
	load := make([]int64, len(caps))
	u := in.Options[0].Use
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		// alternate adding and removing one rack: every call is one check
		k := int64(1 - 2*(i&1))
		if TryAdd(load, u, caps, k) {
			n++
		}
	}
	if n != b.N {
		b.Fatalf("%d of %d adds failed", b.N-n, b.N)
	}
}
