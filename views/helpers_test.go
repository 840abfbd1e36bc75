package views

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcplan/dcplan/planner"
)

var update = flag.Bool("update", false, "rewrite the golden files in views/testdata/golden from the current output")

// fixture is a scenario and a hand allocation: plans made with
// planner.Evaluate, which needs no solver.
type fixture struct{ name, scenario, alloc string }

var fixtures = []fixture{
	{"minimal", "../testdata/good/minimal.yaml", "testdata/minimal-alloc.json"},
	{"example", "../templates/example-scenario.yaml", "testdata/example-alloc.json"},
	{"inject", "testdata/inject.yaml", "testdata/inject-alloc.json"},
	{"edge", "testdata/edge.yaml", "testdata/edge-alloc.json"},
	// Nothing placed: every formula must still evaluate (to zero).
	{"empty", "../testdata/good/minimal.yaml", "testdata/empty-alloc.json"},
}

func (fx fixture) load(t *testing.T) (*planner.Scenario, *planner.Plan) {
	t.Helper()
	sc, err := planner.LoadFile(fx.scenario)
	if err != nil {
		t.Fatalf("load %s: %v", fx.scenario, err)
	}
	return sc, evaluate(t, sc, fx.alloc)
}

func evaluate(t *testing.T, sc *planner.Scenario, allocFile string) *planner.Plan {
	t.Helper()
	data, err := os.ReadFile(allocFile)
	if err != nil {
		t.Fatal(err)
	}
	var alloc []planner.Allocation
	if err := json.Unmarshal(data, &alloc); err != nil {
		t.Fatalf("%s: %v", allocFile, err)
	}
	pl, err := planner.Evaluate(sc, alloc)
	if err != nil {
		t.Fatalf("evaluate %s: %v", allocFile, err)
	}
	return pl
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run 'go test ./views -update' to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-golden +got); if the change is intended, run 'go test ./views -update':\n%s", path, diff)
	}
}
