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
	in := Generate(20, 20, 1, 200)
	t0 := time.Now()
	res, _ := Solve(context.Background(), in, Params{TimeLimit: 10 * time.Second})
	t.Logf("%v %d nodes %v", res.Status, res.Nodes, time.Since(t0))
}
