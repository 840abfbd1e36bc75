// Package solver is an exact MILP solver for dcplan's block-angular capacity
// model, in pure Go.
//
// # The model
//
// Sites s, options o (each option belongs to one site, site(o)), phases
// q = 0..Q-1, resources r, demand classes k. Integer variables
//
//	X[o,q] >= 0   racks of option o installed by phase q (cumulative)
//	X[o,q] >= X[o,q-1],  X[o,-1] = 0
//
// Site rows, per site s, phase q, resource r with Cap[s][q][r] >= 0
// (a negative capacity means unlimited and has no row):
//
//	sum_{o: site(o)=s} Use[o][r] * X[o,q] <= Cap[s][q][r]
//
// Demand rows (coupling), each d = (class k, phase p, Min):
//
//	sum_o Contrib[o][k] * X[o,p] >= Min
//
// Budget rows (coupling), each b = (phase p, Max):
//
//	sum_o Capex[o][p] * (X[o,p] - X[o,p-1]) <= Max
//
// Upper bounds: X[o,q] <= Max_o when Max_o > 0. Validate rejects an option
// that no site row (at the last phase) and no Max bounds. The implied bound
//
//	ub[o,q] = min( Max_o, min_{q' >= q} min_{r: Use[o][r] > 0, Cap >= 0} floor(Cap[site(o)][q'][r] / Use[o][r]) )
//
// is written as an explicit bound on every column (MPS) and used everywhere.
//
// Clusters (coupling): cluster c = (class k_c, phase p_c, size G_c) must sit
// whole in one site from p_c on. Binaries y[c,s] with
//
//	sum_s y[c,s] = 1                                            for every c
//	sum_{o: site(o)=s} Contrib[o][k] X[o,q] >= sum_{c: k_c = k, p_c <= q} G_c y[c,s]
//	                                                            for every s, k, q
//
// Objective (an integer, in the caller's unit: cents, grams, -TFLOPS):
//
//	minimize sum_o sum_q Cost[o][q] * (X[o,q] - X[o,q-1])
//
// Use, Contrib and Capex must be >= 0 (Validate). Validate also rejects
// instances whose row activities could overflow int64.
//
// Optimal means proved: the best bound is within Params.RelGap (default
// 1e-9) relative of the incumbent, or less than one unit below it (the
// objective is an integer).
//
// WriteMPS writes exactly this model (columns X_o_q and Y_c_s, every one
// integer with an explicit UP bound). Check re-verifies a plan from scratch
// in exact (big.Int) arithmetic and shares no code with the solver;
// for clusters it searches an assignment of clusters to sites.
//
// # The algorithm (as built)
//
// Solve validates, builds a greedy integer plan (per phase, add racks by
// marginal cost per unit of the missing class, using the incremental
// TryAdd/MaxAdd primitives, then drop racks no row needs), and then runs an
// LP-based branch and bound:
//
//   - LP relaxation in increment variables d[o,q] = X[o,q]-X[o,q-1] (so
//     monotonicity is a bound, not a row); redundant site rows (those that
//     cannot bind given the column bounds) are dropped; rows are scaled.
//   - LP engine: a dense-tableau bounded dual simplex (lp.go). Every column,
//     slack columns included, is boxed, so every basis is dual feasible once
//     nonbasic columns sit at the bound matching their reduced cost: the dual
//     simplex alone solves the root, re-solves after branching (bound
//     changes) and after cuts, with no phase 1. Reduced costs and basic values
//     are recomputed from B^{-1} (held in the slack columns) every 200 pivots
//     and before declaring optimality or infeasibility.
//   - Root: rounds of Gomory mixed-integer cuts from the optimal tableau
//     (slacks substituted back, tiny coefficients moved into the right-hand
//     side with their worst case, a safety margin on every cut).
//   - Reduced-cost fixing against the incumbent (global at the root, local in
//     the subtree of every node).
//   - Branching on the most fractional integer column, diving into the nearer
//     child, then best-bound node selection; rounding + greedy repair
//     heuristic at the root and every 20 nodes.
//   - Pruning uses the integrality of the objective: a node with LP bound z
//     is closed when z > incumbent - 1 (with a 1e-9 relative tolerance) or
//     when incumbent - z <= RelGap*|incumbent|.
//   - Every plan is verified with the solver's own int64 check before it
//     becomes the incumbent, and the final plan with Check (exact arithmetic);
//     a failure there is returned as an internal error, never as a result.
//
// Determinism: the search is sequential and all tie-breaks are by index, so
// the answer does not depend on Params.Threads or GOMAXPROCS.
//
// Duals: SiteDual and DemandDual are the marginal values of the root LP
// relaxation (before cuts), converted to the caller's units (objective change
// per unit of capacity / demand). Infeasible results carry an Infeasibility:
// per demand row, the max-coverage LP relaxation (every site row, Max and
// later-phase capacities; other coupling rows dropped), its shortfall and
// the site rows that bind in it; otherwise a note that the rows only fail
// jointly (demand with budgets/clusters) or that a cluster fits no site.
//
// # Not yet
//
//   - Scale. The dense tableau is only built when it has at most maxDense
//     (40M) entries: about 10 sites x 50 options x 16 phases, or 100 x 50 x 1.
//     Larger instances get the greedy plan and a weak valid bound (see
//     finishNoLP / the Lagrangian bound), i.e. status Feasible with the true,
//     large gap. The intended structure-exploiting route (Dantzig-Wolfe /
//     Lagrangian over the coupling rows with per-site pricing, a
//     multiple-choice knapsack master with a core DP, parallel per-site
//     pricing with a deterministic reduction, branching on the few
//     fractional sites) is not built yet. Targets (1000x50x16 proved in 2 s)
//     are not met.
//   - The coupling demand rows behave like integer knapsacks with large
//     coefficients; LP branch and bound closes the last integrality gap
//     slowly. Instances with more than ~20 sites are usually not proved
//     within seconds (status Feasible with the proven gap).
//   - Threads is accepted but unused (the search is sequential).
//   - Duals come from the root LP; they are not recomputed at the optimum.
//   - Infeasibility shortfalls come from LP relaxations (a lower bound on the
//     real shortfall); joint infeasibility (several demand rows, budgets,
//     clusters) is reported without a minimal certificate.
package solver
