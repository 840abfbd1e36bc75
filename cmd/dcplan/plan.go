package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/spf13/cobra"

	"github.com/dcplan/dcplan/planner"
	"github.com/dcplan/dcplan/views"
)

type planOptions struct {
	format, objective string
	timeLimit         time.Duration
	gap               float64
	output            outputOptions
}

func newPlanCmd(streams *IO) *cobra.Command {
	o := &planOptions{}
	cmd := &cobra.Command{
		Use:   "plan [SCENARIO]",
		Short: "Solve a scenario: the optimal placement of racks over sites and phases",
		Long: `Solve a scenario for the optimal placement of racks over sites and phases,
honouring each site's power, cooling and space limits, the demand per phase,
budgets, clusters and the right-of-first-refusal order of providers. With no
file, solves the embedded default scenario (a four-year national build-out).

The status is optimal (proved), feasible (a limit stopped the search; the gap
is proven) or infeasible (demand cannot be met: the best partial plan and its
explanation are still printed, and the exit code is 3). Every plan is checked
again by an independent checker before it is printed.`,
		Example: `  dcplan plan
  dcplan plan scenario.yaml --format json
  dcplan plan scenario.yaml --objective min-carbon --time-limit 30s
  dcplan plan scenario.yaml --gap 0 --time-limit 0     # prove optimality, however long it takes
  dcplan plan scenario.yaml -o plan.xlsx --charts charts/`,
		Args: checkArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPlan(cmd.Context(), streams, o, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.format, "format", "table", "output format: table, json or csv")
	f.StringVar(&o.objective, "objective", "", "override the scenario's objective: min-tco, max-compute or min-carbon")
	f.DurationVar(&o.timeLimit, "time-limit", 30*time.Second, "stop after this long and report the best plan with its proven gap (0: no limit, run to proven optimality)")
	f.Float64Var(&o.gap, "gap", 1e-4, "relative gap at which to stop; the status is then feasible with that proven gap (0: prove optimality)")
	addOutputFlags(f, &o.output)
	return cmd
}

func loadScenario(args []string) (*planner.Scenario, error) {
	if len(args) == 0 {
		return planner.LoadDefault()
	}
	return planner.LoadFile(args[0])
}

func runPlan(ctx context.Context, streams *IO, o *planOptions, args []string) error {
	view, err := views.ByName(o.format, streams.Boxed)
	if err != nil {
		return usageError{err}
	}
	if err := checkSolveFlags(o.gap, o.timeLimit); err != nil {
		return err
	}
	if err := o.output.check(); err != nil {
		return err
	}
	sc, err := loadScenario(args)
	if err != nil {
		return err
	}
	if o.objective != "" {
		obj := planner.Objective(o.objective)
		if !obj.Valid() {
			return usagef("unknown --objective %q: expected min-tco, max-compute or min-carbon", o.objective)
		}
		sc.Policy.Objective = obj
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	pl, solveErr := planner.Solve(ctx, sc, planner.SolveParams{TimeLimit: o.timeLimit, Gap: o.gap})
	if pl == nil {
		return solveErr
	}
	if err := planner.CheckPlan(sc, pl); err != nil {
		return fmt.Errorf("internal error: the plan fails the independent checker: %w", err)
	}
	if err := view.Render(streams.Out, pl); err != nil {
		return err
	}
	if err := writePlanOutputs(streams, sc, pl, &o.output); err != nil {
		return err
	}
	return solveErr // nil, or ErrInfeasible after printing the partial plan (exit 3)
}

// checkSolveFlags checks --gap and --time-limit (plan and model).
func checkSolveFlags(gap float64, timeLimit time.Duration) error {
	if gap < 0 || gap >= 1 {
		return usagef("--gap must be in [0, 1), got %g", gap)
	}
	if timeLimit < 0 {
		return usagef("--time-limit cannot be negative")
	}
	return nil
}
