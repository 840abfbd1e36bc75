package solver

// Hot primitives of the per-site search. A site's options are stored as
// structure-of-arrays: use[r*n+j] is the use of resource r by the site's j-th
// option (n options).

// SiteFits reports whether racks x[0:n] of one site fit caps[0:R] (cap < 0 =
// unlimited) where use is the site's resource-major use matrix (R x n). It is
// the full re-check of one site-phase.
func SiteFits(use []int64, n int, x []int64, caps []int64) bool {
	x = x[:n]
	for r, c := range caps {
		if c < 0 {
			continue
		}
		row := use[r*n : r*n+n]
		row = row[:len(x)]
		var s0, s1, s2, s3 int64
		j := 0
		for ; j+4 <= len(x); j += 4 {
			s0 += row[j] * x[j]
			s1 += row[j+1] * x[j+1]
			s2 += row[j+2] * x[j+2]
			s3 += row[j+3] * x[j+3]
		}
		for ; j < len(x); j++ {
			s0 += row[j] * x[j]
		}
		if s0+s1+s2+s3 > c {
			return false
		}
	}
	return true
}

// SiteLoad writes the per-resource load of racks x (resource-major use) into load.
func SiteLoad(use []int64, n int, x []int64, load []int64) {
	x = x[:n]
	for r := range load {
		row := use[r*n : r*n+n]
		var s int64
		for j, u := range row {
			s += u * x[j]
		}
		load[r] = s
	}
}

// TryAdd adds k racks with per-rack use u (option-major, length R) to load if
// the result stays within caps (cap < 0 = unlimited) and reports whether it
// did. load is unchanged when it returns false.
func TryAdd(load, u, caps []int64, k int64) bool {
	load = load[:len(caps)]
	u = u[:len(caps)]
	// one pass that adds as it checks (the usual case is a fit), and takes
	// the added part back when a limit fails
	for r, c := range caps {
		v := load[r] + k*u[r]
		if c >= 0 && v > c {
			for s := 0; s < r; s++ {
				load[s] -= k * u[s]
			}
			return false
		}
		load[r] = v
	}
	return true
}

// FitsAdd reports whether k more racks of use u fit on top of load.
func FitsAdd(load, u, caps []int64, k int64) bool {
	load = load[:len(caps)]
	u = u[:len(caps)]
	for r, c := range caps {
		if c >= 0 && load[r]+k*u[r] > c {
			return false
		}
	}
	return true
}

// MaxAdd returns how many more racks of use u fit on top of load (limit when
// nothing binds).
func MaxAdd(load, u, caps []int64, limit int64) int64 {
	best := limit
	for r, c := range caps {
		if c >= 0 && u[r] > 0 {
			m := (c - load[r]) / u[r]
			if c-load[r] < 0 {
				m = 0
			}
			if m < best {
				best = m
			}
		}
	}
	if best < 0 {
		best = 0
	}
	return best
}
