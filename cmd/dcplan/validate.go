package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dcplan/dcplan/internal/strictyaml"
	"github.com/dcplan/dcplan/planner"
)

func newValidateCmd(streams *IO) *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario files and report every problem with file:line:column",
		Long: `Check scenario files (YAML or JSON) strictly: unknown fields, wrong types, bad
units, and cross-field problems such as an unknown accelerator, a duplicate site,
phases out of order, or a rack configuration denser than every site can cool.
Every problem in a file is reported at once as file:line:column: field: message.
Exits 2 if any file has a problem.`,
		Example: `  dcplan validate scenario.yaml
  dcplan validate plans/*.yaml`,
		Args: checkArgs(cobra.MinimumNArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error { return runValidate(streams, args) },
	}
}

func runValidate(streams *IO, files []string) error {
	bad := 0
	for _, f := range files {
		sc, err := planner.LoadFile(f)
		if err != nil {
			bad++
			var diags strictyaml.Diagnostics
			if errors.As(err, &diags) {
				for _, d := range diags {
					fmt.Fprintln(streams.Err, d.String())
				}
				continue
			}
			fmt.Fprintf(streams.Err, "%s: %v\n", f, err)
			continue
		}
		opts, filtered, err := planner.Options(sc)
		if err != nil {
			bad++
			fmt.Fprintf(streams.Err, "%s: %v\n", f, err)
			continue
		}
		fmt.Fprintf(streams.Out, "%s: ok: %d providers, %d sites, %d phases, %d demand rows, %d rack options (%d site/rack pairs filtered by cooling or density)\n",
			f, len(sc.Providers), len(sc.Sites), len(sc.Phases), len(sc.Demand), len(opts), len(filtered))
	}
	if bad > 0 {
		return usageError{fmt.Errorf("%d of %d files have problems", bad, len(files))}
	}
	return nil
}
