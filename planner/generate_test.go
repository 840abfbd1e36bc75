package planner

import (
	"bytes"
	"math"
	"testing"
	"time"
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

// Generated scenarios size demand on the tightest of power, cooling and
// positions, so they are feasible: benchmarks and peer comparisons compare
// plans, not shortfalls.
func TestGeneratedScenariosAreFeasible(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		solveGenerated(t, 5, 10, 2, seed, SolveParams{TimeLimit: 5 * time.Second, Gap: 1e-3})
	}
}

// Regression: on this scenario rack positions bind at every site, so
// rounding the LP down left 432 GPUs that only shortfall columns could
// cover, and every plan found in 60 s was 1% above the bound. The repair
// now exchanges racks at full sites; the default 1e-4 gap is reached in
// about 1.3 s here (the 60 s limit is for slow machines).
func TestGeneratedFullSitesReachTheDefaultGap(t *testing.T) {
	_, pl := solveGenerated(t, 10, 20, 4, 11, SolveParams{TimeLimit: 60 * time.Second, Gap: 1e-4})
	if pl.Gap > 1e-4 || len(pl.Shortfalls) > 0 {
		t.Errorf("gap %.3g (want <= 1e-4), %d shortfalls", pl.Gap, len(pl.Shortfalls))
	}
}

// The largest rung of the benchmark ladder as a scenario builds a model the
// solver accepts: its overflow guard summed every phase's cost per column
// (16 times too much here) and rejected it as "may overflow int64".
func TestLargestGeneratedScenarioBuildsAModel(t *testing.T) {
	data, err := GenerateScenario(1000, 50, 16, 1)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Load("gen-1000x50x16.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	opts, _, err := Options(sc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := BuildModel(sc, opts, ModelInput{Slack: true, SlackFactor: 1000}); err != nil {
		t.Fatal(err)
	}
}

// Generate with providers, budgets and clusters keeps the sites, racks and
// demand of the plain scenario, gives every provider a site and ranks all
// but the last by right of first refusal.
func TestGenerateProvidersBudgetsClusters(t *testing.T) {
	g := GenerateParams{Sites: 6, Options: 8, Phases: 3, Seed: 2, Providers: 3, BudgetPerGPU: 40000, Clusters: 2}
	data, err := Generate(g)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Generate(g)
	if !bytes.Equal(data, again) {
		t.Fatal("two runs differ")
	}
	sc, err := Load("gen.yaml", data)
	if err != nil {
		t.Fatalf("does not load: %v", err)
	}
	plain, err := Load("plain.yaml", mustGenerate(t, GenerateParams{Sites: 6, Options: 8, Phases: 3, Seed: 2}))
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Providers) != 3 || sc.Providers[0].ROFR != 1 || sc.Providers[1].ROFR != 2 || sc.Providers[2].ROFR != 0 {
		t.Fatalf("providers %+v", sc.Providers)
	}
	has := map[string]int{}
	for i, s := range sc.Sites {
		has[s.Provider]++
		p := plain.Sites[i]
		if s.ID != p.ID || s.RackPositions != p.RackPositions || s.AirCooling != p.AirCooling || len(s.Power) != len(p.Power) {
			t.Errorf("site %d differs from the plain scenario's", i)
		}
	}
	for _, p := range sc.Providers {
		if has[p.ID] == 0 {
			t.Errorf("provider %s has no site", p.ID)
		}
	}
	if len(sc.Demand) != len(plain.Demand) || len(sc.Clusters) != 2 {
		t.Fatalf("%d demand rows (plain %d), %d clusters", len(sc.Demand), len(plain.Demand), len(sc.Clusters))
	}
	prev := 0.0
	for q, ph := range sc.Phases {
		d := float64(demandUnits(sc.Demand[q]))
		if sc.Demand[q] != plain.Demand[q] {
			t.Errorf("demand %d differs", q)
		}
		if want := math.Max(1, (d-prev)*40000); math.Abs(ph.Budget.USD()-want) > 1 {
			t.Errorf("phase %s budget %v, want %.0f", ph.ID, ph.Budget, want)
		}
		prev = math.Max(prev, d)
	}
	if _, err := Generate(GenerateParams{Sites: 2, Options: 2, Phases: 2, Providers: 27}); err == nil {
		t.Error("27 providers accepted")
	}
}

func mustGenerate(t *testing.T, g GenerateParams) []byte {
	t.Helper()
	data, err := Generate(g)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
