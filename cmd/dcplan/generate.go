package main

import (
	"github.com/spf13/cobra"

	"github.com/dcplan/dcplan/internal/atomicfile"
	"github.com/dcplan/dcplan/planner"
)

func newGenerateCmd(streams *IO) *cobra.Command {
	var sites, options, phases int
	var seed uint64
	var out string
	cmd := &cobra.Command{
		Use:   "generate --sites N --options K --phases Q --seed S",
		Short: "Write a reproducible synthetic scenario for benchmarks and stress tests",
		Long: `Write a synthetic scenario: N sites with power arriving in steps, K rack
configurations (variants of catalog systems, defined in the scenario's catalog
section) allowed at every site, Q yearly phases from 2026, and demand per phase a
share of what the sites' power could host. The same arguments give the same bytes.`,
		Example: `  dcplan generate --sites 100 --options 50 --phases 16 --seed 1 -o s100.yaml
  dcplan generate --sites 10 --options 50 --phases 1 --seed 7 | dcplan validate /dev/stdin`,
		Args: checkArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			data, err := planner.GenerateScenario(sites, options, phases, seed)
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
	f.IntVar(&sites, "sites", 10, "number of sites")
	f.IntVar(&options, "options", 50, "number of rack configurations allowed at every site")
	f.IntVar(&phases, "phases", 4, "number of yearly phases")
	f.Uint64Var(&seed, "seed", 1, "random seed")
	f.StringVarP(&out, "output", "o", "", "write to this file (default: standard output)")
	return cmd
}
