package solver

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"
)

func TestDbgSolve(t *testing.T) {
	b, err := os.ReadFile(os.Getenv("DBG_INST"))
	if err != nil {
		t.Skip()
	}
	in := &Instance{}
	if err := json.Unmarshal(b, in); err != nil {
		t.Fatal(err)
	}
	res, _ := Solve(context.Background(), in, Params{TimeLimit: 10 * time.Second})
	f, _ := os.Create("/tmp/our.sol")
	for o := range res.X {
		for q, v := range res.X[o] {
			if v != 0 {
				fmt.Fprintf(f, "X_%d_%d %d\n", o, q, v)
			}
		}
	}
	f.Close()
	t.Logf("obj %d", res.Objective)
}
