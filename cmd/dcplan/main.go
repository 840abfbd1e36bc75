// Command dcplan plans AI data-centre capacity: which GPU racks go to which
// sites, in which phase, at what cost, energy and carbon.
package main

import (
	"os"
	"runtime/debug"
)

// softMemoryLimit is the heap size beyond which the garbage collector works
// harder (runtime/debug.SetMemoryLimit), unless GOMEMLIMIT sets another. The
// solver's large route keeps per-site cut rows (up to 256 MB) and LPs, and
// with the default GOGC the heap grows to twice what is live: dcplan
// generate 1000x50x16 with a 20 s time limit peaked at 1,062 MB resident.
// The limit is soft: a model that needs more still gets it.
const softMemoryLimit = 768 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
	os.Exit(Main(os.Args[1:], Stdio()))
}
