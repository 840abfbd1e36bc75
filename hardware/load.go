package hardware

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dcplan/dcplan/internal/strictyaml"
)

// Origin records where a catalog entry was defined, so that cross-reference
// errors can point at it.
type Origin struct {
	Doc  *strictyaml.Document
	Path string
}

// Loaded is a catalog with the origin of each entry.
type Loaded struct {
	*Catalog
	origins map[string]Origin // key: kind + "/" + id
}

// LoadCatalog decodes a catalog file strictly and checks each entry's fields.
func LoadCatalog(file string, data []byte) (*Loaded, strictyaml.Diagnostics) {
	var c Catalog
	doc, diags := strictyaml.Decode(file, data, &c)
	l := &Loaded{Catalog: &c, origins: map[string]Origin{}}
	diags = append(diags, l.record(doc, "")...)
	return l, diags
}

// Extend merges entries decoded from another document (a scenario's
// `catalog:` section at prefix) into l: an entry with an existing ID replaces
// it, a new one is appended. It returns the problems found in the new entries.
func (l *Loaded) Extend(doc *strictyaml.Document, prefix string, c *Catalog) strictyaml.Diagnostics {
	if c == nil {
		return nil
	}
	other := &Loaded{Catalog: c, origins: map[string]Origin{}}
	diags := other.record(doc, prefix)
	l.Accelerators = merge(l.Accelerators, c.Accelerators, accID)
	l.Systems = merge(l.Systems, c.Systems, sysID)
	l.RackConfigs = merge(l.RackConfigs, c.RackConfigs, rackID)
	l.Parts = merge(l.Parts, c.Parts, partID)
	l.Switches = merge(l.Switches, c.Switches, switchID)
	l.Optics = merge(l.Optics, c.Optics, opticID)
	l.Fabrics = merge(l.Fabrics, c.Fabrics, fabricID)
	l.Storage = merge(l.Storage, c.Storage, storageID)
	for k, v := range other.origins {
		l.origins[k] = v
	}
	return diags
}

// Clone returns a copy of l whose entry lists and origins can be extended
// without touching l (entries are copied by value).
func (l *Loaded) Clone() *Loaded {
	c := *l.Catalog
	c.Accelerators = append([]Accelerator(nil), c.Accelerators...)
	c.Systems = append([]System(nil), c.Systems...)
	c.RackConfigs = append([]RackConfig(nil), c.RackConfigs...)
	c.Parts = append([]Part(nil), c.Parts...)
	c.Switches = append([]Switch(nil), c.Switches...)
	c.Optics = append([]Optic(nil), c.Optics...)
	c.Fabrics = append([]Fabric(nil), c.Fabrics...)
	c.Storage = append([]Storage(nil), c.Storage...)
	origins := make(map[string]Origin, len(l.origins))
	for k, v := range l.origins {
		origins[k] = v
	}
	return &Loaded{Catalog: &c, origins: origins}
}

// Origin returns where the entry of a kind and ID was defined.
func (l *Loaded) Origin(kind, id string) (Origin, bool) {
	o, ok := l.origins[kind+"/"+id]
	return o, ok
}

func merge[T any](base, extra []T, key func(*T) string) []T {
	out := append([]T(nil), base...)
	for i := range extra {
		id := key(&extra[i])
		replaced := false
		for j := range out {
			if key(&out[j]) == id {
				out[j] = extra[i]
				replaced = true
				break
			}
		}
		if !replaced {
			out = append(out, extra[i])
		}
	}
	return out
}

// record checks the fields of every entry in the document and notes origins.
func (l *Loaded) record(doc *strictyaml.Document, prefix string) strictyaml.Diagnostics {
	var ds strictyaml.Diagnostics
	c := l.Catalog
	at := func(list string, i int) string { return strictyaml.JoinIndex(strictyaml.JoinField(prefix, list), i) }
	errf := func(path, format string, args ...any) {
		ds = append(ds, doc.Errorf(path, format, args...))
	}
	seen := map[string]string{}
	note := func(kind, list string, i int, id string) {
		path := at(list, i)
		if !validID(id) {
			errf(strictyaml.JoinField(path, "id"), "id %q must be lower-case kebab form (a-z, 0-9, '-' and '.'), e.g. \"gb200-nvl72\"", id)
		}
		if prev, dup := seen[kind+"/"+id]; dup {
			errf(strictyaml.JoinField(path, "id"), "duplicate %s id %q (first defined at %s)", kind, id, prev)
		}
		if p, ok := doc.Pos(strictyaml.JoinField(path, "id")); ok {
			seen[kind+"/"+id] = fmt.Sprintf("line %d", p.Line)
		} else {
			seen[kind+"/"+id] = path
		}
		l.origins[kind+"/"+id] = Origin{Doc: doc, Path: path}
	}
	source := func(path string, s Sourced) {
		if strings.TrimSpace(s.Source) == "" {
			errf(strictyaml.JoinField(path, "source"), "every catalog entry needs a source: cite where its figures come from (mark estimates under `estimates`)")
		}
	}
	positive := func(path, field string, v float64, what string) {
		if v <= 0 {
			errf(strictyaml.JoinField(path, field), "%s must be greater than zero", what)
		}
	}
	nonNegative := func(path, field string, v float64, what string) {
		if v < 0 {
			errf(strictyaml.JoinField(path, field), "%s cannot be negative", what)
		}
	}
	for i := range c.Accelerators {
		a := &c.Accelerators[i]
		p := at("accelerators", i)
		note("accelerator", "accelerators", i, a.ID)
		source(p, a.Sourced)
		positive(p, "tdp", float64(a.TDP), "tdp (the accelerator's power)")
		nonNegative(p, "price", float64(a.Price), "price")
		if a.BF16 <= 0 && a.FP8 <= 0 {
			errf(strictyaml.JoinField(p, "bf16_dense"), "give at least one of bf16_dense or fp8_dense throughput")
		}
		if a.Family == "" {
			errf(strictyaml.JoinField(p, "family"), "family is required (demand can name a family, e.g. \"blackwell\")")
		}
	}
	for i := range c.Systems {
		s := &c.Systems[i]
		p := at("systems", i)
		note("system", "systems", i, s.ID)
		source(p, s.Sourced)
		positive(p, "accelerators", float64(s.Accelerators), "accelerators (per system)")
		positive(p, "max_power", float64(s.MaxPower), "max_power")
		nonNegative(p, "typical_power", float64(s.TypicalPower), "typical_power")
		if s.TypicalPower > s.MaxPower {
			errf(strictyaml.JoinField(p, "typical_power"), "typical_power %v is above max_power %v", s.TypicalPower, s.MaxPower)
		}
		if s.LiquidFraction < 0 || s.LiquidFraction > 1 {
			errf(strictyaml.JoinField(p, "liquid_fraction"), "liquid_fraction is a share of heat between 0 and 1, got %g", s.LiquidFraction)
		}
		nonNegative(p, "price", float64(s.Price), "price")
		nonNegative(p, "weight", float64(s.Weight), "weight")
		nonNegative(p, "rack_units", float64(s.RackUnits), "rack_units")
		positive(p, "fabric_ports", float64(s.FabricPorts), "fabric_ports")
		positive(p, "rails", float64(s.Rails), "rails")
	}
	for i := range c.RackConfigs {
		r := &c.RackConfigs[i]
		p := at("rack_configs", i)
		note("rack config", "rack_configs", i, r.ID)
		source(p, r.Sourced)
		positive(p, "systems", float64(r.Systems), "systems (per rack)")
		if !r.Cooling.Valid() {
			errf(strictyaml.JoinField(p, "cooling"), "unknown cooling %q: expected one of air, rear-door, liquid, immersion", string(r.Cooling))
		}
		for j, pc := range append(append([]PartCount(nil), r.Power...), r.CoolingParts...) {
			field := "power"
			k := j
			if j >= len(r.Power) {
				field, k = "cooling_parts", j-len(r.Power)
			}
			positive(strictyaml.JoinIndex(strictyaml.JoinField(p, field), k), "count", pc.Count, "count")
		}
	}
	for i := range c.Parts {
		pt := &c.Parts[i]
		p := at("parts", i)
		note("part", "parts", i, pt.ID)
		source(p, pt.Sourced)
		nonNegative(p, "price", float64(pt.Price), "price")
		nonNegative(p, "power", float64(pt.Power), "power")
	}
	for i := range c.Switches {
		s := &c.Switches[i]
		p := at("switches", i)
		note("switch", "switches", i, s.ID)
		source(p, s.Sourced)
		if s.Ports < 2 || s.Ports%2 != 0 {
			errf(strictyaml.JoinField(p, "ports"), "ports must be an even number of at least 2 (half face down, half up), got %d", s.Ports)
		}
		positive(p, "power", float64(s.Power), "power")
		nonNegative(p, "price", float64(s.Price), "price")
		positive(p, "rack_units", float64(s.RackUnits), "rack_units")
	}
	for i := range c.Optics {
		o := &c.Optics[i]
		p := at("optics", i)
		note("optic", "optics", i, o.ID)
		source(p, o.Sourced)
		positive(p, "ports", float64(o.Ports), "ports (links one unit serves)")
		nonNegative(p, "power", float64(o.Power), "power")
		nonNegative(p, "price", float64(o.Price), "price")
	}
	for i := range c.Fabrics {
		f := &c.Fabrics[i]
		p := at("fabrics", i)
		note("fabric", "fabrics", i, f.ID)
		source(p, f.Sourced)
		positive(p, "planes", float64(f.Planes), "planes")
		positive(p, "switches_per_rack", float64(f.SwitchesPerRack), "switches_per_rack")
	}
	for i := range c.Storage {
		s := &c.Storage[i]
		p := at("storage", i)
		note("storage", "storage", i, s.ID)
		source(p, s.Sourced)
		nonNegative(p, "capacity_per_gpu", float64(s.PerGPU), "capacity_per_gpu")
		nonNegative(p, "power_per_pb", float64(s.PowerPerPB), "power_per_pb")
		nonNegative(p, "price_per_pb", float64(s.PricePerPB), "price_per_pb")
		positive(p, "pb_per_rack", s.PBPerRack, "pb_per_rack")
	}
	return ds
}

// CheckReferences verifies that every ID an entry names exists, reporting at
// the entry that names it.
func (l *Loaded) CheckReferences() strictyaml.Diagnostics {
	var ds strictyaml.Diagnostics
	c := l.Catalog
	ids := c.IDs()
	ref := func(kind, id, field, wantKind, target string) {
		if target == "" {
			ds = append(ds, l.errorAt(kind, id, field, "%s is required: the id of a %s", field, wantKind))
			return
		}
		if got, ok := ids[target]; !ok || got != wantKind {
			ds = append(ds, l.errorAt(kind, id, field, "unknown %s %q%s", wantKind, target, suggestID(target, c, wantKind)))
		}
	}
	for _, s := range c.Systems {
		ref("system", s.ID, "accelerator", "accelerator", s.Accelerator)
		ref("system", s.ID, "fabric", "fabric", s.Fabric)
		if s.NodeOptic != "" {
			ref("system", s.ID, "node_optic", "optic", s.NodeOptic)
		}
	}
	for _, r := range c.RackConfigs {
		ref("rack config", r.ID, "system", "system", r.System)
		ref("rack config", r.ID, "enclosure", "part", r.Enclosure)
		for _, pc := range r.Power {
			ref("rack config", r.ID, "power", "part", pc.Part)
		}
		for _, pc := range r.CoolingParts {
			ref("rack config", r.ID, "cooling_parts", "part", pc.Part)
		}
		if sys, ok := c.System(r.System); ok && sys.RackUnits > 0 && r.Systems*sys.RackUnits > 48 {
			ds = append(ds, l.errorAt("rack config", r.ID, "systems", "%d x %dU systems do not fit in a 48U rack", r.Systems, sys.RackUnits))
		}
		if sys, ok := c.System(r.System); ok && sys.LiquidFraction > 0 && r.Cooling == Air {
			ds = append(ds, l.errorAt("rack config", r.ID, "cooling", "system %s sends %.0f%% of its heat to liquid and cannot be air-cooled", sys.ID, sys.LiquidFraction*100))
		}
	}
	for _, f := range c.Fabrics {
		ref("fabric", f.ID, "switch", "switch", f.Switch)
		ref("fabric", f.ID, "node_optic", "optic", f.NodeOptic)
		ref("fabric", f.ID, "switch_optic", "optic", f.SwitchOptic)
	}
	return ds
}

func (l *Loaded) errorAt(kind, id, field, format string, args ...any) strictyaml.Diagnostic {
	o, ok := l.Origin(kind, id)
	if !ok || o.Doc == nil {
		return strictyaml.Diagnostic{Path: kind + " " + id, Message: fmt.Sprintf(format, args...)}
	}
	return o.Doc.Errorf(strictyaml.JoinField(o.Path, field), format, args...)
}

// suggestID returns a did-you-mean suffix for an unknown ID of a kind: an ID
// that starts with the unknown one ("h100" for "h100-sxm") first, else the
// closest by edit distance if it is close enough.
func suggestID(id string, c *Catalog, kind string) string {
	var cands []string
	for cand, k := range c.IDs() {
		if k == kind {
			cands = append(cands, cand)
		}
	}
	sort.Strings(cands)
	if id != "" {
		for _, cand := range cands {
			if strings.HasPrefix(cand, id) {
				return fmt.Sprintf("; did you mean %q?", cand)
			}
		}
	}
	best, bestD := "", 1<<30
	for _, cand := range cands {
		if d := levenshtein(id, cand); d < bestD {
			best, bestD = cand, d
		}
	}
	if best != "" && bestD <= max(2, len(id)/3) {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}

// SuggestID returns a did-you-mean suffix for an unknown ID of a kind.
func (c *Catalog) SuggestID(id, kind string) string { return suggestID(id, c, kind) }

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func validID(id string) bool {
	if id == "" || id[0] == '-' || id[len(id)-1] == '-' {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}
