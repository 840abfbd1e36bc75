package planner

// Plan is a solved scenario: what goes where and when, what it costs, and why
// it stops where it stops. It is a plain value; views render it. Every money
// figure is in US dollars, power in MW at the policy's power basis.
type Plan struct {
	Scenario      string    `json:"scenario"`
	Status        string    `json:"status"` // optimal, feasible, infeasible, no-solution
	ObjectiveKind Objective `json:"objective_kind"`
	// Objective is in ObjectiveUnit: present-value USD (min-tco), tonnes CO2e
	// to the horizon (min-carbon) or FP8 dense PFLOPS (max-compute). With ROFR
	// stages it is the sum over stages.
	Objective     float64 `json:"objective"`
	ObjectiveUnit string  `json:"objective_unit"`
	Bound         float64 `json:"bound"`
	Gap           float64 `json:"gap"`
	PowerBasis    string  `json:"power_basis"`
	Horizon       string  `json:"horizon"`
	DiscountRate  float64 `json:"discount_rate"`

	Totals     Totals         `json:"totals"`
	Phases     []PhasePlan    `json:"phases"`
	Sites      []SitePlan     `json:"sites"`
	Providers  []ProviderPlan `json:"providers"`
	Allocation []Allocation   `json:"allocation"`
	Clusters   []ClusterPlan  `json:"clusters,omitempty"`
	Shortfalls []Shortfall    `json:"shortfalls,omitempty"`
	// Filtered lists the rack configurations left out at a site, and why
	// (cooling type not offered, denser than the site allows, too heavy).
	Filtered    []Filtered    `json:"filtered"`
	Explanation []string      `json:"explanation"`
	Stages      []StageResult `json:"stages"`

	// Models are the MILPs the stages solved, in stage order (for export).
	Models []*Model `json:"-"`
}

// Totals are the plan's figures at the last phase (capex and TCO over all
// phases).
type Totals struct {
	GPUs             int     `json:"gpus"`
	Racks            int     `json:"racks"`
	ITPowerMW        float64 `json:"it_power_mw"`
	FacilityPowerMW  float64 `json:"facility_power_mw"`
	CapexUSD         float64 `json:"capex_usd"`
	OpexUSDPerYear   float64 `json:"opex_usd_per_year"`
	TCOUSD           float64 `json:"tco_usd"`
	EnergyMWhPerYear float64 `json:"energy_mwh_per_year"`
	CO2TonnesPerYear float64 `json:"co2_tonnes_per_year"`
	WaterM3PerYear   float64 `json:"water_m3_per_year"`
	FP8PFLOPS        float64 `json:"fp8_pflops"`
}

// PhasePlan sums the plan at one phase.
type PhasePlan struct {
	ID              string         `json:"id"`
	Date            string         `json:"date"`
	GPUs            int            `json:"gpus"`
	Racks           int            `json:"racks"`
	NewRacks        int            `json:"new_racks"`
	ITPowerMW       float64        `json:"it_power_mw"`
	FacilityPowerMW float64        `json:"facility_power_mw"`
	CapexUSD        float64        `json:"capex_usd"` // spent in this phase
	BudgetUSD       float64        `json:"budget_usd,omitempty"`
	OpexUSDPerYear  float64        `json:"opex_usd_per_year"` // run rate once in place
	Demand          []DemandStatus `json:"demand"`
}

// DemandStatus is one demand row against what the plan places.
type DemandStatus struct {
	Row      int     `json:"row"`
	What     string  `json:"what"`
	Required float64 `json:"required"`
	Placed   float64 `json:"placed"`
	Short    float64 `json:"short"`
	Unit     string  `json:"unit"`
}

// SitePlan is one site's use of its limits, phase by phase.
type SitePlan struct {
	ID       string          `json:"id"`
	Provider string          `json:"provider"`
	Phases   []SitePhasePlan `json:"phases"`
}

// SitePhasePlan is a site at one phase.
type SitePhasePlan struct {
	Phase     string        `json:"phase"`
	Racks     int           `json:"racks"`
	GPUs      int           `json:"gpus"`
	Resources []ResourceUse `json:"resources"`
	// Binding names the limits that are full: less than one rack of the
	// site's smallest option still fits, or BindingUtilisation is reached.
	Binding []string `json:"binding"`
	// Marginal values, in objective units (USD for min-tco), of one more unit
	// of each limit at this site and phase, from the LP relaxation of the
	// stage that placed the site (its root LP on the solver's dense route;
	// on the large route, the site LPs' duals at the column generation's
	// multipliers). ValuesKnown is false when the solver reported none (the
	// large route with clusters, or before its column generation converged),
	// and for the sites of a stage that left demand short
	// (a ranked provider declining what its sites cannot host, or demand
	// that cannot be met): there the LP prices a unit short at the shortfall
	// penalty (see Model.Slacks), so its duals would measure the penalty.
	ValuesKnown      bool    `json:"values_known"`
	ValuePerMW       float64 `json:"value_per_mw"`
	ValuePerPosition float64 `json:"value_per_rack_position"`
	ValuePerLiquidKW float64 `json:"value_per_liquid_kw"`
	ValuePerAirKW    float64 `json:"value_per_air_kw"`
}

// ResourceUse is one limit at a site and phase.
type ResourceUse struct {
	Name        string  `json:"name"`
	Unit        string  `json:"unit"`
	Used        float64 `json:"used"`
	Capacity    float64 `json:"capacity"`
	Utilisation float64 `json:"utilisation"`
}

// ProviderPlan is a provider's part in the right-of-first-refusal order.
type ProviderPlan struct {
	ID   string `json:"id"`
	ROFR int    `json:"rofr"`
	// Stage names the offer it took part in: alone (a ROFR holder), or
	// jointly with the other providers without a right.
	Stage  string              `json:"stage"`
	Phases []ProviderPhasePlan `json:"phases"`
}

// ProviderPhasePlan is a provider at one phase: per demand row what its stage
// was offered, what the provider took and what the stage declined.
type ProviderPhasePlan struct {
	Phase string `json:"phase"`
	GPUs  int    `json:"gpus"` // in place at its sites
	// Offered, Took and Declined sum the demand rows below (GPUs, and TFLOPS
	// for a PFLOPS demand); Limit joins their limits.
	Offered  float64          `json:"offered"`
	Took     float64          `json:"took"`
	Declined float64          `json:"declined"`
	Limit    string           `json:"limit,omitempty"`
	Demand   []ProviderDemand `json:"demand"`
}

// ProviderDemand is one demand row as offered to a provider's stage. Took is
// what this provider's racks place toward the row; Declined is what the
// stage as a whole left for later stages, and Limit why.
type ProviderDemand struct {
	Row      int     `json:"row"`
	What     string  `json:"what"`
	Unit     string  `json:"unit"`
	Offered  float64 `json:"offered"`
	Took     float64 `json:"took"`
	Declined float64 `json:"declined"`
	Limit    string  `json:"limit,omitempty"`
}

// Allocation is racks of one option at one site by one phase.
type Allocation struct {
	Site       string  `json:"site"`
	Provider   string  `json:"provider"`
	RackConfig string  `json:"rack_config"`
	Phase      string  `json:"phase"`
	Racks      int     `json:"racks"` // cumulative, in place by the phase
	New        int     `json:"new"`   // installed in this phase
	GPUs       int     `json:"gpus"`
	ITPowerMW  float64 `json:"it_power_mw"`
	CapexUSD   float64 `json:"capex_usd"` // of the new racks
}

// ClusterPlan is where a cluster sits.
type ClusterPlan struct {
	ID    string `json:"id"`
	Phase string `json:"phase"`
	GPUs  int    `json:"gpus"`
	Site  string `json:"site"`
}

// Shortfall is demand the plan cannot meet, explained.
type Shortfall struct {
	Phase string  `json:"phase"`
	What  string  `json:"what"`
	Short float64 `json:"short"`
	Unit  string  `json:"unit"`
	// Relax lists the smallest set of limits found whose relaxation closes
	// the gap, each with how much more is needed.
	Relax []string `json:"relax"`
}

// StageResult is one solve: the whole scenario, or one ROFR stage.
type StageResult struct {
	Name      string  `json:"name"`
	Status    string  `json:"status"`
	Objective float64 `json:"objective"`
	Bound     float64 `json:"bound"`
	// Gap is the solver's: (objective - bound) relative to the stage's
	// objective without shortfall penalties, at least one unit of the
	// integer model (a stage that places nothing can show a large Gap on a
	// bound a fraction of a unit below 0, and be proved).
	Gap     float64 `json:"gap"`
	Nodes   int     `json:"nodes"`
	Options int     `json:"options"`
}
