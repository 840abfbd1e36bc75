package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden from the current output")

func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, &IO{In: strings.NewReader(""), Out: &out, Err: &errb})
	return out.String(), errb.String(), code
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run 'go test ./cmd/dcplan -update' to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-golden +got); if the change is intended, run 'go test ./cmd/dcplan -update':\n%s", path, diff)
	}
}

func TestSizeGoldenJSON(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
	}{
		{"size-h100-1016.json", []string{"size", "--accelerator", "h100-sxm", "--count", "1016", "--format", "json"}},
		{"size-gb200-9216.json", []string{"size", "--accelerator", "gb200", "--count", "9216", "--format", "json"}},
		{"size-b300-4608-typical.json", []string{"size", "--accelerator", "b300", "--count", "4608", "--basis", "typical", "--format", "json"}},
		{"size-mi300x-air-pue.json", []string{"size", "--accelerator", "mi300x", "--count", "2000", "--pue", "1.2", "--format", "json"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := run(t, c.args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(out), &m); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			for _, k := range []string{"gpus", "systems", "racks", "it_power_mw", "facility_power_mw", "capex_usd", "power_basis"} {
				if _, ok := m[k]; !ok {
					t.Errorf("JSON lacks %q", k)
				}
			}
			fab, _ := m["fabric"].(map[string]any)
			for _, k := range []string{"leaf_switches", "spine_switches", "core_switches"} {
				if _, ok := fab[k]; !ok {
					t.Errorf("JSON lacks fabric.%s", k)
				}
			}
			golden(t, c.name, out)
			again, _, _ := run(t, c.args...)
			if again != out {
				t.Error("two runs gave different JSON")
			}
		})
	}
}

func TestSizeTable(t *testing.T) {
	out, errOut, code := run(t, "size", "--accelerator", "gb200", "--count", "576")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Quick sizing: 576 x gb200, power at max draw", "leaf switches", "Facility power", "MW"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.ContainsAny(out, "│┌") {
		t.Error("table drawn with rules although the output is not a terminal")
	}
}

func TestExitCodesAndMessages(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"unknown accelerator", []string{"size", "--accelerator", "h100", "--count", "8"}, ExitBadInput, `unknown accelerator "h100"; did you mean "h100-sxm"?`},
		{"missing count", []string{"size", "--accelerator", "h100-sxm"}, ExitBadInput, "--accelerator and --count are required"},
		{"bad flag value", []string{"size", "--accelerator", "h100-sxm", "--count", "many"}, ExitBadInput, `invalid argument "many"`},
		{"unknown flag", []string{"size", "--acelerator", "x"}, ExitBadInput, "unknown flag: --acelerator"},
		{"bad format", []string{"size", "--accelerator", "h100-sxm", "--count", "8", "--format", "xml"}, ExitBadInput, `unknown --format "xml"`},
		{"pue below one", []string{"size", "--accelerator", "h100-sxm", "--count", "8", "--pue", "0.9"}, ExitBadInput, "--pue must be at least 1"},
		{"unknown command", []string{"sise"}, ExitBadInput, `unknown command "sise"`},
		{"catalog show unknown", []string{"catalog", "show", "gb200-nvl"}, ExitBadInput, `did you mean "gb200-nvl72"?`},
		{"validate missing file", []string{"validate", "no-such-file.yaml"}, ExitBadInput, "no-such-file.yaml"},
		{"validate bad file", []string{"validate", "../../testdata/bad/duplicate-site.yaml"}, ExitBadInput, `duplicate-site.yaml:26:9: sites[1].id: duplicate site id "a"`},
		{"validate needs a file", []string{"validate"}, ExitBadInput, "requires at least 1 arg"},
		{"model negative gap", []string{"model", "-o", "m.mps", "--gap", "-1"}, ExitBadInput, "--gap must be in [0, 1), got -1"},
		{"model negative time limit", []string{"model", "-o", "m.mps", "--time-limit", "-1s"}, ExitBadInput, "--time-limit cannot be negative"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := run(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, errOut)
			}
			if !strings.Contains(errOut, tc.msg) {
				t.Errorf("stderr %q lacks %q", errOut, tc.msg)
			}
		})
	}
}

func TestValidateGood(t *testing.T) {
	out, errOut, code := run(t, "validate", "../../templates/default-scenario.yaml", "../../testdata/good/minimal.yaml")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Count(out, ": ok:") != 2 {
		t.Errorf("output:\n%s", out)
	}
}

func TestCatalog(t *testing.T) {
	out, _, code := run(t, "catalog", "list")
	if code != ExitOK {
		t.Fatal(code)
	}
	for _, id := range []string{"h100-sxm", "h200-sxm", "b200", "gb200", "b300", "gb300", "mi300x", "mi325x", "mi355x", "gaudi3",
		"dgx-h100", "hgx-h200", "dgx-b200", "dgx-b300", "gb200-nvl72", "gb300-nvl72", "qm9700", "ndr-ib", "ai-flash"} {
		if !strings.Contains(out, id) {
			t.Errorf("catalog list lacks %s", id)
		}
	}
	show, _, code := run(t, "catalog", "show", "dgx-h100")
	if code != ExitOK {
		t.Fatal(code)
	}
	for _, want := range []string{"10.2 kW", "NVIDIA DGX H100 user guide", "estimate (see notes)", "published (see source)"} {
		if !strings.Contains(show, want) {
			t.Errorf("catalog show lacks %q:\n%s", want, show)
		}
	}
	js, _, _ := run(t, "catalog", "show", "qm9700", "--format", "json")
	if !strings.Contains(js, `"source": "NVIDIA QM97X0 manual`) {
		t.Errorf("JSON lacks the source:\n%s", js)
	}
}

func TestInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "plan")
	out, errOut, code := run(t, "init", dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "scenario.yaml") {
		t.Errorf("output %q", out)
	}
	if _, _, code := run(t, "validate", filepath.Join(dir, "scenario.yaml")); code != ExitOK {
		t.Errorf("the written example does not validate")
	}
	if _, errOut, code := run(t, "init", dir); code != ExitBadInput || !strings.Contains(errOut, "--force") {
		t.Errorf("overwrite without --force: exit %d, %q", code, errOut)
	}
	if _, _, code := run(t, "init", dir, "--force"); code != ExitOK {
		t.Errorf("--force: exit %d", code)
	}
}

func TestHelpHasExamples(t *testing.T) {
	root := newRootCmd(&IO{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}})
	for _, c := range allCommands(root) {
		if c.Example == "" {
			t.Errorf("%q has no examples in --help", c.CommandPath())
		}
	}
}

// TestModelMatchesPlanWithCBC writes the example's stage models and, when CBC
// is installed, checks that CBC's objective on the ROFR holder's stage equals
// plan's objective for it.
func TestModelMatchesPlanWithCBC(t *testing.T) {
	dir := t.TempDir()
	scenario := filepath.Join(dir, "scenario.yaml")
	if _, errOut, code := run(t, "init", dir); code != ExitOK {
		t.Fatal(errOut)
	}
	out, errOut, code := run(t, "model", scenario, "-o", filepath.Join(dir, "m.mps"))
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "m-stage1.mps") || !strings.Contains(out, "m-stage2.mps") {
		t.Fatalf("output %q", out)
	}
	js, _, code := run(t, "plan", scenario, "--format", "json", "--gap", "0", "--time-limit", "0")
	if code != ExitOK {
		t.Fatalf("plan exit %d", code)
	}
	var pl struct {
		Stages []struct {
			Objective float64 `json:"objective"`
		} `json:"stages"`
	}
	if err := json.Unmarshal([]byte(js), &pl); err != nil {
		t.Fatal(err)
	}
	cbc, err := exec.LookPath("cbc")
	if err != nil {
		t.Skip("cbc is not installed (apt-get install coinor-cbc); skipping the CBC cross-check")
	}
	res, err := exec.Command(cbc, filepath.Join(dir, "m-stage1.mps"), "-threads", "1", "-solve").CombinedOutput()
	if err != nil {
		t.Fatalf("cbc: %v\n%s", err, res)
	}
	var obj float64
	for _, line := range strings.Split(string(res), "\n") {
		if strings.HasPrefix(line, "Objective value:") {
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "Objective value:")), "%g", &obj)
		}
	}
	if want := pl.Stages[0].Objective; math.Abs(obj-want) > 1e-6*math.Abs(want) {
		t.Errorf("CBC objective %.2f, plan's stage objective %.2f", obj, want)
	}
}

// TestPlanDefaultScenario solves the embedded default scenario (which stops
// at the default proven gap) and checks the documented JSON fields and that
// two runs give the same bytes.
func TestPlanDefaultScenario(t *testing.T) {
	out, errOut, code := run(t, "plan", "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"status", "objective", "bound", "gap", "totals", "sites", "providers", "phases"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	totals, _ := m["totals"].(map[string]any)
	for _, k := range []string{"gpus", "racks", "it_power_mw", "facility_power_mw", "capex_usd", "opex_usd_per_year", "tco_usd"} {
		if _, ok := totals[k]; !ok {
			t.Errorf("JSON lacks totals.%s", k)
		}
	}
	if s := m["status"]; s != "optimal" && s != "feasible" {
		t.Errorf("status %v", s)
	}
	if gap, _ := m["gap"].(float64); gap > 2e-4 {
		t.Errorf("gap %g above the default 1e-4 stop (two stages)", gap)
	}
	again, _, _ := run(t, "plan", "--format", "json")
	if again != out {
		t.Error("two runs of the default plan differ")
	}
}
