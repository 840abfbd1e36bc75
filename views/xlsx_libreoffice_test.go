package views

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dcplan/dcplan/hardware"
	"github.com/dcplan/dcplan/planner"
	"github.com/dcplan/dcplan/units"
)

// sofficeBinary finds LibreOffice, or "" when it is not installed.
func sofficeBinary() string {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// recalcProfile makes LibreOffice recalculate every formula of an OOXML file
// on load (its default is to trust cached values, and excelize writes none).
const recalcProfile = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`

// libreOfficeRecalc has LibreOffice open each workbook headless,
// recalculate and save it again as xlsx (with the computed values cached),
// all in one run because start-up is slow. It returns the output paths.
func libreOfficeRecalc(t *testing.T, soffice string, files []string) []string {
	t.Helper()
	profile := t.TempDir()
	if err := os.MkdirAll(filepath.Join(profile, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(recalcProfile), 0o644); err != nil {
		t.Fatal(err)
	}
	outDir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	args := append([]string{"-env:UserInstallation=file://" + profile, "--headless", "--norestore", "--nolockcheck",
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outDir}, files...)
	cmd := exec.CommandContext(ctx, soffice, args...)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	t.Logf("LibreOffice recalculated %d workbooks in %v", len(files), time.Since(start).Round(time.Millisecond))
	var paths []string
	for _, f := range files {
		p := filepath.Join(outDir, filepath.Base(f))
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("soffice wrote no %s: %v\n%s", p, err, out)
		}
		paths = append(paths, p)
	}
	return paths
}

// recalculated reads cached values back from a workbook LibreOffice saved.
type recalculated struct {
	t *testing.T
	f *excelize.File
}

func (r recalculated) num(addr string) float64 {
	r.t.Helper()
	sheet, c := splitRef(addr)
	v, err := r.f.GetCellValue(sheet, c, excelize.Options{RawCellValue: true})
	if err != nil {
		r.t.Fatalf("%s: %v", addr, err)
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		r.t.Fatalf("%s holds %q, not a number", addr, v)
	}
	return x
}

// splitRef splits "'Sheet name'!$A$1" into the sheet and "A1".
func splitRef(addr string) (string, string) {
	i := strings.LastIndexByte(addr, '!')
	return strings.Trim(addr[:i], "'"), strings.ReplaceAll(addr[i+1:], "$", "")
}

// noErrors fails on any error value (#NAME?, #VALUE!, Err:...) anywhere.
func (r recalculated) noErrors() {
	r.t.Helper()
	for _, sheet := range r.f.GetSheetList() {
		rows, err := r.f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			r.t.Fatal(err)
		}
		for i, row := range rows {
			for j, v := range row {
				if strings.HasPrefix(v, "#") || strings.HasPrefix(v, "Err:") {
					r.t.Errorf("%s!%s: %s after recalculation", sheet, cell(j+1, i+1), v)
				}
			}
		}
	}
}

// toCent: the recalculated figure rounds to the planner's (which is
// rounded to the cent).
func toCent(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 0.0051 {
		t.Errorf("%s: LibreOffice %.4f, dcplan %.2f (off by %.4f)", what, got, want, got-want)
	}
}

func close6(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-6+1e-12*math.Abs(want) {
		t.Errorf("%s: LibreOffice %.9g, dcplan %.9g", what, got, want)
	}
}

// edit is one change made both to a saved workbook (a cell set, as a user
// would) and to the scenario, to compare what LibreOffice and the planner
// make of it.
type edit struct {
	name  string
	cells func(sc *planner.Scenario, fx fixture) map[string]float64 // workbook cell key -> new value
	apply func(sc *planner.Scenario, fx fixture)
}

var edits = []edit{
	{"as written", nil, nil},
	{"electricity price of the first site x 1.5",
		func(sc *planner.Scenario, _ fixture) map[string]float64 {
			return map[string]float64{"electricity_price/" + sc.Sites[0].ID: newPrice(sc)}
		},
		func(sc *planner.Scenario, _ fixture) { sc.Sites[0].ElectricityPrice = units.EnergyPrice(newPrice(sc)) }},
	{"first system x 1.1, its fabric's switch x 1.2",
		func(sc *planner.Scenario, fx fixture) map[string]float64 {
			sys, sw := firstSystemAndSwitch(sc, fx)
			return map[string]float64{"price/" + sys.ID: sys.Price.USD() * 1.1, "price/" + sw.ID: sw.Price.USD() * 1.2}
		},
		func(sc *planner.Scenario, fx fixture) {
			if fx.name == "empty" {
				return
			}
			sys, sw := firstSystemAndSwitch(sc, fx)
			sys.Price, sw.Price = sys.Price*1.1, sw.Price*1.2
		}},
}

// firstSystemAndSwitch returns the system of the fixture's first allocation
// and the switch of its fabric: entries of sc's own catalog, so changing
// them changes sc.
func firstSystemAndSwitch(sc *planner.Scenario, fx fixture) (*hardware.System, *hardware.Switch) {
	cat := sc.Hardware.Catalog
	data, err := os.ReadFile(fx.alloc)
	if err != nil {
		panic(err)
	}
	var alloc []planner.Allocation
	if err := json.Unmarshal(data, &alloc); err != nil {
		panic(err)
	}
	rc := &cat.RackConfigs[0] // nothing placed: any system will do
	if len(alloc) > 0 {
		rc, _ = cat.RackConfig(alloc[0].RackConfig)
	}
	sys, _ := cat.System(rc.System)
	f, _ := cat.Fabric(sys.Fabric)
	sw, _ := cat.Switch(f.Switch)
	return sys, sw
}

func newPrice(sc *planner.Scenario) float64 {
	return math.Round(float64(sc.Sites[0].ElectricityPrice)*1.5*1e6) / 1e6
}

// TestWorkbookInLibreOffice has a real spreadsheet engine recalculate the
// workbook and checks every total against the planner's figures to the
// cent; then it edits assumptions in the file (one site's electricity price;
// a switch and a system price), recalculates, and compares the moved totals
// with what the planner computes for the same change.
func TestWorkbookInLibreOffice(t *testing.T) {
	soffice := sofficeBinary()
	if soffice == "" {
		t.Skip("LibreOffice (soffice or libreoffice) is not installed: skipping the spreadsheet-engine check; CI installs libreoffice-calc-nogui")
	}
	if testing.Short() {
		t.Skip("-short: LibreOffice takes seconds to start")
	}
	type job struct {
		sc    *planner.Scenario
		name  string
		cells map[string]string
		pl    *planner.Plan
		bom   *BOM
		file  int
	}
	dir := t.TempDir()
	var jobs []*job
	var files []string
	for _, fx := range fixtures {
		base, _ := fx.load(t) // the scenario as written, for the edits' new values
		orig := filepath.Join(dir, fx.name+".xlsx")
		var cells map[string]string
		for k, e := range edits {
			sc, err := planner.LoadFile(fx.scenario)
			if err != nil {
				t.Fatal(err)
			}
			if e.apply != nil {
				e.apply(sc, fx)
			}
			pl := evaluate(t, sc, fx.alloc)
			b, err := BuildBOM(sc, pl)
			if err != nil {
				t.Fatal(err)
			}
			path := orig
			if k == 0 {
				wb, err := BuildWorkbook(sc, pl)
				if err != nil {
					t.Fatal(err)
				}
				cells = wb.Cells
				// The bytes dcplan writes, as `plan -o` writes them.
				data, err := wb.Bytes()
				if err != nil {
					t.Fatal(err)
				}
				wb.File.Close()
				if err := os.WriteFile(orig, data, 0o644); err != nil {
					t.Fatal(err)
				}
			} else {
				// Edit the saved file as a user would: open, change, save.
				path = filepath.Join(dir, fmt.Sprintf("%s-edit%d.xlsx", fx.name, k))
				f, err := excelize.OpenFile(orig)
				if err != nil {
					t.Fatal(err)
				}
				for key, v := range e.cells(base, fx) {
					addr, ok := cells[key]
					if !ok && strings.HasPrefix(key, "price/") && fx.name == "empty" {
						continue // nothing placed, nothing priced
					}
					if !ok {
						t.Fatalf("%s: the workbook has no cell %s", fx.name, key)
					}
					sheet, c := splitRef(addr)
					if err := f.SetCellValue(sheet, c, v); err != nil {
						t.Fatal(err)
					}
				}
				if err := f.SaveAs(path); err != nil {
					t.Fatal(err)
				}
				f.Close()
			}
			jobs = append(jobs, &job{sc: sc, name: fx.name + ": " + e.name, cells: cells, pl: pl, bom: b, file: len(files)})
			files = append(files, path)
		}
	}
	outs := libreOfficeRecalc(t, soffice, files)
	for _, j := range jobs {
		t.Run(j.name, func(t *testing.T) {
			f, err := excelize.OpenFile(outs[j.file])
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			r := recalculated{t, f}
			r.noErrors()
			plan := j.pl
			tt := plan.Totals
			toCent(t, "capex", r.num(j.cells["capex_usd"]), tt.CapexUSD)
			toCent(t, "capex by year", r.num(j.cells["capex_schedule_usd"]), tt.CapexUSD)
			toCent(t, "TCO", r.num(j.cells["tco_usd"]), tt.TCOUSD)
			toCent(t, "opex per year", r.num(j.cells["opex_usd_per_year"]), tt.OpexUSDPerYear)
			// The schedule's NPV is the same cash flows without the
			// planner's per-rack rounding to the cent.
			if npv := r.num(j.cells["npv_usd"]); math.Abs(npv-tt.TCOUSD) > 0.005*float64(tt.Racks)+0.01 {
				t.Errorf("NPV %.2f, TCO %.2f: more apart than per-rack rounding", npv, tt.TCOUSD)
			}
			for _, ph := range plan.Phases {
				toCent(t, "capex of phase "+ph.ID, r.num(j.cells["phase_capex_usd/"+ph.ID]), ph.CapexUSD)
				toCent(t, "opex per year of phase "+ph.ID, r.num(j.cells["phase_opex_usd_per_year/"+ph.ID]), ph.OpexUSDPerYear)
				close6(t, "facility MW of phase "+ph.ID, r.num(j.cells["phase_facility_power_mw/"+ph.ID]), ph.FacilityPowerMW)
			}
			close6(t, "energy", r.num(j.cells["energy_mwh_per_year"]), tt.EnergyMWhPerYear)
			close6(t, "CO2", r.num(j.cells["co2_tonnes_per_year"]), tt.CO2TonnesPerYear)
			close6(t, "water", r.num(j.cells["summary/water_m3_per_year"]), tt.WaterM3PerYear)
			close6(t, "GPUs", r.num(j.cells["gpus"]), float64(tt.GPUs))
			close6(t, "IT MW", r.num(j.cells["summary/it_power_mw"]), tt.ITPowerMW)
			toCent(t, "BOM total", r.num(j.cells["bom_total_usd"]), j.bom.TotalUSD)
			// $ per GPU-hour: present value over the GPU-hours each
			// phase's new GPUs run to the horizon.
			var gpuHours float64
			for _, a := range plan.Allocation {
				q := j.sc.PhaseIndex(a.Phase)
				h := j.sc.Policy.Horizon.Sub(j.sc.Phases[q].Date.Time).Hours()
				gpuHours += float64(a.GPUs/max(a.Racks, 1)*a.New) * max(h, 0)
			}
			close6(t, "GPU-hours", r.num(j.cells["gpu_hours"]), gpuHours)
			if gpuHours > 0 {
				want := r.num(j.cells["npv_usd"]) / gpuHours
				if got := r.num(j.cells["usd_per_gpu_hour"]); math.Abs(got-want) > 1e-9*want {
					t.Errorf("$ per GPU-hour %.9g, want %.9g", got, want)
				}
			}
		})
	}
	// The edits must move what they should, or the comparison proves little.
	for i := 0; i+len(edits) <= len(jobs); i += len(edits) {
		base := jobs[i].pl.Totals
		if base.Racks == 0 {
			continue
		}
		if jobs[i+1].pl.Totals.OpexUSDPerYear == base.OpexUSDPerYear {
			t.Errorf("%s moved no opex", jobs[i+1].name)
		}
		if jobs[i+2].pl.Totals.CapexUSD == base.CapexUSD {
			t.Errorf("%s moved no capex", jobs[i+2].name)
		}
	}
}
