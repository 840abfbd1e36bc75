package planner

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// genSystems are the catalog systems synthetic rack configurations are built
// from: the system, its cooling, the most systems one rack may hold, and the
// power part and the number of them per system.
var genSystems = []struct {
	system, cooling, power string
	maxPerRack             int
	partsPerSystem         float64
}{
	{"gb200-nvl72", "liquid", "power-shelf-33kw", 1, 8},
	{"gb300-nvl72", "liquid", "power-shelf-33kw", 1, 8},
	{"hgx-h200", "air", "pdu-3ph-17kw", 4, 1},
	{"dgx-b200", "air", "pdu-3ph-17kw", 4, 1.5},
	{"dgx-b300", "air", "pdu-3ph-17kw", 4, 1.5},
	{"mi355x-platform", "liquid", "power-shelf-33kw", 8, 1},
	{"mi300x-platform", "air", "pdu-3ph-17kw", 4, 1},
	{"dgx-h100", "air", "pdu-3ph-17kw", 4, 1},
}

// GenerateScenario writes a reproducible synthetic scenario (YAML) with
// sites, options rack configurations (synthetic variants of catalog systems,
// in the scenario's catalog section) and phases yearly from 2026; the same
// arguments give the same bytes. Demand per phase is a share of what the
// sites' power could host, so the instance is feasible but tight.
func GenerateScenario(sites, options, phases int, seed uint64) ([]byte, error) {
	if sites < 1 || options < 1 || phases < 1 {
		return nil, fmt.Errorf("%w: sites, options and phases must each be at least 1", ErrBadRequest)
	}
	if phases > 60 {
		return nil, fmt.Errorf("%w: at most 60 phases", ErrBadRequest)
	}
	rng := rand.New(rand.NewPCG(seed, 0x6463706c616e))
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# Synthetic scenario: dcplan generate --sites %d --options %d --phases %d --seed %d\n", sites, options, phases, seed)
	p("name: synthetic-s%d-o%d-p%d-seed%d\n", sites, options, phases, seed)
	p("providers:\n  - {id: primary, name: Primary, rofr: 0}\n")
	p("phases:\n")
	for q := 0; q < phases; q++ {
		p("  - {id: p%02d, date: %d-12-31}\n", q+1, 2026+q)
	}
	p("catalog:\n  rack_configs:\n")
	var ids []string
	for k := 0; k < options; k++ {
		g := genSystems[k%len(genSystems)]
		n := 1 + (k/len(genSystems))%g.maxPerRack
		id := fmt.Sprintf("gen-%s-%d-%02d", g.system, n, k)
		ids = append(ids, id)
		enclosure := "rack-42u"
		if g.cooling == "liquid" {
			enclosure = "rack-mgx-48u"
		}
		parts := g.partsPerSystem * float64(n) * (1 + 0.25*float64(k%3))
		p("    - {id: %s, name: synthetic %d x %s, system: %s, systems: %d, cooling: %s, enclosure: %s,\n", id, n, g.system, g.system, n, g.cooling, enclosure)
		p("       power: [{part: %s, count: %g}], source: synthetic (dcplan generate seed %d)}\n", g.power, parts, seed)
	}
	p("sites:\n")
	totalMW := make([]float64, phases) // usable power per phase over all sites, derated by cooling and positions
	for s := 0; s < sites; s++ {
		final := 50 + rng.Float64()*450 // MW of usable power at the end
		first := rng.IntN(max(1, phases/2+1))
		p("  - id: site-%04d\n    name: Synthetic site %d\n    provider: primary\n    region: r%d\n    power:\n", s+1, s+1, s%7)
		steps := 1 + rng.IntN(min(3, phases-first))
		for k := 0; k < steps; k++ {
			q := first + k*(phases-first)/steps
			mw := final * float64(k+1) / float64(steps)
			p("      - {online: %d-01-01, capacity: %.1f MW}\n", 2026+q, mw)
		}
		siteMW := make([]float64, phases)
		for q := 0; q < phases; q++ {
			for k := 0; k < steps; k++ {
				if first+k*(phases-first)/steps <= q {
					siteMW[q] = final * float64(k+1) / float64(steps)
				}
			}
		}
		pueAir := 1.15 + rng.Float64()*0.3
		pueLiq := 1.05 + rng.Float64()*0.1
		air, liquid, positions := final*(0.3+rng.Float64()*0.7), final*(0.4+rng.Float64()*0.6), int(final*(4+rng.Float64()*6))
		p("    redundancy: N\n    pue: {air: %.3f, liquid: %.3f}\n    max_rack_density: {air: 60 kW, liquid: 150 kW}\n", pueAir, pueLiq)
		p("    air_cooling: %.1f MW\n    liquid_cooling: %.1f MW\n    rack_positions: %d\n", air, liquid, positions)
		// What the site can host is also limited by its cooling (IT heat
		// is at most power / PUE) and its positions (at most ~40 GPUs per
		// position for the mix of racks above): demand is sized on the
		// tightest of the three, so generated scenarios are feasible.
		lim := min(1, (air+liquid)/(final/1.1), float64(positions)*40/(final*430))
		for q := range siteMW {
			totalMW[q] += siteMW[q] * lim
		}
		p("    electricity_price: %.4f $/kWh\n    grid_carbon: %.0f g/kWh\n    wue: 0.26 L/kWh\n", 0.05+rng.Float64()*0.1, 100+rng.Float64()*700)
	}
	p("demand:\n")
	for q := 0; q < phases; q++ {
		// About 430 GPUs fit in a MW of facility power; ask for 55-70% of that.
		gpus := int(totalMW[q] * 430 * (0.55 + 0.15*float64(q)/float64(max(1, phases-1))))
		if gpus > 0 {
			p("  - {phase: p%02d, gpus: %d}\n", q+1, gpus)
		}
	}
	p("policy:\n  objective: min-tco\n  horizon: %d-12-31\n  discount_rate: 0.08\n  power_basis: max\n  load_factor: 0.8\n  fabric_scale: 16384\n", 2026+phases+4)
	p("  rack_configs: [%s]\n", strings.Join(ids, ", "))
	return []byte(b.String()), nil
}
