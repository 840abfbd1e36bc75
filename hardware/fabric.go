package hardware

import (
	"fmt"
)

// FatTree is the switch and cable count of a rail-optimised, non-blocking
// fat tree, summed over its planes.
type FatTree struct {
	// Endpoints is the number of fabric links from nodes in one plane.
	Endpoints int `json:"endpoints"`
	Planes    int `json:"planes"`
	Radix     int `json:"radix"`
	Rails     int `json:"rails"`
	// Tiers is 1 (a single switch), 2 (leaf-spine), 3 (leaf-spine-core) or 4.
	Tiers int `json:"tiers"`
	// Switches per tier, leaf first, over all planes.
	Switches []int `json:"switches_per_tier"`
	// Links per tier boundary, node-leaf first, over all planes.
	Links []int `json:"links_per_tier"`
}

// Leaf returns the number of leaf switches.
func (f FatTree) Leaf() int { return f.tier(0) }

// Spine returns the number of spine switches (0 for a single tier).
func (f FatTree) Spine() int { return f.tier(1) }

// Core returns the number of core switches (0 below three tiers).
func (f FatTree) Core() int { return f.tier(2) }

// SuperCore returns the number of fourth-tier switches (0 below four tiers).
func (f FatTree) SuperCore() int { return f.tier(3) }

// TotalSwitches returns the number of switches over all tiers.
func (f FatTree) TotalSwitches() int {
	n := 0
	for _, s := range f.Switches {
		n += s
	}
	return n
}

// SwitchPorts returns the number of switch ports that carry a link.
func (f FatTree) SwitchPorts() int {
	n := 0
	for i, l := range f.Links {
		if i == 0 {
			n += l // node-leaf: one switch end
		} else {
			n += 2 * l // switch-switch: two switch ends
		}
	}
	return n
}

func (f FatTree) tier(i int) int {
	if i < len(f.Switches) {
		return f.Switches[i]
	}
	return 0
}

// SizeFatTree sizes a rail-optimised fat tree for endpoints links per plane.
//
// Each switch has radix ports; below the top tier half face down and half up,
// so the tree is non-blocking. Endpoints are spread over rails (one rail per
// NIC position of a node); each rail has its own leaves:
//
//	leaves  L = rails * ceil(ceil(E/rails) / (radix/2))
//
// Two tiers hold up to radix leaves. Every leaf sends its radix/2 uplinks
// evenly over the spines, so the spine count S is the smallest divisor of
// radix/2 with S*radix >= L*radix/2 (this is why NVIDIA's XDR tables show 18
// spines for 32 leaves, not 16). Three tiers group leaves into pods of radix/2
// leaves with, per pod of l leaves, the smallest divisor S of radix/2 with
// S*radix/2 >= l*radix/2 spines, and ceil(spines*(radix/2)/radix) cores
// (NVIDIA's B200 table: 128 leaves, 128 spines, 64 cores). A fourth tier
// repeats the pod step for the cores and tops them the same way. A cluster no larger than one switch is a
// single tier. Links are counted as cabled: all leaf uplinks, as NVIDIA's
// SuperPOD tables count them.
func SizeFatTree(endpoints, rails, radix, planes int) (FatTree, error) {
	switch {
	case endpoints < 1:
		return FatTree{}, fmt.Errorf("fabric: need at least one endpoint, got %d", endpoints)
	case radix < 2 || radix%2 != 0:
		return FatTree{}, fmt.Errorf("fabric: switch radix must be an even number of ports >= 2, got %d", radix)
	case rails < 1:
		return FatTree{}, fmt.Errorf("fabric: rails must be at least 1, got %d", rails)
	case planes < 1:
		return FatTree{}, fmt.Errorf("fabric: planes must be at least 1, got %d", planes)
	}
	down := radix / 2
	up := radix - down
	t := FatTree{Endpoints: endpoints, Planes: planes, Radix: radix, Rails: rails}
	if endpoints <= radix {
		t.Tiers = 1
		t.Switches = []int{planes}
		t.Links = []int{endpoints * planes}
		return t, nil
	}
	perRail := ceilDiv(endpoints, rails)
	leaves := rails * ceilDiv(perRail, down)
	var sw, links []int
	switch {
	case leaves <= radix:
		spines := smallestDivisorAtLeast(up, ceilDiv(leaves*up, radix))
		sw = []int{leaves, spines}
		links = []int{endpoints, leaves * up}
	case leaves <= radix*down:
		spines := podSpines(leaves, down, up)
		cores := ceilDiv(spines*up, radix)
		sw = []int{leaves, spines, cores}
		links = []int{endpoints, leaves * up, spines * up}
	case leaves <= radix*down*down:
		spines := podSpines(leaves, down, up)
		cores := podSpines(spines, down, up)
		top := ceilDiv(cores*up, radix)
		sw = []int{leaves, spines, cores, top}
		links = []int{endpoints, leaves * up, spines * up, cores * up}
	default:
		return FatTree{}, fmt.Errorf("fabric: %d endpoints exceed a four-tier fat tree of %d-port switches", endpoints, radix)
	}
	t.Tiers = len(sw)
	for i := range sw {
		sw[i] *= planes
		links[i] *= planes
	}
	t.Switches, t.Links = sw, links
	return t, nil
}

// podSpines counts the next tier's switches for lower switches grouped into
// pods of podSize, each lower switch spreading up links evenly over its pod's
// upper switches, each of which has podSize ports facing down.
func podSpines(lower, podSize, up int) int {
	total := 0
	for rest := lower; rest > 0; rest -= podSize {
		l := min(rest, podSize)
		total += smallestDivisorAtLeast(up, ceilDiv(l*up, podSize))
	}
	return total
}

// smallestDivisorAtLeast returns the smallest divisor of n that is >= k
// (n itself when k > n).
func smallestDivisorAtLeast(n, k int) int {
	for d := max(k, 1); d < n; d++ {
		if n%d == 0 {
			return d
		}
	}
	return n
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
