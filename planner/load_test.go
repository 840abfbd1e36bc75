package planner

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dcplan/dcplan/internal/strictyaml"
	"github.com/dcplan/dcplan/templates"
)

var wantLine = regexp.MustCompile(`^# want: (\d+): (.*)$`)

// TestBadInputs loads every file of the bad-input corpus. Each file starts
// with "# want: LINE: TEXT" lines: the load must fail with a diagnostic on
// that line whose text (path and message) contains TEXT.
func TestBadInputs(t *testing.T) {
	files, err := filepath.Glob("../testdata/bad/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 25 {
		t.Fatalf("the bad-input corpus has %d files, want at least 25", len(files))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			type want struct {
				line int
				text string
			}
			var wants []want
			for _, l := range strings.Split(string(data), "\n") {
				if m := wantLine.FindStringSubmatch(l); m != nil {
					n, _ := strconv.Atoi(m[1])
					wants = append(wants, want{n, m[2]})
				}
			}
			if len(wants) == 0 {
				t.Fatal("no '# want: LINE: TEXT' lines")
			}
			_, err = Load(file, data)
			var diags strictyaml.Diagnostics
			if !errors.As(err, &diags) {
				t.Fatalf("Load: got %v, want diagnostics", err)
			}
			for _, w := range wants {
				found := false
				for _, d := range diags {
					if d.Pos.Line == w.line && strings.Contains(d.Path+": "+d.Message, w.text) && d.File == file {
						found = true
					}
				}
				if !found {
					t.Errorf("no diagnostic at line %d containing %q; got:\n%v", w.line, w.text, diags)
				}
			}
		})
	}
}

// TestNoCascade checks that a field that fails to decode is reported once,
// not again by the checks across fields.
func TestNoCascade(t *testing.T) {
	_, err := LoadFile("../testdata/bad/several-problems-at-once.yaml")
	var diags strictyaml.Diagnostics
	if !errors.As(err, &diags) || len(diags) != 3 {
		t.Fatalf("want exactly 3 diagnostics, got %v", err)
	}
}

func TestGoodInputs(t *testing.T) {
	files, _ := filepath.Glob("../testdata/good/*")
	inputs := map[string][]byte{templates.ScenarioFile: templates.Scenario, templates.ExampleFile: templates.Example}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[f] = data
	}
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			sc, err := Load(name, data)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			opts, _, err := Options(sc)
			if err != nil {
				t.Fatalf("Options: %v", err)
			}
			if len(opts) == 0 {
				t.Fatal("no rack options")
			}
		})
	}
}

func TestLoadFillsDefaults(t *testing.T) {
	data := strings.Replace(mustRead(t, "../testdata/good/minimal.yaml"), "  discount_rate: 0.08\n", "", 1)
	data = strings.Replace(data, "  horizon: 2031-12-31\n", "", 1)
	sc, err := Load("minimal.yaml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Policy.DiscountRate != DefaultDiscountRate {
		t.Errorf("discount rate %g, want %g", sc.Policy.DiscountRate, DefaultDiscountRate)
	}
	if got := sc.Policy.Horizon.String(); got != "2032-12-31" {
		t.Errorf("horizon %s, want the last phase plus %d years", got, DefaultHorizonYears)
	}
	if sc.Policy.LoadFactor != 1 || sc.Policy.Storage != "ai-flash" {
		t.Errorf("load factor %g, storage %q", sc.Policy.LoadFactor, sc.Policy.Storage)
	}
}

func TestCatalogOverride(t *testing.T) {
	data := mustRead(t, "../testdata/good/minimal.yaml") + `catalog:
  accelerators:
    - {id: h100-sxm, name: H100 negotiated, vendor: nvidia, family: hopper, tdp: 700 W, memory: 80 GB,
       bf16_dense: 989 TFLOPS, fp8_dense: 1979 TFLOPS, price: $20k, source: our purchase agreement}
    - {id: x1, name: New part, vendor: acme, family: acme, tdp: 500 W, memory: 64 GB,
       bf16_dense: 500 TFLOPS, price: $9k, source: acme data sheet, estimates: [price]}
`
	sc, err := Load("override.yaml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	h, _ := sc.Hardware.Accelerator("h100-sxm")
	if h.Price != 20000 || h.Source != "our purchase agreement" {
		t.Errorf("override not applied: %+v", h)
	}
	if _, ok := sc.Hardware.Accelerator("x1"); !ok {
		t.Error("extension not added")
	}
	if _, ok := sc.Hardware.Accelerator("b200"); !ok {
		t.Error("default entries lost")
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func FuzzLoad(f *testing.F) {
	for _, p := range []string{"../testdata/good/minimal.yaml", "../testdata/bad/several-problems-at-once.yaml", "../testdata/bad/syntax-error.yaml"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(templates.Example)
	f.Add([]byte("{}"))
	f.Add([]byte("sites: [{power: [{capacity: 1e400 W}]}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Load("fuzz.yaml", data)
		if err != nil {
			return
		}
		// A scenario that loads must derive options without failing.
		if _, _, err := Options(sc); err != nil && !errors.Is(err, ErrBadRequest) {
			t.Fatalf("Options on a loaded scenario: %v", err)
		}
	})
}
