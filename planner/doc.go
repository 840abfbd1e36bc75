// Package planner turns a scenario (sites, catalog, demand, policy) into rack
// options, sizes clusters, and (with the solver) places capacity.
//
// # Quick sizing (Size)
//
// For N accelerators on a system with g accelerators, s systems per rack of
// the chosen configuration, at power basis b (the system's rated maximum or
// its typical draw):
//
//	systems      n = ceil(N / g);  GPUs = n*g
//	racks        compute = ceil(n / s); network = ceil(switches / switches_per_rack);
//	             storage = ceil(PB / pb_per_rack)
//	fabric       hardware.SizeFatTree(n * fabric_ports, rails, switch radix, planes)
//	optics       node = n * ceil(fabric_ports * planes / ports per node optic);
//	             switch = ceil(switch ports in use / ports per switch optic)
//	storage      PB = GPUs * capacity_per_gpu
//	IT power     P_IT = n*P_sys(b) + racks*P_rack parts + switches*P_switch(b) + optics*P_optic + PB*P_per_PB
//	facility     P_fac = P_IT * PUE   (PUE per cooling type; defaults in DefaultPUE)
//	heat         liquid = compute * liquid_fraction (all of it for rear-door and immersion);
//	             air = the rest of compute + network + storage
//	capex        systems + rack parts (enclosure, PDUs or power shelves, cooling parts)
//	             + switches + optics + storage + enclosures of network and storage racks
//	energy/year  P_fac * 8,760 h (at the basis; the planner's options apply the load factor)
//
// # Rack options (Options)
//
// An option is one rack configuration at one site. Racks of different
// options share fabric and storage, so each rack carries its per-GPU share of
// the fabric and storage of a reference cluster of F GPUs (policy.fabric_scale;
// by default the largest cluster, else the largest phase's GPU demand up to
// 65,536, else 8,192):
//
//	share_x      = X(reference cluster of F GPUs) / F   for X in network power, capex, racks; storage likewise per GPU
//	IT           = systems*P_sys(b) + rack parts + G*(network share + storage share)      (G GPUs per rack)
//	facility     = IT * PUE_site(cooling)
//	heat         = as in quick sizing
//	positions    = 1 + G*(network racks share + storage racks share)
//	capex        = systems + rack parts + G*(network + storage capex share) + build cost per MW * facility (new builds)
//	energy/year  = facility * 8,760 h * load_factor
//	opex/year    = energy/year * electricity price
//	CO2/year     = energy/year * grid carbon intensity
//	water/year   = IT * 8,760 h * load_factor * WUE
//
// A configuration is filtered out at a site that does not offer its cooling
// type or whose maximum rack density for that type is below the rack's
// compute IT load; Options returns the filtered pairs with the reason.
//
// # The placement model (Solve, BuildModel)
//
// Integer columns X[s,k,q]: racks of option k at site s in place by phase q
// (cumulative, never decreasing). For every site s and phase q, with the
// site's capacity on the phase's date:
//
//	sum_k facility_k X[s,k,q] <= usable power(s, q)    (after redundancy; facility = IT x PUE of k's cooling)
//	sum_k air_k      X[s,k,q] <= air cooling(s, q)
//	sum_k liquid_k   X[s,k,q] <= liquid cooling(s, q)
//	sum_k pos_k      X[s,k,q] <= rack positions(s, q)
//
// Options denser than a site allows, of a cooling type it lacks, or heavier
// than its floor loading are filtered out before (they are not columns). For
// every demand row (phase p, GPUs or TFLOPS of a class: any, one accelerator
// or one family)
//
//	sum_{s,k} contrib_k X[s,k,p] >= demand
//
// for every phase with a budget, sum_{s,k} capex_k (X[s,k,q] - X[s,k,q-1]) <= budget,
// and every cluster of G GPUs sits whole in one site from its phase on
// (binaries y[c,s], sum_s y[c,s] = 1, site GPUs of the class >= sum_c G_c y[c,s]).
// The objective is
//
//	minimize sum_{s,k,q} cost_{k,q} (X[s,k,q] - X[s,k,q-1])
//
// with cost_{k,q} from Scenario.RackCost: present-value TCO in cents
// (capex discounted from the phase's date plus opex to the horizon as a
// continuous annuity), grams of CO2e to the horizon, or minus FP8 TFLOPS for
// max-compute. Everything is scaled to integers (W, thousandths of a
// position, GPUs, TFLOPS, cents, grams): per-rack use is rounded up and
// capacity down, so a plan feasible in integers is feasible in reals, and
// the objective is an integer, which makes "optimal" exact. The flat model
// and its solver are in package planner/solver.
//
// # Right of first refusal (stages)
//
// Providers with a rank (rofr >= 1) are offered demand in rank order; the
// providers without one are offered the rest together. For each stage:
//
//  1. options of a ranked provider whose TCO per GPU exceeds the best option
//     of later providers by more than match_within percent are declined;
//  2. one solve of the stage's model (Model, built with ModelInput.Slack):
//     its sites, its options, the demand still unmet, the clusters not yet
//     placed and the budget left by earlier stages, plus one shortfall
//     column per demand row and cluster at a virtual site without limits;
//     a unit short costs more than any rack costs per unit it covers, so the
//     stage takes all its sites can host, at least cost. In a stage likely
//     to go short (a ranked stage, or any budget) a demand row's column
//     counts in units of the gcd of what its racks cover (8 GPUs: every
//     rack holds a multiple of 8), since a plan covers a multiple of it;
//     elsewhere it counts single units. The shortfall reported is the need
//     less the racks' cover;
//  3. what the stage took is subtracted and the rest moves on.
//
// A stage with several optimal plans (say two options of equal cost per
// unit, or, under max-compute, two GPU mixes of equal PFLOPS) hands the
// next stages the residual of the one its solve returns. That choice is
// deterministic (the same inputs give the same plan with any thread count
// or time limit the solve ends within) but it is not a stated preference:
// no secondary objective ranks equal-cost plans, so two such scenarios that
// differ in an unrelated detail may split the later stages differently.
// A scenario where the split matters should price the difference (a cost,
// a budget or match_within) rather than rely on the tie.
//
// The penalty of a unit short is one unit above the most any rack costs
// per unit it covers in the ranked stages (tight LP bounds: a fractional
// rack costs about what its units cost short), and 1000 times that in the
// last stage, where a unit short is an infeasibility. The solve's relative
// gap is measured against the cost without shortfall columns, so a loose
// --gap cannot leave a unit short that the sites could host in the last
// stage; in a ranked stage stopped at a loose gap a few units it could host
// may move on to later providers (with --gap 0 none do).
//
// What the last stage cannot take is a shortfall. The plan reports, per
// provider and phase, what its stage was offered, what it took, what it
// declined and which limit made it decline: the site limits the stage's
// plan leaves full (less than one rack of the site's smallest option free),
// sites with no power yet, a budget of the phase or an earlier one with less
// than the cheapest rack's capex left, or price under match_within.
//
// Each shortfall names the relaxations that close it at one site: for every
// site and every option there that counts toward the row, the extra power,
// cooling, positions and budget (of the phase, after what the plan spent)
// that the missing units of that option would need beyond what the plan
// leaves. The option with the smallest sum of extra over limit names the
// site's relaxation; the three sites with the smallest sums are listed.
//
// # Money over time
//
// Cash flows are discounted to the first phase's date at the policy's annual
// rate r: a flow at time t (years after the first phase) is worth (1+r)^-t,
// and a flow of 1 per year paid continuously from a to b is worth
// ((1+r)^-a - (1+r)^-b) / ln(1+r).
package planner
