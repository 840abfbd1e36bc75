package main

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"
)

// groupInt formats n with thousands separators.
func groupInt(n int) string { return groupDigits(strconv.Itoa(n)) }

// groupFloat formats v with prec decimals and thousands separators.
func groupFloat(v float64, prec int) string {
	return groupDigits(strconv.FormatFloat(v, 'f', prec, 64))
}

func groupDigits(s string) string {
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

// writeJSON writes v as indented JSON with a final newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
