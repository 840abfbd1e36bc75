package strictyaml

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxListedFields is the largest number of valid fields listed in an
// "unknown field" message when no close match exists.
const maxListedFields = 12

// maxQuoted is the number of characters of user text quoted in messages.
const maxQuoted = 48

// unknownFieldMessage explains an unknown key among the given valid names.
func unknownFieldMessage(name string, valid []string) string {
	msg := "unknown field " + quoteShort(name)
	if best, ok := closest(name, valid); ok {
		return msg + "; did you mean " + strconv.Quote(best) + "?"
	}
	switch {
	case len(valid) == 0:
		return msg + "; no fields are allowed here"
	case len(valid) == 1:
		return msg + "; the only valid field is " + quoteList(valid)
	case len(valid) <= maxListedFields:
		return msg + "; valid fields are " + quoteList(valid)
	}
	return msg
}

// closest returns the candidate nearest to name by edit distance, if it
// is close enough to be a plausible typo. Earlier candidates win ties.
func closest(name string, candidates []string) (string, bool) {
	if utf8.RuneCountInString(name) > 64 {
		return "", false
	}
	key := normalizeName(name)
	best, bestDist := "", -1
	for _, c := range candidates {
		norm := normalizeName(c)
		dist := editDistance(key, norm)
		limit := max(1, max(len(key), len(norm))/3)
		if dist > limit || dist >= len(key) {
			continue
		}
		if bestDist < 0 || dist < bestDist {
			best, bestDist = c, dist
		}
	}
	return best, bestDist >= 0
}

// normalizeName lower-cases s and drops separators, so that "PowerKW",
// "power_kw" and "power-kw" compare equal.
func normalizeName(s string) []rune {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch r {
		case '_', '-', ' ', '.':
			continue
		}
		out = append(out, unicode.ToLower(r))
	}
	return out
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and transpositions of adjacent runes cost 1.
func editDistance(a, b []rune) int {
	if len(a) == 0 {
		return len(b)
	}
	if len(b) == 0 {
		return len(a)
	}
	// Three rolling rows: two rows back (for transpositions), previous, current.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// quoteList formats names as "a", "b", "c".
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// short truncates user text for messages.
func short(s string) string {
	if utf8.RuneCountInString(s) <= maxQuoted {
		return s
	}
	n := 0
	for i := range s {
		if n == maxQuoted-3 {
			return s[:i] + "..."
		}
		n++
	}
	return s
}

// quoteShort quotes user text for messages, truncating long text.
func quoteShort(s string) string {
	return strconv.Quote(short(s))
}

// oneLine shows a non-string scalar unquoted, unless it would span lines.
func oneLine(s string) string {
	if strings.ContainsAny(s, "\n\r") {
		return quoteShort(s)
	}
	return short(s)
}
