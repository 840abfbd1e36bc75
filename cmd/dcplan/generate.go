package main

import (
	"github.com/spf13/cobra"

	"github.com/dcplan/dcplan/internal/atomicfile"
	"github.com/dcplan/dcplan/planner"
)

func newGenerateCmd(streams *IO) *cobra.Command {
	var g planner.GenerateParams
	var out string
	cmd := &cobra.Command{
		Use:   "generate --sites N --options K --phases Q --seed S",
		Short: "Write a reproducible synthetic scenario for benchmarks and stress tests",
		Long: `Write a synthetic scenario: N sites with power arriving in steps, K rack
configurations (variants of catalog systems, defined in the scenario's catalog
section) allowed at every site, Q yearly phases from 2026, and demand per phase a
share of what the sites' power could host. The same arguments give the same bytes.

With --providers P > 1 the sites are spread over P providers, the first P-1
ranked 1, 2, ... by right of first refusal and the last without one, so the
plan is solved in P stages. --budget-per-gpu caps each phase's capex at that
many dollars per GPU of demand new in the phase (racks cost about $46,000 to
$66,000 per GPU: lower values leave demand short, and the stages buy what the
money allows). --clusters adds clusters of 4,096 to 16,384 GPUs that must sit
whole in one site. These draw from a random stream of their own: the sites,
racks and demand are those of the same command without them.`,
		Example: `  dcplan generate --sites 100 --options 50 --phases 16 --seed 1 -o s100.yaml
  dcplan generate --sites 10 --options 50 --phases 1 --seed 7 | dcplan validate /dev/stdin
  dcplan generate --sites 6 --options 8 --phases 3 --seed 2 --providers 3 --budget-per-gpu 40000 --clusters 1`,
		Args: checkArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			data, err := planner.Generate(g)
			if err != nil {
				return err
			}
			if out == "" || out == "-" {
				_, err = streams.Out.Write(data)
				return err
			}
			return atomicfile.Write(out, data, 0o644)
		},
	}
	f := cmd.Flags()
	f.IntVar(&g.Sites, "sites", 10, "number of sites")
	f.IntVar(&g.Options, "options", 50, "number of rack configurations allowed at every site")
	f.IntVar(&g.Phases, "phases", 4, "number of yearly phases")
	f.Uint64Var(&g.Seed, "seed", 1, "random seed")
	f.IntVar(&g.Providers, "providers", 1, "providers (more than 1: ranked by right of first refusal, the last without)")
	f.Float64Var(&g.BudgetPerGPU, "budget-per-gpu", 0, "cap each phase's capex at this many dollars per new GPU of demand (0: no budgets)")
	f.IntVar(&g.Clusters, "clusters", 0, "clusters that must sit whole in one site")
	f.StringVarP(&out, "output", "o", "", "write to this file (default: standard output)")
	return cmd
}
