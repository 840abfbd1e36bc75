// Package hardware is dcplan's hardware catalog: accelerators, systems, rack
// configurations, parts (enclosures, PDUs, power shelves, rear doors, CDUs),
// network switches, optics, fabric designs and storage tiers. Every entry
// carries a Source and lists which of its figures are estimates; the default
// catalog is embedded from templates/catalog.yaml and a scenario may override
// or extend any entry by ID.
//
// # Fabric sizing
//
// SizeFatTree sizes a non-blocking, rail-optimised fat tree from the number
// of endpoint links E, the number of rails r (NIC positions per node), the
// switch radix k and the number of planes P. Below the top tier each switch
// has k/2 ports down and k/2 up.
//
//	leaves     L = r * ceil(ceil(E/r) / (k/2))                   (one leaf set per rail)
//	2 tiers    when L <= k:  spines S = min{ d : d | k/2, d*k >= L*k/2 }
//	3 tiers    when L <= k*k/2: leaves form pods of k/2; a pod of l leaves has
//	           min{ d : d | k/2, d >= l } spines; cores = ceil(spines*(k/2) / k)
//	4 tiers    the pod step again for the third tier, topped the same way
//	links      node-leaf = E, then (k/2) per switch per tier boundary (cabled in full)
//
// and every count is multiplied by P. The divisor rule (each leaf spreads its
// uplinks evenly over the spines) is why NVIDIA's Quantum-X800 tables show 18
// spines for 32 leaves and 36 for 64. The sizer reproduces the published
// compute-fabric tables of the DGX SuperPOD reference architectures exactly:
// H100 (1 and 4 SU), B200 (2 to 64 SU, including the three-tier 128/128/64 at
// 4,096 GPUs), B300 Spectrum-4 twin-plane (1 to 16 SU) and B300 Quantum-X800
// (1 to 18 SU); see fabric_test.go.
package hardware
