package views

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dcplan/dcplan/hardware"
	"github.com/dcplan/dcplan/planner"
)

// Workbook sheet names.
const (
	SheetSummary     = "Summary"
	SheetAssumptions = "Assumptions"
	SheetOptions     = "Rack options"
	SheetAllocation  = "Allocation"
	SheetSchedule    = "Capex and Opex"
	SheetSites       = "Sites"
	SheetROFR        = "ROFR"
	SheetBOM         = "BOM"
	SheetEnergy      = "Energy and Carbon"
)

// WorkbookMarker is the custom document property that marks a workbook as
// written by dcplan (so dcplan may overwrite it without --force).
const WorkbookMarker = "dcplan"

// Workbook is a plan as an Excel workbook whose totals are formulas over an
// Assumptions sheet: change a price, a PUE or the discount rate and every
// dependent figure follows.
type Workbook struct {
	File *excelize.File
	// Cells maps a key figure to its cell ("Sheet!A1"), for tests and for
	// tools that read the workbook back: "capex_usd", "tco_usd",
	// "npv_usd", "opex_usd_per_year", "energy_mwh_per_year",
	// "co2_tonnes_per_year", "water_m3_per_year", "gpus", "racks",
	// "it_power_mw", "facility_power_mw", "usd_per_gpu_hour",
	// "bom_total_usd", "phase_capex_usd/PHASE", "phase_opex_usd_per_year/PHASE",
	// "phase_tco_usd/PHASE", "electricity_price/SITE", ...
	Cells map[string]string
}

// WorkbookBytes renders the workbook of a plan of sc.
func WorkbookBytes(sc *planner.Scenario, pl *planner.Plan) ([]byte, error) {
	wb, err := BuildWorkbook(sc, pl)
	if err != nil {
		return nil, err
	}
	defer wb.File.Close()
	return wb.Bytes()
}

// Bytes returns the workbook as an .xlsx file, the same bytes for the same
// plan.
func (wb *Workbook) Bytes() ([]byte, error) {
	buf, err := wb.File.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("workbook: %w", err)
	}
	return normaliseContentTypes(buf.Bytes())
}

var defaultType = regexp.MustCompile(`<Default [^>]*></Default>`)

// normaliseContentTypes sorts the <Default> entries of [Content_Types].xml,
// which excelize writes in map order once a workbook has charts, so that
// the same plan gives the same bytes. Every other zip entry is copied as it
// is, in the same order.
func normaliseContentTypes(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("workbook: %w", err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("workbook: %w", err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("workbook: %w", err)
		}
		if f.Name == "[Content_Types].xml" {
			if loc := defaultType.FindAllIndex(body, -1); len(loc) > 1 {
				parts := defaultType.FindAll(body, -1)
				sort.Slice(parts, func(i, j int) bool { return bytes.Compare(parts[i], parts[j]) < 0 })
				start, end := loc[0][0], loc[len(loc)-1][1]
				body = append(append(append([]byte{}, body[:start]...), bytes.Join(parts, nil)...), body[end:]...)
			}
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: f.Method})
		if err != nil {
			return nil, fmt.Errorf("workbook: %w", err)
		}
		if _, err := w.Write(body); err != nil {
			return nil, fmt.Errorf("workbook: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("workbook: %w", err)
	}
	return out.Bytes(), nil
}

// IsDcplanWorkbook reports whether the file at path is a workbook dcplan
// wrote (it carries the WorkbookMarker custom property).
func IsDcplanWorkbook(path string) bool {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return false
	}
	defer f.Close()
	props, err := f.GetCustomProps()
	if err != nil {
		return false
	}
	for _, p := range props {
		if p.Name == WorkbookMarker {
			return true
		}
	}
	return false
}

// XLSX renders a plan as a workbook; it needs the scenario the plan was
// made from (the assumptions).
type XLSX struct{ Scenario *planner.Scenario }

// Render implements View.
func (x XLSX) Render(w io.Writer, pl *planner.Plan) error {
	data, err := WorkbookBytes(x.Scenario, pl)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// book wraps an excelize file with the first error kept, styles by name and
// the defined names handed out.
type book struct {
	f      *excelize.File
	err    error
	styles map[string]int
	names  map[string]bool
	cells  map[string]string
}

func (b *book) fail(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

func (b *book) style(numFmt string, bold bool, fill string) int {
	key := fmt.Sprintf("%s|%v|%s", numFmt, bold, fill)
	if id, ok := b.styles[key]; ok {
		return id
	}
	st := &excelize.Style{}
	if numFmt != "" {
		nf := numFmt
		st.CustomNumFmt = &nf
	}
	if bold {
		st.Font = &excelize.Font{Bold: true}
	}
	if fill != "" {
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}}
	}
	id, err := b.f.NewStyle(st)
	b.fail(err)
	b.styles[key] = id
	return id
}

// Number formats, with units.
const (
	fmtUSD    = `"$"#,##0.00`
	fmtInt    = `#,##0`
	fmtMW     = `#,##0.000" MW"`
	fmtKW     = `#,##0.000" kW"`
	fmtMWh    = `#,##0.0" MWh"`
	fmtTonnes = `#,##0.0" t"`
	fmtM3     = `#,##0.0" m³"`
	fmtPct    = `0.00%`
	fmtDate   = `yyyy-mm-dd`
	fmtPUE    = `0.000`
	fmtPrice  = `0.0000" $/kWh"`
	fmtCarbon = `#,##0.0" g/kWh"`
	fmtWUE    = `0.000" L/kWh"`
	fmtPerMW  = `"$"#,##0" /MW"`
	fmtFactor = `0.000000`
	fmtYears  = `0.0000" y"`
	fmtPB     = `#,##0.000" PB"`
	fillInput = "FFF2CC" // editable assumptions
)

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func abs(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row, true)
	return c
}

func colName(col int) string {
	c, _ := excelize.ColumnNumberToName(col)
	return c
}

// ref is an absolute reference to a cell on another sheet.
func ref(sheet string, col, row int) string { return quoteSheet(sheet) + "!" + abs(col, row) }

// rng is an absolute range of one column, rows from..to.
func rng(sheet string, col, from, to int) string {
	return quoteSheet(sheet) + "!" + abs(col, from) + ":" + abs(col, to)
}

func quoteSheet(s string) string {
	if strings.ContainsAny(s, " -") {
		return "'" + s + "'"
	}
	return s
}

// text writes a string cell; text from input that a spreadsheet could take
// for a formula is neutralised as in CSV.
func (b *book) text(sheet string, col, row int, s string) {
	b.fail(b.f.SetCellStr(sheet, cell(col, row), safeCell(s)))
}

func (b *book) label(sheet string, col, row int, s string) {
	b.fail(b.f.SetCellStr(sheet, cell(col, row), s))
	b.fail(b.f.SetCellStyle(sheet, cell(col, row), cell(col, row), b.style("", true, "")))
}

func (b *book) value(sheet string, col, row int, v any, numFmt string) {
	b.fail(b.f.SetCellValue(sheet, cell(col, row), v))
	if numFmt != "" {
		b.fail(b.f.SetCellStyle(sheet, cell(col, row), cell(col, row), b.style(numFmt, false, "")))
	}
}

// input writes an editable assumption and gives it a defined name.
func (b *book) input(sheet string, col, row int, v any, numFmt, name string) string {
	b.fail(b.f.SetCellValue(sheet, cell(col, row), v))
	b.fail(b.f.SetCellStyle(sheet, cell(col, row), cell(col, row), b.style(numFmt, false, fillInput)))
	if name != "" {
		b.fail(b.f.SetDefinedName(&excelize.DefinedName{Name: name, RefersTo: ref(sheet, col, row)}))
	}
	return name
}

func (b *book) formula(sheet string, col, row int, f, numFmt string) {
	b.fail(b.f.SetCellFormula(sheet, cell(col, row), f))
	if numFmt != "" {
		b.fail(b.f.SetCellStyle(sheet, cell(col, row), cell(col, row), b.style(numFmt, false, "")))
	}
}

func (b *book) header(sheet string, row int, cols ...string) {
	for i, c := range cols {
		b.label(sheet, i+1, row, c)
	}
}

// finish freezes the header, sizes columns and sets the print area.
func (b *book) finish(sheet string, headerRow, lastCol, lastRow int, widths ...float64) {
	if headerRow > 0 {
		b.fail(b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: cell(1, headerRow+1), ActivePane: "bottomLeft"}))
	}
	for i := 1; i <= lastCol; i++ {
		w := 14.0
		if i-1 < len(widths) {
			w = widths[i-1]
		}
		b.fail(b.f.SetColWidth(sheet, colName(i), colName(i), w))
	}
	if lastRow < 1 {
		lastRow = 1
	}
	b.fail(b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: quoteSheet(sheet) + "!" + abs(1, 1) + ":" + abs(lastCol, lastRow), Scope: sheet}))
	landscape := "landscape"
	fit := 1
	b.fail(b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &fit}))
}

var nameBad = regexp.MustCompile(`[^A-Za-z0-9_]`)

// name returns a unique defined name prefix_id (IDs may hold characters a
// name may not).
func (b *book) name(prefix, id string) string {
	n := prefix + "_" + nameBad.ReplaceAllString(id, "_")
	base := n
	for i := 2; b.names[n]; i++ {
		n = fmt.Sprintf("%s_%d", base, i)
	}
	b.names[n] = true
	return n
}

var coolingKey = map[hardware.Cooling]string{hardware.Air: "air", hardware.RearDoor: "reardoor", hardware.DirectLiquid: "liquid", hardware.Immersion: "immersion"}

// BuildWorkbook lays out the workbook of a plan of sc.
func BuildWorkbook(sc *planner.Scenario, pl *planner.Plan) (*Workbook, error) {
	opts, _, err := planner.Options(sc)
	if err != nil {
		return nil, fmt.Errorf("workbook: rack options: %w", err)
	}
	bom, err := BuildBOM(sc, pl)
	if err != nil {
		return nil, fmt.Errorf("workbook: %w", err)
	}
	f := excelize.NewFile()
	b := &book{f: f, styles: map[string]int{}, names: map[string]bool{}, cells: map[string]string{}}
	for i, s := range []string{SheetSummary, SheetAssumptions, SheetOptions, SheetAllocation, SheetSchedule, SheetSites, SheetROFR, SheetBOM, SheetEnergy} {
		if i == 0 {
			b.fail(f.SetSheetName("Sheet1", s))
			continue
		}
		_, err := f.NewSheet(s)
		b.fail(err)
	}
	// Fixed properties: the same plan gives the same workbook, run to run.
	fixed := "2000-01-01T00:00:00Z"
	b.fail(f.SetDocProps(&excelize.DocProperties{
		Title: "dcplan plan: " + sc.Name, Subject: "AI data-centre capacity plan", Creator: "dcplan", LastModifiedBy: "dcplan",
		Category: "dcplan plan", Description: "Written by dcplan. Totals are formulas over the Assumptions sheet.",
		Created: fixed, Modified: fixed, Language: "en-US", Revision: "1",
	}))
	b.fail(f.SetCustomProps(excelize.CustomProperty{Name: WorkbookMarker, Value: "plan workbook"}))
	full := true
	b.fail(f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}))

	w := &wbState{book: b, sc: sc, pl: pl, opts: opts, bom: bom}
	w.assumptions()
	w.options()
	w.allocation()
	w.schedule()
	w.summary()
	w.sites()
	w.rofr()
	w.bomSheet()
	w.energy()
	w.summaryCharts()
	f.SetActiveSheet(0)
	if b.err != nil {
		f.Close()
		return nil, fmt.Errorf("workbook: %w", b.err)
	}
	return &Workbook{File: f, Cells: b.cells}, nil
}

type wbState struct {
	*book
	sc   *planner.Scenario
	pl   *planner.Plan
	opts []planner.Option
	bom  *BOM

	siteRow   map[string]int    // Assumptions row of a site
	siteNames map[string]siteNm // defined names per site
	pueNames  map[string]string // "site/cooling" -> defined name of the PUE
	phaseNms  map[string]string // phase -> defined name of its date
	budgetNms map[string]string // phase -> defined name of its budget
	phaseRow  map[string]int    // Assumptions row of a phase
	price     map[string]string // catalog ID -> defined name of its price
	optRow    map[string]int    // "site/rack" -> Rack options row
	optUsed   []int             // option indexes on the Rack options sheet
	allocN    int               // allocation rows (2..allocN+1)
	schedRow  map[string]int    // Capex and Opex row of a phase
	yearFrom  int
	yearTo    int
	yearRow0  int

	catRow0     int                  // first row of the capex-by-category block (Capex and Opex)
	chartRow    int                  // first row of the charts on Summary
	powerRow0   int                  // first row of the power-ramp block (Sites)
	shares      map[string]*refShare // system ID -> reference fabric
	sharesOrder []string
	tier        *hardware.Storage
}

// refShare is the reference cluster whose fabric a system's racks pay a
// per-GPU share of, and the row of its share on the Rack options sheet.
type refShare struct {
	sys  *hardware.System
	gpus int
	nb   planner.NetworkBill
	row  int
}

type siteNm struct{ elec, carbon, wue, newBuild, buildCost string }

const (
	nmDiscount = "DiscountRate"
	nmHorizon  = "Horizon"
	nmStart    = "StartDate"
	nmLoad     = "LoadFactor"
	nmHours    = "HoursPerYear"
	nmDays     = "DaysPerYear"
)

func excelDate(t time.Time) time.Time { return t.UTC() }

func (w *wbState) assumptions() {
	s := SheetAssumptions
	sc := w.sc
	w.label(s, 1, 1, "Assumptions: edit the shaded cells; every dependent figure in the workbook follows")
	w.header(s, 2, "assumption", "value", "unit", "defined name", "note")
	policy := []struct {
		label string
		v     any
		fmt   string
		unit  string
		name  string
		note  string
	}{
		{"Discount rate", sc.Policy.DiscountRate, fmtPct, "per year", nmDiscount, "cash flows discounted to the first phase's date"},
		{"Horizon", excelDate(sc.Policy.Horizon.Time), fmtDate, "date", nmHorizon, "opex is counted to this date"},
		{"First phase date", excelDate(sc.Phases[0].Date.Time), fmtDate, "date", nmStart, "the date money is discounted to (follows the first phase's date below)"},
		{"Load factor", sc.Policy.LoadFactor, fmtPct, "of the power basis", nmLoad, "average draw for energy, opex, carbon and water; power basis " + string(sc.Policy.PowerBasis)},
		{"Hours per year", 8760.0, fmtInt, "h", nmHours, "365-day planning year"},
		{"Days per year (discounting)", 365.25, "0.00", "days", nmDays, "years between dates = days / 365.25"},
	}
	row := 3
	for _, p := range policy {
		w.text(s, 1, row, p.label)
		w.input(s, 2, row, p.v, p.fmt, p.name)
		w.text(s, 3, row, p.unit)
		w.text(s, 4, row, p.name)
		w.text(s, 5, row, p.note)
		row++
	}
	// Sites.
	row++
	w.label(s, 1, row, "Sites")
	row++
	w.header(s, row, "site", "name", "provider", "electricity price", "grid carbon", "WUE", "new build (1/0)", "build cost", "PUE air", "PUE rear-door", "PUE liquid", "PUE immersion")
	row++
	w.siteRow, w.siteNames, w.pueNames = map[string]int{}, map[string]siteNm{}, map[string]string{}
	for i := range sc.Sites {
		site := &sc.Sites[i]
		w.siteRow[site.ID] = row
		w.text(s, 1, row, site.ID)
		w.text(s, 2, row, site.Name)
		w.text(s, 3, row, site.Provider)
		nm := siteNm{
			elec: w.input(s, 4, row, float64(site.ElectricityPrice), fmtPrice, w.name("Elec", site.ID)),
			// Grid carbon is stored in g/kWh, WUE in L/kWh, as the scenario writes them.
			carbon:    w.input(s, 5, row, float64(site.GridCarbon), fmtCarbon, w.name("Carbon", site.ID)),
			wue:       w.input(s, 6, row, float64(site.WUE), fmtWUE, w.name("WUE", site.ID)),
			newBuild:  w.input(s, 7, row, boolInt(site.NewBuild), fmtInt, w.name("NewBuild", site.ID)),
			buildCost: w.input(s, 8, row, site.BuildCost.PerMW(), fmtPerMW, w.name("BuildCost", site.ID)),
		}
		w.siteNames[site.ID] = nm
		w.cells["electricity_price/"+site.ID] = ref(s, 4, row)
		for k, c := range hardware.CoolingTypes {
			if p, ok := site.PUE.Get(c); ok {
				w.pueNames[site.ID+"/"+string(c)] = w.input(s, 9+k, row, float64(p), fmtPUE, w.name("PUE_"+coolingKey[c], site.ID))
			}
		}
		row++
	}
	// Phases.
	row++
	w.label(s, 1, row, "Phases")
	row++
	w.header(s, row, "phase", "date", "budget")
	row++
	w.phaseRow, w.phaseNms, w.budgetNms = map[string]int{}, map[string]string{}, map[string]string{}
	for _, ph := range sc.Phases {
		w.phaseRow[ph.ID] = row
		w.text(s, 1, row, ph.ID)
		w.phaseNms[ph.ID] = w.input(s, 2, row, excelDate(ph.Date.Time), fmtDate, w.name("PhaseDate", ph.ID))
		if ph.Budget > 0 {
			w.budgetNms[ph.ID] = w.input(s, 3, row, ph.Budget.USD(), fmtUSD, w.name("Budget", ph.ID))
		}
		row++
	}
	// The discounting origin follows the first phase's date.
	w.formula(s, 2, 5, w.phaseNms[sc.Phases[0].ID], fmtDate)
	// Prices: every catalog entry the plan or its BOM uses.
	row++
	w.label(s, 1, row, "Prices (catalog)")
	row++
	w.header(s, row, "id", "kind", "price", "unit", "estimate", "name", "source")
	row++
	w.price = map[string]string{}
	addPrice := func(id, kind string, usd float64, unit string, est bool, name, source string) {
		if _, ok := w.price[id]; ok {
			return
		}
		w.text(s, 1, row, id)
		w.text(s, 2, row, kind)
		w.price[id] = w.input(s, 3, row, usd, fmtUSD, w.name("Price", id))
		w.cells["price/"+id] = ref(s, 3, row)
		w.text(s, 4, row, unit)
		w.text(s, 5, row, estWord(est))
		w.text(s, 6, row, name)
		w.text(s, 7, row, source)
		row++
	}
	cat := sc.Hardware.Catalog
	for _, i := range w.usedOptions() {
		o := &w.opts[i]
		addPrice(o.Accelerator.ID, "accelerator", o.Accelerator.Price.USD(), "each", o.Accelerator.IsEstimate("price"), o.Accelerator.Name, o.Accelerator.Source)
		addPrice(o.System.ID, "system", o.System.Price.USD(), "each", o.System.IsEstimate("price"), o.System.Name, o.System.Source)
		parts := []hardware.PartCount{{Part: o.Rack.Enclosure, Count: 1}}
		parts = append(parts, o.Rack.Power...)
		parts = append(parts, o.Rack.CoolingParts...)
		for _, pc := range parts {
			if p, ok := cat.Part(pc.Part); ok {
				addPrice(p.ID, p.Kind, p.Price.USD(), "each", p.IsEstimate("price"), p.Name, p.Source)
			}
		}
	}
	// The fabric and storage of the reference cluster each rack pays a
	// per-GPU share of (planner/doc.go), so that their prices are live too.
	w.shares = map[string]*refShare{}
	tierS, err := sc.StorageTier()
	w.fail(err)
	w.tier = tierS
	enc, hasEnc := cat.Part("rack-42u")
	if hasEnc {
		addPrice(enc.ID, enc.Kind, enc.Price.USD(), "each", enc.IsEstimate("price"), enc.Name, enc.Source)
	}
	if tierS != nil {
		addPrice(tierS.ID, "storage", tierS.PricePerPB.USD(), "per PB", tierS.IsEstimate("price_per_pb"), tierS.Name, tierS.Source)
	}
	for _, i := range w.usedOptions() {
		sys := w.opts[i].System
		if _, ok := w.shares[sys.ID]; ok {
			continue
		}
		systems := max(1, (sc.FabricScale()+sys.Accelerators-1)/sys.Accelerators)
		nb, err := planner.SizeNetwork(cat, sys, systems, sc.Policy.PowerBasis)
		if err != nil {
			w.fail(fmt.Errorf("fabric share of %s: %w", sys.ID, err))
			continue
		}
		w.shares[sys.ID] = &refShare{sys: sys, gpus: systems * sys.Accelerators, nb: nb}
		w.sharesOrder = append(w.sharesOrder, sys.ID)
		addPrice(nb.Switch.ID, "switch", nb.Switch.Price.USD(), "each", nb.Switch.IsEstimate("price"), nb.Switch.Name, nb.Switch.Source)
		addPrice(nb.NodeOptic.ID, "optic", nb.NodeOptic.Price.USD(), "each", nb.NodeOptic.IsEstimate("price"), nb.NodeOptic.Name, nb.NodeOptic.Source)
		addPrice(nb.SwitchOptic.ID, "optic", nb.SwitchOptic.Price.USD(), "each", nb.SwitchOptic.IsEstimate("price"), nb.SwitchOptic.Name, nb.SwitchOptic.Source)
	}
	for _, l := range w.bom.Lines {
		if l.Group == GroupBuild {
			continue
		}
		unit := "each"
		if l.Unit == "PB" {
			unit = "per PB"
		}
		addPrice(l.Part, l.Group, l.UnitPriceUSD, unit, l.Estimate, l.Description, l.Source)
	}
	w.finish(s, 2, 12, row, 30, 16, 14, 18, 16, 14, 16, 18, 40, 12, 12, 12)
}

// usedOptions returns the indexes of the options the plan places, in
// option order.
func (w *wbState) usedOptions() []int {
	if w.optUsed != nil {
		return w.optUsed
	}
	used := map[string]bool{}
	for _, a := range w.pl.Allocation {
		used[a.Site+"/"+a.RackConfig] = true
	}
	w.optUsed = []int{}
	for i := range w.opts {
		if used[w.opts[i].Name()] {
			w.optUsed = append(w.optUsed, i)
		}
	}
	return w.optUsed
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func estWord(est bool) string {
	if est {
		return "estimate"
	}
	return "published"
}

// Rack options columns.
const (
	ocSite = iota + 1
	ocRack
	ocCooling
	ocSystems
	ocGPUs
	ocIT
	ocPUE
	ocFacility
	ocCapexSystems
	ocCapexRack
	ocCapexNetwork
	ocCapexStorage
	ocCapexBuild
	ocCapex
	ocEnergy
	ocOpex
	ocCO2
	ocWater
	ocHeatAir
	ocHeatLiquid
	ocPositions
	ocLast = ocPositions
)

func (w *wbState) options() {
	s := SheetOptions
	w.header(s, 1, "site", "rack config", "cooling", "systems / rack", "GPUs / rack", "IT / rack", "PUE", "facility / rack",
		"systems capex", "rack parts capex", "fabric share", "storage share", "build capex", "capex / rack",
		"energy / year", "opex / year", "CO2 / year", "water / year", "heat to air", "heat to liquid", "positions")
	w.optRow = map[string]int{}
	cat := w.sc.Hardware.Catalog
	// The shares block sits below the options; its rows are known now.
	shTop := 2 + len(w.usedOptions()) + 2
	for k, id := range w.sharesOrder {
		w.shares[id].row = shTop + 2 + k
	}
	row := 2
	for _, i := range w.usedOptions() {
		o := &w.opts[i]
		nm := w.siteNames[o.Site.ID]
		w.optRow[o.Name()] = row
		w.text(s, ocSite, row, o.Site.ID)
		w.text(s, ocRack, row, o.Rack.ID)
		w.text(s, ocCooling, row, string(o.Rack.Cooling))
		w.value(s, ocSystems, row, o.Rack.Systems, fmtInt)
		w.value(s, ocGPUs, row, o.GPUs, fmtInt)
		// IT per rack includes the rack's per-GPU share of fabric and
		// storage power (planner/doc.go); it is sized, not an input.
		w.value(s, ocIT, row, o.ITPower.KW(), fmtKW)
		w.formula(s, ocPUE, row, w.pueNames[o.Site.ID+"/"+string(o.Rack.Cooling)], fmtPUE)
		w.formula(s, ocFacility, row, cell(ocIT, row)+"*"+cell(ocPUE, row), fmtKW)
		w.formula(s, ocCapexSystems, row, fmt.Sprintf("%s*%s", cell(ocSystems, row), w.price[o.System.ID]), fmtUSD)
		parts := []string{w.price[o.Rack.Enclosure]}
		for _, pc := range append(append([]hardware.PartCount{}, o.Rack.Power...), o.Rack.CoolingParts...) {
			if _, ok := cat.Part(pc.Part); ok {
				parts = append(parts, fmt.Sprintf("%s*%s", trimFloat(pc.Count), w.price[pc.Part]))
			}
		}
		w.formula(s, ocCapexRack, row, strings.Join(parts, "+"), fmtUSD)
		// The fabric and storage shares are per-GPU parts of a reference
		// cluster (planner/doc.go); the BOM sheet counts the real switches.
		sh := w.shares[o.System.ID]
		w.formula(s, ocCapexNetwork, row, fmt.Sprintf("%s*%s", cell(ocGPUs, row), abs(shFabricPerGPU, sh.row)), fmtUSD)
		w.formula(s, ocCapexStorage, row, fmt.Sprintf("%s*%s", cell(ocGPUs, row), abs(shStoragePerGPU, sh.row)), fmtUSD)
		w.formula(s, ocCapexBuild, row, fmt.Sprintf("%s*%s/1000*%s", nm.newBuild, cell(ocFacility, row), nm.buildCost), fmtUSD)
		w.formula(s, ocCapex, row, fmt.Sprintf("SUM(%s:%s)", cell(ocCapexSystems, row), cell(ocCapexBuild, row)), fmtUSD)
		w.formula(s, ocEnergy, row, fmt.Sprintf("%s*%s*%s/1000", cell(ocFacility, row), nmHours, nmLoad), fmtMWh)
		w.formula(s, ocOpex, row, fmt.Sprintf("%s*1000*%s", cell(ocEnergy, row), nm.elec), fmtUSD)
		w.formula(s, ocCO2, row, fmt.Sprintf("%s*%s/1000", cell(ocEnergy, row), nm.carbon), fmtTonnes)
		w.formula(s, ocWater, row, fmt.Sprintf("%s*%s*%s*%s/1000", cell(ocIT, row), nmHours, nmLoad, nm.wue), fmtM3)
		w.value(s, ocHeatAir, row, o.HeatAir.KW(), fmtKW)
		w.value(s, ocHeatLiquid, row, o.HeatLiquid.KW(), fmtKW)
		w.value(s, ocPositions, row, o.Positions, "0.0000")
		row++
	}
	w.shareBlock(shTop)
	w.finish(s, 1, ocLast, shTop+1+len(w.sharesOrder), 14, 24, 10, 10, 10, 14, 8, 14, 16, 16, 14, 14, 14, 16, 16, 16, 14, 14, 14, 14, 10)
}

// Shares block columns (Rack options sheet).
const (
	shSystem = iota + 1
	shFabric
	shGPUs
	shSwitches
	shNodeOptic
	shNodeOptics
	shSwitchOptic
	shSwitchOptics
	shNetRacks
	shFabricPerGPU
	shTier
	shPBPerGPU
	shPBPerRack
	shStoragePerGPU
)

// shareBlock writes, per system type, the reference cluster's fabric (sized
// by the planner) and the per-GPU fabric and storage capex as formulas over
// the Assumptions prices: the rack options' shares (planner/doc.go).
func (w *wbState) shareBlock(top int) {
	s := SheetOptions
	w.label(s, 1, top, fmt.Sprintf("Per-GPU fabric and storage shares: the fabric of a reference cluster of %d GPUs (policy.fabric_scale) and storage per GPU; counts are sized by the planner, prices live", w.sc.FabricScale()))
	w.header(s, top+1, "system", "fabric", "reference GPUs", "switches", "node optic", "node optics", "switch optic", "switch optics",
		"network racks", "fabric capex / GPU", "storage tier", "PB / GPU", "PB / rack", "storage capex / GPU")
	rack := "0"
	if n, ok := w.price["rack-42u"]; ok {
		rack = n
	}
	for _, id := range w.sharesOrder {
		sh := w.shares[id]
		r, nb := sh.row, sh.nb
		w.text(s, shSystem, r, id)
		w.text(s, shFabric, r, nb.Fabric.ID)
		w.value(s, shGPUs, r, sh.gpus, fmtInt)
		w.value(s, shSwitches, r, nb.Tree.TotalSwitches(), fmtInt)
		w.text(s, shNodeOptic, r, nb.NodeOptic.ID)
		w.value(s, shNodeOptics, r, nb.NodeOptics, fmtInt)
		w.text(s, shSwitchOptic, r, nb.SwitchOptic.ID)
		w.value(s, shSwitchOptics, r, nb.SwitchOptics, fmtInt)
		// Network racks are not rounded up: the share is exact per GPU.
		w.formula(s, shNetRacks, r, fmt.Sprintf("%s/%d", cell(shSwitches, r), nb.Fabric.SwitchesPerRack), "0.000")
		w.formula(s, shFabricPerGPU, r, fmt.Sprintf("(%s*%s+%s*%s+%s*%s+%s*%s)/%s",
			cell(shSwitches, r), w.price[nb.Switch.ID], cell(shNodeOptics, r), w.price[nb.NodeOptic.ID],
			cell(shSwitchOptics, r), w.price[nb.SwitchOptic.ID], cell(shNetRacks, r), rack, cell(shGPUs, r)), fmtUSD)
		if t := w.tier; t != nil {
			w.text(s, shTier, r, t.ID)
			w.value(s, shPBPerGPU, r, t.PerGPU.PB(), "0.000000")
			w.value(s, shPBPerRack, r, t.PBPerRack, "0.00")
			w.formula(s, shStoragePerGPU, r, fmt.Sprintf("%[1]s*%[2]s+%[1]s/%[3]s*%[4]s", cell(shPBPerGPU, r), w.price[t.ID], cell(shPBPerRack, r), rack), fmtUSD)
		} else {
			w.value(s, shStoragePerGPU, r, 0, fmtUSD)
		}
	}
}

func trimFloat(v float64) string { return fnum(v) }

// Allocation columns.
const (
	acSite = iota + 1
	acProvider
	acRack
	acPhase
	acRacks
	acNew
	acGPUs
	acIT
	acFacility
	acCapex
	acOpex
	acEnergy
	acCO2
	acWater
	acDate
	acTCORack
	acTCO
	acNewOpex
	acNewEnergy
	acNewCO2
	acNewGPUs
	acHeatAir
	acHeatLiquid
	acPositions
	acCapSystems // capex of the new racks by category, for the capex chart
	acCapRack
	acCapNetwork
	acCapStorage
	acCapBuild
	acLast = acCapBuild
)

func (w *wbState) allocation() {
	s := SheetAllocation
	w.header(s, 1, "site", "provider", "rack config", "phase", "racks in place", "new racks", "GPUs", "IT power", "facility power",
		"capex (new racks)", "opex / year", "energy / year", "CO2 / year", "water / year", "phase date", "TCO / new rack", "TCO (new racks)",
		"opex / year (new racks)", "energy / year (new racks)", "CO2 / year (new racks)", "new GPUs", "heat to air", "heat to liquid", "positions",
		"capex: systems", "capex: rack parts", "capex: fabric share", "capex: storage share", "capex: build")
	o := quoteSheet(SheetOptions) + "!"
	row := 2
	for _, a := range w.pl.Allocation {
		r := w.optRow[a.Site+"/"+a.RackConfig]
		or := func(col int) string { return o + abs(col, r) }
		w.text(s, acSite, row, a.Site)
		w.text(s, acProvider, row, a.Provider)
		w.text(s, acRack, row, a.RackConfig)
		w.text(s, acPhase, row, a.Phase)
		w.value(s, acRacks, row, a.Racks, fmtInt)
		w.value(s, acNew, row, a.New, fmtInt)
		R, N := cell(acRacks, row), cell(acNew, row)
		w.formula(s, acGPUs, row, R+"*"+or(ocGPUs), fmtInt)
		w.formula(s, acIT, row, R+"*"+or(ocIT)+"/1000", fmtMW)
		w.formula(s, acFacility, row, R+"*"+or(ocFacility)+"/1000", fmtMW)
		w.formula(s, acCapex, row, N+"*"+or(ocCapex), fmtUSD)
		w.formula(s, acOpex, row, R+"*"+or(ocOpex), fmtUSD)
		w.formula(s, acEnergy, row, R+"*"+or(ocEnergy), fmtMWh)
		w.formula(s, acCO2, row, R+"*"+or(ocCO2), fmtTonnes)
		w.formula(s, acWater, row, R+"*"+or(ocWater), fmtM3)
		w.formula(s, acDate, row, w.phaseDateName(a.Phase), fmtDate)
		// As the planner: each rack's present value (capex at the phase
		// date plus opex to the horizon) is rounded to the cent.
		sr := w.schedRowFor(a.Phase)
		w.formula(s, acTCORack, row, fmt.Sprintf("ROUND(%s*%s+%s*%s,2)", or(ocCapex), ref(SheetSchedule, scDF, sr), or(ocOpex), ref(SheetSchedule, scAnnuity, sr)), fmtUSD)
		w.formula(s, acTCO, row, N+"*"+cell(acTCORack, row), fmtUSD)
		w.formula(s, acNewOpex, row, N+"*"+or(ocOpex), fmtUSD)
		w.formula(s, acNewEnergy, row, N+"*"+or(ocEnergy), fmtMWh)
		w.formula(s, acNewCO2, row, N+"*"+or(ocCO2), fmtTonnes)
		w.formula(s, acNewGPUs, row, N+"*"+or(ocGPUs), fmtInt)
		w.formula(s, acHeatAir, row, R+"*"+or(ocHeatAir)+"/1000", fmtMW)
		w.formula(s, acHeatLiquid, row, R+"*"+or(ocHeatLiquid)+"/1000", fmtMW)
		w.formula(s, acPositions, row, R+"*"+or(ocPositions), "#,##0.00")
		for k, oc := range []int{ocCapexSystems, ocCapexRack, ocCapexNetwork, ocCapexStorage, ocCapexBuild} {
			w.formula(s, acCapSystems+k, row, N+"*"+or(oc), fmtUSD)
		}
		row++
	}
	w.allocN = row - 2
	w.finish(s, 1, acLast, row-1, 14, 12, 24, 8, 10, 10, 10, 14, 14, 18, 16, 16, 14, 14, 12, 16, 18, 16, 16, 16, 10, 14, 14, 12, 18, 18, 18, 18, 18)
}

func (w *wbState) phaseDateName(id string) string { return w.phaseNms[id] }

// alloc is the absolute range of an Allocation column over its rows (one
// blank row when the plan places nothing, so formulas stay valid).
func (w *wbState) alloc(col int) string {
	return rng(SheetAllocation, col, 2, 2+max(w.allocN, 1)-1)
}

// Capex and Opex columns (phase block).
const (
	scPhase = iota + 1
	scDate
	scYears
	scDF
	scAnnuity
	scCapex
	scOpex
	scTCO
	scGPUs
	scRacks
	scIT
	scFacility
	scBudget
	scLast = scBudget
)

func (w *wbState) schedRowFor(phase string) int {
	if w.schedRow == nil {
		w.schedRow = map[string]int{}
		for q, ph := range w.sc.Phases {
			w.schedRow[ph.ID] = 3 + q
		}
	}
	return w.schedRow[phase]
}

func (w *wbState) schedule() {
	s := SheetSchedule
	sc := w.sc
	w.label(s, 1, 1, "Capex and opex by phase (present values discounted to the first phase at DiscountRate)")
	w.header(s, 2, "phase", "date", "years from start", "discount factor", "opex annuity to horizon", "capex", "opex / year (run rate)",
		"TCO (present value)", "GPUs", "racks", "IT power", "facility power", "budget")
	r, D := nmDiscount, nmDays
	for _, ph := range sc.Phases {
		row := w.schedRowFor(ph.ID)
		w.text(s, scPhase, row, ph.ID)
		w.formula(s, scDate, row, w.phaseDateName(ph.ID), fmtDate)
		B := cell(scDate, row)
		w.formula(s, scYears, row, fmt.Sprintf("(%s-%s)/%s", B, nmStart, D), fmtYears)
		w.formula(s, scDF, row, fmt.Sprintf("1/(1+%s)^%s", r, cell(scYears, row)), fmtFactor)
		// (1+r)^-a - (1+r)^-b over ln(1+r): a flow of 1 per year paid
		// continuously from the phase date to the horizon; b - a when r = 0.
		w.formula(s, scAnnuity, row, fmt.Sprintf("IF(%[1]s<=%[2]s,0,IF(%[3]s=0,(%[1]s-%[2]s)/%[4]s,(%[5]s-1/(1+%[3]s)^((%[1]s-%[6]s)/%[4]s))/LN(1+%[3]s)))",
			nmHorizon, B, r, D, cell(scDF, row), nmStart), fmtYears)
		A := cell(scPhase, row)
		sumif := func(col int) string { return sumIf(w.alloc(acPhase), A, w.alloc(col)) }
		w.formula(s, scCapex, row, sumif(acCapex), fmtUSD)
		w.formula(s, scOpex, row, sumif(acOpex), fmtUSD)
		w.formula(s, scTCO, row, sumif(acTCO), fmtUSD)
		w.formula(s, scGPUs, row, sumif(acGPUs), fmtInt)
		w.formula(s, scRacks, row, sumif(acRacks), fmtInt)
		w.formula(s, scIT, row, sumif(acIT), fmtMW)
		w.formula(s, scFacility, row, sumif(acFacility), fmtMW)
		if ph.Budget > 0 {
			w.formula(s, scBudget, row, w.budgetNms[ph.ID], fmtUSD)
		}
		w.cells["phase_capex_usd/"+ph.ID] = ref(s, scCapex, row)
		w.cells["phase_opex_usd_per_year/"+ph.ID] = ref(s, scOpex, row)
		w.cells["phase_tco_usd/"+ph.ID] = ref(s, scTCO, row)
		w.cells["phase_facility_power_mw/"+ph.ID] = ref(s, scFacility, row)
	}
	last := 3 + len(sc.Phases) - 1
	tot := last + 1
	w.label(s, scPhase, tot, "total")
	for _, c := range []int{scCapex, scTCO} {
		w.formula(s, c, tot, fmt.Sprintf("SUM(%s:%s)", cell(c, 3), cell(c, last)), fmtUSD)
	}
	// Year by year: capex when spent; opex for the part of the year each
	// tranche of racks runs (from its phase date to the horizon), both
	// undiscounted and discounted continuously as the planner does.
	y0 := tot + 2
	w.label(s, 1, y0, "Year by year (opex runs continuously from each phase date to the horizon)")
	w.header(s, y0+1, "year", "from", "to", "capex", "opex", "capex (present value)", "opex (present value)", "energy", "CO2", "GPU-hours")
	w.yearFrom, w.yearTo = sc.Phases[0].Date.Year(), sc.Policy.Horizon.Year()
	w.yearRow0 = y0 + 2
	row := w.yearRow0
	dates, newCapex, newOpex := w.alloc(acDate), w.alloc(acCapex), w.alloc(acNewOpex)
	for y := w.yearFrom; y <= w.yearTo; y++ {
		w.value(s, 1, row, y, "0")
		w.formula(s, 2, row, fmt.Sprintf("DATE(%s,1,1)", cell(1, row)), fmtDate)
		w.formula(s, 3, row, fmt.Sprintf("DATE(%s+1,1,1)", cell(1, row)), fmtDate)
		from, to := abs(2, row), abs(3, row)
		inYear := fmt.Sprintf("(%s>=%s)*(%s<%s)", dates, from, dates, to)
		w.formula(s, 4, row, fmt.Sprintf("SUMPRODUCT(%s*%s)", inYear, newCapex), fmtUSD)
		ov, lo, hi := w.overlap(from, to)
		w.formula(s, 5, row, fmt.Sprintf("SUMPRODUCT(%s,%s)/%s", newOpex, ov, nmDays), fmtUSD)
		w.formula(s, 6, row, fmt.Sprintf("SUMPRODUCT(%s*%s*(1+%s)^(-(%s-%s)/%s))", inYear, newCapex, r, dates, nmStart, D), fmtUSD)
		w.formula(s, 7, row, fmt.Sprintf("IF(%[1]s=0,%[2]s,SUMPRODUCT(%[3]s,SIGN(%[4]s),(1+%[1]s)^(-(%[5]s-%[6]s)/%[7]s)-(1+%[1]s)^(-(%[8]s-%[6]s)/%[7]s))/LN(1+%[1]s))",
			r, cell(5, row), newOpex, ov, lo, nmStart, D, hi), fmtUSD)
		w.formula(s, 8, row, fmt.Sprintf("SUMPRODUCT(%s,%s)/%s", w.alloc(acNewEnergy), ov, nmDays), fmtMWh)
		w.formula(s, 9, row, fmt.Sprintf("SUMPRODUCT(%s,%s)/%s", w.alloc(acNewCO2), ov, nmDays), fmtTonnes)
		w.formula(s, 10, row, fmt.Sprintf("SUMPRODUCT(%s,%s)*24", w.alloc(acNewGPUs), ov), fmtInt)
		row++
	}
	yl := row - 1
	w.label(s, 1, row, "total")
	for c := 4; c <= 10; c++ {
		nf := fmtUSD
		switch c {
		case 8:
			nf = fmtMWh
		case 9:
			nf = fmtTonnes
		case 10:
			nf = fmtInt
		}
		w.formula(s, c, row, fmt.Sprintf("SUM(%s:%s)", cell(c, w.yearRow0), cell(c, yl)), nf)
	}
	w.label(s, 1, row+1, "NPV (present value of capex and opex to the horizon)")
	w.formula(s, 4, row+1, fmt.Sprintf("%s+%s", cell(6, row), cell(7, row)), fmtUSD)
	w.cells["npv_usd"] = ref(s, 4, row+1)
	w.cells["gpu_hours"] = ref(s, 10, row)
	w.cells["capex_schedule_usd"] = ref(s, 4, row)
	w.cells["capex_usd"] = ref(s, scCapex, tot)
	w.cells["tco_usd"] = ref(s, scTCO, tot)
	w.cells["pv_capex_usd"] = ref(s, 6, row)
	w.cells["pv_opex_usd"] = ref(s, 7, row)
	// Capex by phase and category (for the stacked chart on Summary).
	c0 := row + 3
	w.label(s, 1, c0, "Capex by phase and category")
	w.header(s, c0+1, append([]string{"phase"}, chargeOrder...)...)
	for q, ph := range sc.Phases {
		r := c0 + 2 + q
		w.text(s, 1, r, ph.ID)
		for k := range chargeOrder {
			w.formula(s, 2+k, r, sumIf(w.alloc(acPhase), cell(1, r), w.alloc(acCapSystems+k)), fmtUSD)
		}
	}
	w.catRow0 = c0 + 2
	w.finish(s, 2, scLast, c0+1+len(sc.Phases), 12, 12, 16, 16, 18, 20, 20, 20, 16, 14, 14, 14, 16)
}

// overlap returns, for the year from..to, the SUMPRODUCT-ready array of
// days each Allocation tranche runs in the year (max(0, min(to, horizon) -
// max(from, date))) and its lower and upper ends. Max and min are written
// with ABS so that they work element by element inside SUMPRODUCT.
func (w *wbState) overlap(from, to string) (ov, lo, hi string) {
	dates := w.alloc(acDate)
	hi = fmt.Sprintf("MIN(%s,%s)", to, nmHorizon)
	lo = fmt.Sprintf("((%[1]s+%[2]s+ABS(%[1]s-%[2]s))/2)", from, dates)
	d := fmt.Sprintf("(%s-%s)", hi, lo)
	ov = fmt.Sprintf("((%[1]s+ABS(%[1]s))/2)", d)
	return ov, lo, hi
}

func (w *wbState) summary() {
	s := SheetSummary
	pl := w.pl
	w.label(s, 1, 1, "Plan "+safeCell(w.sc.Name)+": "+pl.Status)
	w.header(s, 2, "figure", "value (live)", "as planned by dcplan", "difference", "note")
	lastPhase := w.sc.Phases[len(w.sc.Phases)-1].ID
	lr := w.schedRowFor(lastPhase)
	sched := func(col int) string { return ref(SheetSchedule, col, lr) }
	sumLast := func(col int) string {
		return sumIf(w.alloc(acPhase), ref(SheetSchedule, scPhase, lr), w.alloc(col))
	}
	rows := []struct {
		key, label, formula, fmt string
		planned                  float64
		note                     string
	}{
		{"gpus", "GPUs (last phase)", sched(scGPUs), fmtInt, float64(pl.Totals.GPUs), ""},
		{"racks", "Compute racks (last phase)", sched(scRacks), fmtInt, float64(pl.Totals.Racks), ""},
		{"it_power_mw", "IT power (last phase)", sched(scIT), fmtMW, pl.Totals.ITPowerMW, "at the " + pl.PowerBasis + " power basis"},
		{"facility_power_mw", "Facility power (last phase)", sched(scFacility), fmtMW, pl.Totals.FacilityPowerMW, "IT x PUE"},
		{"capex_usd", "Capex (all phases)", w.cells["capex_usd"], fmtUSD, pl.Totals.CapexUSD, "racks x capex per rack (systems, rack parts, fabric and storage shares, build)"},
		{"opex_usd_per_year", "Opex per year (last phase)", sched(scOpex), fmtUSD, pl.Totals.OpexUSDPerYear, "energy x electricity price"},
		{"tco_usd", "TCO (present value)", w.cells["tco_usd"], fmtUSD, pl.Totals.TCOUSD, "capex at each phase date + opex to the horizon, discounted; each rack's value rounded to the cent as the planner does"},
		{"npv_usd", "NPV of the year-by-year schedule", w.cells["npv_usd"], fmtUSD, pl.Totals.TCOUSD, "the same cash flows unrounded: differs from TCO by at most half a cent per rack tranche"},
		{"pv_capex_usd", "TCO breakdown: capex (present value)", w.cells["pv_capex_usd"], fmtUSD, -1, "capex at each phase date, discounted"},
		{"pv_opex_usd", "TCO breakdown: opex to the horizon (present value)", w.cells["pv_opex_usd"], fmtUSD, -1, "electricity from each phase date to the horizon, discounted"},
		{"energy_mwh_per_year", "Energy per year (last phase)", sumLast(acEnergy), fmtMWh, pl.Totals.EnergyMWhPerYear, "facility power x hours x load factor"},
		{"co2_tonnes_per_year", "CO2 per year (last phase)", sumLast(acCO2), fmtTonnes, pl.Totals.CO2TonnesPerYear, "energy x grid carbon"},
		{"water_m3_per_year", "Water per year (last phase)", sumLast(acWater), fmtM3, pl.Totals.WaterM3PerYear, "IT energy x WUE"},
		{"usd_per_gpu_hour", "$ per GPU-hour", fmt.Sprintf("IF(%[1]s=0,0,%[2]s/%[1]s)", w.cells["gpu_hours"], w.cells["npv_usd"]), `"$"0.0000`, -1, "NPV / GPU-hours from each phase date to the horizon (hours undiscounted)"},
		{"bom_total_usd", "BOM total (whole items)", "", fmtUSD, w.bom.TotalUSD, "see the BOM sheet: whole switches per site, against the plan's per-GPU shares"},
	}
	row := 3
	for _, r := range rows {
		w.text(s, 1, row, r.label)
		if r.key == "bom_total_usd" {
			r.formula = "BOMTotal"
		}
		w.formula(s, 2, row, r.formula, r.fmt)
		if r.planned >= 0 {
			w.value(s, 3, row, r.planned, r.fmt)
			w.formula(s, 4, row, fmt.Sprintf("%s-%s", cell(2, row), cell(3, row)), r.fmt)
		}
		w.text(s, 5, row, r.note)
		w.cells["summary/"+r.key] = ref(s, 2, row)
		row++
	}
	w.cells["energy_mwh_per_year"] = w.cells["summary/energy_mwh_per_year"]
	w.cells["co2_tonnes_per_year"] = w.cells["summary/co2_tonnes_per_year"]
	w.cells["opex_usd_per_year"] = w.cells["summary/opex_usd_per_year"]
	w.cells["usd_per_gpu_hour"] = w.cells["summary/usd_per_gpu_hour"]
	w.cells["gpus"] = w.cells["summary/gpus"]
	row++
	w.label(s, 1, row, "Why")
	row++
	for _, e := range pl.Explanation {
		w.text(s, 1, row, e)
		row++
	}
	// The charts go below, inside the print area (summaryCharts).
	w.chartRow = row + 1
	w.finish(s, 2, 5, row+1+3*chartRows, 36, 22, 22, 16, 80)
}

// chartRows is the height, in rows, given to each chart on Summary.
const chartRows = 17

func (w *wbState) sites() {
	s := SheetSites
	w.header(s, 1, "site", "provider", "phase", "resource", "used", "capacity", "utilisation", "binds", "racks", "GPUs")
	row := 2
	powerRows := map[string]int{}
	for _, sp := range w.pl.Sites {
		for _, ph := range sp.Phases {
			bind := map[string]bool{}
			for _, b := range ph.Binding {
				bind[b] = true
			}
			for _, r := range ph.Resources {
				w.text(s, 1, row, sp.ID)
				w.text(s, 2, row, sp.Provider)
				w.text(s, 3, row, ph.Phase)
				w.text(s, 4, row, r.Name)
				if r.Name == "power" {
					powerRows[sp.ID+"/"+ph.Phase] = row
				}
				col := map[string]int{"power": acFacility, "air cooling": acHeatAir, "liquid cooling": acHeatLiquid, "rack positions": acPositions}[r.Name]
				nf := fmtMW
				if r.Unit != "MW" {
					nf = "#,##0.00"
				}
				if col > 0 {
					w.formula(s, 5, row, fmt.Sprintf("SUMPRODUCT((%s=%s)*(%s=%s)*%s)", w.alloc(acSite), cell(1, row), w.alloc(acPhase), cell(3, row), w.alloc(col)), nf)
				} else {
					w.value(s, 5, row, r.Used, nf)
				}
				w.value(s, 6, row, r.Capacity, nf)
				w.formula(s, 7, row, fmt.Sprintf("IF(%[2]s>0,%[1]s/%[2]s,0)", cell(5, row), cell(6, row)), fmtPct)
				if bind[r.Name] {
					w.text(s, 8, row, "binds")
				}
				w.value(s, 9, row, ph.Racks, fmtInt)
				w.value(s, 10, row, ph.GPUs, fmtInt)
				row++
			}
		}
	}
	// Power ramp: facility power in use and usable capacity per site and
	// phase (for the chart on Summary), taken from the table above.
	p0 := row + 1
	w.label(s, 1, p0, "Power ramp (MW): in use and usable per site")
	w.label(s, 1, p0+1, "phase")
	for i, sp := range w.pl.Sites {
		w.label(s, 2+2*i, p0+1, sp.ID+" in use")
		w.label(s, 3+2*i, p0+1, sp.ID+" usable")
	}
	for q, ph := range w.sc.Phases {
		r := p0 + 2 + q
		w.text(s, 1, r, ph.ID)
		for i, sp := range w.pl.Sites {
			if src, ok := powerRows[sp.ID+"/"+ph.ID]; ok {
				w.formula(s, 2+2*i, r, cell(5, src), fmtMW)
				w.formula(s, 3+2*i, r, cell(6, src), fmtMW)
			}
		}
	}
	w.powerRow0 = p0 + 2
	w.finish(s, 1, max(10, 1+2*len(w.pl.Sites)), p0+1+len(w.sc.Phases), 14, 12, 10, 16, 16, 16, 12, 8, 10, 10)
}

func (w *wbState) rofr() {
	s := SheetROFR
	w.header(s, 1, "provider", "ROFR rank", "phase", "offered", "took", "declined", "GPUs in place", "why declined")
	row := 2
	for _, p := range w.pl.Providers {
		for _, ph := range p.Phases {
			w.text(s, 1, row, p.ID)
			w.value(s, 2, row, p.ROFR, fmtInt)
			w.text(s, 3, row, ph.Phase)
			w.value(s, 4, row, ph.Offered, fmtInt)
			w.value(s, 5, row, ph.Took, fmtInt)
			w.formula(s, 6, row, fmt.Sprintf("%s-%s", cell(4, row), cell(5, row)), fmtInt)
			w.value(s, 7, row, ph.GPUs, fmtInt)
			w.text(s, 8, row, ph.Limit)
			row++
		}
	}
	w.finish(s, 1, 8, row-1, 14, 10, 10, 12, 12, 12, 14, 80)
}

func (w *wbState) bomSheet() {
	s := SheetBOM
	w.header(s, 1, "site", "phase", "group", "part", "description", "quantity", "unit", "unit price", "extended", "counted in total", "charge", "price", "source", "note")
	row := 2
	for _, l := range w.bom.Lines {
		w.text(s, 1, row, l.Site)
		w.text(s, 2, row, l.Phase)
		w.text(s, 3, row, l.Group)
		w.text(s, 4, row, l.Part)
		w.text(s, 5, row, l.Description)
		w.value(s, 6, row, l.Quantity, "#,##0.###")
		w.text(s, 7, row, l.Unit)
		if l.Group == GroupBuild {
			w.formula(s, 8, row, w.siteNames[l.Site].buildCost, fmtUSD)
		} else {
			w.formula(s, 8, row, w.price[l.Part], fmtUSD)
		}
		// Rounded to the cent per line, as the BOM in JSON and CSV is.
		w.formula(s, 9, row, fmt.Sprintf("ROUND(%s*%s,2)", cell(6, row), cell(8, row)), fmtUSD)
		w.value(s, 10, row, boolInt(l.Counted), fmtInt)
		w.text(s, 11, row, l.Charge)
		w.text(s, 12, row, estWord(l.Estimate))
		w.text(s, 13, row, l.Source)
		w.text(s, 14, row, l.Note)
		row++
	}
	last := max(row-1, 2)
	tot := row + 1
	w.label(s, 5, tot, "total (counted lines)")
	w.formula(s, 9, tot, fmt.Sprintf("SUMPRODUCT(%s,%s)", rng(s, 9, 2, last), rng(s, 10, 2, last)), fmtUSD)
	w.fail(w.f.SetDefinedName(&excelize.DefinedName{Name: "BOMTotal", RefersTo: ref(s, 9, tot)}))
	w.cells["bom_total_usd"] = ref(s, 9, tot)
	w.label(s, 5, tot+1, "plan capex (per-GPU fabric and storage shares)")
	w.formula(s, 9, tot+1, w.cells["capex_usd"], fmtUSD)
	w.label(s, 5, tot+2, "BOM - plan")
	w.formula(s, 9, tot+2, fmt.Sprintf("%s-%s", cell(9, tot), cell(9, tot+1)), fmtUSD)
	row = tot + 4
	w.header(s, row, "", "", "", "", "reconciliation by category", "", "", "plan", "BOM", "", "BOM - plan", "", "why")
	row++
	for _, c := range w.bom.Reconciliation.Categories {
		w.text(s, 5, row, c.Category)
		w.value(s, 8, row, c.PlanUSD, fmtUSD)
		w.formula(s, 9, row, fmt.Sprintf("SUMPRODUCT((%s=%s)*%s*%s)", rng(s, 11, 2, last), cell(5, row), rng(s, 9, 2, last), rng(s, 10, 2, last)), fmtUSD)
		w.formula(s, 11, row, fmt.Sprintf("%s-%s", cell(9, row), cell(8, row)), fmtUSD)
		w.text(s, 13, row, c.Why)
		row++
	}
	w.finish(s, 1, 14, row-1, 12, 8, 20, 18, 50, 12, 8, 16, 18, 8, 14, 10, 50, 40)
}

func (w *wbState) energy() {
	s := SheetEnergy
	w.header(s, 1, "site", "year", "energy", "CO2", "electricity cost")
	row := 2
	sched := w.yearRow0
	for _, site := range w.sc.Sites {
		for y := w.yearFrom; y <= w.yearTo; y++ {
			yr := sched + (y - w.yearFrom)
			ov, _, _ := w.overlap(ref(SheetSchedule, 2, yr), ref(SheetSchedule, 3, yr))
			w.text(s, 1, row, site.ID)
			w.value(s, 2, row, y, "0")
			mine := fmt.Sprintf("(%s=%s)", w.alloc(acSite), cell(1, row))
			w.formula(s, 3, row, fmt.Sprintf("SUMPRODUCT(%s*%s,%s)/%s", mine, w.alloc(acNewEnergy), ov, nmDays), fmtMWh)
			w.formula(s, 4, row, fmt.Sprintf("SUMPRODUCT(%s*%s,%s)/%s", mine, w.alloc(acNewCO2), ov, nmDays), fmtTonnes)
			w.formula(s, 5, row, fmt.Sprintf("SUMPRODUCT(%s*%s,%s)/%s", mine, w.alloc(acNewOpex), ov, nmDays), fmtUSD)
			row++
		}
	}
	w.finish(s, 1, 5, row-1, 14, 8, 18, 16, 18)
}

// summaryCharts adds live charts to Summary over cells of the other sheets:
// capex per phase stacked by category, the power ramp of each site against
// its usable capacity, and the TCO split between capex and opex.
func (w *wbState) summaryCharts() {
	nq := len(w.sc.Phases)
	title := func(t string) excelize.ChartTitle {
		return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t}}}
	}
	colRange := func(sheet string, col, from, n int) string {
		return quoteSheet(sheet) + "!" + abs(col, from) + ":" + abs(col, from+n-1)
	}
	var capex []excelize.ChartSeries
	for k := range chargeOrder {
		capex = append(capex, excelize.ChartSeries{
			Name:       ref(SheetSchedule, 2+k, w.catRow0-1),
			Categories: colRange(SheetSchedule, 1, w.catRow0, nq),
			Values:     colRange(SheetSchedule, 2+k, w.catRow0, nq),
		})
	}
	w.fail(w.f.AddChart(SheetSummary, cell(1, w.chartRow), &excelize.Chart{
		Type: excelize.ColStacked, Series: capex, Title: title("Capex per phase by category (USD)"),
		Legend: excelize.ChartLegend{Position: "bottom"}, Dimension: excelize.ChartDimension{Width: 640, Height: 300},
	}))
	var power []excelize.ChartSeries
	for i := range w.pl.Sites {
		for j := 0; j < 2; j++ {
			power = append(power, excelize.ChartSeries{
				Name:       ref(SheetSites, 2+2*i+j, w.powerRow0-1),
				Categories: colRange(SheetSites, 1, w.powerRow0, nq),
				Values:     colRange(SheetSites, 2+2*i+j, w.powerRow0, nq),
			})
		}
	}
	if len(power) > 0 {
		w.fail(w.f.AddChart(SheetSummary, cell(1, w.chartRow+chartRows), &excelize.Chart{
			Type: excelize.Line, Series: power, Title: title("Facility power in use and usable per site (MW)"),
			Legend: excelize.ChartLegend{Position: "bottom"}, Dimension: excelize.ChartDimension{Width: 640, Height: 300},
		}))
	}
	capRef, opexRef := w.cells["summary/pv_capex_usd"], w.cells["summary/pv_opex_usd"]
	sheet, c1 := splitCell(capRef)
	_, c2 := splitCell(opexRef)
	w.fail(w.f.AddChart(SheetSummary, cell(1, w.chartRow+2*chartRows), &excelize.Chart{
		Type: excelize.Pie,
		Series: []excelize.ChartSeries{{
			Name:       ref(SheetSummary, 1, 2),
			Categories: quoteSheet(sheet) + "!" + strings.Replace(c1, "B", "A", 1) + ":" + strings.Replace(c2, "B", "A", 1),
			Values:     quoteSheet(sheet) + "!" + c1 + ":" + c2,
		}},
		Title:     title("TCO breakdown (present value)"),
		Legend:    excelize.ChartLegend{Position: "right"},
		Dimension: excelize.ChartDimension{Width: 480, Height: 300},
	}))
}

// splitCell splits "Sheet!$B$10" into the sheet and "$B$10".
func splitCell(addr string) (string, string) {
	i := strings.LastIndexByte(addr, '!')
	return strings.Trim(addr[:i], "'"), addr[i+1:]
}

// sumIf sums values where keys equal key. It is SUMPRODUCT rather than
// SUMIF because SUMIF reads wildcards (* ?) and operators (< > =) in its
// criterion, and IDs from input may hold them.
func sumIf(keys, key, values string) string {
	return fmt.Sprintf("SUMPRODUCT((%s=%s)*%s)", keys, key, values)
}
