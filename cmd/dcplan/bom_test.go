package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dcplan/dcplan/planner"
	"github.com/dcplan/dcplan/views"
)

const (
	minimalScenario = "../../testdata/good/minimal.yaml"
	minimalAlloc    = "../../views/testdata/minimal-alloc.json"
)

// runBomCLI runs dcplan with the bom command present (root.go may not
// register it yet) and returns stdout, stderr and the exit code as Main
// would.
func runBomCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	streams := &IO{In: strings.NewReader(""), Out: &out, Err: &errb}
	root := newRootCmd(streams)
	if c, _, err := root.Find([]string{"bom"}); err != nil || c == root {
		root.AddCommand(newBomCmd(streams))
	}
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		errb.WriteString("dcplan: " + err.Error() + "\n")
		return out.String(), errb.String(), exitCode(err)
	}
	return out.String(), errb.String(), ExitOK
}

func TestBomCommandJSON(t *testing.T) {
	out, errOut, code := runBomCLI(t, "bom", minimalScenario, "--allocation", minimalAlloc, "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var b views.BOM
	if err := json.Unmarshal([]byte(out), &b); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	sc, err := planner.LoadFile(minimalScenario)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := planner.Evaluate(sc, readAlloc(t, minimalAlloc))
	if err != nil {
		t.Fatal(err)
	}
	if b.Reconciliation.PlanCapexUSD != pl.Totals.CapexUSD {
		t.Errorf("reconciliation plan capex %.2f, plan %.2f", b.Reconciliation.PlanCapexUSD, pl.Totals.CapexUSD)
	}
	if len(b.Lines) == 0 || b.TotalUSD <= 0 {
		t.Errorf("empty BOM: %+v", b)
	}
	again, _, _ := runBomCLI(t, "bom", minimalScenario, "--allocation", minimalAlloc, "--format", "json")
	if again != out {
		t.Error("two runs gave different JSON")
	}
}

func TestBomCommandTable(t *testing.T) {
	out, errOut, code := runBomCLI(t, "bom", minimalScenario, "--allocation", minimalAlloc)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Site a, phase 2026", "qm9700 (leaf, gb200-nvl72)", "Reconciliation with the plan's capex", "cdu-1.3mw"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q", want)
		}
	}
	for i, line := range strings.Split(out, "\n") {
		if n := len([]rune(strings.TrimRight(line, " "))); n > 100 && !strings.HasPrefix(line, "- ") {
			t.Errorf("line %d is %d columns wide: %q", i+1, n, line)
		}
	}
}

func TestBomCommandFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bom.csv")
	args := []string{"bom", minimalScenario, "--allocation", minimalAlloc, "--format", "csv", "-o", path}
	if _, errOut, code := runBomCLI(t, args...); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(path)
	if err != nil || !strings.HasPrefix(string(data), "site,phase,group,part") {
		t.Fatalf("bom.csv: %v %q", err, data)
	}
	// dcplan's own file is overwritten without --force.
	if _, errOut, code := runBomCLI(t, args...); code != ExitOK {
		t.Fatalf("rewrite of dcplan's own file: exit %d: %s", code, errOut)
	}
	foreign := filepath.Join(dir, "mine.csv")
	if err := os.WriteFile(foreign, []byte("name,amount\nrent,100\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args[len(args)-1] = foreign
	_, errOut, code := runBomCLI(t, args...)
	if code != ExitBadInput || !strings.Contains(errOut, "--force") {
		t.Fatalf("overwrite of a foreign file: exit %d, %q", code, errOut)
	}
	if data, _ := os.ReadFile(foreign); string(data) != "name,amount\nrent,100\n" {
		t.Fatal("the foreign file was changed")
	}
	if _, errOut, code := runBomCLI(t, append(args, "--force")...); code != ExitOK {
		t.Fatalf("--force: exit %d: %s", code, errOut)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestBomCommandErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`[{"site": "a", "rack": "x"}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	unknown := filepath.Join(t.TempDir(), "unknown.json")
	if err := os.WriteFile(unknown, []byte(`[{"site": "zz", "rack_config": "gb200-nvl72-liquid", "phase": "2026", "racks": 1}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		msg  string
	}{
		{"bad format", []string{"bom", minimalScenario, "--allocation", minimalAlloc, "--format", "xml"}, `unknown --format "xml"`},
		{"missing allocation", []string{"bom", minimalScenario, "--allocation", "no-such.json"}, "no-such.json"},
		{"malformed allocation", []string{"bom", minimalScenario, "--allocation", bad}, `unknown field "rack"`},
		{"unknown site", []string{"bom", minimalScenario, "--allocation", unknown}, "zz/gb200-nvl72-liquid"},
		{"two scenarios", []string{"bom", "a.yaml", "b.yaml"}, "accepts at most 1 arg"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, errOut, code := runBomCLI(t, c.args...)
			if code != ExitBadInput || !strings.Contains(errOut, c.msg) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, ExitBadInput, c.msg)
			}
		})
	}
}

func readAlloc(t *testing.T, path string) []planner.Allocation {
	t.Helper()
	alloc, err := readAllocation(path)
	if err != nil {
		t.Fatal(err)
	}
	return alloc
}

func TestBomCommandFormatFromExtension(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ name, prefix string }{
		{"bom.json", "{"}, {"bom.csv", "site,phase,group"}, {"bom.txt", views.BOMTableTitle},
	} {
		path := filepath.Join(dir, c.name)
		for range 2 { // the second run rewrites dcplan's own file without --force
			if _, errOut, code := runBomCLI(t, "bom", minimalScenario, "--allocation", minimalAlloc, "-o", path); code != ExitOK {
				t.Fatalf("%s: exit %d: %s", c.name, code, errOut)
			}
		}
		data, _ := os.ReadFile(path)
		if !strings.HasPrefix(string(data), c.prefix) {
			t.Errorf("%s starts %q, want %q", c.name, firstLine(string(data)), c.prefix)
		}
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
