package solver

import (
	"context"
	"os"
	"testing"
	"time"
)

func TestProfileHelper(t *testing.T) {
	if os.Getenv("DCPLAN_PROF") == "" {
		t.Skip("set DCPLAN_PROF=1")
	}
	in := Generate(1000, 50, 1, 1)
	t0 := time.Now()
	res, _ := Solve(context.Background(), in, Params{TimeLimit: 1 * time.Second})
	t.Logf("%v %d nodes %v", res.Status, res.Nodes, time.Since(t0))
}
