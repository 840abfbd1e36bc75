// Package strictyaml decodes hand-written YAML (and JSON, which is YAML)
// into Go structs strictly, and reports every problem in a file at once,
// like a compiler: each diagnostic carries file:line:column, the path of
// the offending value and what was expected.
//
//	doc, diags := strictyaml.Decode("scenario.yaml", data, &scenario)
//	if err := diags.Err(); err != nil {
//		return err // "scenario.yaml:7:5: sites[1].power: expected a number, got string \"lots\""
//	}
//	if scenario.Sites[0].Power > limit {
//		return doc.Errorf("sites[0].power", "exceeds the %v limit", limit)
//	}
//
// # Mapping YAML to Go
//
// Struct fields are matched by their `yaml:"name"` tag; fields without a
// tag use the lower-cased Go field name, `yaml:"-"` skips a field, and
// ",omitempty" is accepted and ignored. ",inline" splices the fields of a
// struct (or pointer to struct) into the enclosing mapping; an inlined
// map[string]T collects the keys that match no field. Otherwise keys that
// match no field are errors, with a "did you mean" suggestion when a field
// name is close. Duplicate keys are errors, reported at the second one.
//
// Scalars must fit the Go type: integers are range-checked for their size,
// float32 values too; integral floats such as 2.0 are accepted for
// integer fields. Strings accept any scalar exactly as written (so
// "version: 1.10" gives "1.10"). time.Time accepts RFC 3339 times and
// plain dates; time.Duration accepts Go duration strings ("90s", "1h30m").
// Fixed-size arrays need exactly as many elements. map[K]T keys are
// decoded as K; interface{} receives map[string]any, []any, string, bool,
// int, int64, uint64, float64 or nil (timestamps stay strings).
//
// A null value (~, null or nothing) leaves the Go value untouched, so a
// pointer stays nil; Document.Has still reports the key as present.
//
// Types can decode themselves. In order of preference: NodeDecoder and
// yaml.Unmarshaler receive the raw (non-null, non-alias) node;
// encoding.TextUnmarshaler receives the text of a scalar whatever its YAML
// type ("132 kW", 1.2 and true all arrive as text) and its error message
// becomes the diagnostic. A NodeDecoder may return Diagnostics with paths
// relative to its node; DecodeNode and NodeErrorf help build them.
//
// Anchors, aliases and "<<" merge keys are followed. Recursive aliases and
// documents that expand exponentially are reported instead of hanging.
//
// # Paths
//
// Paths name values the same way in diagnostics and in Document lookups:
// struct fields and map keys are joined with "." ("sites.power"), list and
// array elements are written "[i]" ("sites[2].phases[0]"), and keys that
// are not simple identifiers (ASCII letter or "_", then letters, digits,
// "_" or "-") are quoted: `links["eu west"]`, `hosts["10.0.0.1"]`. The
// document itself is "". Unknown-field diagnostics carry the path of the
// mapping that contains the key, positioned at the key.
//
// # Diagnostics
//
// Decode returns Diagnostics sorted by file, line, column, path and
// message, without duplicates, capped at MaxDiagnostics followed by one
// "too many errors" entry. Syntax errors come from yaml v3, whose errors
// carry a line but no column; the line is corrected where yaml v3 is off
// by one. Decode never panics on any input.
package strictyaml
