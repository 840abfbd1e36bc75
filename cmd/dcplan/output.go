package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/dcplan/dcplan/internal/atomicfile"
	"github.com/dcplan/dcplan/planner"
	"github.com/dcplan/dcplan/views"
)

// outputOptions are the file outputs of `dcplan plan`: -o FILE (.xlsx,
// .json or .csv by extension), --charts DIR and --force.
type outputOptions struct {
	out, charts string
	force       bool
}

// addOutputFlags registers -o, --charts and --force on a command.
func addOutputFlags(f *pflag.FlagSet, o *outputOptions) {
	f.StringVarP(&o.out, "output", "o", "", "also write the plan to FILE: .xlsx (workbook with live formulas), .json or .csv")
	f.StringVar(&o.charts, "charts", "", "write charts (PNG and SVG) to DIR")
	f.BoolVar(&o.force, "force", false, "overwrite an output file that dcplan did not write")
}

// check fails early, before a long solve, on an -o whose extension is
// unknown or that would overwrite a file dcplan did not write without
// --force. (writePlanOutputs checks again when it writes.)
func (o *outputOptions) check() error {
	if o.out == "" {
		return nil
	}
	if _, err := views.ForFile(o.out, nil); err != nil {
		return usageError{fmt.Errorf("-o %w", err)}
	}
	return checkOverwrite(o.out, o.force)
}

// writePlanOutputs writes the files asked for by o; it does nothing when
// none is asked for. Called after the plan is solved and checked.
func writePlanOutputs(streams *IO, sc *planner.Scenario, pl *planner.Plan, o *outputOptions) error {
	if o.out != "" {
		if err := writePlanFile(sc, pl, o.out, o.force); err != nil {
			return err
		}
		fmt.Fprintf(streams.Err, "wrote %s\n", o.out)
	}
	if o.charts != "" {
		files, err := views.WriteCharts(o.charts, sc, pl, o.force)
		if errors.Is(err, views.ErrNotOurs) {
			return usageError{err}
		}
		if err != nil {
			return fmt.Errorf("--charts %s: %w", o.charts, err)
		}
		fmt.Fprintf(streams.Err, "wrote %d charts to %s\n", len(files), o.charts)
	}
	return nil
}

// writePlanFile writes the plan to path in the format its extension names.
func writePlanFile(sc *planner.Scenario, pl *planner.Plan, path string, force bool) error {
	view, err := views.ForFile(path, sc)
	if err != nil {
		return usageError{fmt.Errorf("-o %w", err)}
	}
	return writeFileAtomic(path, force, func(w io.Writer) error { return view.Render(w, pl) })
}

// writeFileAtomic renders to memory, then writes path atomically, so an
// error or an interrupt never leaves a partial file.
func writeFileAtomic(path string, force bool, render func(io.Writer) error) error {
	if err := checkOverwrite(path, force); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	if err := atomicfile.Write(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// checkOverwrite refuses to replace an existing file that dcplan did not
// write, unless force.
func checkOverwrite(path string, force bool) error {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("output %s: %w", path, err)
	}
	if st.IsDir() {
		return usagef("output %s is a directory", path)
	}
	if force || writtenByDcplan(path) {
		return nil
	}
	return usagef("%s exists and was not written by dcplan; use --force to overwrite it", path)
}

// writtenByDcplan recognises dcplan's own outputs: a workbook carrying its
// document property, a plan or BOM JSON document, or a CSV with its header.
func writtenByDcplan(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
		return views.IsDcplanWorkbook(path)
	case ".json":
		data, err := os.ReadFile(path)
		if err != nil {
			return false
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(data, &m) != nil {
			return false
		}
		_, plan := m["objective_kind"]
		_, bom := m["reconciliation"]
		return plan || bom
	case ".csv":
		f, err := os.Open(path)
		if err != nil {
			return false
		}
		defer f.Close()
		line, _ := bufio.NewReader(f).ReadString('\n')
		return views.IsDcplanCSVHeader(strings.TrimRight(line, "\r\n"))
	}
	// A BOM table (any other extension) starts with its title.
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	return strings.HasPrefix(line, views.BOMTableTitle)
}
