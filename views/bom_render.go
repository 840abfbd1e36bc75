package views

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/dcplan/dcplan/internal/textable"
)

// RenderBOM writes a BOM as "table", "json" or "csv".
func RenderBOM(w io.Writer, b *BOM, format string, boxed bool) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(b)
	case "csv":
		return b.WriteCSV(w)
	case "table":
		return b.WriteTable(w, boxed)
	}
	return fmt.Errorf("unknown BOM format %q: expected table, json or csv", format)
}

// BOMTableTitle starts the first line of a BOM table (so dcplan knows its
// own files).
const BOMTableTitle = "Bill of materials, plan "

// WriteTable writes the BOM as one table per site and phase (fits 100
// columns; full descriptions and sources are in the JSON and CSV), then the
// reconciliation with the plan's capex.
func (b *BOM) WriteTable(w io.Writer, boxed bool) error {
	fmt.Fprintf(w, BOMTableTitle+"%s (new items per site and phase; power sized at %s draw)\n", b.Scenario, b.PowerBasis)
	i := 0
	for _, sec := range b.Sections {
		t := textable.Table{
			Title:   fmt.Sprintf("\nSite %s, phase %s: %s (plan capex %s)", sec.Site, sec.Phase, usd(sec.BOMUSD), usd(sec.PlanCapexUSD)),
			Header:  []string{"group / part", "quantity", "unit price", "extended", "est"},
			Numeric: []bool{false, true, true, true, false},
		}
		group := ""
		for ; i < len(b.Lines) && b.Lines[i].Site == sec.Site && b.Lines[i].Phase == sec.Phase; i++ {
			l := b.Lines[i]
			if l.Group != group {
				t.Rows = append(t.Rows, []string{l.Group + ":", "", "", "", ""})
			}
			group = l.Group
			part := "  " + l.Part
			if l.Role != "" {
				part += " (" + l.Role + ")"
			}
			ext := usd(l.ExtendedUSD)
			if !l.Counted {
				ext = "(" + ext + ")"
			}
			basis := ""
			if l.Estimate {
				basis = "est"
			}
			t.Rows = append(t.Rows, []string{part, quantity(l.Quantity, l.Unit), usd(l.UnitPriceUSD), ext, basis})
		}
		if err := textable.Render(w, t, boxed); err != nil {
			return err
		}
	}
	if len(b.Lines) == 0 {
		fmt.Fprintln(w, "\nThe plan installs nothing.")
	}
	fmt.Fprintln(w, "(bracketed: accelerators are inside their systems' price and not added to the total;")
	fmt.Fprintln(w, "est: the catalog marks the price an estimate; descriptions and sources: --format json or csv)")
	r := b.Reconciliation
	t := textable.Table{
		Title:   "\nReconciliation with the plan's capex",
		Header:  []string{"category", "plan", "BOM", "BOM - plan"},
		Numeric: []bool{false, true, true, true},
	}
	for _, c := range r.Categories {
		t.Rows = append(t.Rows, []string{c.Category, usd(c.PlanUSD), usd(c.BOMUSD), usd(c.DifferenceUSD)})
	}
	t.Rows = append(t.Rows, []string{"total", usd(r.PlanCapexUSD), usd(r.BOMTotalUSD), usd(r.DifferenceUSD)})
	if err := textable.Render(w, t, boxed); err != nil {
		return err
	}
	fmt.Fprintf(w, "Check: %s (%s).\n", r.Check, usd(r.PlanReportedUSD))
	for _, c := range r.Categories {
		if c.DifferenceUSD != 0 {
			fmt.Fprintf(w, "- %s: %s\n", c.Category, c.Why)
		}
	}
	return nil
}

var bomCSVHeader = []string{"site", "phase", "group", "part", "role", "description", "quantity", "unit", "unit_price_usd", "extended_usd",
	"counted_in_total", "charge", "source", "price_is_estimate", "note"}

// WriteCSV writes one row per BOM line, then the reconciliation rows (group
// "reconciliation"). Text from input is neutralised (safeCell).
func (b *BOM) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	rows := [][]string{bomCSVHeader}
	for _, l := range b.Lines {
		rows = append(rows, []string{safeCell(l.Site), safeCell(l.Phase), l.Group, safeCell(l.Part), safeCell(l.Role), safeCell(l.Description),
			fnum(l.Quantity), l.Unit, fnum(l.UnitPriceUSD), fnum(l.ExtendedUSD), strconv.FormatBool(l.Counted), l.Charge,
			safeCell(l.Source), strconv.FormatBool(l.Estimate), safeCell(l.Note)})
	}
	r := b.Reconciliation
	for _, c := range r.Categories {
		rows = append(rows, []string{"", "", "reconciliation", c.Category, "", "plan capex " + fnum(c.PlanUSD) + "; difference BOM - plan " + fnum(c.DifferenceUSD),
			"", "", "", fnum(c.BOMUSD), "", c.Category, "", "", c.Why})
	}
	rows = append(rows, []string{"", "", "reconciliation", "total", "", "plan capex " + fnum(r.PlanCapexUSD) + "; difference BOM - plan " + fnum(r.DifferenceUSD),
		"", "", "", fnum(r.BOMTotalUSD), "", "", "", "", r.Check})
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("bom csv: %w", err)
	}
	return nil
}

// usd formats dollars in full with cents: $1,234,567.89.
func usd(v float64) string {
	if v < 0 {
		return "-$" + groupFloat(-v, 2)
	}
	return "$" + groupFloat(v, 2)
}

func groupFloat(v float64, prec int) string { return num(v, prec) }

func quantity(q float64, unit string) string {
	if unit == "each" || unit == "" {
		return num(q, 0)
	}
	return num(q, 3) + " " + unit
}

// fnum is a plain, shortest round-trip number for CSV.
func fnum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
