package planner

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/dcplan/dcplan/facilities"
	"github.com/dcplan/dcplan/hardware"
	"github.com/dcplan/dcplan/internal/strictyaml"
	"github.com/dcplan/dcplan/templates"
	"github.com/dcplan/dcplan/units"
)

// Defaults applied to a policy that does not set them.
const (
	DefaultDiscountRate = 0.08
	DefaultHorizonYears = 5
)

// LoadFile reads and loads a scenario file.
func LoadFile(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadRequest, err)
	}
	return Load(path, data)
}

// LoadDefault loads the embedded default scenario.
func LoadDefault() (*Scenario, error) { return Load(templates.ScenarioFile, templates.Scenario) }

// Load decodes a scenario strictly, merges its catalog section into the
// default catalog, fills defaults and checks it across fields. Every problem
// is reported at once, as strictyaml.Diagnostics.
func Load(file string, data []byte) (*Scenario, error) {
	base, err := DefaultCatalog()
	if err != nil {
		return nil, fmt.Errorf("embedded catalog: %w", err)
	}
	var sc Scenario
	doc, diags := strictyaml.Decode(file, data, &sc)
	sc.File = file
	sc.Hardware = base
	if doc == nil || documentLevel(diags) {
		// Nothing usable was decoded (syntax error, empty file, not a
		// mapping): checks across fields would only repeat the problem.
		return nil, diags.Err()
	}
	v := &validator{doc: doc, sc: &sc, decodeErr: map[string]bool{}}
	for _, d := range diags {
		v.decodeErr[d.Path] = true
	}
	v.diags = append(v.diags, diags...)
	v.diags = append(v.diags, base.Extend(doc, "catalog", sc.Catalog)...)
	if sc.Catalog != nil {
		v.diags = append(v.diags, base.CheckReferences()...)
	}
	v.defaults()
	v.check()
	if err := strictyaml.Diagnostics(v.diags).Err(); err != nil {
		return nil, fmt.Errorf("%w", err)
	}
	return &sc, nil
}

func documentLevel(ds strictyaml.Diagnostics) bool {
	for _, d := range ds {
		if d.Path == "" {
			return true
		}
	}
	return false
}

type validator struct {
	doc   *strictyaml.Document
	sc    *Scenario
	diags strictyaml.Diagnostics
	// decodeErr holds the paths that already failed to decode: a check across
	// fields would only repeat the problem there.
	decodeErr map[string]bool
}

func (v *validator) errf(path, format string, args ...any) {
	for p := path; p != ""; p = parentPath(p) {
		if v.decodeErr[p] {
			return
		}
	}
	v.diags = append(v.diags, v.doc.Errorf(path, format, args...))
}

// parentPath strips the last element of a field path ("a.b[2]" -> "a.b").
func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

func (v *validator) defaults() {
	sc := v.sc
	if sc.Name == "" {
		sc.Name = strings.TrimSuffix(filepath.Base(sc.File), filepath.Ext(sc.File))
	}
	p := &sc.Policy
	if p.Objective == "" {
		p.Objective = MinTCO
	}
	if p.PowerBasis == "" {
		p.PowerBasis = hardware.Max
	}
	if !v.doc.Has("policy.discount_rate") {
		p.DiscountRate = DefaultDiscountRate
	}
	if p.LoadFactor == 0 && !v.doc.Has("policy.load_factor") {
		p.LoadFactor = 1
	}
	if p.Storage == "" {
		p.Storage = "ai-flash"
	}
	if p.Horizon.IsZero() && len(sc.Phases) > 0 {
		last := sc.Phases[len(sc.Phases)-1].Date
		p.Horizon = facilities.Date{Time: last.AddDate(DefaultHorizonYears, 0, 0)}
	}
	for i := range sc.Sites {
		if sc.Sites[i].Redundancy == "" {
			sc.Sites[i].Redundancy = facilities.N
		}
	}
}

func (v *validator) check() {
	sc := v.sc
	cat := sc.Hardware.Catalog
	// Providers.
	providers := map[string]bool{}
	ranks := map[int]string{}
	for i, p := range sc.Providers {
		path := strictyaml.JoinIndex("providers", i)
		v.checkID(path, "provider", p.ID, providers)
		if p.ROFR < 0 {
			v.errf(strictyaml.JoinField(path, "rofr"), "rofr is a rank (1 is offered first, 0 for none), got %d", p.ROFR)
		}
		if p.ROFR > 0 {
			if other, dup := ranks[p.ROFR]; dup {
				v.errf(strictyaml.JoinField(path, "rofr"), "rofr rank %d is already held by provider %q: ranks must be distinct", p.ROFR, other)
			}
			ranks[p.ROFR] = p.ID
		}
		if p.MatchWithin < 0 || p.MatchWithin > 100 {
			v.errf(strictyaml.JoinField(path, "match_within"), "match_within is a percentage between 0 and 100, got %g", p.MatchWithin)
		}
	}
	// Phases.
	if len(sc.Phases) == 0 {
		v.errf("phases", "at least one phase is required (id and date)")
	}
	phases := map[string]bool{}
	for i, ph := range sc.Phases {
		path := strictyaml.JoinIndex("phases", i)
		v.checkID(path, "phase", ph.ID, phases)
		if ph.Date.IsZero() {
			v.errf(strictyaml.JoinField(path, "date"), "date is required (YYYY, YYYY-MM or YYYY-MM-DD)")
		} else if i > 0 && !sc.Phases[i-1].Date.IsZero() && !ph.Date.After(sc.Phases[i-1].Date.Time) {
			v.errf(strictyaml.JoinField(path, "date"), "phase %q (%s) is out of order: phases must have increasing dates, and %q is %s",
				ph.ID, ph.Date, sc.Phases[i-1].ID, sc.Phases[i-1].Date)
		}
		if ph.Budget < 0 {
			v.errf(strictyaml.JoinField(path, "budget"), "budget cannot be negative")
		}
	}
	// Sites.
	if len(sc.Sites) == 0 {
		v.errf("sites", "at least one site is required")
	}
	sites := map[string]bool{}
	for i := range sc.Sites {
		v.checkSite(i, providers, sites)
	}
	// Policy.
	p := sc.Policy
	if !p.Objective.Valid() {
		v.errf("policy.objective", "unknown objective %q: expected min-tco, max-compute or min-carbon", p.Objective)
	}
	if !p.PowerBasis.Valid() {
		v.errf("policy.power_basis", "unknown power basis %q: expected max or typical", p.PowerBasis)
	}
	if p.DiscountRate < 0 || p.DiscountRate >= 1 {
		v.errf("policy.discount_rate", "discount_rate is an annual fraction in [0, 1) (0.08 for 8%%), got %g", p.DiscountRate)
	}
	if p.LoadFactor <= 0 || p.LoadFactor > 1 {
		v.errf("policy.load_factor", "load_factor is the average draw as a share of the power basis, in (0, 1], got %g", p.LoadFactor)
	}
	if n := len(sc.Phases); n > 0 && !p.Horizon.IsZero() && p.Horizon.Before(sc.Phases[n-1].Date.Time) {
		v.errf("policy.horizon", "horizon %s is before the last phase (%s, %s)", p.Horizon, sc.Phases[n-1].ID, sc.Phases[n-1].Date)
	}
	if p.Storage != "none" {
		if _, ok := cat.StorageTier(p.Storage); !ok {
			v.errf("policy.storage", "unknown storage tier %q%s (or \"none\")", p.Storage, cat.SuggestID(p.Storage, "storage"))
		}
	}
	if p.FabricScale < 0 {
		v.errf("policy.fabric_scale", "fabric_scale is a GPU count and cannot be negative")
	}
	v.checkRackConfigs()
	// Demand and clusters.
	if len(sc.Demand) == 0 && p.Objective != MaxCompute {
		v.errf("demand", "demand is required for objective %s (give GPUs or PFLOPS per phase)", p.Objective)
	}
	for i, d := range sc.Demand {
		path := strictyaml.JoinIndex("demand", i)
		v.checkPhaseRef(strictyaml.JoinField(path, "phase"), d.Phase, phases)
		switch {
		case d.GPUs < 0:
			v.errf(strictyaml.JoinField(path, "gpus"), "gpus cannot be negative, got %d", d.GPUs)
		case d.PFLOPS < 0:
			v.errf(strictyaml.JoinField(path, "pflops"), "pflops cannot be negative, got %g", d.PFLOPS)
		case d.GPUs > 0 && d.PFLOPS > 0:
			v.errf(path, "give either gpus or pflops, not both")
		case d.GPUs == 0 && d.PFLOPS == 0:
			v.errf(path, "a demand needs gpus or pflops greater than zero")
		}
		if d.PFLOPS > 0 && d.Precision != "fp8" && d.Precision != "bf16" {
			v.errf(strictyaml.JoinField(path, "precision"), "precision %q: expected fp8 or bf16 for a PFLOPS demand", d.Precision)
		}
		if d.GPUs > 0 && d.Precision != "" {
			v.errf(strictyaml.JoinField(path, "precision"), "precision applies to a PFLOPS demand, not a GPU count")
		}
		v.checkHardwareRef(path, d.Accelerator, d.Family)
	}
	clusters := map[string]bool{}
	for i, c := range sc.Clusters {
		path := strictyaml.JoinIndex("clusters", i)
		v.checkID(path, "cluster", c.ID, clusters)
		v.checkPhaseRef(strictyaml.JoinField(path, "phase"), c.Phase, phases)
		if c.GPUs <= 0 {
			v.errf(strictyaml.JoinField(path, "gpus"), "a cluster needs gpus greater than zero, got %d", c.GPUs)
		}
		v.checkHardwareRef(path, c.Accelerator, c.Family)
	}
}

func (v *validator) checkID(path, kind, id string, seen map[string]bool) {
	switch {
	case id == "":
		v.errf(strictyaml.JoinField(path, "id"), "%s id is required", kind)
	case seen[id]:
		v.errf(strictyaml.JoinField(path, "id"), "duplicate %s id %q", kind, id)
	}
	seen[id] = true
}

func (v *validator) checkPhaseRef(path, id string, phases map[string]bool) {
	if id == "" {
		v.errf(path, "phase is required: one of %s", quoteKeys(phases))
	} else if !phases[id] {
		v.errf(path, "unknown phase %q: expected one of %s", id, quoteKeys(phases))
	}
}

func (v *validator) checkHardwareRef(path, acc, family string) {
	cat := v.sc.Hardware.Catalog
	if acc != "" && family != "" {
		v.errf(path, "give accelerator or family, not both")
	}
	if acc != "" {
		if _, ok := cat.Accelerator(acc); !ok {
			v.errf(strictyaml.JoinField(path, "accelerator"), "unknown accelerator %q%s; `dcplan catalog list` shows the catalog", acc, cat.SuggestID(acc, "accelerator"))
		}
	}
	if family != "" {
		known := map[string]bool{}
		for _, a := range cat.Accelerators {
			known[a.Family] = true
		}
		if !known[family] {
			v.errf(strictyaml.JoinField(path, "family"), "unknown accelerator family %q: expected one of %s", family, quoteKeys(known))
		}
	}
}

func (v *validator) checkSite(i int, providers, seen map[string]bool) {
	s := &v.sc.Sites[i]
	path := strictyaml.JoinIndex("sites", i)
	f := func(field string) string { return strictyaml.JoinField(path, field) }
	v.checkID(path, "site", s.ID, seen)
	if s.Provider == "" {
		v.errf(f("provider"), "provider is required")
	} else if !providers[s.Provider] {
		v.errf(f("provider"), "unknown provider %q: expected one of %s", s.Provider, quoteKeys(providers))
	}
	if len(s.Power) == 0 {
		v.errf(f("power"), "power is required: a list of {online: date, capacity: power} steps")
	}
	for j, st := range s.Power {
		sp := strictyaml.JoinIndex(f("power"), j)
		if st.Capacity <= 0 {
			v.errf(strictyaml.JoinField(sp, "capacity"), "capacity must be greater than zero, got %v", st.Capacity)
		}
		if st.Online.IsZero() {
			v.errf(strictyaml.JoinField(sp, "online"), "online date is required")
		}
		if j > 0 {
			prev := s.Power[j-1]
			if !st.Online.IsZero() && !prev.Online.IsZero() && !st.Online.After(prev.Online.Time) {
				v.errf(strictyaml.JoinField(sp, "online"), "power steps must be in date order: %s is not after %s", st.Online, prev.Online)
			}
			if st.Capacity > 0 && st.Capacity < prev.Capacity {
				v.errf(strictyaml.JoinField(sp, "capacity"), "capacity is cumulative and cannot fall: %v after %v", st.Capacity, prev.Capacity)
			}
		}
		for _, q := range []struct {
			name string
			p    *float64
		}{{"air_cooling", (*float64)(st.AirCooling)}, {"liquid_cooling", (*float64)(st.LiquidCooling)}} {
			if q.p != nil && *q.p < 0 {
				v.errf(strictyaml.JoinField(sp, q.name), "%s cannot be negative", q.name)
			}
		}
		if st.RackPositions != nil && *st.RackPositions < 0 {
			v.errf(strictyaml.JoinField(sp, "rack_positions"), "rack_positions cannot be negative")
		}
	}
	if _, err := s.Redundancy.UsableFraction(max(s.RedundancyModules, 1)); err != nil {
		v.errf(f("redundancy"), "%v", err)
	}
	if s.RedundancyModules < 0 {
		v.errf(f("redundancy_modules"), "redundancy_modules cannot be negative")
	}
	any := false
	for _, c := range hardware.CoolingTypes {
		_, hasPUE := s.PUE.Get(c)
		dens, hasDensity := s.MaxRackDensity.Get(c)
		key := string(c)
		switch {
		case hasPUE && !hasDensity:
			v.errf(strictyaml.JoinField(f("max_rack_density"), key), "site has a PUE for %s cooling but no maximum rack density for it", c)
		case hasDensity && !hasPUE:
			v.errf(strictyaml.JoinField(f("pue"), key), "site has a maximum rack density for %s cooling but no PUE for it", c)
		case hasDensity && dens <= 0:
			v.errf(strictyaml.JoinField(f("max_rack_density"), key), "maximum rack density must be greater than zero, got %v", dens)
		case hasPUE:
			any = true
		}
	}
	if !any {
		v.errf(f("pue"), "give a PUE and a max_rack_density for at least one cooling type (air, rear-door, liquid, immersion)")
	}
	if s.AirCooling < 0 {
		v.errf(f("air_cooling"), "air_cooling cannot be negative, got %v", s.AirCooling)
	}
	if s.LiquidCooling < 0 {
		v.errf(f("liquid_cooling"), "liquid_cooling cannot be negative, got %v", s.LiquidCooling)
	}
	if s.RackPositions <= 0 {
		v.errf(f("rack_positions"), "rack_positions must be greater than zero, got %d", s.RackPositions)
	}
	if s.MaxRackWeight < 0 {
		v.errf(f("max_rack_weight"), "max_rack_weight cannot be negative")
	}
	if s.ElectricityPrice < 0 {
		v.errf(f("electricity_price"), "electricity_price cannot be negative")
	}
	if s.GridCarbon < 0 {
		v.errf(f("grid_carbon"), "grid_carbon cannot be negative")
	}
	if s.WUE < 0 {
		v.errf(f("wue"), "wue cannot be negative")
	}
	if s.NewBuild && s.BuildCost <= 0 {
		v.errf(f("new_build"), "a new build needs build_cost per MW of facility power (e.g. build_cost: \"$11.7M/MW\")")
	}
	if !s.NewBuild && s.BuildCost != 0 {
		v.errf(f("build_cost"), "build_cost applies only to a new build (set new_build: true)")
	}
}

// checkRackConfigs reports rack configurations that are named (in the policy
// or the scenario's own catalog) but that no site can host.
func (v *validator) checkRackConfigs() {
	sc := v.sc
	cat := sc.Hardware.Catalog
	hostable := func(rc *hardware.RackConfig) (bool, string) {
		it, err := rackITPower(cat, rc, sc.Policy.PowerBasis)
		if err != nil {
			return false, err.Error()
		}
		offered := false
		for i := range sc.Sites {
			if ok, _ := sc.Sites[i].Allows(rc.Cooling, it); ok {
				return true, ""
			}
			_, has := sc.Sites[i].MaxRackDensity.Get(rc.Cooling)
			offered = offered || has
		}
		why := fmt.Sprintf("rack configuration %s draws %v with %s cooling, denser than every site allows", rc.ID, it, rc.Cooling)
		if !offered {
			why = fmt.Sprintf("rack configuration %s needs %s cooling, which no site offers", rc.ID, rc.Cooling)
		}
		return false, why
	}
	for i, id := range sc.Policy.RackConfigs {
		path := strictyaml.JoinIndex("policy.rack_configs", i)
		rc, ok := cat.RackConfig(id)
		if !ok {
			v.errf(path, "unknown rack configuration %q%s", id, cat.SuggestID(id, "rack config"))
			continue
		}
		if ok, why := hostable(rc); !ok && len(sc.Sites) > 0 {
			v.errf(path, "%s", why)
		}
	}
	if sc.Catalog != nil {
		for i := range sc.Catalog.RackConfigs {
			rc, _ := cat.RackConfig(sc.Catalog.RackConfigs[i].ID)
			if rc == nil {
				continue
			}
			if ok, why := hostable(rc); !ok && len(sc.Sites) > 0 {
				v.errf(strictyaml.JoinIndex("catalog.rack_configs", i), "%s", why)
			}
		}
	}
}

// rackITPower is the IT load of one rack of a configuration at a basis: its
// systems plus any power-drawing rack parts.
func rackITPower(cat *hardware.Catalog, rc *hardware.RackConfig, basis hardware.PowerBasis) (p units.Power, err error) {
	sys, ok := cat.System(rc.System)
	if !ok {
		return 0, fmt.Errorf("rack configuration %s: unknown system %q", rc.ID, rc.System)
	}
	rb, err := billRack(cat, rc)
	if err != nil {
		return 0, err
	}
	return sys.PowerAt(basis).Scale(float64(rc.Systems)) + rb.Power, nil
}

func quoteKeys(m map[string]bool) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		if k != "" {
			keys = append(keys, fmt.Sprintf("%q", k))
		}
	}
	sort.Strings(keys)
	if len(keys) == 0 {
		return "(none defined)"
	}
	return strings.Join(keys, ", ")
}

// PhaseIndex returns the index of a phase ID.
func (sc *Scenario) PhaseIndex(id string) int {
	for i, p := range sc.Phases {
		if p.ID == id {
			return i
		}
	}
	return -1
}

// YearsBetween is the length of time between two dates in years of 365.25 days.
func YearsBetween(a, b time.Time) float64 { return b.Sub(a).Hours() / (24 * 365.25) }
