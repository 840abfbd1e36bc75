// Command dcplan plans AI data-centre capacity: which GPU racks go to which
// sites, in which phase, at what cost, energy and carbon.
package main

import (
	"os"

	"github.com/dcplan/dcplan/planner/solver"
)

func main() {
	solver.SetSoftMemoryLimit()
	os.Exit(Main(os.Args[1:], Stdio()))
}
