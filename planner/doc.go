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
// # Money over time
//
// Cash flows are discounted to the first phase's date at the policy's annual
// rate r: a flow at time t (years after the first phase) is worth (1+r)^-t,
// and a flow of 1 per year paid continuously from a to b is worth
// ((1+r)^-a - (1+r)^-b) / ln(1+r).
package planner
