package strictyaml

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Document is a decoded file. It remembers where every decoded path came
// from, so that later cross-field checks can cite positions.
//
// Paths are spelled exactly as in diagnostics: struct fields and map keys
// joined with "." ("sites.power"), list and array elements as "[i]"
// ("sites[2]"), and keys that are not simple identifiers quoted as
// ["key with spaces"]. The document itself is "".
type Document struct {
	File string

	values map[string]Pos // position of the value at each decoded path
	keys   map[string]Pos // position of the key of each mapping entry
}

func newDocument(file string) *Document {
	return &Document{File: file, values: map[string]Pos{}, keys: map[string]Pos{}}
}

// record stores the first position seen for path.
func (d *Document) record(path string, p Pos) {
	if _, ok := d.values[path]; !ok {
		d.values[path] = p
	}
}

func (d *Document) recordKey(path string, p Pos) {
	if _, ok := d.keys[path]; !ok {
		d.keys[path] = p
	}
}

// Pos returns the position of the value at path (e.g. "sites[1].id").
func (d *Document) Pos(path string) (Pos, bool) {
	if d == nil {
		return Pos{}, false
	}
	p, ok := d.values[path]
	return p, ok
}

// KeyPos returns the position of the key of the mapping entry at path.
// It reports false for list elements and for the document itself.
func (d *Document) KeyPos(path string) (Pos, bool) {
	if d == nil {
		return Pos{}, false
	}
	p, ok := d.keys[path]
	return p, ok
}

// Has reports whether the value at path was present in the file (an
// explicit null counts as present).
func (d *Document) Has(path string) bool {
	_, ok := d.Pos(path)
	return ok
}

// Paths returns every recorded path in sorted order. It is mostly useful
// for debugging and tests.
func (d *Document) Paths() []string {
	if d == nil {
		return nil
	}
	out := make([]string, 0, len(d.values))
	for p := range d.values {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// Errorf returns a diagnostic at path's position. When path was not in
// the file (a missing field, say), it uses the position of the nearest
// parent path that was, and 1:1 when there is none.
func (d *Document) Errorf(path, format string, args ...any) Diagnostic {
	diag := Diagnostic{Path: path, Message: fmt.Sprintf(format, args...)}
	if d == nil {
		diag.Pos = Pos{Line: 1, Column: 1}
		return diag
	}
	diag.File = d.File
	diag.Pos = d.nearestPos(path)
	return diag
}

func (d *Document) nearestPos(path string) Pos {
	parts := splitPath(path)
	for i := len(parts); i >= 0; i-- {
		if p, ok := d.values[joinParts(parts[:i])]; ok && p.IsValid() {
			return p
		}
	}
	return Pos{Line: 1, Column: 1}
}

// JoinField appends a field or map key to a path, quoting it as
// ["key"] when it is not a simple identifier.
func JoinField(path, name string) string {
	seg := name
	if !isSimpleKey(name) {
		seg = "[" + strconv.Quote(name) + "]"
	}
	if path == "" || seg[0] == '[' {
		return path + seg
	}
	return path + "." + seg
}

// JoinIndex appends a list index to a path.
func JoinIndex(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// joinRelative appends a path relative to a node (as returned by a
// NodeDecoder) to the node's own path.
func joinRelative(base, rel string) string {
	switch {
	case rel == "":
		return base
	case base == "":
		return rel
	case rel[0] == '[':
		return base + rel
	case rel[0] == '.':
		return base + rel
	default:
		return base + "." + rel
	}
}

// isSimpleKey reports whether a key can be written after a "." in a path:
// an ASCII letter or underscore followed by letters, digits, '_' or '-'.
func isSimpleKey(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case (c >= '0' && c <= '9') || c == '-':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// splitPath splits a path into segments: "a", "[2]", `["x y"]`.
// A malformed path is split as well as possible; it never fails.
func splitPath(path string) []string {
	var parts []string
	i := 0
	for i < len(path) {
		switch path[i] {
		case '.':
			i++
		case '[':
			j := i + 1
			if j < len(path) && path[j] == '"' {
				// Quoted key: find the closing quote, honouring escapes.
				j++
				for j < len(path) && path[j] != '"' {
					if path[j] == '\\' {
						j++
					}
					j++
				}
				j++ // closing quote
			}
			for j < len(path) && path[j] != ']' {
				j++
			}
			if j < len(path) {
				j++ // closing bracket
			}
			parts = append(parts, path[i:min(j, len(path))])
			i = j
		default:
			j := i
			for j < len(path) && path[j] != '.' && path[j] != '[' {
				j++
			}
			parts = append(parts, path[i:j])
			i = j
		}
	}
	return parts
}

func joinParts(parts []string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 && !strings.HasPrefix(p, "[") {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}
