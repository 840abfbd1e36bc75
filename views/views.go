// Package views renders a planner.Plan: as tables for a terminal, as JSON.
// Views know nothing of how a plan was found; every view takes the same Plan.
package views

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dcplan/dcplan/internal/numfmt"
	"github.com/dcplan/dcplan/internal/textable"
	"github.com/dcplan/dcplan/planner"
)

// View renders a plan to a writer.
type View interface {
	Render(w io.Writer, pl *planner.Plan) error
}

// ByName returns the view for a --format value.
func ByName(format string, boxed bool) (View, error) {
	switch format {
	case "table":
		return Table{Boxed: boxed}, nil
	case "json":
		return JSON{}, nil
	case "csv":
		return CSV{}, nil
	}
	return nil, fmt.Errorf("unknown format %q: expected table, json or csv", format)
}

// ForFile returns the view that writes a file named path, by its extension:
// .xlsx (the workbook; it needs the scenario the plan was made from), .json
// or .csv.
func ForFile(path string, sc *planner.Scenario) (View, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
		return XLSX{Scenario: sc}, nil
	case ".json":
		return JSON{}, nil
	case ".csv":
		return CSV{}, nil
	}
	return nil, fmt.Errorf("%s: unknown extension %q: expected .xlsx, .json or .csv", path, filepath.Ext(path))
}

// JSON writes the plan as indented JSON. The same plan gives the same bytes.
type JSON struct{}

// Render implements View.
func (JSON) Render(w io.Writer, pl *planner.Plan) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(pl)
}

// Table writes the plan as a few tables that fit 100 columns.
type Table struct{ Boxed bool }

// Render implements View.
func (t Table) Render(w io.Writer, pl *planner.Plan) error {
	fmt.Fprintf(w, "Plan %s: %s\n", pl.Scenario, pl.Status)
	head := fmt.Sprintf("Objective %s: %s %s (bound %s, gap %.2g)", pl.ObjectiveKind, num(pl.Objective, 2), pl.ObjectiveUnit, num(pl.Bound, 2), pl.Gap)
	tt := pl.Totals
	totals := fmt.Sprintf("Totals: %s GPUs in %s racks, IT %s MW, facility %s MW (%s draw); capex %s, opex %s/yr, TCO %s",
		integer(tt.GPUs), integer(tt.Racks), num(tt.ITPowerMW, 1), num(tt.FacilityPowerMW, 1), pl.PowerBasis,
		money(tt.CapexUSD), money(tt.OpexUSDPerYear), money(tt.TCOUSD))
	for _, text := range []string{head, totals} {
		for i, line := range wrap(text, Width) {
			if i > 0 {
				line = "  " + line
			}
			fmt.Fprintln(w, line)
		}
	}
	fmt.Fprintln(w)
	phases := textable.Table{Title: "Phases", Header: []string{"phase", "GPUs", "racks", "new", "IT MW", "facility MW", "capex", "budget", "demand"},
		Numeric: []bool{false, true, true, true, true, true, true, true, false}}
	for _, p := range pl.Phases {
		budget := "-"
		if p.BudgetUSD > 0 {
			budget = money(p.BudgetUSD)
		}
		phases.Rows = append(phases.Rows, []string{p.ID, integer(p.GPUs), integer(p.Racks), integer(p.NewRacks), num(p.ITPowerMW, 1),
			num(p.FacilityPowerMW, 1), money(p.CapexUSD), budget, demandCell(p.Demand)})
	}
	if err := textable.Render(w, phases, t.Boxed); err != nil {
		return err
	}
	sites := textable.Table{Title: "\nSites at the last phase (utilisation of each limit)", Header: []string{"site", "provider", "racks", "GPUs", "power", "air", "liquid", "positions", "$/MW more"},
		Numeric: []bool{false, false, true, true, true, true, true, true, true}}
	for _, s := range pl.Sites {
		last := s.Phases[len(s.Phases)-1]
		row := []string{s.ID, s.Provider, integer(last.Racks), integer(last.GPUs)}
		for _, r := range last.Resources {
			cell := "-"
			if r.Capacity > 0 {
				cell = strconv.FormatFloat(r.Utilisation*100, 'f', 0, 64) + "%"
				for _, b := range last.Binding {
					if b == r.Name {
						cell += "*"
					}
				}
			}
			row = append(row, cell)
		}
		value := "-"
		if last.ValuesKnown {
			value = money(last.ValuePerMW)
		}
		row = append(row, value)
		sites.Rows = append(sites.Rows, row)
	}
	if err := textable.Render(w, sites, t.Boxed); err != nil {
		return err
	}
	fmt.Fprintln(w, "* binds: less than one more rack of the site's smallest option fits, or 99.9% is in use")
	prov := textable.Table{Title: "\nRight of first refusal: offered to each stage, taken by the provider, declined by the stage",
		Header:  []string{"provider", "rofr", "phase", "demand", "offered", "took", "declined"},
		Numeric: []bool{false, true, false, false, true, true, true}}
	for _, p := range pl.Providers {
		for _, ph := range p.Phases {
			for _, d := range ph.Demand {
				prov.Rows = append(prov.Rows, []string{p.ID, strconv.Itoa(p.ROFR), ph.Phase, d.What, num(d.Offered, 0), num(d.Took, 0), num(d.Declined, 0)})
			}
		}
	}
	if err := textable.Render(w, prov, t.Boxed); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nWhy:")
	for _, e := range pl.Explanation {
		for i, line := range wrap(e, Width-2) {
			prefix := "- "
			if i > 0 {
				prefix = "  "
			}
			fmt.Fprintln(w, prefix+line)
		}
	}
	return nil
}

// Width is the terminal width the table view fits.
const Width = 100

// wrap breaks text into lines of at most width characters at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case len(line)+1+len(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func demandCell(ds []planner.DemandStatus) string {
	var parts []string
	for _, d := range ds {
		if d.Short > 0 {
			parts = append(parts, fmt.Sprintf("%s %s short", num(d.Short, 0), d.Unit))
		} else {
			parts = append(parts, "met")
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}

func integer(n int) string { return numfmt.Int(n) }

func num(v float64, prec int) string { return numfmt.Float(v, prec) }

func money(v float64) string { return numfmt.Money(v) }
