package planner

import (
	"strings"
	"testing"
)

func TestEvaluateAndCheck(t *testing.T) {
	sc, err := LoadFile("../testdata/good/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Site a: 50 MW x 0.8 (N+1) = 40 MW usable in 2026, 64 MW in 2027.
	alloc := []Allocation{
		{Site: "a", RackConfig: "gb200-nvl72-liquid", Phase: "2026", Racks: 60},
		{Site: "a", RackConfig: "gb200-nvl72-liquid", Phase: "2027", Racks: 120},
	}
	pl, err := Evaluate(sc, alloc)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Phases[0].GPUs != 60*72 || pl.Phases[1].GPUs != 120*72 {
		t.Fatalf("GPUs %d, %d", pl.Phases[0].GPUs, pl.Phases[1].GPUs)
	}
	if pl.Status != "evaluated" || len(pl.Shortfalls) != 0 {
		t.Fatalf("status %s, shortfalls %+v", pl.Status, pl.Shortfalls)
	}
	if err := CheckPlan(sc, pl); err != nil {
		t.Fatalf("a feasible plan fails the checker: %v", err)
	}
	// Too many racks for site a's power, and demand short in 2027.
	over := []Allocation{{Site: "a", RackConfig: "gb200-nvl72-liquid", Phase: "2026", Racks: 400}}
	pl, err = Evaluate(sc, over)
	if err != nil {
		t.Fatal(err)
	}
	err = CheckPlan(sc, pl)
	if err == nil || !strings.Contains(err.Error(), "site a, phase 2026: facility power") {
		t.Fatalf("an over-full site passes the checker: %v", err)
	}
	short := []Allocation{{Site: "a", RackConfig: "gb200-nvl72-liquid", Phase: "2026", Racks: 56}}
	pl, _ = Evaluate(sc, short)
	if pl.Status != "infeasible" || len(pl.Shortfalls) == 0 {
		t.Fatalf("short plan: status %s", pl.Status)
	}
	pl.Shortfalls = nil
	if err := CheckPlan(sc, pl); err == nil || !strings.Contains(err.Error(), "demand GPUs by 2027") {
		t.Fatalf("an unreported shortfall passes the checker: %v", err)
	}
}
