package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/dcplan/dcplan/internal/atomicfile"
	"github.com/dcplan/dcplan/planner"
	"github.com/dcplan/dcplan/planner/solver"
)

func newModelCmd(streams *IO) *cobra.Command {
	var out string
	var timeLimit time.Duration
	var gap float64
	cmd := &cobra.Command{
		Use:   "model [SCENARIO] -o FILE.mps",
		Short: "Write the exact MILP that plan solves, in free MPS, for peer solvers",
		Long: `Write the exact MILP that 'dcplan plan' solves, in free MPS, so that CBC, GLPK
or HiGHS can solve the same instance. Every integer column has an explicit upper
bound (CBC and GLPK read an unbounded integer column as binary). The objective
is in the same units as plan's 'objective' (dollars for min-tco, tonnes for
min-carbon; for max-compute the MPS minimises minus PFLOPS). Each demand row
and cluster has a shortfall column priced above any rack, as plan solves it
(in a ranked ROFR stage or with budgets, a demand row's counts in units of
what every rack covers of it, such as 8 GPUs); in a plan that meets demand
they are zero. A scenario with a right-of-first-
refusal order is solved in stages (each provider in turn, then the rest); each
stage is written to its own file: FILE-stage1.mps, FILE-stage2.mps, ... A
stage's model depends on what the stages before it took, so those are solved
first, with the same --gap and --time-limit as plan (defaults equal); the last
stage is written without being solved.`,
		Example: `  dcplan model -o default.mps && cbc default.mps -threads 1 -solve -solu default.sol
  dcplan model scenario.yaml -o scenario.mps`,
		Args: checkArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return usagef("-o FILE.mps is required\nRun 'dcplan model --help' for usage.")
			}
			if err := checkSolveFlags(gap, timeLimit); err != nil {
				return err
			}
			sc, err := loadScenario(args)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			models, err := planner.StageModels(ctx, sc, planner.SolveParams{TimeLimit: timeLimit, Gap: gap})
			if err != nil {
				return err
			}
			if len(models) == 0 {
				return fmt.Errorf("%w: no stage has any site to place racks at", planner.ErrInfeasible)
			}
			files := stageFiles(out, len(models))
			for i, sm := range models {
				m := sm.Model
				var buf bytes.Buffer
				if err := solver.WriteMPSDecimals(&buf, m.Instance, m.Decimals); err != nil {
					return err
				}
				if err := atomicfile.Write(files[i], buf.Bytes(), 0o644); err != nil {
					return err
				}
				fmt.Fprintf(streams.Out, "wrote %s: %s, %d integer columns, objective in %s (plan's objective_unit)\n", files[i], sm.Name, len(m.Instance.Options)*m.Instance.Phases, sm.Unit)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "MPS file to write")
	cmd.Flags().DurationVar(&timeLimit, "time-limit", 30*time.Second, "as for plan: the time the stages before the last may take (they are solved to find what later stages are offered)")
	cmd.Flags().Float64Var(&gap, "gap", 1e-4, "as for plan: the relative gap at which the stages before the last stop")
	return cmd
}

// stageFiles names one file per stage: the file itself for one stage, else
// NAME-stageN.EXT.
func stageFiles(out string, n int) []string {
	if n == 1 {
		return []string{out}
	}
	ext := filepath.Ext(out)
	base := strings.TrimSuffix(out, ext)
	files := make([]string, n)
	for i := range files {
		files[i] = fmt.Sprintf("%s-stage%d%s", base, i+1, ext)
	}
	return files
}
