package views

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBOMHandCount compares the BOM of site b of the minimal scenario (100
// racks of two DGX H100, 1,600 GPUs, in 2026) with a count made by hand:
//
//	systems        100 racks x 2                            = 200 dgx-h100
//	accelerators   200 x 8                                  = 1,600 h100-sxm (inside the systems' price)
//	enclosures     100 compute racks; 88 switches / 16 per rack = 6 network racks; 16 PB / 20 PB = 1 storage rack
//	PDUs           100 racks x 2                            = 200
//	fabric         1,600 ports on 8 rails, radix 64: leaves 8 x ceil(200 / 32) = 56;
//	               spines: the smallest divisor of 32 with S x 64 >= 56 x 32 = 32
//	optics         endpoints 200 x ceil(8 / 2) = 800 twin-port OSFPs;
//	               switch ports (1,600 + 2 x 56 x 32) / 2 = 2,592
//	storage        1,600 x 10 TB = 16 PB
func TestBOMHandCount(t *testing.T) {
	sc, pl := fixtures[0].load(t)
	b, err := BuildBOM(sc, pl)
	if err != nil {
		t.Fatal(err)
	}
	type line struct {
		Group, Part, Role string
		Quantity          float64
		Extended          float64
		Counted           bool
	}
	var got []line
	for _, l := range b.Lines {
		if l.Site == "b" && l.Phase == "2026" {
			got = append(got, line{l.Group, l.Part, l.Role, l.Quantity, l.ExtendedUSD, l.Counted})
		}
	}
	want := []line{
		{GroupAccelerators, "h100-sxm", "", 1600, 1600 * 27500, false},
		{GroupSystems, "dgx-h100", "", 200, 200 * 270000, true},
		{GroupEnclosures, "rack-42u", "compute racks", 100, 100 * 3000, true},
		{GroupEnclosures, "rack-42u", "network racks, dgx-h100", 6, 6 * 3000, true},
		{GroupEnclosures, "rack-42u", "storage racks", 1, 3000, true},
		{GroupPower, "pdu-3ph-17kw", "", 200, 200 * 3000, true},
		{GroupSwitches, "qm9700", "leaf, dgx-h100", 56, 56 * 30000, true},
		{GroupSwitches, "qm9700", "spine, dgx-h100", 32, 32 * 30000, true},
		{GroupOptics, "osfp-800g-2xsr4", "endpoints, dgx-h100", 800, 800 * 1400, true},
		{GroupOptics, "osfp-800g-2xsr4", "switch ports, dgx-h100", 2592, 2592 * 1400, true},
		{GroupStorage, "ai-flash", "", 16, 16 * 200000, true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("site b, 2026 (-hand count +BOM):\n%s", diff)
	}
	// Site a: CDUs sized by liquid heat: 60 then 120 GB200 racks of
	// (132 kW + 2 kW CDU share) x 0.85 to liquid = 6.834 MW -> 6 CDUs of
	// 1.3 MW, then 13.668 MW -> 11, so 5 more.
	cdus := map[string]float64{}
	for _, l := range b.Lines {
		if l.Site == "a" && l.Part == "cdu-1.3mw" {
			cdus[l.Phase] = l.Quantity
		}
	}
	if diff := cmp.Diff(map[string]float64{"2026": 6, "2027": 5}, cdus); diff != "" {
		t.Errorf("CDUs at site a (-want +got):\n%s", diff)
	}
}

// TestBOMReconciles: the BOM total is the sum of its counted lines, the
// plan side of the reconciliation is the plan's capex, and the categories
// that should agree do.
func TestBOMReconciles(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			sc, pl := fx.load(t)
			b, err := BuildBOM(sc, pl)
			if err != nil {
				t.Fatal(err)
			}
			var total, accel float64
			for _, l := range b.Lines {
				if l.Counted {
					total += l.ExtendedUSD
				} else {
					accel += l.ExtendedUSD
					if l.Group != GroupAccelerators || l.Note == "" {
						t.Errorf("uncounted line that is not an explained accelerator line: %+v", l)
					}
				}
				if l.Quantity <= 0 {
					t.Errorf("line with no quantity: %+v", l)
				}
				if l.Unit == "each" && l.Quantity != math.Trunc(l.Quantity) {
					t.Errorf("fractional count: %+v", l)
				}
			}
			r := b.Reconciliation
			if math.Abs(total-b.TotalUSD) > 0.01 || r.BOMTotalUSD != b.TotalUSD {
				t.Errorf("BOM total %.2f, lines sum to %.2f", b.TotalUSD, total)
			}
			if math.Abs(r.PlanCapexUSD-pl.Totals.CapexUSD) > 0.01 {
				t.Errorf("plan side %.2f, plan capex %.2f", r.PlanCapexUSD, pl.Totals.CapexUSD)
			}
			var sumPlan, sumBOM float64
			for _, c := range r.Categories {
				sumPlan += c.PlanUSD
				sumBOM += c.BOMUSD
				if (c.Category == ChargeSystems || c.Category == ChargeBuild) && math.Abs(c.DifferenceUSD) > 0.05 {
					t.Errorf("%s should agree: %+v", c.Category, c)
				}
			}
			if math.Abs(sumPlan-r.PlanCapexUSD) > 0.05 || math.Abs(sumBOM-r.BOMTotalUSD) > 0.05 {
				t.Errorf("categories do not sum: plan %.2f vs %.2f, BOM %.2f vs %.2f", sumPlan, r.PlanCapexUSD, sumBOM, r.BOMTotalUSD)
			}
			if math.Abs(r.DifferenceUSD-(r.BOMTotalUSD-r.PlanCapexUSD)) > 0.01 {
				t.Errorf("difference %.2f", r.DifferenceUSD)
			}
		})
	}
}

func TestBOMGolden(t *testing.T) {
	for _, fx := range fixtures {
		sc, pl := fx.load(t)
		b, err := BuildBOM(sc, pl)
		if err != nil {
			t.Fatal(err)
		}
		for _, format := range []string{"table", "json", "csv"} {
			t.Run(fx.name+"/"+format, func(t *testing.T) {
				var buf bytes.Buffer
				if err := RenderBOM(&buf, b, format, false); err != nil {
					t.Fatal(err)
				}
				golden(t, "bom-"+fx.name+"."+map[string]string{"table": "txt", "json": "json", "csv": "csv"}[format], buf.String())
				switch format {
				case "json":
					var back BOM
					if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
						t.Fatalf("not JSON: %v", err)
					}
				case "csv":
					checkCSVSafe(t, buf.Bytes())
				}
			})
		}
	}
}

// checkCSVSafe fails on a cell a spreadsheet would run as a formula.
func checkCSVSafe(t *testing.T, data []byte) {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v", err)
	}
	for i, row := range rows {
		for j, c := range row {
			if c == "" {
				continue
			}
			switch c[0] {
			case '=', '+', '@', '\t', '\r':
				t.Errorf("row %d, column %d: %q would be read as a formula", i+1, j+1, c)
			case '-':
				if _, err := parseNumber(c); err != nil {
					t.Errorf("row %d, column %d: %q would be read as a formula", i+1, j+1, c)
				}
			}
		}
	}
}
