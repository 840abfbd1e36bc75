package main

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dcplan/dcplan/hardware"
	"github.com/dcplan/dcplan/internal/textable"
	"github.com/dcplan/dcplan/planner"
)

type catalogOptions struct {
	format, scenario, kind string
}

func newCatalogCmd(streams *IO) *cobra.Command {
	o := &catalogOptions{}
	cmd := &cobra.Command{
		Use:   "catalog",
		Short: "List and show the hardware catalog, with sources",
		Example: `  dcplan catalog list
  dcplan catalog list --kind system
  dcplan catalog show gb200-nvl72
  dcplan catalog show h100-sxm --format json
  dcplan catalog show my-gpu --scenario scenario.yaml`,
		Args: checkArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.PersistentFlags().StringVar(&o.format, "format", "table", "output format: table or json")
	cmd.PersistentFlags().StringVar(&o.scenario, "scenario", "", "include the catalog overrides of this scenario file")
	list := &cobra.Command{
		Use:   "list",
		Short: "List catalog entries",
		Example: `  dcplan catalog list
  dcplan catalog list --kind accelerator --format json`,
		Args: checkArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error { return runCatalogList(streams, o) },
	}
	list.Flags().StringVar(&o.kind, "kind", "", "only this kind: accelerator, system, rack-config, part, switch, optic, fabric, storage")
	show := &cobra.Command{
		Use:   "show ID",
		Short: "Show one catalog entry with every figure and its source",
		Example: `  dcplan catalog show dgx-h100
  dcplan catalog show qm9700 --format json`,
		Args: checkArgs(cobra.ExactArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error { return runCatalogShow(streams, o, args[0]) },
	}
	cmd.AddCommand(list, show)
	return cmd
}

// catalogEntry is one entry with its kind, for listing.
type catalogEntry struct {
	Kind  string
	ID    string
	Name  string
	Value any
	src   hardware.Sourced
}

func entries(c *hardware.Catalog) []catalogEntry {
	var out []catalogEntry
	for i := range c.Accelerators {
		a := &c.Accelerators[i]
		out = append(out, catalogEntry{"accelerator", a.ID, a.Name, a, a.Sourced})
	}
	for i := range c.Systems {
		s := &c.Systems[i]
		out = append(out, catalogEntry{"system", s.ID, s.Name, s, s.Sourced})
	}
	for i := range c.RackConfigs {
		r := &c.RackConfigs[i]
		out = append(out, catalogEntry{"rack-config", r.ID, r.Name, r, r.Sourced})
	}
	for i := range c.Parts {
		p := &c.Parts[i]
		out = append(out, catalogEntry{"part", p.ID, p.Name, p, p.Sourced})
	}
	for i := range c.Switches {
		s := &c.Switches[i]
		out = append(out, catalogEntry{"switch", s.ID, s.Name, s, s.Sourced})
	}
	for i := range c.Optics {
		o := &c.Optics[i]
		out = append(out, catalogEntry{"optic", o.ID, o.Name, o, o.Sourced})
	}
	for i := range c.Fabrics {
		f := &c.Fabrics[i]
		out = append(out, catalogEntry{"fabric", f.ID, f.Name, f, f.Sourced})
	}
	for i := range c.Storage {
		s := &c.Storage[i]
		out = append(out, catalogEntry{"storage", s.ID, s.Name, s, s.Sourced})
	}
	return out
}

func loadCatalog(o *catalogOptions) (*hardware.Catalog, error) {
	if o.scenario != "" {
		sc, err := planner.LoadFile(o.scenario)
		if err != nil {
			return nil, err
		}
		return sc.Hardware.Catalog, nil
	}
	l, err := planner.DefaultCatalog()
	if err != nil {
		return nil, err
	}
	return l.Catalog, nil
}

func runCatalogList(streams *IO, o *catalogOptions) error {
	if err := checkFormat(o.format, "table", "json"); err != nil {
		return err
	}
	kinds := []string{"accelerator", "system", "rack-config", "part", "switch", "optic", "fabric", "storage"}
	if o.kind != "" && !contains(kinds, o.kind) {
		return usagef("unknown --kind %q: expected one of %s", o.kind, strings.Join(kinds, ", "))
	}
	cat, err := loadCatalog(o)
	if err != nil {
		return err
	}
	var list []catalogEntry
	for _, e := range entries(cat) {
		if o.kind == "" || e.Kind == o.kind {
			list = append(list, e)
		}
	}
	if o.format == "json" {
		type item struct {
			Kind   string `json:"kind"`
			ID     string `json:"id"`
			Name   string `json:"name"`
			Source string `json:"source"`
		}
		items := make([]item, 0, len(list))
		for _, e := range list {
			items = append(items, item{e.Kind, e.ID, e.Name, e.src.Source})
		}
		return writeJSON(streams.Out, items)
	}
	t := textable.Table{Header: []string{"kind", "id", "name", "estimates"}}
	for _, e := range list {
		t.Rows = append(t.Rows, []string{e.Kind, e.ID, e.Name, strings.Join(e.src.Estimates, ", ")})
	}
	return textable.Render(streams.Out, t, streams.Boxed)
}

func runCatalogShow(streams *IO, o *catalogOptions, id string) error {
	if err := checkFormat(o.format, "table", "json"); err != nil {
		return err
	}
	cat, err := loadCatalog(o)
	if err != nil {
		return err
	}
	for _, e := range entries(cat) {
		if e.ID != id {
			continue
		}
		if o.format == "json" {
			return writeJSON(streams.Out, map[string]any{"kind": e.Kind, "entry": e.Value})
		}
		t := textable.Table{Title: fmt.Sprintf("%s %s: %s", e.Kind, e.ID, e.Name), Header: []string{"field", "value", "figure"}}
		for _, f := range fields(e.Value) {
			src := "published (see source)"
			if e.src.IsEstimate(f.name) {
				src = "estimate (see notes)"
			}
			if f.name == "id" || f.name == "name" {
				src = ""
			}
			t.Rows = append(t.Rows, []string{f.name, f.value, src})
		}
		t.Rows = append(t.Rows, []string{"source", e.src.Source, ""})
		if e.src.Notes != "" {
			t.Rows = append(t.Rows, []string{"notes", e.src.Notes, ""})
		}
		return textable.Render(streams.Out, t, streams.Boxed)
	}
	best := ""
	for _, kind := range []string{"accelerator", "system", "rack config", "part", "switch", "optic", "fabric", "storage"} {
		if s := cat.SuggestID(id, kind); s != "" {
			best = s
			break
		}
	}
	return fmt.Errorf("%w: no catalog entry %q%s; 'dcplan catalog list' shows them all", planner.ErrBadRequest, id, best)
}

type field struct{ name, value string }

// fields lists a catalog entry's fields by their YAML names, formatting
// quantities with their units; the embedded Sourced is left to the caller.
func fields(v any) []field {
	rv := reflect.Indirect(reflect.ValueOf(v))
	rt := rv.Type()
	var out []field
	for i := 0; i < rt.NumField(); i++ {
		sf := rt.Field(i)
		if sf.Anonymous {
			continue
		}
		name := strings.Split(sf.Tag.Get("yaml"), ",")[0]
		if name == "" || name == "-" {
			continue
		}
		fv := rv.Field(i)
		if fv.IsZero() && strings.Contains(sf.Tag.Get("yaml"), "omitempty") {
			continue
		}
		out = append(out, field{name, formatValue(fv)})
	}
	return out
}

func formatValue(v reflect.Value) string {
	if s, ok := v.Interface().(fmt.Stringer); ok {
		return s.String()
	}
	switch v.Kind() {
	case reflect.Slice:
		parts := make([]string, v.Len())
		for i := range parts {
			e := v.Index(i)
			if pc, ok := e.Interface().(hardware.PartCount); ok {
				parts[i] = fmt.Sprintf("%g x %s", pc.Count, pc.Part)
				continue
			}
			parts[i] = formatValue(e)
		}
		return strings.Join(parts, ", ")
	case reflect.Float64:
		return fmt.Sprintf("%g", v.Float())
	}
	return fmt.Sprint(v.Interface())
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
