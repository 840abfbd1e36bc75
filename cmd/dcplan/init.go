package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/dcplan/dcplan/internal/atomicfile"
	"github.com/dcplan/dcplan/templates"
)

func newInitCmd(streams *IO) *cobra.Command {
	force := false
	cmd := &cobra.Command{
		Use:   "init DIR",
		Short: "Write a commented example scenario to start from",
		Long: `Write DIR/scenario.yaml, a small commented scenario (two providers, two sites,
two phases, a cluster) to edit into your own. DIR is created if needed; an
existing scenario.yaml is kept unless --force is given.`,
		Example: `  dcplan init my-plan && dcplan validate my-plan/scenario.yaml`,
		Args:    checkArgs(cobra.ExactArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			dir := args[0]
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("init: %w", err)
			}
			path := filepath.Join(dir, templates.ExampleFile)
			if _, err := os.Stat(path); err == nil && !force {
				return usagef("%s already exists; use --force to overwrite it", path)
			} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("init: %w", err)
			}
			if err := atomicfile.Write(path, templates.Example, 0o644); err != nil {
				return fmt.Errorf("init: %w", err)
			}
			fmt.Fprintf(streams.Out, "wrote %s\nnext: dcplan validate %s\n", path, path)
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "overwrite an existing scenario.yaml")
	return cmd
}
