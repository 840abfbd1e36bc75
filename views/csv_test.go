package views

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
)

func parseNumber(s string) (float64, error) { return strconv.ParseFloat(s, 64) }

// TestPlanViewsGolden: the table, JSON and CSV views of evaluated plans,
// byte for byte, and the same bytes on a second run.
func TestPlanViewsGolden(t *testing.T) {
	for _, fx := range fixtures {
		sc, pl := fx.load(t)
		_ = sc
		for _, format := range []string{"table", "json", "csv"} {
			t.Run(fx.name+"/"+format, func(t *testing.T) {
				v, err := ByName(format, false)
				if err != nil {
					t.Fatal(err)
				}
				render := func() string {
					var buf bytes.Buffer
					if err := v.Render(&buf, pl); err != nil {
						t.Fatal(err)
					}
					return buf.String()
				}
				got := render()
				if again := render(); again != got {
					t.Error("two renderings differ")
				}
				golden(t, "plan-"+fx.name+"."+map[string]string{"table": "txt", "json": "json", "csv": "csv"}[format], got)
				if format == "csv" {
					checkCSVSafe(t, []byte(got))
				}
			})
		}
	}
}

func TestPlanCSVRows(t *testing.T) {
	_, pl := fixtures[2].load(t)
	var buf bytes.Buffer
	if err := (CSV{}).Render(&buf, pl); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(rows), 1+len(pl.Allocation)+len(pl.Phases)+1; got != want {
		t.Fatalf("%d rows, want %d (header, allocations, phases, total)", got, want)
	}
	if !IsDcplanCSVHeader(strings.Join(rows[0], ",")) {
		t.Error("the header is not recognised as dcplan's")
	}
	// The injection fixture's site "-a" is written as text.
	if rows[1][2] != "'-a" {
		t.Errorf("site cell %q, want '-a", rows[1][2])
	}
}

func TestSafeCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"=1+2", "'=1+2"}, {"+1", "'+1"}, {"-a", "'-a"}, {"@SUM(A1)", "'@SUM(A1)"}, {"\tx", "'\tx"},
		{"dallas", "dallas"}, {"", ""}, {"a=b", "a=b"},
	} {
		if got := safeCell(c.in); got != c.want {
			t.Errorf("safeCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
