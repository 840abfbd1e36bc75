package views

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// dumpWorkbook lists every non-empty cell of every sheet, with its formula
// where it has one, and the defined names: a reviewable text form of the
// workbook for a golden file.
func dumpWorkbook(t *testing.T, f *excelize.File) string {
	t.Helper()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "== %s\n", sheet)
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for i := range rows {
			for j := range rows[i] {
				c := cell(j+1, i+1)
				formula, err := f.GetCellFormula(sheet, c)
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case formula != "":
					fmt.Fprintf(&b, "%s =%s\n", c, formula)
				case rows[i][j] != "":
					fmt.Fprintf(&b, "%s %q\n", c, rows[i][j])
				}
			}
		}
	}
	b.WriteString("== defined names\n")
	for _, dn := range f.GetDefinedName() {
		fmt.Fprintf(&b, "%s [%s] %s\n", dn.Name, dn.Scope, dn.RefersTo)
	}
	return b.String()
}

func TestWorkbookGoldenDump(t *testing.T) {
	for _, fx := range fixtures[:2] {
		t.Run(fx.name, func(t *testing.T) {
			sc, pl := fx.load(t)
			wb, err := BuildWorkbook(sc, pl)
			if err != nil {
				t.Fatal(err)
			}
			defer wb.File.Close()
			golden(t, "workbook-"+fx.name+".txt", dumpWorkbook(t, wb.File))
		})
	}
}

func TestWorkbookDeterministic(t *testing.T) {
	sc, pl := fixtures[1].load(t)
	a, err := WorkbookBytes(sc, pl)
	if err != nil {
		t.Fatal(err)
	}
	// Several runs: excelize writes some parts in map order.
	for range 5 {
		b, err := WorkbookBytes(sc, pl)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatal("two renderings of the same plan differ")
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Created != "2000-01-01T00:00:00Z" || props.Modified != "2000-01-01T00:00:00Z" || props.Creator != "dcplan" {
		t.Errorf("document properties are not fixed: %+v", props)
	}
	path := filepath.Join(t.TempDir(), "plan.xlsx")
	if err := os.WriteFile(path, a, 0o644); err != nil {
		t.Fatal(err)
	}
	if !IsDcplanWorkbook(path) {
		t.Error("IsDcplanWorkbook does not recognise dcplan's own workbook")
	}
	other := excelize.NewFile()
	foreign := filepath.Join(t.TempDir(), "other.xlsx")
	if err := other.SaveAs(foreign); err != nil {
		t.Fatal(err)
	}
	if IsDcplanWorkbook(foreign) {
		t.Error("a workbook dcplan did not write is taken for its own")
	}
}

func TestWorkbookStructure(t *testing.T) {
	sc, pl := fixtures[1].load(t)
	wb, err := BuildWorkbook(sc, pl)
	if err != nil {
		t.Fatal(err)
	}
	f := wb.File
	defer f.Close()
	want := []string{SheetSummary, SheetAssumptions, SheetOptions, SheetAllocation, SheetSchedule, SheetSites, SheetROFR, SheetBOM, SheetEnergy}
	if diff := cmpStrings(want, f.GetSheetList()); diff != "" {
		t.Errorf("sheets: %s", diff)
	}
	names := map[string]string{}
	printAreas := map[string]bool{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Area" {
			printAreas[dn.Scope] = true
			continue
		}
		names[dn.Name] = dn.RefersTo
	}
	for _, n := range []string{nmDiscount, nmHorizon, nmLoad, "Elec_dallas", "Elec_ashburn", "Carbon_dallas", "PUE_liquid_dallas",
		"PUE_reardoor_ashburn", "BuildCost_dallas", "Price_gb200_nvl72", "Price_qm9700", "Price_ai_flash", "BOMTotal"} {
		if _, ok := names[n]; !ok {
			t.Errorf("no defined name %s", n)
		}
	}
	for _, s := range want {
		if !printAreas[s] {
			t.Errorf("sheet %s has no print area", s)
		}
		panes, err := f.GetPanes(s)
		if err != nil || !panes.Freeze {
			t.Errorf("sheet %s: header not frozen (%v)", s, err)
		}
	}
	// Totals are formulas, not pasted numbers.
	for _, key := range []string{"capex_usd", "tco_usd", "npv_usd", "opex_usd_per_year", "bom_total_usd", "energy_mwh_per_year"} {
		sheet, c := splitRef(wb.Cells[key])
		if fm, _ := f.GetCellFormula(sheet, c); fm == "" {
			t.Errorf("%s (%s) is not a formula", key, wb.Cells[key])
		}
	}
}

// TestWorkbookInjection: names from input that start with =, +, - or @ are
// text cells, never formulas.
func TestWorkbookInjection(t *testing.T) {
	sc, pl := fixtures[2].load(t)
	wb, err := BuildWorkbook(sc, pl)
	if err != nil {
		t.Fatal(err)
	}
	f := wb.File
	defer f.Close()
	found := 0
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		for i := range rows {
			for j, v := range rows[i] {
				c := cell(j+1, i+1)
				fm, _ := f.GetCellFormula(sheet, c)
				if strings.Contains(v, "HYPERLINK") || strings.Contains(v, "evil") || strings.Contains(v, "+one") || v == "'-a" {
					found++
					if fm != "" {
						t.Errorf("%s!%s holds input as a formula: %s", sheet, c, fm)
					}
					if !strings.HasPrefix(v, "'") && !strings.HasPrefix(v, "Plan '") {
						t.Errorf("%s!%s: input %q is not neutralised", sheet, c, v)
					}
				}
				if fm != "" && (strings.Contains(fm, "HYPERLINK") || strings.Contains(fm, "evil")) {
					t.Errorf("%s!%s: input reached a formula: %s", sheet, c, fm)
				}
			}
		}
	}
	if found == 0 {
		t.Fatal("the injection fixture's names appear nowhere: the test checks nothing")
	}
}

func cmpStrings(want, got []string) string {
	if strings.Join(want, "|") == strings.Join(got, "|") {
		return ""
	}
	return fmt.Sprintf("want %q, got %q", want, got)
}
