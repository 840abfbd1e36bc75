package strictyaml

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// parserProblems are the messages yaml v3 produces from its parser (as
// opposed to its scanner). For these, the line in the error text is
// 0-based, so it needs one added.
var parserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"found undefined tag handle":             true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

// readerProblems are yaml v3's messages about bytes that are not valid
// text. They come without a position, which we find ourselves.
var readerProblems = []string{
	"control characters are not allowed",
	"invalid leading UTF-8 octet",
	"incomplete UTF-8 octet sequence",
	"invalid trailing UTF-8 octet",
	"invalid length of a UTF-8 sequence",
	"invalid Unicode character",
}

// cutLinePrefix splits "line 12: rest" into 12 and "rest".
func cutLinePrefix(msg string) (int, string, bool) {
	rest, ok := strings.CutPrefix(msg, "line ")
	if !ok {
		return 0, msg, false
	}
	num, rest, ok := strings.Cut(rest, ": ")
	if !ok {
		return 0, msg, false
	}
	line, err := strconv.Atoi(num)
	if err != nil || line < 0 {
		return 0, msg, false
	}
	return line, rest, true
}

// syntaxError turns a yaml v3 parse error into a diagnostic with the best
// position that can be recovered from the error text and the input.
func syntaxError(file string, data []byte, err error) Diagnostic {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line, rest, hasLine := cutLinePrefix(msg)
	if hasLine {
		msg = rest
	}
	lines := bytes.Split(data, []byte("\n"))
	nlines := len(lines)
	if nlines > 1 && len(lines[nlines-1]) == 0 {
		nlines-- // a final newline does not start a line
	}
	nlines = max(nlines, 1)

	var pos Pos
	switch {
	case isReaderProblem(msg):
		pos = Pos{Line: 1}
		if p, what, ok := findBadText(data); ok {
			pos = p
			msg += " (found " + what + ")"
		}
	case strings.HasPrefix(msg, "unknown anchor '") && strings.HasSuffix(msg, "' referenced"):
		name := strings.TrimSuffix(strings.TrimPrefix(msg, "unknown anchor '"), "' referenced")
		msg = fmt.Sprintf("alias *%s refers to an anchor that is not defined (define it first with &%s)", short(name), short(name))
		pos, _ = findAlias(data, name)
	case hasLine:
		if parserProblems[msg] {
			line++
		}
		pos = Pos{Line: min(max(line, 1), nlines)}
	default:
		// yaml v3 omits the line when the problem is on the first line.
		pos = Pos{Line: 1}
	}
	if pos.Line > 0 && pos.Line <= len(lines) && strings.Contains(msg, "cannot start any token") {
		if col := leadingTab(lines[pos.Line-1]); col > 0 {
			pos.Column = col
			msg += " (tabs are not allowed for indentation; use spaces)"
		}
	}
	return Diagnostic{File: file, Pos: pos, Message: "syntax error: " + msg}
}

func isReaderProblem(msg string) bool {
	for _, p := range readerProblems {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// leadingTab returns the 1-based column of a tab in the indentation of
// line, or 0.
func leadingTab(line []byte) int {
	for i, c := range line {
		switch c {
		case ' ':
		case '\t':
			return i + 1
		default:
			return 0
		}
	}
	return 0
}

// findBadText finds the first invalid UTF-8 (or UTF-16) sequence or
// forbidden control character in data, the way yaml v3 checks its input.
func findBadText(data []byte) (Pos, string, bool) {
	if len(data) >= 2 && (data[0] == 0xFE && data[1] == 0xFF || data[0] == 0xFF && data[1] == 0xFE) {
		return findBadUTF16(data[2:], data[0] == 0xFE)
	}
	line, col := 1, 1
	start := 0
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		start = 3 // byte order mark
	}
	for i := start; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return Pos{Line: line, Column: col}, fmt.Sprintf("byte 0x%02x", data[i]), true
		}
		if !allowedRune(r) {
			return Pos{Line: line, Column: col}, fmt.Sprintf("%U", r), true
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return Pos{}, "", false
}

// findBadUTF16 is findBadText for UTF-16 input after its byte order mark.
func findBadUTF16(data []byte, bigEndian bool) (Pos, string, bool) {
	unit := func(i int) rune {
		if bigEndian {
			return rune(data[i])<<8 | rune(data[i+1])
		}
		return rune(data[i+1])<<8 | rune(data[i])
	}
	line, col := 1, 1
	for i := 0; i+1 < len(data); i += 2 {
		r := unit(i)
		switch {
		case utf16.IsSurrogate(r) && r < 0xDC00 && i+3 < len(data):
			r2 := unit(i + 2)
			if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
				r = dec
				i += 2
			} else {
				return Pos{Line: line, Column: col}, fmt.Sprintf("UTF-16 unit 0x%04x", r), true
			}
		case utf16.IsSurrogate(r):
			return Pos{Line: line, Column: col}, fmt.Sprintf("UTF-16 unit 0x%04x", r), true
		}
		if !allowedRune(r) {
			return Pos{Line: line, Column: col}, fmt.Sprintf("%U", r), true
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	if len(data)%2 == 1 {
		return Pos{Line: line, Column: col}, "a truncated UTF-16 character", true
	}
	return Pos{}, "", false
}

// allowedRune mirrors the YAML 1.2 printable character set.
func allowedRune(r rune) bool {
	switch {
	case r == 0x09, r == 0x0A, r == 0x0D:
	case r >= 0x20 && r <= 0x7E:
	case r == 0x85:
	case r >= 0xA0 && r <= 0xD7FF:
	case r >= 0xE000 && r <= 0xFFFD:
	case r >= 0x10000 && r <= 0x10FFFF:
	default:
		return false
	}
	return true
}

// findAlias finds the first use of alias *name in data.
func findAlias(data []byte, name string) (Pos, bool) {
	needle := []byte("*" + name)
	for off := 0; off < len(data); {
		i := bytes.Index(data[off:], needle)
		if i < 0 {
			break
		}
		i += off
		end := i + len(needle)
		beforeOK := i == 0 || bytes.IndexByte([]byte(" \t\n\r[{,:-?"), data[i-1]) >= 0
		afterOK := end == len(data) || bytes.IndexByte([]byte(" \t\n\r]},"), data[end]) >= 0
		if beforeOK && afterOK {
			return offsetPos(data, i), true
		}
		off = i + 1
	}
	return Pos{Line: 1}, false
}

// offsetPos converts a byte offset into a line and a column in runes.
func offsetPos(data []byte, off int) Pos {
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return Pos{Line: line, Column: utf8.RuneCount(before[start:]) + 1}
}
