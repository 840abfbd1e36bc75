package planner

import (
	"github.com/dcplan/dcplan/facilities"
	"github.com/dcplan/dcplan/hardware"
	"github.com/dcplan/dcplan/units"
)

// Scenario is everything a plan is made from: providers and their sites, the
// hardware catalog, the phases of the build, the demand and the policy.
type Scenario struct {
	Name        string `yaml:"name" json:"name"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Catalog overrides or extends entries of the default catalog (same id
	// replaces, a new id adds).
	Catalog   *hardware.Catalog `yaml:"catalog,omitempty" json:"-"`
	Providers []Provider        `yaml:"providers" json:"providers"`
	Sites     []facilities.Site `yaml:"sites" json:"sites"`
	Phases    []Phase           `yaml:"phases" json:"phases"`
	Demand    []Demand          `yaml:"demand" json:"demand"`
	Clusters  []Cluster         `yaml:"clusters,omitempty" json:"clusters,omitempty"`
	Policy    Policy            `yaml:"policy" json:"policy"`

	// Resolved after loading: the merged catalog and where things came from.
	Hardware *hardware.Loaded `yaml:"-" json:"-"`
	File     string           `yaml:"-" json:"-"`
}

// Provider is a cloud provider or owner of sites.
type Provider struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
	// ROFR is the provider's right-of-first-refusal rank: 1 is offered new
	// capacity first, then 2, and so on; 0 means no right (offered last).
	ROFR int `yaml:"rofr" json:"rofr"`
	// MatchWithin, in percent, lets a ROFR holder take capacity only where its
	// cost is within that much of the best alternative (0: takes all it can).
	MatchWithin float64 `yaml:"match_within,omitempty" json:"match_within,omitempty"`
}

// Phase is one step of the build, ending on its date.
type Phase struct {
	ID   string          `yaml:"id" json:"id"`
	Date facilities.Date `yaml:"date" json:"date"`
	// Budget caps the capex spent in this phase (0: no cap).
	Budget units.Money `yaml:"budget,omitempty" json:"budget_usd,omitempty"`
}

// Demand is capacity wanted in place by a phase: GPUs (of one accelerator,
// or of a family), or PFLOPS at a precision.
type Demand struct {
	Phase string `yaml:"phase" json:"phase"`
	GPUs  int    `yaml:"gpus,omitempty" json:"gpus,omitempty"`
	// PFLOPS of dense throughput at Precision ("fp8" or "bf16").
	PFLOPS    float64 `yaml:"pflops,omitempty" json:"pflops,omitempty"`
	Precision string  `yaml:"precision,omitempty" json:"precision,omitempty"`
	// Accelerator or Family restricts which hardware counts (neither: any).
	Accelerator string `yaml:"accelerator,omitempty" json:"accelerator,omitempty"`
	Family      string `yaml:"family,omitempty" json:"family,omitempty"`
}

// Cluster is a block of GPUs that must sit whole in one site from its phase on.
type Cluster struct {
	ID          string `yaml:"id" json:"id"`
	Phase       string `yaml:"phase" json:"phase"`
	GPUs        int    `yaml:"gpus" json:"gpus"`
	Accelerator string `yaml:"accelerator,omitempty" json:"accelerator,omitempty"`
	Family      string `yaml:"family,omitempty" json:"family,omitempty"`
}

// Objective is what the solver optimises.
type Objective string

// Objectives.
const (
	MinTCO     Objective = "min-tco"
	MaxCompute Objective = "max-compute"
	MinCarbon  Objective = "min-carbon"
)

// Valid reports whether o is a known objective.
func (o Objective) Valid() bool { return o == MinTCO || o == MaxCompute || o == MinCarbon }

// Policy sets how the plan is judged and costed.
type Policy struct {
	Objective Objective `yaml:"objective" json:"objective"`
	// Horizon is the date opex is counted to (TCO and carbon run to it).
	Horizon facilities.Date `yaml:"horizon" json:"horizon"`
	// DiscountRate is the annual rate used to discount future cash flows
	// (0.08 for 8%).
	DiscountRate float64             `yaml:"discount_rate" json:"discount_rate"`
	PowerBasis   hardware.PowerBasis `yaml:"power_basis" json:"power_basis"`
	// LoadFactor is the average draw as a share of the power basis, for
	// energy, opex, carbon and water (1: the basis all year).
	LoadFactor float64 `yaml:"load_factor,omitempty" json:"load_factor,omitempty"`
	// RackConfigs limits the rack configurations considered (empty: all).
	RackConfigs []string `yaml:"rack_configs,omitempty" json:"rack_configs,omitempty"`
	// Storage is the storage tier sized per GPU (default "ai-flash"; "none"
	// to leave storage out).
	Storage string `yaml:"storage,omitempty" json:"storage,omitempty"`
	// FabricScale is the cluster size, in GPUs, whose fabric each rack pays
	// its per-GPU share of (default: the largest phase demand).
	FabricScale int `yaml:"fabric_scale,omitempty" json:"fabric_scale,omitempty"`
}
