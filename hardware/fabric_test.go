package hardware

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The published rows are NVIDIA DGX SuperPOD reference architectures'
// compute-fabric tables (B200 RA table "Larger SuperPOD component counts";
// B300 Spectrum-4 RA table 3; B300 Quantum-X800 RA table 3; H100 RA).
func TestSizeFatTreePublished(t *testing.T) {
	tests := []struct {
		name                       string
		endpoints, rails, radix, p int
		switches, links            []int
	}{
		{"B200 2 SU", 512, 8, 64, 1, []int{16, 8}, []int{512, 512}},
		{"B200 4 SU", 1024, 8, 64, 1, []int{32, 16}, []int{1024, 1024}},
		{"B200 8 SU", 2048, 8, 64, 1, []int{64, 32}, []int{2048, 2048}},
		{"B200 16 SU", 4096, 8, 64, 1, []int{128, 128, 64}, []int{4096, 4096, 4096}},
		{"B200 32 SU", 8192, 8, 64, 1, []int{256, 256, 128}, []int{8192, 8192, 8192}},
		{"B200 64 SU", 16384, 8, 64, 1, []int{512, 512, 256}, []int{16384, 16384, 16384}},
		{"H100 1 SU (31 nodes)", 248, 8, 64, 1, []int{8, 4}, []int{248, 256}},
		{"H100 4 SU (127 nodes)", 1016, 8, 64, 1, []int{32, 16}, []int{1016, 1024}},
		{"B300 Spectrum-X 1 SU, twin plane", 512, 8, 128, 2, []int{16, 8}, []int{1024, 1024}},
		{"B300 Spectrum-X 8 SU", 4096, 8, 128, 2, []int{128, 64}, []int{8192, 8192}},
		{"B300 Spectrum-X 16 SU", 8192, 8, 128, 2, []int{256, 128}, []int{16384, 16384}},
		{"B300 XDR 1 SU", 576, 8, 144, 1, []int{8, 4}, []int{576, 576}},
		{"B300 XDR 2 SU", 1152, 8, 144, 1, []int{16, 8}, []int{1152, 1152}},
		{"B300 XDR 4 SU", 2304, 8, 144, 1, []int{32, 18}, []int{2304, 2304}},
		{"B300 XDR 8 SU", 4608, 8, 144, 1, []int{64, 36}, []int{4608, 4608}},
		{"B300 XDR 18 SU", 10368, 8, 144, 1, []int{144, 72}, []int{10368, 10368}},
		{"single switch", 64, 8, 64, 1, []int{1}, []int{64}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SizeFatTree(tc.endpoints, tc.rails, tc.radix, tc.p)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.switches, got.Switches); diff != "" {
				t.Errorf("switches per tier (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.links, got.Links); diff != "" {
				t.Errorf("links per tier (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSizeFatTreeProperties(t *testing.T) {
	for _, radix := range []int{32, 64, 128, 144} {
		for e := 1; e <= 200000; e = e*3/2 + 1 {
			ft, err := SizeFatTree(e, 8, radix, 1)
			if err != nil {
				continue
			}
			down := radix / 2
			if ft.Tiers > 1 && ft.Leaf()*down < e {
				t.Fatalf("radix %d, %d endpoints: %d leaves cannot take them", radix, e, ft.Leaf())
			}
			for i := 1; i < ft.Tiers; i++ {
				// The tier above must have down ports for every link from
				// below: all its ports at the top, half of them lower down.
				ports := radix
				if i < ft.Tiers-1 {
					ports = down
				}
				if ft.Switches[i]*ports < ft.Links[i] {
					t.Fatalf("radix %d, %d endpoints: tier %d has %d switches for %d links", radix, e, i, ft.Switches[i], ft.Links[i])
				}
			}
		}
	}
}

func TestSizeFatTreeErrors(t *testing.T) {
	for _, c := range [][4]int{{0, 8, 64, 1}, {10, 8, 63, 1}, {10, 0, 64, 1}, {10, 8, 64, 0}, {1 << 30, 8, 8, 1}} {
		if _, err := SizeFatTree(c[0], c[1], c[2], c[3]); err == nil {
			t.Errorf("SizeFatTree%v: no error", c)
		}
	}
}
