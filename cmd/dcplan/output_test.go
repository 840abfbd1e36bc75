package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/dcplan/dcplan/planner"
)

func evaluatedMinimal(t *testing.T) (*planner.Scenario, *planner.Plan) {
	t.Helper()
	sc, err := planner.LoadFile(minimalScenario)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := planner.Evaluate(sc, readAlloc(t, minimalAlloc))
	if err != nil {
		t.Fatal(err)
	}
	return sc, pl
}

func TestWritePlanFile(t *testing.T) {
	sc, pl := evaluatedMinimal(t)
	dir := t.TempDir()
	for _, name := range []string{"plan.xlsx", "plan.json", "plan.csv"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if err := writePlanFile(sc, pl, path, false); err != nil {
				t.Fatal(err)
			}
			first, _ := os.ReadFile(path)
			// Its own file: rewritten without --force, to the same bytes.
			if err := writePlanFile(sc, pl, path, false); err != nil {
				t.Fatalf("rewrite of dcplan's own %s: %v", name, err)
			}
			second, _ := os.ReadFile(path)
			if !bytes.Equal(first, second) {
				t.Errorf("%s differs from run to run", name)
			}
		})
	}
	for _, name := range []string{"theirs.xlsx", "theirs.json", "theirs.csv"} {
		t.Run("foreign "+name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if strings.HasSuffix(name, ".xlsx") {
				f := excelize.NewFile()
				if err := f.SaveAs(path); err != nil {
					t.Fatal(err)
				}
			} else if err := os.WriteFile(path, []byte(`{"budget": 1}`+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			before, _ := os.ReadFile(path)
			err := writePlanFile(sc, pl, path, false)
			if err == nil || !strings.Contains(err.Error(), "--force") || exitCode(err) != ExitBadInput {
				t.Fatalf("overwrote a file dcplan did not write: %v", err)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Fatal("the refused file was changed")
			}
			if err := writePlanFile(sc, pl, path, true); err != nil {
				t.Fatalf("--force: %v", err)
			}
		})
	}
	if err := writePlanFile(sc, pl, filepath.Join(dir, "plan.pdf"), false); err == nil || exitCode(err) != ExitBadInput {
		t.Errorf("unknown extension: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestWritePlanOutputsNothingAsked(t *testing.T) {
	sc, pl := evaluatedMinimal(t)
	var errb bytes.Buffer
	if err := writePlanOutputs(&IO{Out: &bytes.Buffer{}, Err: &errb}, sc, pl, &outputOptions{}); err != nil || errb.Len() != 0 {
		t.Fatalf("%v %q", err, errb.String())
	}
}

func TestOutputOptionsCheck(t *testing.T) {
	dir := t.TempDir()
	theirs := filepath.Join(dir, "theirs.csv")
	if err := os.WriteFile(theirs, []byte("a,b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		o  outputOptions
		ok bool
	}{
		{outputOptions{}, true},
		{outputOptions{out: filepath.Join(dir, "new.xlsx")}, true},
		{outputOptions{out: filepath.Join(dir, "plan.txt")}, false},
		{outputOptions{out: theirs}, false},
		{outputOptions{out: theirs, force: true}, true},
	} {
		err := c.o.check()
		if (err == nil) != c.ok || (err != nil && exitCode(err) != ExitBadInput) {
			t.Errorf("%+v: %v", c.o, err)
		}
	}
}
