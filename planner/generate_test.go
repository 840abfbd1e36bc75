package planner

import (
	"bytes"
	"testing"
)

func TestGenerateScenario(t *testing.T) {
	for _, c := range [][3]int{{1, 1, 1}, {10, 50, 1}, {10, 50, 16}, {3, 20, 4}} {
		a, err := GenerateScenario(c[0], c[1], c[2], 7)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := GenerateScenario(c[0], c[1], c[2], 7)
		if !bytes.Equal(a, b) {
			t.Fatalf("%v: two runs differ", c)
		}
		sc, err := Load("gen.yaml", a)
		if err != nil {
			t.Fatalf("%v: generated scenario does not load: %v", c, err)
		}
		opts, _, err := Options(sc)
		if err != nil {
			t.Fatal(err)
		}
		if len(opts) != c[0]*c[1] {
			t.Errorf("%v: %d options, want sites x options = %d", c, len(opts), c[0]*c[1])
		}
		if len(sc.Phases) != c[2] {
			t.Errorf("%v: %d phases", c, len(sc.Phases))
		}
	}
	if _, err := GenerateScenario(0, 1, 1, 1); err == nil {
		t.Error("0 sites accepted")
	}
}
