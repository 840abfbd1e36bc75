package strictyaml

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fuzzTarget exercises every kind of field the decoder supports.
type fuzzTarget struct {
	Scenario `yaml:",inline"`
	Kinds    Kinds                  `yaml:"kinds"`
	Custom   Custom                 `yaml:"custom"`
	Inlined  *Inlined               `yaml:"inlined"`
	Rest     WithRest               `yaml:"rest"`
	Tree     *Tree                  `yaml:"tree"`
	Any      any                    `yaml:"any"`
	Arr      [3]Phase               `yaml:"arr"`
	Nested   map[string][]*Site     `yaml:"nested"`
	ByNum    map[uint8]map[int]bool `yaml:"by_num"`
}

var fuzzSeeds = []string{
	"name: x\nsites:\n  - id: a\n    power: {capacity: 1 kW, phases: [{name: L1, available: 2}]}\n",
	"kinds: {s: x, i8: 300, l: [1, 2], a: [1], m: {a: 1}, mi: {1: a}, t: 2025-01-01, d: 1s, any: [~, 1, x]}\n",
	"custom: {power: 12 W, text: true, ports: [80, 443], odd: 1, pair: {}}\n",
	"inlined: {id: a, note: b, size: 3}\nrest: {name: a, x: 1, y: z}\n",
	"tree: &t {name: a, children: [*t]}\n",
	"any: &a {<<: *a}\n",
	"a: &a [x, x]\nb: &b [*a, *a]\nany: [*b, *b]\n",
	"arr: [{name: a}, {name: b}, {name: c}, {name: d}]\nnested: {x: [{id: a}, ~]}\nby_num: {1: {2: true}, 256: {}}\n",
	"{\"name\": \"j\", \"sites\": [{\"id\": 1}]}",
	"---\n---\n",
	"a:\n\tb: 1\n",
	"? [a, b]\n: c\n",
	"*x\n",
	"!!binary aGVsbG8=\n",
	"kinds: {s: !!binary aGVsbG8=, i: !!float 1, b: !!str true}\n",
	"<<: [{name: a}, {sites: []}]\n",
	"name: \"\\u0001\"\n",
}

func FuzzDecode(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	for _, r := range rows() {
		f.Add([]byte(r.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var first fuzzTarget
		// A hang would stall the fuzzer silently; crash instead so that
		// the input is reported.
		watchdog := time.AfterFunc(20*time.Second, func() { panic("Decode did not return within 20s") })
		defer watchdog.Stop()
		doc, ds := Decode("f.yaml", data, &first)
		if doc == nil {
			t.Fatal("nil Document")
		}
		if len(ds) > MaxDiagnostics+1 {
			t.Fatalf("%d diagnostics, want at most %d", len(ds), MaxDiagnostics+1)
		}
		if !slices.Equal(ds, ds.Sorted()) {
			t.Fatalf("diagnostics are not sorted and deduplicated:\n%v", ds)
		}
		for _, d := range ds {
			if d.File != "f.yaml" || d.Message == "" || !d.Pos.IsValid() {
				t.Fatalf("malformed diagnostic %#v", d)
			}
		}
		_ = ds.Error()
		for _, p := range doc.Paths() {
			_ = doc.Errorf(p+".x", "check")
		}
		var second fuzzTarget
		_, again := Decode("f.yaml", data, &second)
		if diff := cmp.Diff(ds, again); diff != "" {
			t.Fatalf("non-deterministic diagnostics:\n%s", diff)
		}
	})
}
