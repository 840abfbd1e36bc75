// Package numfmt formats numbers for people: thousands separators and short
// money figures.
package numfmt

import (
	"strconv"
	"strings"
)

// Int formats n with thousands separators: 12,345.
func Int(n int) string { return Group(strconv.Itoa(n)) }

// Float formats v with prec decimals and thousands separators: 1,234.5.
func Float(v float64, prec int) string { return Group(strconv.FormatFloat(v, 'f', prec, 64)) }

// Money formats dollars shortly: $1.23B, $4.5M, $6.7k, $8.90.
func Money(v float64) string {
	a := v
	if a < 0 {
		a = -a
	}
	switch {
	case a >= 1e9:
		return "$" + Float(v/1e9, 2) + "B"
	case a >= 1e6:
		return "$" + Float(v/1e6, 1) + "M"
	case a >= 1e3:
		return "$" + Float(v/1e3, 1) + "k"
	}
	return "$" + Float(v, 2)
}

// Group inserts thousands separators into a decimal number's integer part.
func Group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return sign + b.String() + frac
}
