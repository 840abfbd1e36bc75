package textable

import (
	"bytes"
	"strings"
	"testing"
)

func TestRenderPlainAndBoxed(t *testing.T) {
	tb := Table{Header: []string{"site", "MW"}, Rows: [][]string{{"abilene-tx", "1,440.0"}, {"va", "400.0"}}, Numeric: []bool{false, true}}
	var plain, boxed bytes.Buffer
	if err := Render(&plain, tb, false); err != nil {
		t.Fatal(err)
	}
	if err := Render(&boxed, tb, true); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(plain.String(), "│┌─|+") {
		t.Errorf("plain table has rules:\n%s", plain.String())
	}
	if !strings.Contains(plain.String(), "abilene-tx") || !strings.Contains(plain.String(), "1,440.0") {
		t.Errorf("plain table lost cells:\n%s", plain.String())
	}
	if !strings.ContainsAny(boxed.String(), "│|") {
		t.Errorf("boxed table has no rules:\n%s", boxed.String())
	}
	t.Logf("plain:\n%s\nboxed:\n%s", plain.String(), boxed.String())
}
