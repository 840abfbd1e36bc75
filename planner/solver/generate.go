package solver

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

type rackType struct {
	name     string
	itW      float64 // IT power per rack, W
	liquid   float64 // fraction of heat to liquid
	gpus     int64
	tflops   float64 // fp8 per GPU
	weightKg float64
	price    float64 // cents
}

var rackTypes = []rackType{
	{"gb200-nvl72", 132000, 0.85, 72, 4500, 1360, 3.9e8},
	{"b200-hgx-air", 57000, 0, 32, 4200, 1050, 1.6e8},
	{"b200-hgx-dlc", 55000, 0.7, 32, 4400, 1150, 1.7e8},
	{"h200-hgx", 41000, 0, 32, 1979, 950, 1.1e8},
	{"mi355x-dlc", 96000, 0.8, 64, 5000, 1300, 2.4e8},
}

// Generate returns a reproducible synthetic instance: sites whose power (and
// halls) arrive in phases, `options` rack options per site drawn from a few
// rack types with site-specific PUE and price, and per-phase demand for
// fp8 TFLOPS (plus GPUs in the last phase) set to a fraction of what a greedy
// integer plan reaches, so the instance is feasible but tight. Resources:
// power_w (after PUE), heat_air_w, heat_liquid_w, positions, weight_kg.
// Costs (cents) are the discounted rack price plus energy until the end of
// the horizon.
func Generate(sites, options, phases int, seed int64) *Instance {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5eed0fdc91a2))
	if phases < 1 {
		phases = 1
	}
	in := &Instance{
		Name:      fmt.Sprintf("gen-%dx%dx%d-s%d", sites, options, phases, seed),
		Phases:    phases,
		Resources: []string{"power_w", "heat_air_w", "heat_liquid_w", "positions", "weight_kg"},
		Classes:   []string{"gpus", "tflops:fp8"},
	}
	Q := phases
	for s := 0; s < sites; s++ {
		pue := 1.08 + 0.4*rng.Float64()
		totalW := (5 + 95*rng.Float64()) * 1e6
		liquidFrac := 0.0
		if rng.Float64() < 0.7 {
			liquidFrac = 0.3 + 0.6*rng.Float64()
		}
		airFrac := 0.35 + 0.6*rng.Float64()
		positions := totalW / pue / (45000 + 50000*rng.Float64())
		weight := positions * (900 + 600*rng.Float64())
		unlimitedWeight := rng.Float64() < 0.3
		// Power arrives in steps: a start phase and a few increments.
		start := 0
		if Q > 1 {
			start = rng.IntN((Q + 1) / 2)
		}
		frac := make([]float64, Q)
		cur := 0.0
		for q := 0; q < Q; q++ {
			if q >= start {
				if q == start || rng.Float64() < 0.4 {
					cur += (1 - cur) * (0.3 + 0.7*rng.Float64())
				}
				if q == Q-1 {
					cur = math.Max(cur, 0.6)
				}
			}
			frac[q] = cur
		}
		st := Site{Name: fmt.Sprintf("site-%04d", s), Cap: make([][]int64, Q)}
		for q := 0; q < Q; q++ {
			f := frac[q]
			w := int64(-1)
			if !unlimitedWeight {
				w = int64(weight * f)
			}
			st.Cap[q] = []int64{
				int64(totalW * f),
				int64(totalW / pue * airFrac * f),
				int64(totalW / pue * liquidFrac * f),
				int64(positions * f),
				w,
			}
		}
		in.Sites = append(in.Sites, st)
		priceMul := 0.9 + 0.25*rng.Float64()
		energy := (0.05 + 0.1*rng.Float64()) * 100 * 8760 / 1000 / 2 // cents per W per phase (half-year phases)
		for j := 0; j < options; j++ {
			rt := rackTypes[rng.IntN(len(rackTypes))]
			v := 0.93 + 0.14*rng.Float64() // configuration variant
			itW := rt.itW * v
			op := Option{
				Name: fmt.Sprintf("%s/%s-v%d", st.Name, rt.name, j),
				Site: s,
				Use: []int64{
					int64(math.Ceil(itW * pue)),
					int64(math.Ceil(itW * (1 - rt.liquid))),
					int64(math.Ceil(itW * rt.liquid)),
					1,
					int64(rt.weightKg * (0.95 + 0.1*rng.Float64())),
				},
				Contrib: []int64{rt.gpus, int64(float64(rt.gpus) * rt.tflops * (0.97 + 0.06*rng.Float64()))},
				Cost:    make([]int64, Q),
			}
			price := rt.price * priceMul * (0.95 + 0.2*rng.Float64())
			for q := 0; q < Q; q++ {
				disc := math.Pow(0.97, float64(q))
				op.Cost[q] = int64(price*disc + energy*itW*pue*float64(Q-q))
			}
			if rng.Float64() < 0.2 {
				op.Max = 5 + rng.Int64N(40)
			}
			in.Options = append(in.Options, op)
		}
	}
	// Greedy integer plan: per site, per phase, fill by TFLOPS per W.
	cover := make([][]int64, 2) // [class][phase]
	for k := range cover {
		cover[k] = make([]int64, Q)
	}
	bySite := make([][]int, sites)
	for o, op := range in.Options {
		bySite[op.Site] = append(bySite[op.Site], o)
	}
	for s := range bySite {
		opts := bySite[s]
		sort.SliceStable(opts, func(a, b int) bool {
			oa, ob := in.Options[opts[a]], in.Options[opts[b]]
			return float64(oa.Contrib[1])/float64(oa.Use[0]) > float64(ob.Contrib[1])/float64(ob.Use[0])
		})
		x := make([]int64, len(in.Options))
		load := make([]int64, len(in.Resources))
		for q := 0; q < Q; q++ {
			caps := in.Sites[s].Cap[q]
			for _, o := range opts {
				op := in.Options[o]
				lim := int64(math.MaxInt32)
				if op.Max > 0 {
					lim = op.Max - x[o]
				}
				if rng.Float64() < 0.5 { // leave some room so the greedy plan is not the optimum
					lim = min(lim, 3)
				}
				k := MaxAdd(load, op.Use, caps, lim)
				if k > 0 {
					TryAdd(load, op.Use, caps, k)
					x[o] += k
				}
			}
			for _, o := range opts {
				for k := 0; k < 2; k++ {
					cover[k][q] += in.Options[o].Contrib[k] * x[o]
				}
			}
		}
	}
	for q := 0; q < Q; q++ {
		f := 0.55 + 0.3*rng.Float64()
		if cover[1][q] > 0 {
			in.Demands = append(in.Demands, Demand{Class: 1, Phase: q, Min: int64(f * float64(cover[1][q]))})
		}
	}
	if cover[0][Q-1] > 0 {
		in.Demands = append(in.Demands, Demand{Class: 0, Phase: Q - 1, Min: int64(0.5 * float64(cover[0][Q-1]))})
	}
	return in
}
