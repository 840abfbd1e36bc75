package planner

import (
	"github.com/dcplan/dcplan/hardware"
	"github.com/dcplan/dcplan/internal/strictyaml"
	"github.com/dcplan/dcplan/templates"
)

// DefaultCatalog loads the embedded hardware catalog.
func DefaultCatalog() (*hardware.Loaded, error) {
	l, diags := hardware.LoadCatalog(templates.CatalogFile, templates.Catalog)
	diags = append(diags, l.CheckReferences()...)
	if len(diags) > 0 {
		return nil, strictyaml.Diagnostics(diags).Err()
	}
	return l, nil
}
