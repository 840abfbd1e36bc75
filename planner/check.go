package planner

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// CheckPlan re-verifies a plan against its scenario from scratch, sharing no
// code with the model builder or the solver: it rebuilds each rack's figures
// from the scenario, sums them per site and phase, and checks every limit,
// demand row, budget and cluster. It returns every violation found.
//
// Shortfalls the plan reports are accepted as such: a demand row may be
// short by at most what the plan says.
func CheckPlan(sc *Scenario, pl *Plan) error {
	opts, _, err := Options(sc)
	if err != nil {
		return err
	}
	type key struct{ site, rack string }
	byKey := map[key]*Option{}
	for i := range opts {
		byKey[key{opts[i].Site.ID, opts[i].Rack.ID}] = &opts[i]
	}
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	phaseIdx := map[string]int{}
	for q, p := range sc.Phases {
		phaseIdx[p.ID] = q
	}
	// racks[option][phase], cumulative.
	racks := map[*Option][]float64{}
	for _, a := range pl.Allocation {
		o, ok := byKey[key{a.Site, a.RackConfig}]
		if !ok {
			bad("allocation %s/%s: not an allowed rack option at that site", a.Site, a.RackConfig)
			continue
		}
		q, ok := phaseIdx[a.Phase]
		if !ok {
			bad("allocation %s/%s: unknown phase %q", a.Site, a.RackConfig, a.Phase)
			continue
		}
		if a.Racks < 0 {
			bad("allocation %s/%s %s: negative racks %d", a.Site, a.RackConfig, a.Phase, a.Racks)
		}
		if racks[o] == nil {
			racks[o] = make([]float64, len(sc.Phases))
		}
		racks[o][q] = float64(a.Racks)
	}
	for o, xs := range racks {
		for q := 1; q < len(xs); q++ {
			if xs[q] < xs[q-1] {
				bad("%s: racks fall from %g to %g at phase %s (racks are never removed)", o.Name(), xs[q-1], xs[q], sc.Phases[q].ID)
			}
		}
	}
	const eps = 1e-6
	for si := range sc.Sites {
		site := &sc.Sites[si]
		for q, ph := range sc.Phases {
			c, err := site.CapacityAt(ph.Date)
			if err != nil {
				bad("site %s: %v", site.ID, err)
				continue
			}
			var power, air, liquid, pos float64
			for o, xs := range racks {
				if o.Site.ID != site.ID {
					continue
				}
				pue, _ := site.PUE.Get(o.Rack.Cooling)
				it := o.ITPower.W()
				power += it * float64(pue) * xs[q]
				air += o.HeatAir.W() * xs[q]
				liquid += o.HeatLiquid.W() * xs[q]
				pos += o.Positions * xs[q]
			}
			for _, lim := range []struct {
				name      string
				used, cap float64
			}{
				{"facility power (W)", power, c.Usable.W()},
				{"heat to air (W)", air, c.AirCooling.W()},
				{"heat to liquid (W)", liquid, c.LiquidCooling.W()},
				{"rack positions", pos, float64(c.RackPositions)},
			} {
				if lim.used > lim.cap*(1+eps)+eps {
					bad("site %s, phase %s: %s %.3f exceeds the limit %.3f", site.ID, ph.ID, lim.name, lim.used, lim.cap)
				}
			}
		}
	}
	short := map[string]float64{}
	for _, s := range pl.Shortfalls {
		short[s.Phase+"|"+s.What] += s.Short
	}
	for _, d := range sc.Demand {
		q := phaseIdx[d.Phase]
		var got float64
		for o, xs := range racks {
			if d.Accelerator != "" && o.Accelerator.ID != d.Accelerator || d.Family != "" && o.Accelerator.Family != d.Family {
				continue
			}
			if d.GPUs > 0 {
				got += float64(o.GPUs) * xs[q]
			} else {
				t, _ := o.Accelerator.Throughput(d.Precision)
				got += t.PFLOPS() * float64(o.GPUs) * xs[q]
			}
		}
		need := float64(d.GPUs)
		if d.PFLOPS > 0 {
			need = d.PFLOPS
		}
		allowed := short[d.Phase+"|"+demandWords(d)]
		if got+allowed < need*(1-1e-9)-1e-9 {
			bad("demand %s by %s: %.3f placed, %.3f required (shortfall reported %.3f)", demandWords(d), d.Phase, got, need, allowed)
		}
	}
	for q, ph := range sc.Phases {
		if ph.Budget <= 0 {
			continue
		}
		var spent float64
		for o, xs := range racks {
			prev := 0.0
			if q > 0 {
				prev = xs[q-1]
			}
			spent += o.Capex().USD() * (xs[q] - prev)
		}
		if spent > ph.Budget.USD()+0.01 {
			bad("phase %s: capex $%.2f exceeds the budget $%.2f", ph.ID, spent, ph.Budget.USD())
		}
	}
	// Clusters: every placed cluster's site holds all clusters placed there.
	need := map[string][]float64{} // site|class -> per phase
	for _, cp := range pl.Clusters {
		if cp.Site == "" {
			continue
		}
		var cl *Cluster
		for i := range sc.Clusters {
			if sc.Clusters[i].ID == cp.ID {
				cl = &sc.Clusters[i]
			}
		}
		if cl == nil {
			bad("cluster %s: not in the scenario", cp.ID)
			continue
		}
		k := cp.Site + "|" + cl.Accelerator + "|" + cl.Family
		if need[k] == nil {
			need[k] = make([]float64, len(sc.Phases))
		}
		for q := phaseIdx[cl.Phase]; q < len(sc.Phases); q++ {
			need[k][q] += float64(cl.GPUs)
		}
	}
	for k, per := range need {
		parts := strings.SplitN(k, "|", 3)
		for q, n := range per {
			var have float64
			for o, xs := range racks {
				if o.Site.ID != parts[0] || parts[1] != "" && o.Accelerator.ID != parts[1] || parts[2] != "" && o.Accelerator.Family != parts[2] {
					continue
				}
				have += float64(o.GPUs) * xs[q]
			}
			if have < n {
				bad("site %s, phase %s: clusters need %g GPUs there, the site has %g", parts[0], sc.Phases[q].ID, n, have)
			}
		}
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return errors.New("plan check failed:\n  " + strings.Join(errs, "\n  "))
	}
	return nil
}
