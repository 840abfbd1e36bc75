package solver

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Instance is a flat, integer-scaled capacity-planning MILP (see doc.go for
// the equations).
type Instance struct {
	Name      string
	Phases    int
	Resources []string // names, for messages, e.g. "power_w"
	Classes   []string // demand classes, e.g. "gpus:gb200", "tflops:fp8"
	Sites     []Site
	Options   []Option
	Demands   []Demand
	Budgets   []Budget
	Clusters  []Cluster
}

// Site holds the capacity of one site: Cap[phase][resource]; a negative
// value means unlimited.
type Site struct {
	Name string
	Cap  [][]int64
}

// Option is "a rack of one configuration at one site".
type Option struct {
	Name    string
	Site    int
	Use     []int64 // [resource] per rack, >= 0
	Contrib []int64 // [class] per rack, >= 0
	Cost    []int64 // [phase] objective coefficient of a rack first installed in that phase
	Capex   []int64 // [phase] >= 0, for budget rows (may be nil when there are no budgets)
	Max     int64   // 0 = no explicit bound
	// Penalty marks a shortfall column (a unit short at a penalty cost):
	// the relative gap is measured against the cost of the other columns,
	// so a loose gap cannot trade penalised units away (see Params.RelGap).
	Penalty bool `json:",omitempty"`
}

// Demand is a coupling row: sum_o Contrib[o][Class]*X[o][Phase] >= Min.
type Demand struct {
	Class, Phase int
	Min          int64
}

// Budget is a coupling row: sum_o Capex[o][Phase]*(X[o][Phase]-X[o][Phase-1]) <= Max.
type Budget struct {
	Phase int
	Max   int64
}

// Cluster needs Size units of Class in a single site from Phase on.
type Cluster struct {
	Name  string
	Class int
	Phase int
	Size  int64
}

// Status of a solve.
type Status int

const (
	// NoSolution: a limit was hit before any feasible plan was found.
	NoSolution Status = iota
	// Optimal: the plan is proved optimal (bound within RelGap or < 1 unit).
	Optimal
	// Feasible: a limit was hit; the plan is feasible and Gap is the proven gap.
	Feasible
	// Infeasible: proved that no plan satisfies all rows.
	Infeasible
	// Unbounded cannot happen for a validated instance; kept for completeness.
	Unbounded
)

func (s Status) String() string {
	switch s {
	case NoSolution:
		return "NoSolution"
	case Optimal:
		return "Optimal"
	case Feasible:
		return "Feasible"
	case Infeasible:
		return "Infeasible"
	case Unbounded:
		return "Unbounded"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Params control a solve.
type Params struct {
	TimeLimit time.Duration // 0 = none (the context still applies)
	// RelGap: stop when the bound is within RelGap of the incumbent,
	// relative to the incumbent's cost without Penalty columns (default
	// 1e-9).
	RelGap  float64
	Threads int // 0 = GOMAXPROCS; the answer does not depend on it
	// MaxNodes stops branch-and-bound after this many nodes (0 = no limit).
	MaxNodes int
	// Method picks the route (see doc.go); the default chooses by size.
	Method Method
}

// Method selects how Solve works.
type Method int

const (
	// Auto: dense LP branch and bound when the tableau fits, else the
	// Lagrangian decomposition.
	Auto Method = iota
	// Dense forces the dense LP branch and bound (exact; memory m*(n+m)).
	Dense
	// Decompose forces the Lagrangian decomposition (bound + plans; it
	// proves optimality only when the bound meets the plan).
	Decompose
)

// Result of a solve.
type Result struct {
	Status      Status
	X           [][]int64 // [option][phase], cumulative racks
	ClusterSite []int     // [cluster] site chosen for each cluster (when X != nil)
	Objective   int64
	Bound       float64 // proven lower bound on the objective
	Gap         float64 // relative: (Objective-Bound)/max(1,|Objective|)
	Nodes       int
	// Marginal values from the root LP relaxation (nil when the root LP was
	// not solved, see doc.go "not yet").
	SiteDual   [][][]float64 // [site][phase][resource] >= 0
	DemandDual []float64     // [demand] >= 0
	Infeasible *Infeasibility
	Elapsed    time.Duration
}

// Infeasibility explains an infeasible instance.
type Infeasibility struct {
	// Short lists demand rows that cannot be met even alone (max-coverage LP
	// relaxation of that row with every site row); Shortfall is a lower bound
	// on the missing amount.
	Short []DemandShortfall
	// Binding lists the site rows that bind in those max-coverage relaxations.
	Binding []SiteRow
	// Joint is set when every demand row can be met alone but not all rows
	// together (demand rows jointly, budgets or clusters).
	Joint string
}

// DemandShortfall is one demand row that cannot be met.
type DemandShortfall struct {
	Demand    int
	Min       int64
	MaxCover  float64 // LP upper bound on the coverage of that row
	Shortfall float64 // Min - MaxCover (> 0)
}

// SiteRow names one site row.
type SiteRow struct{ Site, Phase, Resource int }

func (in *Instance) numRes() int { return len(in.Resources) }

// Validate checks dimensions, signs and that every option is bounded.
func (in *Instance) Validate() error {
	var errs []string
	add := func(f string, a ...any) { errs = append(errs, fmt.Sprintf(f, a...)) }
	if in == nil {
		return errors.New("solver: nil instance")
	}
	Q, R, C := in.Phases, len(in.Resources), len(in.Classes)
	if Q < 1 {
		add("Phases = %d, want >= 1", Q)
		return fmt.Errorf("solver: invalid instance %q: %s", in.Name, strings.Join(errs, "; "))
	}
	for s, st := range in.Sites {
		if len(st.Cap) != Q {
			add("site %d (%s): %d capacity phases, want %d", s, st.Name, len(st.Cap), Q)
			continue
		}
		for q, row := range st.Cap {
			if len(row) != R {
				add("site %d (%s) phase %d: %d resources, want %d", s, st.Name, q, len(row), R)
			}
		}
	}
	for o, op := range in.Options {
		if op.Site < 0 || op.Site >= len(in.Sites) {
			add("option %d (%s): site %d out of range", o, op.Name, op.Site)
		}
		if len(op.Use) != R {
			add("option %d (%s): %d uses, want %d", o, op.Name, len(op.Use), R)
		}
		for r, u := range op.Use {
			if u < 0 {
				add("option %d (%s): negative use of resource %d", o, op.Name, r)
			}
		}
		if len(op.Contrib) != C {
			add("option %d (%s): %d contributions, want %d", o, op.Name, len(op.Contrib), C)
		}
		for k, v := range op.Contrib {
			if v < 0 {
				add("option %d (%s): negative contribution to class %d", o, op.Name, k)
			}
		}
		if len(op.Cost) != Q {
			add("option %d (%s): %d costs, want %d", o, op.Name, len(op.Cost), Q)
		}
		if op.Capex != nil || len(in.Budgets) > 0 {
			if len(op.Capex) != Q {
				add("option %d (%s): %d capex values, want %d", o, op.Name, len(op.Capex), Q)
			}
			for q, v := range op.Capex {
				if v < 0 {
					add("option %d (%s): negative capex in phase %d", o, op.Name, q)
				}
			}
		}
		if op.Max < 0 {
			add("option %d (%s): negative Max", o, op.Name)
		}
	}
	for i, d := range in.Demands {
		if d.Class < 0 || d.Class >= C || d.Phase < 0 || d.Phase >= Q {
			add("demand %d: class %d / phase %d out of range", i, d.Class, d.Phase)
		}
	}
	for i, b := range in.Budgets {
		if b.Phase < 0 || b.Phase >= Q {
			add("budget %d: phase %d out of range", i, b.Phase)
		}
	}
	for i, c := range in.Clusters {
		if c.Class < 0 || c.Class >= C || c.Phase < 0 || c.Phase >= Q {
			add("cluster %d (%s): class %d / phase %d out of range", i, c.Name, c.Class, c.Phase)
		}
		if c.Size <= 0 {
			add("cluster %d (%s): size %d, want > 0", i, c.Name, c.Size)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("solver: invalid instance %q: %s", in.Name, strings.Join(errs, "; "))
	}
	ub := in.upperBounds()
	for o, op := range in.Options {
		if ub[o][Q-1] < 0 {
			add("option %d (%s) is unbounded: no site row with positive use and no Max", o, op.Name)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("solver: invalid instance %q: %s", in.Name, strings.Join(errs, "; "))
	}
	// Overflow guard: every row activity and the objective must fit in int64
	// with a wide margin (and in float64 without loss up to ~2^62).
	const lim = 4e18
	siteAct := make([][][]float64, len(in.Sites))
	for s := range siteAct {
		siteAct[s] = make([][]float64, Q)
		for q := range siteAct[s] {
			siteAct[s][q] = make([]float64, R)
		}
	}
	clsAct := make([][]float64, C)
	for k := range clsAct {
		clsAct[k] = make([]float64, Q)
	}
	// |objective| <= sum_o max_q |Cost[o][q]| * ub[o][Q-1] (the increments
	// of a column sum to its last count), with a factor 2 of margin for
	// differences of two objectives.
	obj := 0.0
	capx := make([]float64, Q)
	for o, op := range in.Options {
		mc := 0.0
		for _, c := range op.Cost {
			mc = math.Max(mc, math.Abs(float64(c)))
		}
		obj += mc * float64(ub[o][Q-1]) * 2
		for q := 0; q < Q; q++ {
			u := float64(ub[o][q])
			for r, v := range op.Use {
				siteAct[op.Site][q][r] += float64(v) * u
			}
			for k, v := range op.Contrib {
				clsAct[k][q] += float64(v) * u
			}
			if op.Capex != nil {
				capx[q] += float64(op.Capex[q]) * u
			}
		}
	}
	var over []string
	if obj > lim {
		over = append(over, fmt.Sprintf("objective (up to %.3g)", obj))
	}
	for q, a := range capx {
		if a > lim {
			over = append(over, fmt.Sprintf("capex at phase %d (up to %.3g)", q, a))
		}
	}
	for k, act := range clsAct {
		for q, a := range act {
			if a > lim {
				over = append(over, fmt.Sprintf("class %s at phase %d (up to %.3g)", in.Classes[k], q, a))
			}
		}
	}
	for st, act := range siteAct {
		for q, p := range act {
			for r, a := range p {
				if a > lim {
					over = append(over, fmt.Sprintf("site %s %s at phase %d (up to %.3g)", in.Sites[st].Name, in.Resources[r], q, a))
				}
			}
		}
	}
	if len(over) > 0 {
		if len(over) > 3 {
			over = append(over[:3], fmt.Sprintf("%d more", len(over)-3))
		}
		return fmt.Errorf("solver: invalid instance %q: coefficients x bounds may overflow int64 (limit %.0e): %s", in.Name, lim, strings.Join(over, "; "))
	}
	return nil
}

// upperBounds returns ub[o][q], the implied integer upper bound of X[o][q]
// (min over later phases of the site rows and Max); -1 when unbounded.
func (in *Instance) upperBounds() [][]int64 {
	Q := in.Phases
	ub := make([][]int64, len(in.Options))
	for o, op := range in.Options {
		ub[o] = make([]int64, Q)
		suffix := int64(-1)
		if op.Max > 0 {
			suffix = op.Max
		}
		for q := Q - 1; q >= 0; q-- {
			if op.Site >= 0 && op.Site < len(in.Sites) {
				caps := in.Sites[op.Site].Cap[q]
				for r, u := range op.Use {
					if u > 0 && caps[r] >= 0 {
						b := caps[r] / u
						if suffix < 0 || b < suffix {
							suffix = b
						}
					}
				}
			}
			ub[o][q] = suffix
		}
	}
	return ub
}
