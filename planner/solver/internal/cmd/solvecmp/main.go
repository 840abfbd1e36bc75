// Command solvecmp generates an instance, solves it with package solver and,
// optionally, writes the MPS file for a peer solver.
//
//	go run ./planner/solver/internal/cmd/solvecmp -sites 10 -options 50 -phases 16 -seed 1 -mps /tmp/x.mps
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/dcplan/dcplan/planner/solver"
)

func main() {
	sites := flag.Int("sites", 10, "sites")
	options := flag.Int("options", 50, "options per site")
	phases := flag.Int("phases", 1, "phases")
	seed := flag.Int64("seed", 1, "seed")
	limit := flag.Duration("time", 60*time.Second, "time limit")
	threads := flag.Int("threads", 0, "threads")
	mps := flag.String("mps", "", "write the MPS model to this file")
	flag.Parse()
	in := solver.Generate(*sites, *options, *phases, *seed)
	if *mps != "" {
		f, err := os.Create(*mps)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := solver.WriteMPS(f, in); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		f.Close()
	}
	t0 := time.Now()
	res, err := solver.Solve(context.Background(), in, solver.Params{TimeLimit: *limit, Threads: *threads})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%s status=%v obj=%d bound=%.3f gap=%.3g nodes=%d time=%v\n", in.Name, res.Status, res.Objective, res.Bound, res.Gap, res.Nodes, time.Since(t0))
}
