// Command solvecmp generates an instance, solves it with package solver and,
// optionally, with CBC on the same MPS file (single thread, gap 0, same time
// limit), checks both plans with solver.Check and compares objectives.
//
//	go run ./planner/solver/internal/cmd/solvecmp -sites 10 -options 50 -phases 1 -seed 1 -time 60s -cbc
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/dcplan/dcplan/planner/solver"
)

func main() {
	solver.SetSoftMemoryLimit()
	sites := flag.Int("sites", 10, "sites")
	options := flag.Int("options", 50, "options per site")
	phases := flag.Int("phases", 1, "phases")
	seed := flag.Int64("seed", 1, "seed")
	limit := flag.Duration("time", 60*time.Second, "time limit (both solvers)")
	threads := flag.Int("threads", 0, "threads for package solver")
	mps := flag.String("mps", "", "write the MPS model to this file")
	useCBC := flag.Bool("cbc", false, "also run cbc on the MPS file and compare")
	method := flag.String("method", "auto", "auto, dense or decompose")
	checkSol := flag.String("check-cbc", "", "only read this CBC solution file, check it against the generated instance with solver.Check and print its objective")
	checkGLPK := flag.String("check-glpk", "", "only read this glpsol solution (written with -w) of the MPS file given by -mps, check it with solver.Check and print its objective")
	gap := flag.Float64("gap", 0, "relative gap (0: the solver's default, 1e-9)")
	load := flag.String("instance", "", "read the instance from this JSON file (as written with DCPLAN_DUMP_INSTANCES=DIR) instead of generating one")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the solve to this file")
	flag.Parse()
	if *prof != "" {
		f, err := os.Create(*prof)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	var in *solver.Instance
	if *load != "" {
		b, err := os.ReadFile(*load)
		check(err)
		in = new(solver.Instance)
		check(json.Unmarshal(b, in))
	} else {
		in = solver.Generate(*sites, *options, *phases, *seed)
	}
	if *checkGLPK != "" {
		status, X := readGLPK(*checkGLPK, *mps, in)
		if X == nil {
			fmt.Printf("glpk status=%q no plan\n", status)
			return
		}
		if err := solver.Check(in, X); err != nil {
			fmt.Printf("glpk status=%q FAILS Check: %v\n", status, err)
			os.Exit(1)
		}
		fmt.Printf("glpk status=%q check=pass cost=%d\n", status, solver.ObjectiveOf(in, X))
		return
	}
	if *checkSol != "" {
		status, obj, X := readCBC(*checkSol, in)
		if X == nil {
			fmt.Printf("cbc status=%q no plan\n", status)
			return
		}
		if err := solver.Check(in, X); err != nil {
			fmt.Printf("cbc status=%q obj=%.1f FAILS Check: %v\n", status, obj, err)
			os.Exit(1)
		}
		fmt.Printf("cbc status=%q obj=%.1f check=pass cost=%d\n", status, obj, solver.ObjectiveOf(in, X))
		return
	}
	mpsPath := *mps
	if mpsPath == "" && *useCBC {
		dir, err := os.MkdirTemp("", "solvecmp")
		check(err)
		defer os.RemoveAll(dir)
		mpsPath = filepath.Join(dir, "model.mps")
	}
	if mpsPath != "" {
		f, err := os.Create(mpsPath)
		check(err)
		check(solver.WriteMPS(f, in))
		check(f.Close())
	}
	t0 := time.Now()
	p := solver.Params{TimeLimit: *limit, Threads: *threads, RelGap: *gap}
	switch *method {
	case "dense":
		p.Method = solver.Dense
	case "decompose":
		p.Method = solver.Decompose
	}
	res, err := solver.Solve(context.Background(), in, p)
	check(err)
	fmt.Printf("solver %s status=%v obj=%d bound=%.3f gap=%.3g nodes=%d time=%v\n", in.Name, res.Status, res.Objective, res.Bound, res.Gap, res.Nodes, time.Since(t0))
	if res.X != nil {
		if err := solver.Check(in, res.X); err != nil {
			fmt.Println("solver plan FAILS Check:", err)
		}
	}
	if !*useCBC {
		return
	}
	sol := mpsPath + ".sol"
	t1 := time.Now()
	out, err := exec.Command("cbc", mpsPath, "-sec", strconv.Itoa(int(limit.Seconds())), "-threads", "1", "-ratio", "0", "-allow", "0", "-solve", "-solu", sol).CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "cbc: %v\n%s", err, out)
		os.Exit(1)
	}
	cbcTime := time.Since(t1)
	status, obj, X := readCBC(sol, in)
	fmt.Printf("cbc    %s status=%q obj=%.1f time=%v\n", in.Name, status, obj, cbcTime)
	if X != nil {
		if err := solver.Check(in, X); err != nil {
			fmt.Println("cbc plan FAILS Check:", err)
		} else {
			fmt.Printf("cbc plan passes Check; its cost %d\n", solver.ObjectiveOf(in, X))
		}
		if res.X != nil {
			d := float64(res.Objective) - obj
			fmt.Printf("difference solver-cbc = %.1f (%.3g relative)\n", d, d/math.Max(1, math.Abs(obj)))
		}
	}
}

func readCBC(path string, in *solver.Instance) (string, float64, [][]int64) {
	f, err := os.Open(path)
	if err != nil {
		return "no solution file", 0, nil
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() {
		return "empty solution file", 0, nil
	}
	head := sc.Text()
	obj := math.NaN()
	if i := strings.LastIndex(head, "value"); i >= 0 {
		obj, _ = strconv.ParseFloat(strings.TrimSpace(head[i+len("value"):]), 64)
	}
	if strings.Contains(head, "nfeasible") || strings.Contains(head, "no integer solution") {
		return head, obj, nil
	}
	X := make([][]int64, len(in.Options))
	for o := range X {
		X[o] = make([]int64, in.Phases)
	}
	for sc.Scan() {
		fs := strings.Fields(strings.ReplaceAll(sc.Text(), "**", ""))
		if len(fs) < 3 || !strings.HasPrefix(fs[1], "X_") {
			continue
		}
		var o, q int
		if _, err := fmt.Sscanf(fs[1], "X_%d_%d", &o, &q); err != nil {
			continue
		}
		v, _ := strconv.ParseFloat(fs[2], 64)
		X[o][q] = int64(math.Round(v))
	}
	return head, obj, X
}

// readGLPK reads glpsol's plain-text solution (-w): "s mip ROWS COLS STATUS
// OBJ", then "j INDEX VALUE" per column, columns numbered in the order they
// first appear in the MPS file's COLUMNS section. STATUS o: optimal, f:
// feasible, n: no integer solution.
func readGLPK(path, mpsPath string, in *solver.Instance) (string, [][]int64) {
	names, err := mpsColumns(mpsPath)
	if err != nil {
		return err.Error(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "no solution file", nil
	}
	defer f.Close()
	X := make([][]int64, len(in.Options))
	for o := range X {
		X[o] = make([]int64, in.Phases)
	}
	status := "no status line"
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		switch {
		case len(fs) >= 6 && fs[0] == "s" && fs[1] == "mip":
			switch fs[4] {
			case "o":
				status = "Optimal"
			case "f":
				status = "Feasible"
			default:
				return "NoSolution", nil
			}
		case len(fs) >= 3 && fs[0] == "j":
			j, err1 := strconv.Atoi(fs[1])
			v, err2 := strconv.ParseFloat(fs[2], 64)
			if err1 != nil || err2 != nil || j < 1 || j > len(names) {
				return "bad column line " + sc.Text(), nil
			}
			var o, q int
			if _, err := fmt.Sscanf(names[j-1], "X_%d_%d", &o, &q); err == nil {
				X[o][q] = int64(math.Round(v))
			}
		}
	}
	return status, X
}

// mpsColumns lists an MPS file's column names in order of first appearance.
func mpsColumns(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var names []string
	seen := map[string]bool{}
	in := false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line != "" && line[0] != ' ' {
			in = strings.HasPrefix(line, "COLUMNS")
			continue
		}
		fs := strings.Fields(line)
		if !in || len(fs) < 2 || strings.Contains(line, "'MARKER'") {
			continue
		}
		if !seen[fs[0]] {
			seen[fs[0]] = true
			names = append(names, fs[0])
		}
	}
	return names, sc.Err()
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
