package planner

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcplan/dcplan/hardware"
)

func defaultCatalog(t testing.TB) *hardware.Catalog {
	t.Helper()
	l, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return l.Catalog
}

// TestSizeReferenceClusters sizes published reference clusters and checks
// power against the published figure and switch counts exactly.
func TestSizeReferenceClusters(t *testing.T) {
	cat := defaultCatalog(t)
	tests := []struct {
		name   string
		req    SizeRequest
		itMW   float64 // published IT power; 0 to skip
		tol    float64 // relative tolerance for itMW
		leaf   int
		spine  int
		core   int
		source string
	}{
		{name: "DGX SuperPOD GB200, 1 SU", req: SizeRequest{Accelerator: "gb200", GPUs: 576}, itMW: 1.2, tol: 0.10,
			source: "NVIDIA DGX SuperPOD GB200 RA: each SU (8 racks) requires a TDP of 1.2 MW"},
		{name: "100k H100 cluster", req: SizeRequest{Accelerator: "h100-sxm", GPUs: 100000}, itMW: 150, tol: 0.10,
			source: "SemiAnalysis, 100k H100 clusters: ~150 MW critical IT"},
		{name: "DGX SuperPOD B200, 16 SU", req: SizeRequest{Accelerator: "b200", GPUs: 4096}, leaf: 128, spine: 128, core: 64,
			source: "NVIDIA DGX SuperPOD B200 RA, larger SuperPOD component counts"},
		{name: "DGX SuperPOD B200, 8 SU", req: SizeRequest{Accelerator: "b200", GPUs: 2048}, leaf: 64, spine: 32},
		{name: "DGX SuperPOD H100, 4 SU (127 nodes)", req: SizeRequest{Accelerator: "h100-sxm", GPUs: 1016}, leaf: 32, spine: 16},
		{name: "DGX SuperPOD B300 XDR, 4 SU", req: SizeRequest{Accelerator: "b300", GPUs: 2304}, leaf: 32, spine: 18,
			source: "NVIDIA DGX SuperPOD B300-XDR RA table 3"},
		{name: "DGX SuperPOD B300 XDR, 18 SU", req: SizeRequest{Accelerator: "b300", GPUs: 10368}, leaf: 144, spine: 72},
		{name: "DGX SuperPOD B300 Spectrum-X, 8 SU", req: SizeRequest{Accelerator: "b300", GPUs: 4096, Fabric: "spectrum-x-twin"}, leaf: 128, spine: 64,
			source: "NVIDIA DGX SuperPOD B300 Spectrum-4 RA table 3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Size(cat, tc.req)
			if err != nil {
				t.Fatal(err)
			}
			r := s.Report()
			if tc.itMW > 0 {
				if rel := math.Abs(r.ITPowerMW-tc.itMW) / tc.itMW; rel > tc.tol {
					t.Errorf("IT power %.3f MW is %.1f%% from the published %.3f MW (%s)", r.ITPowerMW, rel*100, tc.itMW, tc.source)
				}
			}
			if tc.leaf > 0 {
				got := []int{r.Fabric.LeafSwitches, r.Fabric.SpineSwitches, r.Fabric.CoreSwitches}
				if diff := cmp.Diff([]int{tc.leaf, tc.spine, tc.core}, got); diff != "" {
					t.Errorf("leaf, spine, core switches (-published +got):\n%s", diff)
				}
			}
		})
	}
}

func TestSizeRackPower(t *testing.T) {
	cat := defaultCatalog(t)
	// NVIDIA's DGX H100 RA: 4 systems = 40.8 kW per rack; B300 XDR RA: ~56 kW.
	for _, c := range []struct {
		acc      string
		perRack  float64
		tol      float64
		basisMax bool
	}{{"h100-sxm", 40.8, 1e-9, true}, {"b300", 56, 0.05, true}} {
		s, err := Size(cat, SizeRequest{Accelerator: c.acc, GPUs: 32})
		if err != nil {
			t.Fatal(err)
		}
		got := s.System.MaxPower.Scale(float64(s.Rack.Systems)).KW()
		if math.Abs(got-c.perRack)/c.perRack > c.tol {
			t.Errorf("%s rack %s: %.1f kW, published %.1f kW", c.acc, s.Rack.ID, got, c.perRack)
		}
	}
}

func TestSizeFormulas(t *testing.T) {
	cat := defaultCatalog(t)
	s, err := Size(cat, SizeRequest{Accelerator: "h100-sxm", GPUs: 1000, PUE: 1.25})
	if err != nil {
		t.Fatal(err)
	}
	if s.Systems != 125 || s.GPUs != 1000 || s.ComputeRacks != 32 {
		t.Errorf("systems %d gpus %d racks %d", s.Systems, s.GPUs, s.ComputeRacks)
	}
	if want := 1.25 * s.ITPower.W(); math.Abs(s.Facility.W()-want) > 1e-6 {
		t.Errorf("facility %v, want IT x 1.25", s.Facility)
	}
	if got := s.ComputePower.W(); got != 125*10200 {
		t.Errorf("compute power %v W, want 125 x 10.2 kW", got)
	}
	if s.HeatAir+s.HeatLiquid != s.ITPower {
		t.Errorf("heat %v + %v != IT %v", s.HeatAir, s.HeatLiquid, s.ITPower)
	}
	typ, err := Size(cat, SizeRequest{Accelerator: "h100-sxm", GPUs: 1000, Basis: "typical"})
	if err != nil {
		t.Fatal(err)
	}
	if typ.ComputePower >= s.ComputePower {
		t.Errorf("typical %v not below max %v", typ.ComputePower, s.ComputePower)
	}
}

func TestSizeBadRequests(t *testing.T) {
	cat := defaultCatalog(t)
	for _, req := range []SizeRequest{
		{Accelerator: "h100", GPUs: 8},
		{Accelerator: "h100-sxm", GPUs: 0},
		{Accelerator: "h100-sxm", GPUs: 8, System: "dgx-b200"},
		{Accelerator: "h100-sxm", GPUs: 8, Cooling: "liquid"},
		{Accelerator: "h100-sxm", GPUs: 8, Basis: "peak"},
		{Accelerator: "h100-sxm", GPUs: 8, PUE: 0.5},
		{Accelerator: "h100-sxm", GPUs: 8, Fabric: "token-ring"},
		{Accelerator: "h100-sxm", GPUs: 8, Storage: "tape"},
	} {
		if _, err := Size(cat, req); !errors.Is(err, ErrBadRequest) {
			t.Errorf("Size(%+v): %v, want ErrBadRequest", req, err)
		}
	}
}
