package strictyaml

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// ---- Test types -----------------------------------------------------------

// Watts parses "132 kW", "1.2 MW" or a bare number of watts.
type Watts float64

func (w *Watts) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	mult := 1.0
	for _, u := range []struct {
		suffix string
		mult   float64
	}{{"MW", 1e6}, {"kW", 1e3}, {"W", 1}} {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("expected a power such as \"132 kW\" or \"1.2 MW\", got %q", string(b))
	}
	*w = Watts(f * mult)
	return nil
}

// RawText records the text it receives.
type RawText string

func (r *RawText) UnmarshalText(b []byte) error { *r = RawText(b); return nil }

// Ports is a single port ("80") or a list of ports; it needs the node.
type Ports []uint16

func (p *Ports) DecodeYAMLNode(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		var one uint16
		if ds := DecodeNode(n, &one); len(ds) > 0 {
			return ds
		}
		*p = Ports{one}
		return nil
	}
	var many []uint16
	ds := DecodeNode(n, &many)
	*p = many
	return ds.Err()
}

// Odd rejects everything with a plain error.
type Odd struct{}

func (*Odd) DecodeYAMLNode(n *yaml.Node) error { return errors.New("odd is never valid") }

// Pair reports two problems relative to its node.
type Pair struct{}

func (*Pair) DecodeYAMLNode(n *yaml.Node) error {
	return Diagnostics{
		NodeErrorf(n, "", "first problem"),
		{Path: "left", Message: "second problem"},
	}
}

// Legacy implements yaml.Unmarshaler the usual, lenient way.
type Legacy struct{ V int }

func (l *Legacy) UnmarshalYAML(n *yaml.Node) error { return n.Decode(&l.V) }

type Phase struct {
	Name      string  `yaml:"name"`
	Available float64 `yaml:"available"`
}

type PowerSpec struct {
	Capacity Watts   `yaml:"capacity"`
	Phases   []Phase `yaml:"phases"`
}

type Site struct {
	ID    string            `yaml:"id"`
	Racks int               `yaml:"racks"`
	Power *PowerSpec        `yaml:"power"`
	Tags  map[string]string `yaml:"tags,omitempty"`
}

type Scenario struct {
	Name  string `yaml:"name"`
	Sites []Site `yaml:"sites"`
}

type Kinds struct {
	S    string
	B    bool
	I    int
	I8   int8
	I16  int16
	I32  int32
	I64  int64
	U    uint
	U8   uint8
	U16  uint16
	U32  uint32
	U64  uint64
	F32  float32
	F64  float64
	P    *int
	PP   **string
	L    []int
	A    [2]int
	M    map[string]int
	MI   map[int]string
	Any  any
	T    time.Time
	D    time.Duration
	Node yaml.Node
	Skip string `yaml:"-"`
}

type Hidden struct {
	Shown string
	hide  string
}

type Base struct {
	ID   string `yaml:"id"`
	Kind string `yaml:"kind"`
}

type Extra struct {
	Note string `yaml:"note"`
}

type Inlined struct {
	Base   `yaml:",inline"`
	*Extra `yaml:",inline"`
	Size   int `yaml:"size"`
}

type WithRest struct {
	Name string         `yaml:"name"`
	Rest map[string]int `yaml:",inline"`
}

type Custom struct {
	Power Watts   `yaml:"power"`
	Text  RawText `yaml:"text"`
	Ports Ports   `yaml:"ports"`
	Odd   Odd     `yaml:"odd"`
	Pair  *Pair   `yaml:"pair"`
	Old   Legacy  `yaml:"old"`
}

type Many struct {
	F01, F02, F03, F04, F05, F06, F07, F08, F09, F10, F11, F12, F13 int
}

type BadType struct {
	A int `yaml:"x"`
	B int `yaml:"x"`
}

type Tree struct {
	Name     string  `yaml:"name"`
	Children []*Tree `yaml:"children"`
}

type Free struct {
	Any any `yaml:"any"`
}

// ---- Table -----------------------------------------------------------------

type row struct {
	name   string
	in     string
	target func() any // a pointer to decode into; nil means *Scenario
	want   any        // the expected decoded pointer; nil means don't check
	diags  []string   // the expected diagnostics, as strings
}

func ptr[T any](v T) *T { return &v }

func rows() []row {
	return []row{
		// Syntax and document structure.
		{
			name:  "syntax error keeps line, strips prefix",
			in:    "name: x\nsites: \"abc\n",
			diags: []string{"f.yaml:2: syntax error: found unexpected end of stream"},
		},
		{
			name:  "syntax error on first line gets line 1",
			in:    "name: a: b\n",
			diags: []string{"f.yaml:1: syntax error: mapping values are not allowed in this context"},
		},
		{
			name:  "parser error line is corrected to 1-based",
			in:    "name: x\nsites:\n  - id: a\n    racks: 1\n  - id: b\n    racks: \"1\" 2\n",
			diags: []string{"f.yaml:5: syntax error: did not find expected key"},
		},
		{
			name:  "tab indentation gets a hint and a column",
			in:    "name: x\nsites:\n\t- id: a\n",
			diags: []string{"f.yaml:3:1: syntax error: found character that cannot start any token (tabs are not allowed for indentation; use spaces)"},
		},
		{
			name:  "undefined alias is located",
			in:    "name: x\nsites:\n  - *nope\n",
			diags: []string{"f.yaml:3:5: syntax error: alias *nope refers to an anchor that is not defined (define it first with &nope)"},
		},
		{
			name:  "control character is located",
			in:    "name: x\nsites:\n  - id: a\x01b\n",
			diags: []string{"f.yaml:3:10: syntax error: control characters are not allowed (found U+0001)"},
		},
		{
			name:  "invalid UTF-8 is located",
			in:    "name: \"\xff\"\n",
			diags: []string{"f.yaml:1:8: syntax error: invalid leading UTF-8 octet (found byte 0xff)"},
		},
		{
			// Found by FuzzDecode: a UTF-16 byte order mark followed by a
			// forbidden character used to produce a diagnostic without a line.
			name:  "invalid UTF-16 is located",
			in:    "\xff\xfe\xff\xff",
			diags: []string{"f.yaml:1:1: syntax error: control characters are not allowed (found U+FFFF)"},
		},
		{
			name:  "UTF-16 with a bad character on a later line",
			in:    "\xfe\xff\x00a\x00:\x00 \x001\x00\n\x00b\x00:\x00 \x00\x01\x00\n",
			diags: []string{"f.yaml:2:4: syntax error: control characters are not allowed (found U+0001)"},
		},
		{
			name:  "empty file",
			in:    "",
			diags: []string{`f.yaml:1:1: file is empty: expected a mapping with fields "name", "sites"`},
		},
		{
			name:  "only comments and blank lines",
			in:    "# nothing here\n\n   \n# still nothing\n",
			diags: []string{`f.yaml:1:1: file is empty: expected a mapping with fields "name", "sites"`},
		},
		{
			name:  "only a document marker",
			in:    "---\n# nothing\n",
			diags: []string{`f.yaml:1:1: file is empty: expected a mapping with fields "name", "sites"`},
		},
		{
			name:  "explicit null document",
			in:    "~\n",
			diags: []string{`f.yaml:1:1: expected a mapping with fields "name", "sites", got null`},
		},
		{
			name:  "several documents",
			in:    "name: a\n---\nname: b\n",
			want:  &Scenario{Name: "a"},
			diags: []string{"f.yaml:2:1: a second YAML document starts here; the file must contain exactly one document"},
		},
		{
			name:  "top level is a list",
			in:    "- name: a\n",
			diags: []string{`f.yaml:1:1: expected a mapping with fields "name", "sites", got a list`},
		},
		{
			name:  "top level is a scalar",
			in:    "hello\n",
			diags: []string{`f.yaml:1:1: expected a mapping with fields "name", "sites", got string "hello"`},
		},
		{
			name:   "top level of a large struct does not list fields",
			in:     "[]\n",
			target: func() any { return &Many{} },
			diags:  []string{"f.yaml:1:1: expected a mapping, got a list"},
		},
		{
			name: "JSON input, tab indented",
			in:   "{\n\t\"name\": \"j\",\n\t\"sites\": [{\"id\": \"a\", \"racks\": 2}]\n}\n",
			want: &Scenario{Name: "j", Sites: []Site{{ID: "a", Racks: 2}}},
		},
		{
			name:  "JSON input with errors",
			in:    "{\"name\": \"j\", \"sites\": [{\"id\": \"a\", \"racks\": \"two\"}], \"name\": \"k\"}\n",
			diags: []string{`f.yaml:1:46: sites[0].racks: expected an integer, got string "two"`, `f.yaml:1:55: name: duplicate key "name" (first defined at line 1, column 2)`},
		},

		// Fields.
		{
			name: "a full valid document",
			in: `name: east
sites:
  - id: dc1
    racks: 40
    power:
      capacity: 1.2 MW
      phases:
        - {name: L1, available: 400}
    tags:
      tier: "3"
  - id: dc2
`,
			want: &Scenario{Name: "east", Sites: []Site{
				{ID: "dc1", Racks: 40, Power: &PowerSpec{Capacity: 1.2e6, Phases: []Phase{{Name: "L1", Available: 400}}}, Tags: map[string]string{"tier": "3"}},
				{ID: "dc2"},
			}},
		},
		{
			name:  "unknown field with suggestion",
			in:    "name: a\nsites:\n  - id: x\n    pwer: {}\n",
			diags: []string{`f.yaml:4:5: sites[0]: unknown field "pwer"; did you mean "power"?`},
		},
		{
			name:  "suggestion ignores case and separators",
			in:    "Name: a\n",
			diags: []string{`f.yaml:1:1: unknown field "Name"; did you mean "name"?`},
		},
		{
			name:  "suggestion with a transposition",
			in:    "name: a\nsites:\n  - id: x\n    rakcs: 2\n",
			diags: []string{`f.yaml:4:5: sites[0]: unknown field "rakcs"; did you mean "racks"?`},
		},
		{
			name:  "unknown field lists valid fields",
			in:    "name: a\nsites:\n  - zzz: 1\n",
			diags: []string{`f.yaml:3:5: sites[0]: unknown field "zzz"; valid fields are "id", "racks", "power", "tags"`},
		},
		{
			name:   "unknown field among many fields",
			in:     "zzz: 1\n",
			target: func() any { return &Many{} },
			diags:  []string{`f.yaml:1:1: unknown field "zzz"`},
		},
		{
			name:   "unknown field in an empty struct",
			in:     "x: 1\n",
			target: func() any { return &struct{}{} },
			diags:  []string{`f.yaml:1:1: unknown field "x"; no fields are allowed here`},
		},
		{
			name:   "untagged fields use the lower-case name; - is skipped",
			in:     "s: x\nskip: y\n",
			target: func() any { return &Kinds{} },
			want:   &Kinds{S: "x"},
			diags:  []string{`f.yaml:2:1: unknown field "skip"`},
		},
		{
			name:   "unexported fields are not decoded",
			in:     "shown: x\nhide: y\n",
			target: func() any { return &Hidden{} },
			diags:  []string{`f.yaml:2:1: unknown field "hide"; the only valid field is "shown"`},
		},
		{
			name:   "inline embedded struct and pointer",
			in:     "id: a\nkind: k\nnote: n\nsize: 3\n",
			target: func() any { return &Inlined{} },
			want:   &Inlined{Base: Base{ID: "a", Kind: "k"}, Extra: &Extra{Note: "n"}, Size: 3},
		},
		{
			name:   "inline pointer stays nil when unused",
			in:     "id: a\n",
			target: func() any { return &Inlined{} },
			want:   &Inlined{Base: Base{ID: "a"}},
		},
		{
			name:   "inline map collects unknown keys",
			in:     "name: n\nx: 1\ny: two\n",
			target: func() any { return &WithRest{} },
			want:   &WithRest{Name: "n", Rest: map[string]int{"x": 1, "y": 0}},
			diags:  []string{`f.yaml:3:4: y: expected an integer, got string "two"`},
		},
		{
			name:   "invalid Go type is reported, not panicked",
			in:     "x: 1\n",
			target: func() any { return &BadType{} },
			diags:  []string{`f.yaml:1:1: internal error: cannot decode into Go type strictyaml.BadType: YAML field name "x" is used by more than one Go field`},
		},
		{
			name:  "duplicate key in a struct",
			in:    "name: a\nsites: []\nname: b\n",
			want:  &Scenario{Name: "a", Sites: []Site{}},
			diags: []string{`f.yaml:3:1: name: duplicate key "name" (first defined at line 1, column 1)`},
		},
		{
			name:  "duplicate key in a map",
			in:    "sites:\n  - tags:\n      a: x\n      b: y\n      a: z\n",
			want:  &Scenario{Sites: []Site{{Tags: map[string]string{"a": "x", "b": "y"}}}},
			diags: []string{`f.yaml:5:7: sites[0].tags.a: duplicate key "a" (first defined at line 3, column 7)`},
		},
		{
			name:   "duplicate key in free-form data",
			in:     "any: {a: 1, a: 2}\n",
			target: func() any { return &Free{} },
			want:   &Free{Any: map[string]any{"a": 1}},
			diags:  []string{`f.yaml:1:13: any.a: duplicate key "a" (first defined at line 1, column 7)`},
		},

		// Kinds.
		{
			name: "all scalar kinds",
			in: `s: 1.10
b: true
i: -5
i8: -128
i16: 0x7fff
i32: 0o17
i64: 1_000_000
u: 7
u8: 255
u16: 65535
u32: 4294967295
u64: 18446744073709551615
f32: 1.5
f64: 3
p: 4
pp: deep
l: [1, 2]
a: [3, 4]
m: {x: 1}
mi: {1: one, 2: two}
t: 2025-01-31T12:00:00Z
d: 1h30m
`,
			target: func() any { return &Kinds{} },
			want: &Kinds{
				S: "1.10", B: true, I: -5, I8: -128, I16: 0x7fff, I32: 0o17, I64: 1000000,
				U: 7, U8: 255, U16: 65535, U32: 4294967295, U64: math.MaxUint64,
				F32: 1.5, F64: 3, P: ptr(4), PP: ptr(ptr("deep")), L: []int{1, 2}, A: [2]int{3, 4},
				M: map[string]int{"x": 1}, MI: map[int]string{1: "one", 2: "two"},
				T: time.Date(2025, 1, 31, 12, 0, 0, 0, time.UTC), D: 90 * time.Minute,
			},
		},
		{
			name: "integer ranges",
			in: `i8: 128
u8: 300
u16: -1
i64: 9223372036854775808
u64: 18446744073709551616
u: 2.0
i: 2.5
i32: .inf
`,
			target: func() any { return &Kinds{} },
			want:   &Kinds{U: 2},
			diags: []string{
				"f.yaml:1:5: i8: expected an integer between -128 and 127, got 128",
				"f.yaml:2:5: u8: expected an integer between 0 and 255, got 300",
				"f.yaml:3:6: u16: expected an integer between 0 and 65535, got -1",
				"f.yaml:4:6: i64: expected an integer between -9223372036854775808 and 9223372036854775807, got 9223372036854775808",
				"f.yaml:5:6: u64: expected an integer between 0 and 18446744073709551615, got 18446744073709551616",
				"f.yaml:7:4: i: expected an integer, got number 2.5",
				"f.yaml:8:6: i32: expected an integer, got number .inf",
			},
		},
		{
			name:   "float32 range",
			in:     "f32: 1e39\nf64: 1e39\n",
			target: func() any { return &Kinds{} },
			want:   &Kinds{F64: 1e39},
			diags:  []string{"f.yaml:1:6: f32: expected a number between -3.4028234663852886e+38 and 3.4028234663852886e+38, got 1e39"},
		},
		{
			name: "wrong kinds",
			in: `s: {a: 1}
b: yes
i: "12"
f64: abc
l: {a: 1}
a: [1, 2, 3]
m: [1]
mi: {x: y}
p: [1]
`,
			target: func() any { return &Kinds{} },
			want:   &Kinds{A: [2]int{1, 2}, MI: map[int]string{}, P: ptr(0)},
			diags: []string{
				"f.yaml:1:4: s: expected a string, got a mapping",
				`f.yaml:2:4: b: expected a boolean (true or false), got string "yes"`,
				`f.yaml:3:4: i: expected an integer, got string "12"`,
				`f.yaml:4:6: f64: expected a number, got string "abc"`,
				"f.yaml:5:4: l: expected a list, got a mapping",
				"f.yaml:6:4: a: expected a list of 2 elements, got 3 elements",
				"f.yaml:7:4: m: expected a mapping, got a list",
				`f.yaml:8:6: mi.x: expected an integer, got string "x"`,
				"f.yaml:9:4: p: expected an integer, got a list",
			},
		},
		{
			name:   "explicit tags are honoured",
			in:     "s: !!str 12\ni: !!int abc\nf64: !!float 2\n",
			target: func() any { return &Kinds{} },
			want:   &Kinds{S: "12", F64: 2},
			diags:  []string{"f.yaml:2:4: i: invalid value: cannot decode !!str `abc` as a !!int"},
		},
		{
			name: "null leaves zero values",
			in: `s: ~
b: null
i:
p: ~
l: null
m:
any: ~
t: ~
`,
			target: func() any { return &Kinds{} },
			want:   &Kinds{},
		},
		{
			name: "times and durations",
			in: `t: 2025-01-31
d: 0
`,
			target: func() any { return &Kinds{} },
			want:   &Kinds{T: time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC)},
		},
		{
			name:   "quoted time and duration strings",
			in:     "t: \"2025-01-31 08:30\"\nd: '250ms'\n",
			target: func() any { return &Kinds{} },
			want:   &Kinds{T: time.Date(2025, 1, 31, 8, 30, 0, 0, time.UTC), D: 250 * time.Millisecond},
		},
		{
			name:   "bad times and durations",
			in:     "t: next tuesday\nd: 5\nd: 5 minutes\n",
			target: func() any { return &Kinds{} },
			diags: []string{
				`f.yaml:1:4: t: expected a time such as "2025-01-31T12:00:00Z" or a date such as "2025-01-31", got string "next tuesday"`,
				`f.yaml:2:4: d: expected a duration such as "90s" or "1h30m", got integer 5 (add a unit such as "s", "m" or "h")`,
				`f.yaml:3:1: d: duplicate key "d" (first defined at line 2, column 1)`,
			},
		},
		{
			name:   "free-form values decode to natural Go values",
			in:     "any: {s: x, i: 3, f: 2.5, b: false, n: ~, l: [1, \"2\"], t: 2025-01-01, big: 18446744073709551615}\n",
			target: func() any { return &Free{} },
			want: &Free{Any: map[string]any{
				"s": "x", "i": 3, "f": 2.5, "b": false, "n": nil, "l": []any{1, "2"},
				"t": "2025-01-01", "big": uint64(math.MaxUint64),
			}},
		},
		{
			name:   "yaml.Node fields receive the node",
			in:     "node: {a: 1}\n",
			target: func() any { return &Kinds{} },
			want: &Kinds{Node: yaml.Node{
				Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle, Line: 1, Column: 7,
				Content: []*yaml.Node{
					{Kind: yaml.ScalarNode, Tag: "!!str", Value: "a", Line: 1, Column: 8},
					{Kind: yaml.ScalarNode, Tag: "!!int", Value: "1", Line: 1, Column: 11},
				},
			}},
		},
		{
			name:   "map keys with spaces are quoted in paths",
			in:     "m:\n  \"eu west\": x\n  10.0.0.1: 2\n",
			target: func() any { return &Kinds{} },
			want:   &Kinds{M: map[string]int{"10.0.0.1": 2, "eu west": 0}},
			diags:  []string{`f.yaml:2:14: m["eu west"]: expected an integer, got string "x"`},
		},

		// Custom decoders.
		{
			name: "TextUnmarshaler gets the text of any scalar",
			in:   "power: 132 kW\ntext: 1.2\n",
			target: func() any {
				return &Custom{}
			},
			want: &Custom{Power: 132000, Text: "1.2"},
		},
		{
			name:   "TextUnmarshaler gets booleans as text",
			in:     "text: true\npower: 7\n",
			target: func() any { return &Custom{} },
			want:   &Custom{Power: 7, Text: "true"},
		},
		{
			name:   "TextUnmarshaler error becomes the message",
			in:     "power: lots\ntext: [1]\n",
			target: func() any { return &Custom{} },
			diags: []string{
				`f.yaml:1:8: power: expected a power such as "132 kW" or "1.2 MW", got "lots"`,
				"f.yaml:2:7: text: expected a single value, got a list",
			},
		},
		{
			name:   "NodeDecoder gets the raw node",
			in:     "ports: 80\n",
			target: func() any { return &Custom{} },
			want:   &Custom{Ports: Ports{80}},
		},
		{
			name:   "NodeDecoder diagnostics keep relative paths and positions",
			in:     "ports: [80, 70000, x]\n",
			target: func() any { return &Custom{} },
			want:   &Custom{Ports: Ports{80, 0, 0}},
			diags: []string{
				"f.yaml:1:13: ports[1]: expected an integer between 0 and 65535, got 70000",
				`f.yaml:1:20: ports[2]: expected an integer, got string "x"`,
			},
		},
		{
			name:   "NodeDecoder plain error and Diagnostics without position",
			in:     "odd: 1\npair: {}\n",
			target: func() any { return &Custom{} },
			want:   &Custom{Pair: &Pair{}},
			diags: []string{
				"f.yaml:1:6: odd: odd is never valid",
				"f.yaml:2:7: pair: first problem",
				"f.yaml:2:7: pair.left: second problem",
			},
		},
		{
			name:   "yaml.Unmarshaler is honoured and its errors positioned",
			in:     "old: 5\n---\nold: x\n",
			target: func() any { return &Custom{} },
			want:   &Custom{Old: Legacy{V: 5}},
			diags:  []string{"f.yaml:2:1: a second YAML document starts here; the file must contain exactly one document"},
		},
		{
			name:   "yaml.Unmarshaler type errors become diagnostics",
			in:     "old: x\n",
			target: func() any { return &Custom{} },
			diags:  []string{"f.yaml:1:6: old: cannot unmarshal !!str `x` into int"},
		},

		// Anchors, aliases and merge keys.
		{
			name: "aliases are followed",
			in: `name: x
sites:
  - &dc
    id: dc1
    racks: 2
  - *dc
`,
			want: &Scenario{Name: "x", Sites: []Site{{ID: "dc1", Racks: 2}, {ID: "dc1", Racks: 2}}},
		},
		{
			name: "errors inside an alias are reported for every use",
			in: `sites:
  - &dc
    racks: many
  - *dc
`,
			want: &Scenario{Sites: []Site{{}, {}}},
			diags: []string{
				`f.yaml:3:12: sites[0].racks: expected an integer, got string "many"`,
				`f.yaml:3:12: sites[1].racks: expected an integer, got string "many"`,
			},
		},
		{
			name: "merge keys: explicit keys win, earlier merges win",
			in: `defaults: &d {id: base, racks: 1}
more: &m {racks: 9, tags: {a: b}}
site:
  <<: [*d, *m]
  id: own
`,
			target: func() any {
				return &struct {
					Defaults Site `yaml:"defaults"`
					More     Site `yaml:"more"`
					Site     Site `yaml:"site"`
				}{}
			},
			want: &struct {
				Defaults Site `yaml:"defaults"`
				More     Site `yaml:"more"`
				Site     Site `yaml:"site"`
			}{
				Defaults: Site{ID: "base", Racks: 1},
				More:     Site{Racks: 9, Tags: map[string]string{"a": "b"}},
				Site:     Site{ID: "own", Racks: 1, Tags: map[string]string{"a": "b"}},
			},
		},
		{
			name: "merged unknown keys are reported",
			in:   "any: &a {x: 1}\nsite:\n  <<: *a\n",
			target: func() any {
				return &struct {
					Any  any
					Site Site
				}{}
			},
			want: &struct {
				Any  any
				Site Site
			}{Any: map[string]any{"x": 1}},
			diags: []string{`f.yaml:1:10: site: unknown field "x"; valid fields are "id", "racks", "power", "tags"`},
		},
		{
			name:   "bad merge value",
			in:     "any:\n  <<: 3\n  <<: [[1]]\n",
			target: func() any { return &Free{} },
			want:   &Free{Any: map[string]any{}},
			diags: []string{
				`f.yaml:2:7: any: merge key "<<" expects a mapping or a list of mappings, got integer 3`,
				`f.yaml:3:8: any: merge key "<<" expects a mapping or a list of mappings; this element is a list`,
			},
		},
		{
			name:   "recursive alias is an error, not a hang",
			in:     "name: root\nchildren: &c\n  - name: kid\n    children: *c\n",
			target: func() any { return &Tree{} },
			want:   &Tree{Name: "root", Children: []*Tree{{Name: "kid"}}},
			diags:  []string{"f.yaml:4:15: children[0].children: recursive alias *c: the value anchored as &c contains itself"},
		},
		{
			name:   "recursive merge is an error",
			in:     "any: &a\n  x: 1\n  <<: *a\n",
			target: func() any { return &Free{} },
			want:   &Free{Any: map[string]any{"x": 1}},
			diags:  []string{"f.yaml:3:7: any: recursive alias *a: the value anchored as &a contains itself"},
		},
		{
			name:   "exponential aliases are stopped",
			in:     laughs(9),
			target: func() any { return &Free{} },
			diags:  []string{"f.yaml:2:36: any.l4[0][6][9][9][8]: document contains excessive aliasing (aliases expand to more than 20123 values); decoding stopped"},
		},
		{
			name:   "deep nesting is rejected",
			in:     "any: " + strings.Repeat("[", 300) + strings.Repeat("]", 300) + "\n",
			target: func() any { return &Free{} },
			diags:  []string{"f.yaml:1:205: any" + strings.Repeat("[0]", 199) + ": value is nested too deeply (more than 200 levels)"},
		},

		// Error collection.
		{
			name: "every problem is reported",
			in: `name: [x]
sites:
  - id: a
    racks: lots
    power:
      capacity: 12 parsecs
      phases:
        - name: L1
          available: full
          extra: 1
  - id: b
    racks: -1.5
`,
			want: &Scenario{Sites: []Site{{ID: "a", Power: &PowerSpec{Phases: []Phase{{Name: "L1"}}}}, {ID: "b"}}},
			diags: []string{
				"f.yaml:1:7: name: expected a string, got a list",
				`f.yaml:4:12: sites[0].racks: expected an integer, got string "lots"`,
				`f.yaml:6:17: sites[0].power.capacity: expected a power such as "132 kW" or "1.2 MW", got "12 parsecs"`,
				`f.yaml:9:22: sites[0].power.phases[0].available: expected a number, got string "full"`,
				`f.yaml:10:11: sites[0].power.phases[0]: unknown field "extra"; valid fields are "name", "available"`,
				"f.yaml:12:12: sites[1].racks: expected an integer, got number -1.5",
			},
		},
		{
			name:  "long values are truncated in messages",
			in:    "sites: [{racks: \"" + strings.Repeat("x", 100) + "\"}]\n",
			want:  &Scenario{Sites: []Site{{}}},
			diags: []string{`f.yaml:1:17: sites[0].racks: expected an integer, got string "` + strings.Repeat("x", 45) + `..."`},
		},
	}
}

// laughs builds a "billion laughs" document with the given depth.
func laughs(depth int) string {
	var b strings.Builder
	b.WriteString("any:\n  l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, "  l%d: &l%d [", i, i)
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

func diagStrings(ds Diagnostics) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.String())
	}
	return out
}

func TestDecode(t *testing.T) {
	for _, r := range rows() {
		t.Run(r.name, func(t *testing.T) {
			target := any(&Scenario{})
			if r.target != nil {
				target = r.target()
			}
			_, ds := Decode("f.yaml", []byte(r.in), target)
			if diff := cmp.Diff(r.diags, diagStrings(ds)); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			if r.want != nil {
				if diff := cmp.Diff(r.want, target); diff != "" {
					t.Errorf("decoded value (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestDecodeNode(t *testing.T) {
	var root yaml.Node
	if err := yaml.Unmarshal([]byte("id: a\nracks: x\nbogus: 1\n"), &root); err != nil {
		t.Fatal(err)
	}
	var s Site
	ds := DecodeNode(&root, &s)
	want := []string{
		`2:8: racks: expected an integer, got string "x"`,
		`3:1: unknown field "bogus"; valid fields are "id", "racks", "power", "tags"`,
	}
	if diff := cmp.Diff(want, diagStrings(ds)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if s.ID != "a" {
		t.Errorf("ID = %q, want %q", s.ID, "a")
	}
	if got := DecodeNode(&root, s); len(got) != 1 {
		t.Errorf("DecodeNode with a non-pointer: got %v, want one diagnostic", got)
	}
}

func TestDecodeTooManyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("sites:\n")
	for i := range 250 {
		fmt.Fprintf(&b, "  - racks: bad%d\n", i)
	}
	_, ds := Decode("f.yaml", []byte(b.String()), &Scenario{})
	if len(ds) != MaxDiagnostics+1 {
		t.Fatalf("got %d diagnostics, want %d", len(ds), MaxDiagnostics+1)
	}
	got := []string{ds[0].String(), ds[MaxDiagnostics-1].String(), ds[MaxDiagnostics].String()}
	want := []string{
		`f.yaml:2:12: sites[0].racks: expected an integer, got string "bad0"`,
		`f.yaml:201:12: sites[199].racks: expected an integer, got string "bad199"`,
		"f.yaml:202:12: too many errors; 50 more not shown",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Error() keeps the "too many" line last.
	lines := strings.Split(ds.Error(), "\n")
	if last := lines[len(lines)-1]; last != want[2] {
		t.Errorf("last line of Error() = %q, want %q", last, want[2])
	}
}

func TestDecodeBadTarget(t *testing.T) {
	var s Scenario
	tests := []struct {
		name string
		out  any
		want []string
	}{
		{"nil", nil, []string{"f.yaml: internal error: strictyaml.Decode needs a non-nil pointer, got <nil>"}},
		{"non-pointer", s, []string{"f.yaml: internal error: strictyaml.Decode needs a non-nil pointer, got strictyaml.Scenario"}},
		{"nil pointer", (*Scenario)(nil), []string{"f.yaml: internal error: strictyaml.Decode needs a non-nil pointer, got *strictyaml.Scenario"}},
		{"pointer to map works", &map[string]any{}, nil},
		{"pointer to unsupported type", new(chan int), []string{"f.yaml:1:1: internal error: cannot decode into Go type chan int"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ds := Decode("f.yaml", []byte("a: 1\n"), tt.out)
			if doc == nil {
				t.Fatal("nil Document")
			}
			if diff := cmp.Diff(tt.want, diagStrings(ds)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDocument(t *testing.T) {
	in := `name: x
sites:
  - id: dc1
    power:
      capacity: 1 kW
  - id: dc2
    tags: {"rack row": a}
`
	var s Scenario
	doc, ds := Decode("f.yaml", []byte(in), &s)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	type posResult struct {
		Pos Pos
		OK  bool
	}
	at := func(p Pos, ok bool) posResult { return posResult{p, ok} }
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"Pos of document", at(doc.Pos("")), posResult{Pos{1, 1}, true}},
		{"Pos of field", at(doc.Pos("sites[1].id")), posResult{Pos{6, 9}, true}},
		{"Pos of nested field", at(doc.Pos("sites[0].power.capacity")), posResult{Pos{5, 17}, true}},
		{"Pos of quoted key", at(doc.Pos(`sites[1].tags["rack row"]`)), posResult{Pos{7, 24}, true}},
		{"Pos of missing", at(doc.Pos("sites[1].power")), posResult{Pos{}, false}},
		{"KeyPos of field", at(doc.KeyPos("sites[0].power")), posResult{Pos{4, 5}, true}},
		{"KeyPos of list element", at(doc.KeyPos("sites[0]")), posResult{Pos{}, false}},
		{"Has present", doc.Has("sites[0].power.capacity"), true},
		{"Has absent", doc.Has("sites[1].racks"), false},
		{"Errorf at path", doc.Errorf("sites[0].id", "id %q is reserved", "dc1").String(), `f.yaml:3:9: sites[0].id: id "dc1" is reserved`},
		{"Errorf falls back to parent", doc.Errorf("sites[1].power.capacity", "capacity is required").String(), "f.yaml:6:5: sites[1].power.capacity: capacity is required"},
		{"Errorf falls back past quoted key", doc.Errorf(`sites[1].tags["a.b"].x`, "bad").String(), `f.yaml:7:11: sites[1].tags["a.b"].x: bad`},
		{"Errorf falls back to 1:1", newDocument("g.yaml").Errorf("x", "bad").String(), "g.yaml:1:1: x: bad"},
		{"Errorf on nil document", (*Document)(nil).Errorf("x", "bad").String(), "1:1: x: bad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDocumentNullIsPresent(t *testing.T) {
	var s Scenario
	doc, ds := Decode("f.yaml", []byte("name: x\nsites:\n  - power: ~\n"), &s)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	if !doc.Has("sites[0].power") || s.Sites[0].Power != nil {
		t.Errorf("Has = %v, Power = %v; want true, nil", doc.Has("sites[0].power"), s.Sites[0].Power)
	}
}

func TestDiagnostics(t *testing.T) {
	a := Diagnostic{File: "a.yaml", Pos: Pos{2, 3}, Path: "x", Message: "m1"}
	b := Diagnostic{File: "a.yaml", Pos: Pos{1, 9}, Message: "m2"}
	c := Diagnostic{File: "a.yaml", Pos: Pos{2, 3}, Path: "w", Message: "m3"}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"String with path", a.String(), "a.yaml:2:3: x: m1"},
		{"String without path", b.String(), "a.yaml:1:9: m2"},
		{"String without column", Diagnostic{File: "f", Pos: Pos{Line: 4}, Message: "m"}.String(), "f:4: m"},
		{"String without position", Diagnostic{File: "f", Message: "m"}.String(), "f: m"},
		{"Error sorts and dedupes", Diagnostics{a, b, c, a}.Error(), "a.yaml:1:9: m2\na.yaml:2:3: w: m3\na.yaml:2:3: x: m1"},
		{"Err of empty", Diagnostics(nil).Err() == nil, true},
		{"Err of non-empty", Diagnostics{a}.Err() != nil, true},
		{"errors.As finds Diagnostics", func() bool {
			var ds Diagnostics
			return errors.As(fmt.Errorf("wrapped: %w", Diagnostics{a}), &ds) && len(ds) == 1
		}(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestPaths(t *testing.T) {
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"field at root", JoinField("", "sites"), "sites"},
		{"nested field", JoinField("sites[2]", "power"), "sites[2].power"},
		{"index", JoinIndex("sites", 2), "sites[2]"},
		{"key with space", JoinField("tags", "rack row"), `tags["rack row"]`},
		{"key with dot at root", JoinField("", "10.0.0.1"), `["10.0.0.1"]`},
		{"key with dash", JoinField("links", "eu-west-1"), "links.eu-west-1"},
		{"empty key", JoinField("m", ""), `m[""]`},
		{"split", splitPath(`a.b[2]["x.\"y"].c`), []string{"a", "b", "[2]", `["x.\"y"]`, "c"}},
		{"split malformed", splitPath(`a[`), []string{"a", "["}},
		{"join relative index", joinRelative("ports", "[1]"), "ports[1]"},
		{"join relative field", joinRelative("pair", "left"), "pair.left"},
		{"join relative empty", joinRelative("pair", ""), "pair"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	fields := []string{"id", "racks", "power", "power_factor", "tags"}
	tests := []struct {
		name string
		want string
	}{
		{"pwer", "power"},
		{"powr", "power"},
		{"PowerFactor", "power_factor"},
		{"tagz", "tags"},
		{"ip", "id"},
		{"x", ""},
		{"capacity", ""},
		{strings.Repeat("p", 100), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := closest(tt.name, fields)
			if got != tt.want {
				t.Errorf("closest(%q) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	for _, r := range rows() {
		newTarget := func() any {
			if r.target != nil {
				return r.target()
			}
			return &Scenario{}
		}
		_, first := Decode("f.yaml", []byte(r.in), newTarget())
		for range 3 {
			_, again := Decode("f.yaml", []byte(r.in), newTarget())
			if diff := cmp.Diff(first, again); diff != "" {
				t.Fatalf("%s: output changed between runs:\n%s", r.name, diff)
			}
		}
	}
}
