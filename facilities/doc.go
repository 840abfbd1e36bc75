// Package facilities models data-centre sites: the power that arrives at each
// phase of a build, the redundancy of the power chain, cooling by type, space,
// prices, carbon and water.
//
// # Power
//
// A site lists the capacity of its power chain as it comes online, as
// cumulative totals with dates. Redundancy takes a share of that capacity out
// of service as the reserve:
//
//	usable(t) = capacity(t) * f,   f = 1 (N), m/(m+1) (N+1 with m active modules), 1/2 (2N)
//
// and everything the facility draws must fit in it: for racks i with IT load
// P_i and cooling type c_i,
//
//	sum_i P_i * PUE(c_i) <= usable(t)
//
// where PUE(c) is the site's design PUE for that cooling type (total facility
// power over IT power; it charges each rack its share of cooling and losses).
//
// # Cooling and space
//
// Heat leaves a rack to air or to liquid. Heat to liquid is the share the
// system's cold plates take (its liquid fraction); rear-door heat exchangers
// and immersion move all of a rack's heat to the facility water. The rest goes
// to air. The site's air and liquid heat-rejection capacities bound the sums:
//
//	sum_i H_air,i <= air capacity,   sum_i H_liquid,i <= liquid capacity
//
// A rack is allowed at a site only if the site supports its cooling type and
// its IT load is within the site's maximum rack density for that type; rack
// positions and, where given, floor loading per position bound the rest.
//
// # Sources
//
// Default PUE, WUE, construction cost, power price and carbon figures used in
// the example scenarios come from ../shared/reference/hardware.md: Uptime
// Institute survey (industry PUE 1.56), company sustainability reports
// (hyperscale PUE 1.08-1.18, WUE 0.15-0.30 L/kWh), Cushman & Wakefield 2025
// (construction $9.3-15.0M/MW), EIA Electric Power Annual (industrial
// prices), EIA/Statista (grid carbon), the Uptime tier standard (redundancy).
package facilities
