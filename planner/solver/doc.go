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
// Solve validates, fixes dominated options at zero (presolve.go: another
// option at the same site, with no Max of its own, uses no more of any
// resource, contributes at least as much to every class and costs and spends
// no more in every phase; a plan moves the dominated racks onto it at no
// loss; 30-45% of the options of generated instances, and the catalog's
// hgx-h200 air racks, which repeat the dgx-h100 figures at a higher price),
// builds a greedy integer plan (per phase, add racks by
// marginal cost per unit of the missing class, using the incremental
// MaxAdd/TryAdd primitives; then drop racks no row needs and a 1-for-1 swap
// local search), and then takes one of two routes. The same repair turns
// rounded LP points into plans. When no rack can be added any more (every
// site is full in some row, typically rack positions), it exchanges: at
// one site, m <= 4 racks of an option installed at a phase t0 <= q are
// replaced by n racks of a denser option from t0 on, the move with the
// least cost per unit gained first and repeated while it fits, keeping the
// demand of the phases already repaired (racks installed at t0 stay at
// every later phase, so that is the only way to change them). Shortfall
// columns are the last resort. Without the exchange, rounding the LP down
// on a generated 10-site, 20-option, 4-phase scenario (positions bind at
// every site) left 432 GPUs that only shortfall columns could cover, and
// the first plan within 1% came from the tree after minutes.
//
// Params.Method picks the route; Auto takes the dense route when its
// tableau has at most maxDense = 40M entries (about 10 sites x 50 options x
// 16 phases, or 100 x 50 x 1) and the large route otherwise.
//
// Dense route (the exact one): first the Lagrangian bound of the large route
// below; it is a global lower bound, so
// every node is pruned against max(node bound, Lagrangian bound), and it is
// often stronger than the root LP with cuts; the site Gomory cuts it found
// that bind at its last site solutions are added to the root LP (they are
// valid for the whole model). Then LP-based branch and bound; once the root
// is done, a large-neighbourhood search (below; only with at least 16 sites: on a
// generated 8-site scenario its windows of 8 sites were the whole model
// and took 0.9 s of a 1.6 s proof) improves the incumbent (two sweeps at
// most), and after 500 nodes a second one (other neighbourhoods: sites in
// index order).
//
// Budgets in effort, not time. Every part of the search has a budget in
// nodes, iterations or simplex effort (search.effort: per pivot, m^2 plus
// the columns priced; per step a two-step MIR row tries, 4 per term), never
// a share of the time left, so a solve that
// ends before its time limit takes the same tree and returns the same plan
// on any machine, with any time limit and any thread count; only the time
// limit itself stops a solve at a point that depends on the machine. The
// effort budgets (lns.go) are a neighbourhood 7.2e8 (about 0.3 s here),
// the shortfall floor's coverage search 2.4e9 (about 1 s), a site's
// integer program in integerBound 4.8e9 shared out over the sites (at
// least 4.8e7, at most 7.2e8 each), the integer ascent 1.2e10. Before,
// these parts had fractions of the time left (the floor a tenth, the
// neighbourhood searches a quarter and a third, 300 ms per window): on
// generated 5x6x3 seed 5's first ROFR stage the floor's coverage search
// (about 2,300 pivots a node) stopped wherever its time ran out, the stage
// took 2.9-15 s and 1,988 to 7,944 nodes depending on the run and the time
// limit, and two runs of dcplan plan --gap 0 on the scenario returned
// different optimal plans for it (so different totals after the next
// stage); with the budgets, 1,663 nodes and 1.8-1.9 s every time (2,570
// and 2.5 s since blandAt)
// (TestSameTreeAnyTimeLimit). On 167 dumped ROFR stages (10 s each, one
// thread, each stage run both ways in turn) the same 146 stages are proved
// in 1.003 of the time (geometric mean); on the benchmark ladder (20 s)
// the plans and bounds are the same or within the run-to-run spread of the
// time-sliced build, and 100x50x1 is proved (16.2-17.7 s).
//
//   - LP relaxation in cumulative columns X[o,q] with monotonicity rows
//     X[o,q-1] - X[o,q] <= 0 when there are several phases and those rows
//     keep the tableau within a quarter of maxDense; otherwise in increment
//     columns d[o,q] = X[o,q]-X[o,q-1] (monotonicity is then a bound, not a
//     row). Branching on a cumulative count bounds every later phase too;
//     branching on one increment left the others free, and the trees of
//     multi-phase instances exploded (3 sites x 6 options x 2 phases: 564k
//     nodes without proof in 5 s in increments; 3 nodes cumulative; GLPK
//     397). Presolve drops site rows that
//     cannot bind given the column bounds, and site rows implied by a later
//     row of the same resource with a capacity no larger (racks are
//     cumulative and uses are >= 0); columns fixed at zero carry no
//     coefficients; rows are scaled.
//   - Rounded rows: every column is integer, so a row whose coefficients
//     (over the columns not fixed at zero) share a divisor g is divided by
//     it with the right-hand side rounded down (dcplan's shortfall columns
//     count in units of that divisor, so its demand rows are divided whole);
//     a demand row whose Penalty (shortfall) columns s count in smaller
//     units gets the companion row
//     R + s >= ceil(Min/g), R the racks' cover divided by g (valid: g R + s
//     >= Min and s >= ceil(s/g) for integer s >= 0). GPUs come in 8s, so
//     without it the LP met a demand that is not a multiple of 8 exactly:
//     generated 3-site, 6-option, 3-phase scenarios (seeds 1-8) took 15 ms
//     to over 10 s to prove; with it 4-704 ms, and 7-98 ms with the
//     reliability threshold of 8 below (CBC: 0.01-0.08 s). It was
//     out for a while because the tree it changes lost the only good plan
//     of a 10x20x4 scenario; with the exchange repair that plan no longer
//     depends on the tree.
//   - Objective unit: two plans' objectives differ by a multiple of the gcd
//     of the costs of the columns that may be nonzero, so a node is pruned
//     when its bound, less a margin of 1e-12 of its magnitude for
//     rounding (boundTol), is above the incumbent less one such unit, and
//     the reported bound is raised to the incumbent less whole units
//     (never lowered). A search stopped by a limit is optimal only by the
//     same test (before, the margin was 1e-9, 265 units on a
//     penalty-scaled stage of 2.7e11, while the final status had none: such
//     stages ran to the time limit and were then called optimal). It is 1
//     for rack costs; in the coverage problem of the penalty floor (racks
//     free, shortfall at its penalty) it is the penalty of one unit short,
//     and the coverage bound closes at the root.
//   - LP engine: a bounded dual simplex (lp.go), revised with an explicit
//     dense basis inverse B^{-1} (m x m). An earlier version kept the whole
//     tableau B^{-1}[A I] (m x (n+m)) and every pivot updated all of it;
//     now a pivot updates B^{-1} and computes the pivot row (from a
//     row-wise copy of A when row r of B^{-1} is sparse, on the tree's LP)
//     and the entering column: the dcplan generate 100x50x1 scenario, whose
//     node LP is about 574 x 5,500, proves in 2.4-2.6 s instead of 4.2-6.1
//     s (solvecmp, one thread, alternating runs). Every column,
//     slack columns included, is boxed (slack bounds are implied by the
//     column bounds), so every basis is dual feasible once nonbasic columns
//     sit at the bound matching their reduced cost: the dual simplex alone
//     solves the root, re-solves after branching (bound changes), after cuts
//     and after cost changes, with no phase 1. Harris ratio test; the pivot
//     row's nonzeros in B^{-1} are gathered once (a row with more than a
//     quarter nonzero over the spans that hold them is applied as axpys
//     with gonum's floats.AddScaled over those spans, runs of more than 32
//     zeros skipped). Solve puts the options fixed at zero (dominated, or
//     no room anywhere) after the others, in a permuted copy of the
//     instance (the plan is mapped back). The row updates are split over
//     Params.Threads goroutines (each row's arithmetic is identical whatever
//     the split, so results do not depend on the thread count). Reduced costs
//     and basic values are recomputed from B^{-1} every 200 pivots and
//     before declaring optimality or infeasibility; reduced costs within the
//     dual tolerance count as zero (a column is not
//     moved between its bounds for a reduced cost of 1e-17: that cycled).
//     Every solve on the tree's LP polls the search's context every 32
//     pivots, the root's included (solver.Generate 100x50x1 seed 2: the
//     root's re-solve after the Lagrangian cuts ran minutes past a 20 s
//     limit while only node solves polled; now the search returns at 20 s;
//     that round is now taken back, see the Lagrangian cuts below).
//   - Pivot tolerance 1e-6 on rows scaled to a largest coefficient of 1.
//     With 1e-9, pivots on tiny elements blew bases up (basic values of
//     -1.8e9 on [0, 40095], reduced costs of 1e7 on unit-scaled costs) and
//     such node LPs ran to the iteration limit: on generated 5x10x2 seed 2
//     (10 s) 266 of them took 98% of all pivots. Tried before finding
//     that: Bland's rule after 50 pivots without progress (its pivots are
//     numerically worse) and a per-node pivot cap (mixed). With 1e-6 none
//     runs away, trees are unchanged where they were fine (same node
//     counts on the small proved instances) and that instance gets 32x
//     the nodes in the same time.
//   - Numerical safeguards: at every recompute the basic values are checked
//     against the original rows (A x + s = b to 1e-9 relative); when they
//     drift, B^{-1} is rebuilt from an LU factorisation
//     of the basis (gonum mat.LU), or from the slack basis when B is too
//     ill-conditioned (condition > 1e13). An LP is declared infeasible only
//     when the infeasible row of B^{-1}, applied to the original rows as
//     a Farkas combination y'(A x + s) = y'b, cannot reach y'b anywhere in
//     the box by more than the rounding error; otherwise B^{-1} is
//     rebuilt and, if still unproved, the LP reports "unknown" and the node
//     is split with its parent's bound (never dropped). The identity holds
//     for any y, so the margin needs only to beat the rounding of its sums:
//     1e-9 of the terms' scale, or 8 (n+2m) eps times the sums of their
//     magnitudes. With the first test alone, node LPs of a budget-bound
//     ROFR stage infeasible by 0.034 (scale 3.5e7) went "unknown" and the
//     tree split blindly (84,000 nodes in 10 s; CBC 0.28 s; now 60 nodes).
//   - Branching needs a value fractional by more than 1e-6 and by twice the
//     LP's primal tolerance there (1e-9 (1+|x|)): a column at 2511.000002
//     branched to <= 2511 kept its LP value, and a tree dived 30,000 nodes
//     on that bound.
//   - Node bounds come from the duals by weak duality (y'b + sum_j
//     min(d_j lo_j, d_j up_j) with d recomputed from the original columns),
//     so they stay valid whatever the primal tolerances.
//   - Root: rounds of Gomory mixed-integer cuts from the optimal tableau
//     (slacks substituted back, tiny coefficients moved into the right-hand
//     side with their worst case, a safety margin on every cut), and in
//     the same rounds two-step MIR cuts (twomir.go; Dash and Günlük's
//     function, checked by enumeration in TestTwoStepMIRIsValid) from the
//     same rows: the basic column shifted to a bound, the step alpha the
//     fraction of one of the row's integer coefficients with the best
//     efficacy, and the slack of every model row whose coefficients and
//     right-hand side are integers (after the row's gcd division) taken
//     as an integer multiple of the row's scale (Model.sunit). In a
//     search with an effort budget (a neighbourhood window, RINS, a
//     site's integer program) a row tries at most 2^18 / (nonbasic
//     columns) of its steps, evenly spread (twoMirWork), and the rows
//     poll the time limit. The
//     integer slacks are what make them work: without them the same cuts
//     left the root where the Gomory rounds had; with them, on the last
//     ROFR stage of dcplan generate 5x6x3 seed 6 --providers 3
//     --budget-per-gpu 40000 the root rises from one shortfall unit below
//     the optimum to within 0.07 of one, and the stage is proved in 35
//     nodes and 30-50 ms, where 10 s and 69,000 nodes did not move the
//     bound (CBC: 0.02 s, its two-step MIR cuts alone closing it; cbc
//     -cuts off -gomory on stops where the Gomory rounds here did). They
//     are in every model's root: on 160 dumped ROFR stages (10 s each)
//     149 are proved instead of 148, in 1.03 times the time (geometric
//     mean); of the 18 benchmark scenarios (10 s) 30x20x1 seed 3 is now
//     proved (7.8-9.6 s), 6x10x3 seed 1 stops at a gap of 3.0e-6 instead
//     of 1.0e-5, and the 14 small ones proved by both builds take 1.33
//     times as long (geometric mean; 12x8x1 seed 21 26 ms to 103 ms,
//     4x12x3 seed 21 155 ms to 604 ms, 15x6x2 seed 22 444 ms to 320 ms;
//     more cut rows per node, other trees). Rounds
//     with them only once the Gomory rounds stall did worse (146 of the
//     160 proved). The Gomory cuts take the same integer slacks (as
//     CBC's CglGomory does), and every cut's safety margin is 1e-9 of its
//     right-hand side once its largest coefficient is 1 (cutMargin, the
//     LP's primal tolerance; it was 1e-7): on a budget-bound
//     maximum-compute stage (dcplan generate 6x8x2 seed 41, first ROFR
//     stage) the Gomory rounds had stopped 18,000 units (6e-8) below the
//     optimum, where CBC's Gomory cuts close the root, and the tree took
//     140,411 nodes; now 812 (0.06 s). On 113 dumped ROFR stages (10 s
//     each) as many are proved (99) in 0.77 of the time (geometric mean),
//     and the default scenario's second stage, which CBC proves in 11.4 s, is
//     proved (6.0 s, 10,369 nodes, one thread). The
//     sites' Gomory cuts from the decomposition enter the root LP too:
//     all of them up to m/2+50, else by separation (the most violated at
//     the LP point, in rounds; the rest to the pool). In models of up to
//     1,000 columns the Gomory rounds run first, on the model's own LP,
//     then the sites' cuts enter; in larger ones the sites' cuts go first
//     (see solve.go, run, for the instances that decided it).
//   - Lagrangian optimality cuts (intprice.go, lagrangianCuts; not while
//     the incumbent is short of demand, where the gap is in shortfall
//     units and the penalty floor bounds it: on 167 dumped ROFR stages the
//     same stages were proved in 0.74 of the time): after the
//     Gomory rounds, the root LP's duals of the demand and budget rows are
//     taken as multipliers, every site's integer subproblem at those
//     multipliers is solved on its own (at most 5,000 nodes; its bound
//     b_s), and each site whose LP part costs less than b_s at those
//     prices gets the row sum_{o,q} L[o][q] d[o][q] >= b_s (L the
//     Lagrangian cost of a rack installed at q): valid for every plan,
//     since it holds for every integer plan of the site. Rounds re-price
//     at the new duals until the LP stops rising by a thousandth of the
//     gap (three times) or lagCutRounds rounds are done; the
//     LP they reach tends to the bound of the convex hull of every site's
//     integer plans. That LP value becomes a global bound, the rows are
//     taken out of the root node and added to the tree right after it
//     (with them at the root, the root's strong branching chose worse:
//     generated 20x10x1 seed 2 took 2,042 nodes instead of 576; with them
//     after the root, 656). dcplan generate 100x50x1 seed 1 (one demand
//     row, 100 sites): the root bound went from 18,315,169,203,490 to
//     18,315,172,465,234 (cents; optimum 18,315,172,789,457, CBC's root
//     18,315,172,038,670), and the plan is proved in 257 nodes and 6.4 s,
//     where it was not in 20 s (CBC 2.4 s, 118 nodes); with the revised
//     LP, 1,155 nodes in 2.4-2.6 s (139 nodes and 0.78-0.84 s since the
//     root reduction below). Where one site's
//     own program is hard (the default scenario's second stage: one site
//     stops at 5,000 nodes every round) the rounds stall after three. A
//     round whose re-solve needs more than 1,000 pivots (lagSolveCap; the
//     rounds of six generated scenarios took 12-89) is taken back and ends
//     the rounds: on solver.Generate 100x50x1 seed 2 the first round's
//     re-solve stalled on degenerate pivots (over 14,000 at one objective
//     value) and the root never finished; now the tree runs 1,324 nodes in
//     30 s (gap 4.1e-6; 1 node and 1.5e-5 before).
//   - Reduced-cost fixing against the incumbent (global at the root, local in
//     the subtree of every node). After the root's fixing the tree rebuilds
//     its LP for the root box (reduceRoot): without the site, option-bound
//     and monotonicity rows that no point of the box can violate (when they
//     are a tenth of the model's rows), and with the columns the box fixes
//     frozen out of the ratio test, the pivot row and the reduced-cost
//     updates (when they are a quarter of the columns). Gomory cuts still
//     price frozen columns: leaving their terms out (the same inequality on
//     the box) changed which cuts passed the filters, and generated 4x12x3
//     seed 21 went from 462 nodes to 23,789 unproved at 10 s. On dcplan
//     generate 100x50x1 seed 2, root fixing leaves 676 of 5,001 columns
//     free and 301 of the 402 model rows redundant: the node LP went from
//     664 to 398 rows and the proof from 10.3-10.5 s to 3.4-4.4 s (CBC
//     4.7 s; solvecmp, one thread, alternating runs); seed 1 from 1,155
//     nodes and 2.6-3.0 s to 139 nodes and 0.78-0.84 s (the tree takes
//     another path).
//   - Only the cuts tight at the root optimum are kept for the tree (the
//     LP is rebuilt with them); the others go to a pool. At every node the
//     pool cuts its LP point violates (up to 8, the most violated by
//     distance) are added back, until the tree has added a fifth of the
//     model's row count; their slacks are bounded from the root's column
//     bounds, so the rows stay valid in every node. Generated 8x12x2 seed 1:
//     19,930 nodes and 5.0 s to prove without the pool, 6,028 and 2.9 s
//     with it (CBC 0.57 s, 556 nodes); solver.Generate 10x50x1: 1.30 s ->
//     0.73 s.
//   - Node cuts (localcuts.go): at every node whose LP point is fractional,
//     one round of up to 10 Gomory mixed-integer cuts from the node's own
//     tableau, valid in its subtree only. The LP holds, after the model and
//     the global cuts, exactly the cuts of the current node's ancestors, as
//     a stack: diving keeps them; moving elsewhere takes rows off down to the
//     common ancestor (boxLP.truncateRows: a removed slack that is nonbasic
//     is pivoted in first, and the basis stays dual feasible because every
//     column is boxed) and adds the new node's ancestors' cuts. A node keeps
//     for later visits only the cuts binding at its optimum; at most
//     max(60, model rows) local rows are in the LP at once; models of more
//     than 1,000 columns get none (the rows of open nodes cost memory).
//     dcplan generate 12x8x1 seed 23: 111,213 nodes and 7.4 s before, 812
//     nodes and 0.22 s with them (CBC 2,242 nodes, 1.0 s); on 18 generated
//     scenarios the 15 proved at 20 s before were proved in 0.46 of the
//     time (geometric mean), slower on 4x12x3 seed 23 (0.18 s to 0.30 s)
//     and 6x10x3 seed 1 (6.4 s to 11.8 s).
//   - Reliability branching (branch.go): pseudocosts per column and
//     direction, learned from every node; columns with fewer than 8
//     observations a side (4 before: generated 8x12x2 seed 1 took 6,028
//     nodes and 3.0 s, now 3,953 and 1.9 s; 3x6x3 seed 2 22,002 nodes and
//     0.76 s, now 2,050 and 0.10 s) are scored by strong branching (both children's
//     LPs for at most 60 dual simplex iterations from the current basis, the
//     LP then restored exactly; up to 8 candidates, 16 at the root, 4
//     without improvement end the look-ahead); a child strong branching finds
//     infeasible is not created, and the others start with the strong
//     branching bound. Score max(down gain, 1e-6) * max(up gain, 1e-6).
//     The LP is restored after each child from a copy-on-write snapshot:
//     a row of B^{-1} is saved the first time a pivot changes it.
//     Diving into the child with the better bound, then best-bound node
//     selection; rounding + greedy repair + local search heuristic at the
//     root and every 20 nodes.
//   - RINS (lns.go): from node 100 on, every 100 nodes while it finds
//     plans and half as often after each miss, the columns on which the
//     node's LP point and the incumbent agree are fixed (when at least half
//     are), the others keep their global range, and that sub-MILP gets 300
//     nodes of the same branch and bound without cuts or greedy start. On
//     generate 10x20x4 seed 11 the plan after 20 s went from
//     24,165,624,553.85 to 24,165,379,801.14, below CBC's plan after 60 s
//     (24,165,494,411); proofs of small instances are not slowed (4x8x2
//     seeds 1-2: 0.12 s and 0.07 s).
//   - Shortfall floor (presolve.go, penaltyFloor): when the root has not
//     closed the tree and the instance has Penalty (shortfall) columns the
//     start plan uses, the same instance with every rack free is solved
//     (the coverage problem, without Lagrangian cuts: its sites' integer
//     programs are degenerate); its bound is a lower bound on the penalty
//     of every plan and goes into the LP as one row. Without it the LP
//     charges the penalty only for the shortfall that fractions of racks
//     cannot avoid, and ROFR stages that decline demand were not proved in
//     10 s (see penaltyFloor for the figures). It was added after 200
//     nodes until the sweep of floorAt's comment: added below the root,
//     3 more of 160 ROFR stages are proved in 10 s, and 4x6x4 seed 106's
//     first takes 0.40 s instead of 7.7 s.
//   - Pruning uses the integrality of the objective: a node with bound z is
//     closed when z > incumbent - 1 (with a 1e-9 relative tolerance) or when
//     incumbent - z <= RelGap*ref, where ref is the incumbent's cost without
//     its Penalty (shortfall) columns: penalties must not loosen the gap.
//
// Large route (instances beyond maxDense): Lagrangian relaxation of the
// coupling rows. For multipliers lambda >= 0 (demand) and mu >= 0 (budget)
//
//	L(lambda, mu) = sum_d lambda_d Min_d - sum_b mu_b Max_b
//	              + sum_s min { c(lambda, mu)'d_s : d_s in P_s }
//
// is a valid lower bound, where P_s is site s's LP (its site rows, Max rows
// and bounds; cluster rows are dropped, which only weakens the bound). Site
// subproblems are priced in parallel over Params.Threads goroutines and
// summed in site order (deterministic). Each site value is taken from the
// duals (weak duality), so the bound is valid whatever the LP tolerances.
// The multipliers start from the incumbent's marginal cost per unit of each
// demand row. With one coupling row they then come from Kelley's
// cutting-plane master (a small boxed LP solved by the same engine) inside
// a trust region around the best multipliers (doubled on improvement,
// halved otherwise). With several (a demand row per phase, budgets) they
// come from column generation (dw.go): a Dantzig-Wolfe master over the
// sites' LP solutions, summed in at most 100 groups of sites, stabilised
// towards the best multipliers, until its value meets the bound; on dcplan
// generate 100x50x16 the Kelley master had stopped 6.5e-4 below the LP
// optimum, which was most of the reported gap, and the column generation
// reaches the site LPs' optimum in 25 evaluations (40 on 1000x50x16). Its
// master's solution, rounded and repaired, is offered every five
// evaluations. A second series of passes (Kelley's master again, from the
// best multipliers) tightens every P_s with Gomory cuts of the site's own
// integer set (valid for all multipliers, so they accumulate), which moves
// the bound from the LP value towards the per-site integer hulls. Site LPs work on
// the columns not fixed at zero. Rounded site solutions are repaired into
// plans every few evaluations. The Kelley master's scale is the incumbent's
// objective, or without a start plan the cost of covering every demand row
// at the dearest rate (it was 1: the default scenario's second ROFR stage,
// whose greedy start misses the cluster, then got a Lagrangian bound of 1.0
// for an objective of 7.4e12, now 7,385,351,524,729). After the passes, the
// sites are priced once more at the best multipliers as integer programs
// (intprice.go: each site its own branch and bound, at most 5,000 nodes
// and its effort budget; a site keeps the larger of its LP value and its
// bound), and their plans, put together and repaired, are offered. When no
// coupling row binds (maximum compute, demand as a floor) the sites are
// independent and this is the optimum: generate 4x8x2 seed 5 with
// --objective max-compute was unproved after 483,880 nodes (CBC: 1.26 s),
// now proved at the root in 31 ms; 6x6x3 seed 7: unproved at 10 s (CBC
// about 6 s), now 5 ms. Where demand binds it moves the bound a little
// (solver.Generate 1000x50x1: a gap of 1.8e-4 at 20 s instead of 2.1e-4).
// On the large route the integer pricing goes on as an ascent
// (integerAscent): Kelley's cutting planes again, in a trust region around
// the best multipliers (1% to start), each cut from the sites' integer
// plans, at most 25 evaluations, stopping after 5 that do not raise the
// bound, each evaluation's plans offered. At the LP dual's optimum the
// sites' integer plans together covered 0.23% more TFLOPS than asked on
// solver.Generate 1000x50x1 seed 1, and the repaired plan was 2.3e-4 above
// the bound; the ascent moves to multipliers where the sites' plans cover
// the demand, and the gap at 20 s (one thread) fell from 4.5e-5 to 5.7e-7
// (seeds 2 and 3: 2.2e-7 and 2.9e-7, searches ending early; windows of 16
// sites after those of 4 and 8 then reach 9.6e-8 and 2.7e-7). Multi-phase
// sites are harder integer programs (Generate 100x50x16: a few sites
// took hundreds of nodes each and integerBound priced 4 of 100 sites in
// its time), so there the ascent rarely gets a complete evaluation. A
// site whose integer program stops (its effort budget) before its root LP
// is solved counts with its LP value at the same multipliers (with the
// cuts it has), which is valid too; before, such a site made the whole
// evaluation -Inf, and on Generate 100x50x16 (a third of the sites
// stopped so) every evaluation of the ascent was lost that way.
// Dense site LPs are kept warm only within a
// 128 MB budget, otherwise rebuilt (with their cuts) from pooled buffers;
// during one pricing a site LP keeps a row-wise copy of its rows, so its
// pivot rows are summed over the nonzeros of B^{-1}'s row (the passes of
// Generate 100x50x16 ran 2.6 times as fast with it kept; it is dropped
// after each pricing, as keeping it would add 180 MB there);
// an evaluation interrupted by the time limit is discarded (its bound would
// not be valid). Then, while a round of windows improves the plan, a large-neighbourhood search
// frees windows of 8 sites (4, then 8, then 16 on one-phase models: see
// lnsWindowSizes; sites ordered by their share of the Lagrangian gap, or by
// cost per unit of demand), fixes all other options at the incumbent and
// re-solves that sub-MILP with the dense branch and bound (an effort of
// 7.2e8, about 300 ms, and 5000 nodes per window). Clusters the incumbent
// puts in the window's sites come along and may move within it; the others stay (before, models with
// clusters skipped the search: the dcplan generate 100x50x16 scenario with
// two clusters stopped after 6.1 s of its 20 at a gap of 5.7e-5, now 1.9e-5
// after 8.6 s, when a sweep finds nothing more).
//
// Every plan is verified with the solver's own int64 check before it becomes
// the incumbent, and the final plan with Check (exact arithmetic); a failure
// there is returned as an internal error, never as a result.
//
// Determinism: the branch and bound is sequential, the parallel parts (pivot
// row updates, site pricing) reduce deterministically, and all tie-breaks
// are by index, so without a time limit the answer does not depend on
// Params.Threads or GOMAXPROCS (with a time limit, how far the search gets
// naturally depends on speed).
//
// Duals: SiteDual and DemandDual are the marginal values of the root LP
// relaxation (before cuts), converted to the caller's units (objective change
// per unit of capacity / demand). On the large route they come from the
// column generation once it has converged on a model without clusters
// (largeDuals): its multipliers for the demand rows and the site LPs' duals
// at them for the site rows, an optimal dual of the site LPs' relaxation.
// That relaxation bounds increments, not counts, so a capacity that binds
// through a count bound (X[o][q] <= floor(cap/use)) in the dense model, where
// the bound and not the row takes the dual, shows its value here (generated
// 5x6x3 seeds 1-3: equal demand duals, and site duals equal or positive
// where the dense route's are 0). TestLargeRouteDualsAreSubgradients checks
// them against gonum's LP. Infeasible results carry an Infeasibility:
// per demand row, the max-coverage LP relaxation (every site row, Max and
// later-phase capacities; other coupling rows dropped), its shortfall and
// the site rows that bind in it; otherwise a note that the rows only fail
// jointly (demand with budgets/clusters) or that a cluster fits no site.
//
// # Not yet
//
//   - Scale and speed. The targets (1000x50x16 proved optimal in 2 s and
//     1 GiB; 100x50x16 in 0.2 s) are not met. Measured on 2 cores with a 20 s
//     limit (scripts/compare-solvers.sh, Generate seed 1): 10x50x1 is proved
//     optimal in 0.07-0.13 s (CBC 3.9-7.5 s), and, with the build that
//     stops the decomposition passes without a plan (the one before it,
//     with the Gomory changes, stopped at 20 s in one run), 100x50x1 in
//     15.8-17.1 s (22,504 nodes; CBC stops at 20 s with a plan 3.6e-5
//     dearer); the other rungs
//     end Feasible, with plans at least as cheap as CBC's when CBC has
//     one. Their proven gaps at 20 s (solvecmp, one thread, earlier
//     builds): 10x50x16 2.3e-4, 100x50x1 4.0e-7 (its bound then stayed at
//     the root LP's through 117,851 nodes in 60 s: a dual-degenerate
//     tree), 100x50x16 3.1e-4, 1000x50x1 5.4e-7 (3.8e-7 in
//     a run of the previous build the same hour: the large rungs' gaps move
//     with timing), 1000x50x16 3.9e-4. The dcplan generate scenarios
//     100x50x16 and 1000x50x16 (one core): 5.0e-5 and 3.1e-4 (the larger
//     one's plan varies with timing: 1.6e-4 to 5.4e-4 in earlier runs). As
//     dcplan scenario files (dcplan generate, seed 1) 100x50x1 is proved in
//     0.87-1.00 s (CBC 2.55-3.25 s; 2.31-2.37 s before the root reduction,
//     4.9-6.3 s with the dense tableau) since the Lagrangian cuts; seed 2
//     in 3.4-4.4 s (its dumped instance, solvecmp; CBC 4.7 s). Beyond
//     maxDense only the large route runs: it proves nothing unless the
//     Lagrangian bound meets the plan, and it never proves infeasibility
//     (status NoSolution when no plan is found). Missing pieces: branch and bound on top of the
//     decomposition (branch-and-price on the few fractional sites; the
//     column generation's master is the place to start), site LPs with the
//     counts' bounds (the MPS model's LP is 1.25e-5 tighter on dcplan
//     generate 100x50x16), faster exact pricing of multi-phase sites
//     (the large route's integer ascent needs every site priced, which
//     one-phase sites allow and 16-phase ones do not), and a
//     multiple-choice knapsack master with a core DP for the coupling demand
//     rows (Kellerer-Pferschy-Pisinger).
//   - Cuts are Gomory mixed-integer cuts (and the Lagrangian cuts), at the
//     root and, in models of up to 1,000 columns, at every node, and
//     two-step MIR cuts at the root only; CBC also runs probing, MIR on
//     the model's rows and its cuts at the nodes. Before the node cuts, on dcplan generate
//     12x8x1 seed 23 CBC's tree was 2,242 nodes (1.1 s) against
//     111,213 here (6.7 s), though the root bound here is the higher
//     (2,740,332,646,150 against 2,740,331,489,611 cents). CBC's root (Gomory plus
//     two-MIR, MIR) closes more of the root gap: on a generated 5-site,
//     10-option, 2-phase scenario its root bound is 2,636,517.6e6 against
//     2,636,495.8e6 here (optimum 2,636,550.1e6), and it then proves the
//     optimum in 9 s where this solver has not in 60 s (measured before the
//     dominance presolve, on an instance not recorded here).
//     On the default scenario's second ROFR stage (88 columns, 4 demand
//     and 4 budget rows) the tree's bound stops moving after a few seconds
//     (gap 5.0e-6 at 10 s and at 120 s, 223,664 nodes); CBC proved it in
//     25-80 s in earlier runs and stopped unproved at 120 s in the latest
//     (gap 1.5e-6, with a plan 1.1e-6 cheaper than dcplan's after 10 s;
//     a build that priced the sites before the root found that plan in
//     5 s, by the luck of its search path). One of its sites'
//     own integer programs (4 options x 4 phases, thousands of racks per
//     column) is not solved in 5,000 nodes, so the Lagrangian cuts stall
//     there; more rounds (no stall rule) did not help. (Since the Gomory
//     cuts take integer slacks with a margin of 1e-9 instead of 1e-7, that
//     stage is proved: 6.0 s, 10,369 nodes, CBC's 11.4 s optimum; dcplan
//     plan --gap 0 proves the whole default scenario in 6.2-7.0 s.)
//     On dcplan generate 5x8x2 seed 45 (one of 40 unseen scenarios checked
//     against CBC, all with equal objectives) CBC proves the optimum at the
//     root in 0.02 s: its two-step MIR cuts alone close the gap (cbc
//     -cuts off -two on: 0 nodes), its Gomory cuts alone raise the root
//     from 1.6518746e12 to 1.6519733e12 (-preprocess off; 2,518 nodes),
//     while the Gomory rounds here stopped at 1.65193882e12 when they ran
//     after the sites' cuts, and the tree took 5,734 nodes (1.4-1.65 s);
//     with the rounds first, 1.65199667e12 and 5 nodes (6-9 ms). The
//     larger models still run them after the sites' cuts.
//     Tried at the root before finding that, and not kept (each left that
//     root where it was, and changed the 18 benchmark scenarios' trees
//     both ways, g6x10x3 seed 1 from proved in 3.9 s to unproved at 10
//     s): two-step MIR cuts
//     on tableau rows with continuous slacks (since kept with integer
//     slacks, above), Gomory cuts of tableau rows times 2 and 3, and integer
//     slacks for the model's integer rows in the Gomory formula. Also not
//     kept: re-fixing the root box with its reduced costs whenever the
//     incumbent improves (neutral), and pricing columns with many cut
//     entries by dense dot products (slower).
//   - Primal heuristics are weaker than CBC's node heuristics; the tree
//     makes up for it on mid-size instances now that it is fast. Not on
//     solver.Generate 100x50x1: CBC proves it in 45 s (its heuristics find
//     the optimum at node 31,472), while dcplan's plan after 60 s is 5.8e-7
//     dearer and its tree, at about 16 ms a node in the dense pivots, has
//     run 3,746 nodes. On a
//     generated 5x10x2 scenario (seed 2) CBC's plan after 20 s was 2.5e-5
//     cheaper than ours (it differs by at most 3 racks per column, at
//     every site); since the pivot tolerance fix the tree reaches exactly
//     CBC's plan within 20 s (267,762 nodes), and since the dominance
//     presolve it proves the optimum in 1.3-1.8 s, below the plan CBC has
//     after 10 s (1.5e-5 dearer). (On dcplan generate
//     --sites 10 --options 20 --phases 4 --seed 11, with the exchange
//     repair, RINS and the pivot tolerance below, dcplan plan --gap 0
//     reaches 24,165,382,702.26 in 20 s and 24,165,365,024.64 in 60 s, CBC
//     24,165,494,411 and 24,165,618,280.10 in two 60 s runs.)
//     Tried and not kept: re-solving every
//     pair of sites with the rest fixed (each pair is proved in
//     milliseconds, none improves), a box of +-4 racks around the incumbent
//     re-solved by the tree (11k nodes, nothing), the rounding heuristic at
//     every node instead of every 20th, and diving (fractional and
//     incumbent-guided, every 50 nodes: its dives ended in infeasible LPs
//     after 1-26 roundings, as sites full in two rows leave no room to
//     round up; CBC's coefficient diving rounds by row locks instead).
//   - Large multi-phase models beyond the dense route (100x50x16 and up):
//     their neighbourhood search barely moves the plan. A window of 8 sites
//     x 50 options x 16 phases spends its budget in the root LP (1 node);
//     windows of 2 or 3 sites took 0.3-2 s each, with or without root
//     cuts, and found almost nothing (solver.Generate 100x50x16, 20 s: a
//     gap of 2.6-2.8e-4 either way). That needs a faster LP (below).
//   - Large multi-phase models (10x50x16 and up) keep increment columns: the
//     monotonicity rows of the cumulative form would not fit the dense
//     tableau, and branching on increments makes their trees much larger.
//   - The synthetic instances from Generate are harder than those described in
//     solver.md: the LP relaxation is ~3e-4 (relative) below the plans, not
//     ~1e-6, because sites fill to a binding power or cooling row and lose a
//     fraction of a rack each; the coupling demand rows then behave like
//     integer knapsacks with large coefficients.
//   - The dense route keeps a dense B^{-1}: memory m*m floats and O(m*m)
//     per pivot at worst. A sparse LU of the basis would remove the size
//     limit (maxDense still counts the old tableau's entries) and speed up
//     the nodes of large models.
//   - Duals come from the root LP; they are not recomputed at the optimum.
//     The large route reports none with clusters, or when the column
//     generation did not converge in its time.
//   - Infeasibility shortfalls come from LP relaxations (a lower bound on the
//     real shortfall); joint infeasibility (several demand rows, budgets,
//     clusters) is reported without a minimal certificate.
//   - The Lagrangian bound drops cluster rows (valid, but weaker with
//     clusters), and RINS skips models with clusters.
//   - Setting DCPLAN_SOLVER_DEBUG=1 prints cut rounds, Lagrangian iterations
//     and passes to stdout (for development).
package solver
