package main

import (
	"encoding/json"
	"io"

	"github.com/dcplan/dcplan/internal/numfmt"
)

// groupInt formats n with thousands separators.
func groupInt(n int) string { return numfmt.Int(n) }

// groupFloat formats v with prec decimals and thousands separators.
func groupFloat(v float64, prec int) string { return numfmt.Float(v, prec) }

// writeJSON writes v as indented JSON with a final newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
