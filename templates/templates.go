// Package templates embeds dcplan's defaults: the hardware catalog, the
// default scenario that `dcplan plan` solves with no file, and the commented
// example that `dcplan init` writes.
package templates

import _ "embed"

// CatalogFile is the name the embedded catalog is reported under in messages.
const CatalogFile = "templates/catalog.yaml"

// Catalog is the default hardware catalog (YAML).
//
//go:embed catalog.yaml
var Catalog []byte

// ScenarioFile is the name the embedded default scenario is reported under.
const ScenarioFile = "templates/default-scenario.yaml"

// Scenario is the default national-scale scenario (YAML).
//
//go:embed default-scenario.yaml
var Scenario []byte

// ExampleFile is the name of the commented example written by `dcplan init`.
const ExampleFile = "scenario.yaml"

// Example is a small commented scenario to start from (YAML).
//
//go:embed example-scenario.yaml
var Example []byte
