package planner

import (
	"sync"

	"github.com/dcplan/dcplan/hardware"
	"github.com/dcplan/dcplan/internal/strictyaml"
	"github.com/dcplan/dcplan/templates"
)

var (
	defaultOnce sync.Once
	defaultCat  *hardware.Loaded
	defaultErr  error
)

// DefaultCatalog returns the embedded hardware catalog. It is parsed once;
// each call returns a copy the caller may extend.
func DefaultCatalog() (*hardware.Loaded, error) {
	defaultOnce.Do(func() {
		l, diags := hardware.LoadCatalog(templates.CatalogFile, templates.Catalog)
		diags = append(diags, l.CheckReferences()...)
		if len(diags) > 0 {
			defaultErr = strictyaml.Diagnostics(diags).Err()
			return
		}
		defaultCat = l
	})
	if defaultErr != nil {
		return nil, defaultErr
	}
	return defaultCat.Clone(), nil
}
