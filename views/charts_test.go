package views

import (
	"bytes"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteCharts(t *testing.T) {
	sc, pl := fixtures[1].load(t)
	dir := filepath.Join(t.TempDir(), "charts")
	files, err := WriteCharts(dir, sc, pl, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 6 {
		t.Fatalf("wrote %v, want 3 charts x PNG and SVG", files)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		switch filepath.Ext(f) {
		case ".png":
			if _, err := png.Decode(bytes.NewReader(data)); err != nil {
				t.Errorf("%s is not a PNG: %v", f, err)
			}
		case ".svg":
			if !bytes.Contains(data, []byte("<svg")) {
				t.Errorf("%s is not an SVG", f)
			}
		}
	}
	svg, _ := os.ReadFile(filepath.Join(dir, ChartUtilisation+".svg"))
	for _, want := range []string{"dallas", "ashburn", "power", "rack positions"} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("the utilisation heat map lacks %q", want)
		}
	}
	// dcplan's own charts are replaced without force.
	if _, err := WriteCharts(dir, sc, pl, false); err != nil {
		t.Fatalf("second run: %v", err)
	}
	// Someone else's file is not.
	other := filepath.Join(t.TempDir(), "other")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}
	theirs := filepath.Join(other, ChartCapex+".png")
	if err := os.WriteFile(theirs, []byte("theirs"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteCharts(other, sc, pl, false); !errors.Is(err, ErrNotOurs) {
		t.Fatalf("overwrote a file dcplan did not write: %v", err)
	}
	if data, _ := os.ReadFile(theirs); string(data) != "theirs" {
		t.Fatal("the refused file was changed")
	}
	if entries, _ := os.ReadDir(other); len(entries) != 1 {
		t.Errorf("a refused run wrote files: %v", entries)
	}
	if _, err := WriteCharts(other, sc, pl, true); err != nil {
		t.Fatalf("force: %v", err)
	}
}

func TestCapexByCategorySumsToPlan(t *testing.T) {
	for _, fx := range fixtures {
		sc, pl := fx.load(t)
		by, err := capexByCategory(sc, pl)
		if err != nil {
			t.Fatal(err)
		}
		for q, ph := range pl.Phases {
			var sum float64
			for _, v := range by[q] {
				sum += v
			}
			if d := sum - ph.CapexUSD; d > 0.01 || d < -0.01 {
				t.Errorf("%s phase %s: categories sum to %.2f, plan %.2f", fx.name, ph.ID, sum, ph.CapexUSD)
			}
		}
	}
}
