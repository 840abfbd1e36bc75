package numfmt

import "testing"

func TestFormats(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Int(0), "0"}, {Int(999), "999"}, {Int(1000), "1,000"}, {Int(-1234567), "-1,234,567"},
		{Float(1234.5, 1), "1,234.5"}, {Float(-0.25, 2), "-0.25"},
		{Money(3.1e9), "$3.10B"}, {Money(4.5e6), "$4.5M"}, {Money(6700), "$6.7k"}, {Money(8.9), "$8.90"}, {Money(-2e6), "$-2.0M"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
