package views

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWrap(t *testing.T) {
	got := wrap("aaa bbb ccc ddd", 7)
	if strings.Join(got, "|") != "aaa bbb|ccc ddd" {
		t.Errorf("wrap: %q", got)
	}
	for _, l := range wrap(strings.Repeat("word ", 100), Width) {
		if utf8.RuneCountInString(l) > Width {
			t.Errorf("line of %d characters", len(l))
		}
	}
}
