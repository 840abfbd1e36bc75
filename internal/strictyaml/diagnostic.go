package strictyaml

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MaxDiagnostics is the number of diagnostics Decode reports before it
// replaces the rest with a single "too many errors" diagnostic.
const MaxDiagnostics = 200

// tooManyPrefix starts the message of the diagnostic that replaces the
// diagnostics beyond MaxDiagnostics. Such a diagnostic always sorts last.
const tooManyPrefix = "too many errors"

// Pos is a position in a source file (1-based line and column).
// A zero Line means the position is unknown; a zero Column means only the
// line is known.
type Pos struct{ Line, Column int }

// String formats p as "line:col", "line" or "" depending on what is known.
func (p Pos) String() string {
	switch {
	case p.Line <= 0:
		return ""
	case p.Column <= 0:
		return strconv.Itoa(p.Line)
	default:
		return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column)
	}
}

// IsValid reports whether the position carries at least a line number.
func (p Pos) IsValid() bool { return p.Line > 0 }

func nodePos(n *yaml.Node) Pos {
	if n == nil || n.Line <= 0 {
		return Pos{}
	}
	return Pos{Line: n.Line, Column: max(n.Column, 0)}
}

// Diagnostic is one problem found in an input file.
type Diagnostic struct {
	File    string
	Pos     Pos
	Path    string // field path like "sites[2].power.phases[0].available" ("" for the document)
	Message string // what is wrong and what was expected
}

// String formats d as "file:line:col: path: message". The path part is
// omitted when Path is empty; the column (or line) is omitted when unknown.
func (d Diagnostic) String() string {
	var b strings.Builder
	loc := d.File
	if p := d.Pos.String(); p != "" {
		if loc != "" {
			loc += ":"
		}
		loc += p
	}
	if loc != "" {
		b.WriteString(loc)
		b.WriteString(": ")
	}
	if d.Path != "" {
		b.WriteString(d.Path)
		b.WriteString(": ")
	}
	b.WriteString(d.Message)
	return b.String()
}

// Error makes a single Diagnostic usable as an error.
func (d Diagnostic) Error() string { return d.String() }

// Diagnostics is a list of problems. It implements error: one diagnostic
// per line, sorted by file, line, column, path and message, without
// duplicates.
type Diagnostics []Diagnostic

// Error formats the sorted, deduplicated diagnostics one per line.
func (ds Diagnostics) Error() string {
	sorted := ds.Sorted()
	lines := make([]string, len(sorted))
	for i, d := range sorted {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// Err returns nil when ds is empty and ds otherwise. Use it to avoid the
// typed-nil trap when returning Diagnostics as an error.
func (ds Diagnostics) Err() error {
	if len(ds) == 0 {
		return nil
	}
	return ds
}

// Sorted returns a sorted copy of ds with exact duplicates removed.
// A "too many errors" diagnostic always sorts after the others of its file.
func (ds Diagnostics) Sorted() Diagnostics {
	out := slices.Clone(ds)
	slices.SortStableFunc(out, compareDiagnostics)
	return slices.Compact(out)
}

func compareDiagnostics(a, b Diagnostic) int {
	if c := cmp.Compare(a.File, b.File); c != 0 {
		return c
	}
	at, bt := isTooMany(a), isTooMany(b)
	if at != bt {
		if at {
			return 1
		}
		return -1
	}
	if c := cmp.Compare(a.Pos.Line, b.Pos.Line); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Pos.Column, b.Pos.Column); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Path, b.Path); c != 0 {
		return c
	}
	return cmp.Compare(a.Message, b.Message)
}

func isTooMany(d Diagnostic) bool {
	return d.Path == "" && strings.HasPrefix(d.Message, tooManyPrefix)
}

// finish sorts and deduplicates ds and caps it at limit entries, adding a
// final "too many errors" diagnostic when entries were dropped.
func (ds Diagnostics) finish(limit int) Diagnostics {
	out := ds.Sorted()
	if len(out) <= limit {
		if len(out) == 0 {
			return nil
		}
		return out
	}
	dropped := out[limit]
	n := len(out) - limit
	out = out[:limit:limit]
	return append(out, Diagnostic{
		File:    dropped.File,
		Pos:     dropped.Pos,
		Message: fmt.Sprintf("%s; %d more not shown", tooManyPrefix, n),
	})
}

// NodeErrorf builds a diagnostic at node n. It is meant for NodeDecoder
// implementations: path is relative to the node being decoded ("" for the
// node itself, "unit" or "[2]" for parts of it); the decoder fills in the
// file name and prefixes the path with the node's own path.
func NodeErrorf(n *yaml.Node, path, format string, args ...any) Diagnostic {
	return Diagnostic{Pos: nodePos(n), Path: path, Message: fmt.Sprintf(format, args...)}
}

// asDiagnostics extracts diagnostics from an error returned by a
// NodeDecoder or TextUnmarshaler. ok is false for plain errors.
func asDiagnostics(err error) (Diagnostics, bool) {
	var ds Diagnostics
	if errors.As(err, &ds) {
		return ds, true
	}
	var d Diagnostic
	if errors.As(err, &d) {
		return Diagnostics{d}, true
	}
	var pd *Diagnostic
	if errors.As(err, &pd) && pd != nil {
		return Diagnostics{*pd}, true
	}
	return nil, false
}
