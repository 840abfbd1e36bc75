package views

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/dcplan/dcplan/planner"
)

// CSV writes a plan as one CSV table: a row per allocation (record
// "allocation"), a row per phase ("phase") and the totals ("total"). The
// same plan gives the same bytes.
type CSV struct{}

var planCSVHeader = []string{"record", "phase", "site", "provider", "rack_config", "racks", "new_racks", "gpus",
	"it_power_mw", "facility_power_mw", "capex_usd", "opex_usd_per_year", "budget_usd", "tco_usd", "status"}

// Render implements View.
func (CSV) Render(w io.Writer, pl *planner.Plan) error {
	rows := [][]string{planCSVHeader}
	for _, a := range pl.Allocation {
		rows = append(rows, []string{"allocation", safeCell(a.Phase), safeCell(a.Site), safeCell(a.Provider), safeCell(a.RackConfig),
			itoa(a.Racks), itoa(a.New), itoa(a.GPUs), fnum(a.ITPowerMW), "", fnum(a.CapexUSD), "", "", "", ""})
	}
	for _, p := range pl.Phases {
		status := "met"
		for _, d := range p.Demand {
			if d.Short > 0 {
				status = "short"
			}
		}
		rows = append(rows, []string{"phase", safeCell(p.ID), "", "", "", itoa(p.Racks), itoa(p.NewRacks), itoa(p.GPUs),
			fnum(p.ITPowerMW), fnum(p.FacilityPowerMW), fnum(p.CapexUSD), fnum(p.OpexUSDPerYear), fnum(p.BudgetUSD), "", status})
	}
	t := pl.Totals
	rows = append(rows, []string{"total", "", "", "", "", itoa(t.Racks), "", itoa(t.GPUs), fnum(t.ITPowerMW), fnum(t.FacilityPowerMW),
		fnum(t.CapexUSD), fnum(t.OpexUSDPerYear), "", fnum(t.TCOUSD), safeCell(pl.Status)})
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	return nil
}

// safeCell neutralises text taken from input that a spreadsheet would read
// as a formula (it begins with =, +, - or @, or a tab or carriage return
// that some programs strip first): a leading single quote makes it text.
func safeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

func itoa(n int) string { return strings.TrimSpace(fmt.Sprint(n)) }

// IsDcplanCSVHeader reports whether line is the header of a CSV dcplan
// writes (a plan or a BOM), so dcplan may overwrite its own files.
func IsDcplanCSVHeader(line string) bool {
	return line == strings.Join(planCSVHeader, ",") || line == strings.Join(bomCSVHeader, ",")
}
