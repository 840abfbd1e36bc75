package solver

import (
	"context"
	"testing"
)

// dominanceInstance: one site, one phase, one resource; option 0 is the
// reference rack, the others differ from it in one figure each.
func dominanceInstance() *Instance {
	in := &Instance{
		Name: "dominance", Phases: 1, Resources: []string{"power"}, Classes: []string{"gpus"},
		Sites:   []Site{{Name: "s", Cap: [][]int64{{100}}}},
		Demands: []Demand{{Class: 0, Phase: 0, Min: 40}},
	}
	add := func(name string, use, contrib, cost, capex, max int64) {
		in.Options = append(in.Options, Option{Name: name, Site: 0, Use: []int64{use}, Contrib: []int64{contrib},
			Cost: []int64{cost}, Capex: []int64{capex}, Max: max})
	}
	add("ref", 10, 8, 100, 5, 0)
	add("twin", 10, 8, 100, 5, 0)          // equal in every figure: the first (ref) is kept
	add("dearer", 10, 8, 120, 5, 0)        // dominated by ref
	add("denser", 10, 9, 120, 5, 0)        // contributes more: kept
	add("cheaper-capped", 10, 8, 90, 5, 3) // dominates ref's figures but has a Max: kept, dominates nothing
	add("more-capex", 10, 8, 100, 6, 0)    // dominated by ref
	add("less-power", 9, 8, 100, 5, 0)     // dominates ref, twin and more-capex
	return in
}

func TestDominatedOptionsAreDroppedOnlyWhenSafe(t *testing.T) {
	in := dominanceInstance()
	got := dominated(in, in.upperBounds())
	want := map[string]bool{"ref": true, "twin": true, "dearer": true, "denser": false,
		"cheaper-capped": false, "more-capex": true, "less-power": false}
	for o, op := range in.Options {
		if got[o] != want[op.Name] {
			t.Errorf("%s: dominated = %v, want %v", op.Name, got[o], want[op.Name])
		}
	}
	// Penalty columns are never dropped, and an option with a Max never
	// dominates: a copy of less-power with a Max leaves ref in.
	in.Options[6].Max = 2
	in.Options = append(in.Options, Option{Name: "short", Site: 0, Use: []int64{0}, Contrib: []int64{1},
		Cost: []int64{1000}, Capex: []int64{0}, Max: 40, Penalty: true})
	got = dominated(in, in.upperBounds())
	if got[0] || got[len(in.Options)-1] {
		t.Errorf("ref or the penalty column dropped: %v", got)
	}
	// Solve on the full instance gives the optimum of the kept options.
	res, err := Solve(context.Background(), dominanceInstance(), Params{})
	if err != nil || res.Status != Optimal {
		t.Fatalf("Solve: %v %v", res.Status, err)
	}
	// 40 GPUs: the three capped racks at 90 and two of less-power at 100.
	if res.Objective != 470 {
		t.Errorf("objective %d, want 470", res.Objective)
	}
}
