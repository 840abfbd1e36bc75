package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/dcplan/dcplan/planner"
	"github.com/dcplan/dcplan/views"
)

type bomOptions struct {
	format, out, allocation string
	force                   bool
	timeLimit               time.Duration
	gap                     float64
}

func newBomCmd(streams *IO) *cobra.Command {
	o := &bomOptions{}
	cmd := &cobra.Command{
		Use:   "bom [SCENARIO]",
		Short: "Bill of materials of a plan, per site and phase, reconciled with its capex",
		Long: `Write the bill of materials of a plan: for each site and phase, the new
accelerators, systems, rack enclosures, power shelves and PDUs, network
switches per fabric tier, optics, storage, cooling equipment (CDUs sized by
liquid heat, rear doors) and facility build at new-build sites, each with its
part ID, quantity, unit price, extended price and the catalog's source.

Each site's compute fabric is sized for the systems it holds with the same
fat-tree sizer as 'dcplan size'; the plan instead charges each rack a per-GPU
share of a reference cluster's fabric and storage, so the BOM total differs
from the plan's capex. The reconciliation at the end says by how much, per
category, and why. Accelerators are listed but their price is inside the
systems' and is not added twice.

With no SCENARIO, the embedded default scenario. The plan is solved as by
'dcplan plan', or taken from --allocation FILE.json (a JSON list of
{"site", "rack_config", "phase", "racks"} with racks cumulative by the phase).`,
		Example: `  dcplan bom
  dcplan bom scenario.yaml --format csv -o bom.csv --time-limit 30s
  dcplan bom scenario.yaml --allocation racks.json --format json`,
		Args: checkArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("format") && o.out != "" {
				// -o bom.csv or bom.json says the format.
				switch strings.ToLower(filepath.Ext(o.out)) {
				case ".csv":
					o.format = "csv"
				case ".json":
					o.format = "json"
				}
			}
			return runBom(cmd.Context(), streams, o, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.format, "format", "table", "output format: table, json or csv")
	f.StringVarP(&o.out, "output", "o", "", "write to FILE (atomically) instead of standard output; .csv or .json set the format")
	f.StringVar(&o.allocation, "allocation", "", "cost this allocation (JSON list of planner allocations) instead of solving")
	f.BoolVar(&o.force, "force", false, "overwrite an output file that dcplan did not write")
	f.DurationVar(&o.timeLimit, "time-limit", 0, "when solving: stop each solve after this long (e.g. 30s; 0: no limit)")
	f.Float64Var(&o.gap, "gap", 0, "when solving: relative gap at which to stop (0: prove optimality)")
	return cmd
}

func runBom(ctx context.Context, streams *IO, o *bomOptions, args []string) error {
	if err := checkFormat(o.format, "table", "json", "csv"); err != nil {
		return err
	}
	if o.gap < 0 || o.gap >= 1 {
		return usagef("--gap must be in [0, 1), got %g", o.gap)
	}
	if o.timeLimit < 0 {
		return usagef("--time-limit cannot be negative")
	}
	if o.out != "" {
		// Fail before a long solve rather than after it.
		if err := checkOverwrite(o.out, o.force); err != nil {
			return err
		}
	}
	sc, err := loadScenario(args)
	if err != nil {
		return err
	}
	var pl *planner.Plan
	var planErr error
	if o.allocation != "" {
		alloc, err := readAllocation(o.allocation)
		if err != nil {
			return err
		}
		if pl, err = planner.Evaluate(sc, alloc); err != nil {
			return err
		}
	} else {
		if ctx == nil {
			ctx = context.Background()
		}
		ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
		defer stop()
		pl, planErr = planner.Solve(ctx, sc, planner.SolveParams{TimeLimit: o.timeLimit, Gap: o.gap})
		if pl == nil {
			return planErr
		}
	}
	b, err := views.BuildBOM(sc, pl)
	if err != nil {
		return err
	}
	if o.out == "" {
		if err := views.RenderBOM(streams.Out, b, o.format, streams.Boxed); err != nil {
			return err
		}
		return planErr
	}
	var buf bytes.Buffer
	if err := views.RenderBOM(&buf, b, o.format, false); err != nil {
		return err
	}
	if err := writeFileAtomic(o.out, o.force, func(w2 io.Writer) error { _, err := w2.Write(buf.Bytes()); return err }); err != nil {
		return err
	}
	fmt.Fprintf(streams.Err, "wrote %s\n", o.out)
	return planErr // nil, or ErrInfeasible: the BOM of the partial plan is still written
}

// readAllocation reads a JSON list of allocations.
func readAllocation(path string) ([]planner.Allocation, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("--allocation: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var alloc []planner.Allocation
	if err := dec.Decode(&alloc); err != nil {
		return nil, usagef("--allocation %s: expected a JSON list of {\"site\", \"rack_config\", \"phase\", \"racks\"}: %v", path, err)
	}
	return alloc, nil
}
