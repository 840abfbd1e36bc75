package planner

import (
	"fmt"
	"math"
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
// sites' power could host, so the instance is feasible but tight. It is
// Generate with one provider, no budgets and no clusters.
func GenerateScenario(sites, options, phases int, seed uint64) ([]byte, error) {
	return Generate(GenerateParams{Sites: sites, Options: options, Phases: phases, Seed: seed})
}

// GenerateParams shapes a synthetic scenario (see Generate).
type GenerateParams struct {
	Sites, Options, Phases int
	Seed                   uint64
	// Providers > 1 spreads the sites over that many providers: the first
	// Providers-1 ranked 1, 2, ... by right of first refusal, the last
	// without one, so the plan is solved in Providers ROFR stages.
	Providers int
	// BudgetPerGPU > 0 caps each phase's capex at this many dollars per
	// GPU of demand new in that phase (racks cost about $46,000-$66,000 per
	// GPU, so values below that leave demand short).
	BudgetPerGPU float64
	// Clusters > 0 adds that many clusters of 4,096-16,384 GPUs that must
	// sit whole in one site, in phases spread over the build.
	Clusters int
}

// Generate writes a reproducible synthetic scenario (YAML); the same
// parameters give the same bytes, and the sites, racks and demand of
// GenerateScenario's scenario for the same sites, options, phases and seed
// (the providers, budgets and clusters draw from a random stream of their
// own).
func Generate(g GenerateParams) ([]byte, error) {
	sites, options, phases, seed := g.Sites, g.Options, g.Phases, g.Seed
	if sites < 1 || options < 1 || phases < 1 {
		return nil, fmt.Errorf("%w: sites, options and phases must each be at least 1", ErrBadRequest)
	}
	if phases > 60 {
		return nil, fmt.Errorf("%w: at most 60 phases", ErrBadRequest)
	}
	if g.Providers > 26 || g.Providers < 0 || g.Clusters < 0 || g.Clusters > 100 || g.BudgetPerGPU < 0 || math.IsNaN(g.BudgetPerGPU) {
		return nil, fmt.Errorf("%w: providers 0-26, clusters 0-100, budget per GPU >= 0", ErrBadRequest)
	}
	rng := rand.New(rand.NewPCG(seed, 0x6463706c616e))
	extra := rand.New(rand.NewPCG(seed, 0x726f6672)) // providers and clusters
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	if g.Providers <= 1 && g.BudgetPerGPU == 0 && g.Clusters == 0 {
		p("# Synthetic scenario: dcplan generate --sites %d --options %d --phases %d --seed %d\n", sites, options, phases, seed)
		p("name: synthetic-s%d-o%d-p%d-seed%d\n", sites, options, phases, seed)
	} else {
		p("# Synthetic scenario: dcplan generate --sites %d --options %d --phases %d --seed %d --providers %d --budget-per-gpu %g --clusters %d\n",
			sites, options, phases, seed, max(1, g.Providers), g.BudgetPerGPU, g.Clusters)
		p("name: synthetic-s%d-o%d-p%d-seed%d-r%d-b%g-c%d\n", sites, options, phases, seed, max(1, g.Providers), g.BudgetPerGPU, g.Clusters)
	}
	provider := func(i int) string {
		if g.Providers <= 1 {
			return "primary"
		}
		return fmt.Sprintf("provider-%c", 'a'+i)
	}
	if g.Providers <= 1 {
		p("providers:\n  - {id: primary, name: Primary, rofr: 0}\n")
	} else {
		p("providers:\n")
		for i := 0; i < g.Providers; i++ {
			p("  - {id: %s, name: Provider %c, rofr: %d}\n", provider(i), 'A'+i, (i+1)%g.Providers)
		}
	}
	demand := make([]int, phases) // per phase; the phases are written once it is known
	p("phases:\n")
	phasesAt := b.Len()
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
	order := extra.Perm(sites)
	p("sites:\n")
	totalMW := make([]float64, phases) // usable power per phase over all sites, derated by cooling and positions
	for s := 0; s < sites; s++ {
		final := 50 + rng.Float64()*450 // MW of usable power at the end
		first := rng.IntN(max(1, phases/2+1))
		prov := provider(0)
		if g.Providers > 1 {
			// every provider has a site (when there are enough), the rest
			// fall at random
			if k := order[s]; k < g.Providers {
				prov = provider(k)
			} else {
				prov = provider(extra.IntN(g.Providers))
			}
		}
		p("  - id: site-%04d\n    name: Synthetic site %d\n    provider: %s\n    region: r%d\n    power:\n", s+1, s+1, prov, s%7)
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
		demand[q] = gpus
	}
	if g.Clusters > 0 {
		p("clusters:\n")
		for c := 0; c < g.Clusters; c++ {
			q := (c * phases) / g.Clusters
			p("  - {id: cluster-%d, phase: p%02d, gpus: %d}\n", c+1, q+1, 4096*(1+extra.IntN(4)))
		}
	}
	p("policy:\n  objective: min-tco\n  horizon: %d-12-31\n  discount_rate: 0.08\n  power_basis: max\n  load_factor: 0.8\n  fabric_scale: 16384\n", 2026+phases+4)
	p("  rack_configs: [%s]\n", strings.Join(ids, ", "))
	// The phases, with their budgets, go where the phases header left off
	// (the budgets need the demand).
	var ph strings.Builder
	prev := 0
	for q := 0; q < phases; q++ {
		fmt.Fprintf(&ph, "  - {id: p%02d, date: %d-12-31", q+1, 2026+q)
		if g.BudgetPerGPU > 0 {
			fmt.Fprintf(&ph, ", budget: $%.0f", math.Max(1, float64(max(0, demand[q]-prev))*g.BudgetPerGPU))
		}
		ph.WriteString("}\n")
		prev = max(prev, demand[q])
	}
	out := b.String()
	return []byte(out[:phasesAt] + ph.String() + out[phasesAt:]), nil
}
