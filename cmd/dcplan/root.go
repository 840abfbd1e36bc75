package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dcplan/dcplan/internal/strictyaml"
	"github.com/dcplan/dcplan/internal/textable"
	"github.com/dcplan/dcplan/planner"
)

// Exit codes.
const (
	ExitOK         = 0
	ExitInternal   = 1
	ExitBadInput   = 2
	ExitInfeasible = 3
)

// IO is the command's streams, injected so tests can pass buffers.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
	// Boxed draws tables with rules (a terminal); plain otherwise.
	Boxed bool
}

// Stdio returns the process's streams.
func Stdio() *IO {
	return &IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Boxed: textable.IsTerminal(os.Stdout)}
}

// usageError marks a bad command line.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// Main runs dcplan with args and returns the exit code.
func Main(args []string, streams *IO) int {
	root := newRootCmd(streams)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	fmt.Fprintln(streams.Err, "dcplan: "+strings.TrimRight(err.Error(), "\n"))
	return exitCode(err)
}

func exitCode(err error) int {
	var diags strictyaml.Diagnostics
	var usage usageError
	switch {
	case errors.Is(err, planner.ErrInfeasible):
		return ExitInfeasible
	case errors.As(err, &diags), errors.As(err, &usage), errors.Is(err, planner.ErrBadRequest),
		strings.HasPrefix(err.Error(), "unknown command"):
		return ExitBadInput
	}
	return ExitInternal
}

func newRootCmd(streams *IO) *cobra.Command {
	root := &cobra.Command{
		Use:   "dcplan",
		Short: "Plan AI data-centre capacity across sites, providers and phases",
		Long: `dcplan plans AI data-centre capacity: which GPU racks go to which sites, under
each site's power, PUE, cooling and space limits, at what cost, energy and
carbon, and in which phase of a multi-year build.

Exit codes: 0 ok, 1 internal error, 2 bad input or usage, 3 demand cannot be met.`,
		Example: `  dcplan plan
  dcplan size --accelerator gb200 --count 9216
  dcplan catalog list
  dcplan validate scenario.yaml
  dcplan init my-plan`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(streams.Out)
	root.SetErr(streams.Err)
	root.SetIn(streams.In)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w\nRun '%s --help' for usage.", err, c.CommandPath())}
	})
	root.AddCommand(newPlanCmd(streams), newSizeCmd(streams), newCatalogCmd(streams), newValidateCmd(streams), newInitCmd(streams), newGenerateCmd(streams), newModelCmd(streams), newBomCmd(streams))
	return root
}

// checkArgs wraps a cobra argument validator so its errors are usage errors.
func checkArgs(v cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := v(cmd, args); err != nil {
			return usageError{fmt.Errorf("%w\nRun '%s --help' for usage.", err, cmd.CommandPath())}
		}
		return nil
	}
}

// checkFormat validates a --format flag against the accepted values.
func checkFormat(format string, accepted ...string) error {
	for _, a := range accepted {
		if format == a {
			return nil
		}
	}
	return usagef("unknown --format %q: expected %s", format, strings.Join(accepted, " or "))
}
