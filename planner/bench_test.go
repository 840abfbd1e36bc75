package planner

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// benchLimit keeps the large cases from running forever; the status and
// gap reached are reported as metrics (never asserted).
const benchLimit = 20 * time.Second

// BenchmarkSolve plans generated scenarios (dcplan generate, seed 1) of the
// benchmark ladder end to end: scenario to rack options, model, exact solve
// (gap 0, 20 s limit) and plan assembly.
func BenchmarkSolve(b *testing.B) {
	for _, sites := range []int{10, 100, 1000} {
		for _, phases := range []int{1, 16} {
			name := fmt.Sprintf("sites=%d/options=50/phases=%d", sites, phases)
			b.Run(name, func(b *testing.B) {
				data, err := GenerateScenario(sites, 50, phases, 1)
				if err != nil {
					b.Fatal(err)
				}
				sc, err := Load("generated.yaml", data)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				b.ResetTimer()
				var pl *Plan
				for i := 0; i < b.N; i++ {
					pl, err = Solve(context.Background(), sc, SolveParams{TimeLimit: benchLimit})
					if pl == nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				optimal := 0.0
				if pl.Status == "optimal" {
					optimal = 1
				}
				b.ReportMetric(pl.Gap, "gap")
				b.ReportMetric(optimal, "optimal")
				b.Logf("%s: status=%s objective=%.2f bound=%.2f gap=%.3g", name, pl.Status, pl.Objective, pl.Bound, pl.Gap)
			})
		}
	}
}
