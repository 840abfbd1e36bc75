package solver

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// mediumInstance is a Generate instance with random budgets and clusters.
func mediumInstance(sites, options, phases int, seed int64, budgets, clusters bool) *Instance {
	in := Generate(sites, options, phases, seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 99))
	if budgets {
		for o := range in.Options {
			op := &in.Options[o]
			op.Capex = make([]int64, phases)
			for q := range op.Capex {
				op.Capex[q] = op.Cost[q] / 1000
			}
		}
		for q := 0; q < phases; q++ {
			if rng.IntN(2) == 0 {
				in.Budgets = append(in.Budgets, Budget{Phase: q, Max: 200_000 + rng.Int64N(3_000_000)})
			}
		}
	}
	if clusters {
		n := 1 + rng.IntN(2)
		for c := 0; c < n; c++ {
			in.Clusters = append(in.Clusters, Cluster{Name: fmt.Sprintf("c%d", c), Class: 0, Phase: rng.IntN(phases), Size: 72 * int64(1+rng.IntN(20))})
		}
	}
	return in
}

type cbcResult struct {
	status string // "Optimal", "Infeasible", other
	obj    float64
	X      [][]int64
}

func runCBC(t *testing.T, in *Instance, dir string) cbcResult {
	t.Helper()
	mps := filepath.Join(dir, "model.mps")
	sol := filepath.Join(dir, "model.sol")
	var buf bytes.Buffer
	if err := WriteMPS(&buf, in); err != nil {
		t.Fatalf("WriteMPS: %v", err)
	}
	if err := os.WriteFile(mps, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("cbc", mps, "-sec", "60", "-threads", "1", "-ratio", "0", "-allow", "0", "-solve", "-solu", sol)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("cbc: %v\n%s", err, out)
	}
	f, err := os.Open(sol)
	if err != nil {
		t.Fatalf("cbc wrote no solution: %v\n%s", err, out)
	}
	defer f.Close()
	res := cbcResult{X: make([][]int64, len(in.Options))}
	for o := range res.X {
		res.X[o] = make([]int64, in.Phases)
	}
	sc := bufio.NewScanner(f)
	first := true
	for sc.Scan() {
		line := sc.Text()
		if first {
			first = false
			switch {
			case strings.HasPrefix(line, "Optimal"):
				res.status = "Optimal"
			case strings.Contains(line, "nfeasible"):
				res.status = "Infeasible"
				return res
			default:
				res.status = line
				return res
			}
			i := strings.LastIndex(line, "value")
			v, err := strconv.ParseFloat(strings.TrimSpace(line[i+len("value"):]), 64)
			if err != nil {
				t.Fatalf("cbc objective line %q: %v", line, err)
			}
			res.obj = v
			continue
		}
		fs := strings.Fields(strings.ReplaceAll(line, "**", ""))
		if len(fs) < 3 {
			continue
		}
		name := fs[1]
		val, err := strconv.ParseFloat(fs[2], 64)
		if err != nil {
			t.Fatalf("cbc column line %q: %v", line, err)
		}
		if strings.HasPrefix(name, "X_") {
			var o, q int
			if _, err := fmt.Sscanf(name, "X_%d_%d", &o, &q); err != nil {
				t.Fatalf("column %q: %v", name, err)
			}
			res.X[o][q] = int64(math.Round(val))
		}
	}
	return res
}

func TestCompareCBC(t *testing.T) {
	if _, err := exec.LookPath("cbc"); err != nil {
		t.Skip("cbc not on PATH: install coinor-cbc (apt-get install -y coinor-cbc) to cross-check against CBC")
	}
	type tc struct {
		name string
		in   *Instance
	}
	var cases []tc
	for i := int64(0); i < 25; i++ {
		cases = append(cases, tc{fmt.Sprintf("tiny/seed=%d", i), tinyInstance(1000 + i)})
	}
	for i := int64(0); i < 6; i++ {
		cases = append(cases, tc{fmt.Sprintf("gen/2x6x2/seed=%d", i), Generate(2, 6, 2, i)})
	}
	for i := int64(1); i <= 3; i++ {
		cases = append(cases, tc{fmt.Sprintf("gen/4x8x2/max-compute/seed=%d", i), maxCompute(Generate(4, 8, 2, i))})
	}
	if !testing.Short() {
		for i := int64(0); i < 4; i++ {
			cases = append(cases, tc{fmt.Sprintf("gen/3x8x3/budget/seed=%d", i), mediumInstance(3, 8, 3, i, true, false)})
			cases = append(cases, tc{fmt.Sprintf("gen/3x8x2/cluster/seed=%d", i), mediumInstance(3, 8, 2, i, false, true)})
		}
		cases = append(cases, tc{"gen/4x10x3/all/seed=100", mediumInstance(4, 10, 3, 100, true, true)})
		cases = append(cases, tc{"gen/10x20x1/seed=200", Generate(10, 20, 1, 200)})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t0 := time.Now()
			res, err := Solve(context.Background(), c.in, Params{TimeLimit: 10 * time.Second})
			t.Logf("Solve: %v obj %d bound %.1f nodes %d in %v", res.Status, res.Objective, res.Bound, res.Nodes, time.Since(t0))
			if err != nil {
				t.Fatalf("Solve: %v", err)
			}
			dir, err := os.MkdirTemp("", "dcplancbc")
			if err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(dir)
			cb := runCBC(t, c.in, dir)
			switch cb.status {
			case "Infeasible":
				if res.Status != Infeasible {
					t.Fatalf("CBC infeasible, Solve %v obj %d", res.Status, res.Objective)
				}
				return
			case "Optimal":
			default:
				t.Skipf("CBC status %q", cb.status)
			}
			if err := Check(c.in, cb.X); err != nil {
				t.Fatalf("CBC plan fails Check: %v", err)
			}
			if got := float64(ObjectiveOf(c.in, cb.X)); math.Abs(got-cb.obj) > 1e-6*math.Max(1, math.Abs(cb.obj)) {
				t.Fatalf("CBC objective %g but its plan costs %g", cb.obj, got)
			}
			if res.Status == Feasible {
				// not proved within the limit: the proven bound and the plan
				// must still bracket CBC's optimum
				if res.Bound > cb.obj*(1+1e-9)+1e-6 || float64(res.Objective) < cb.obj*(1-1e-9)-1e-6 {
					t.Fatalf("Solve bound %.1f / plan %d do not bracket CBC optimum %.1f", res.Bound, res.Objective, cb.obj)
				}
				t.Logf("not proved in the limit (gap %.3g); bound and plan bracket CBC's optimum", res.Gap)
				return
			}
			if res.Status != Optimal {
				t.Fatalf("Solve status %v (gap %g), CBC optimal %g", res.Status, res.Gap, cb.obj)
			}
			if math.Abs(float64(res.Objective)-cb.obj) > 1e-6*math.Max(1, math.Abs(cb.obj)) {
				t.Fatalf("objective %d, CBC %g", res.Objective, cb.obj)
			}
		})
	}
}

func TestMPSBoundsEveryIntegerColumn(t *testing.T) {
	for _, in := range []*Instance{tinyInstance(3), mediumInstance(3, 5, 2, 1, true, true)} {
		var buf bytes.Buffer
		if err := WriteMPS(&buf, in); err != nil {
			t.Fatal(err)
		}
		ints := map[string]bool{}
		bounded := map[string]bool{}
		section, inInt := "", false
		for _, line := range strings.Split(buf.String(), "\n") {
			fs := strings.Fields(line)
			if len(fs) == 0 {
				continue
			}
			if line[0] != ' ' {
				section = fs[0]
				continue
			}
			switch section {
			case "COLUMNS":
				if len(fs) == 3 && fs[1] == "'MARKER'" {
					inInt = fs[2] == "'INTORG'"
					continue
				}
				if !inInt {
					t.Errorf("column %s outside INTORG markers", fs[0])
				}
				ints[fs[0]] = true
			case "BOUNDS":
				if fs[0] == "UP" {
					if _, err := strconv.ParseInt(fs[3], 10, 64); err != nil {
						t.Errorf("bound %q: %v", line, err)
					}
					bounded[fs[2]] = true
				}
			}
		}
		wantCols := len(in.Options)*in.Phases + len(in.Clusters)*len(in.Sites)
		var missing []string
		for c := range ints {
			if !bounded[c] {
				missing = append(missing, c)
			}
		}
		if len(missing) > 0 {
			t.Errorf("%s: integer columns without UP bound: %v", in.Name, missing)
		}
		if len(bounded) != wantCols {
			t.Errorf("%s: %d bounded columns, want %d", in.Name, len(bounded), wantCols)
		}
	}
}
