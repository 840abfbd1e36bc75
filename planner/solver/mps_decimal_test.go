package solver

import "testing"

func TestDecimalString(t *testing.T) {
	for _, c := range []struct {
		v    int64
		d    int
		want string
	}{{0, 0, "0"}, {1234, 2, "12.34"}, {-5, 2, "-0.05"}, {7, 6, "0.000007"}, {-1234567, 3, "-1234.567"}, {42, 0, "42"}} {
		if got := decimalString(c.v, c.d); got != c.want {
			t.Errorf("decimalString(%d, %d) = %q, want %q", c.v, c.d, got, c.want)
		}
	}
}
