package views

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/dcplan/dcplan/internal/atomicfile"
	"github.com/dcplan/dcplan/planner"
)

// ErrNotOurs is returned when an output file exists that dcplan did not
// write and overwriting was not forced.
var ErrNotOurs = errors.New("exists and was not written by dcplan; use --force to overwrite it")

// chartsMarker lists, in a charts directory, the files dcplan wrote there,
// so a later run may replace them without --force.
const chartsMarker = ".dcplan-charts"

// Chart file names (without extension).
const (
	ChartPowerRamp   = "power-ramp"
	ChartCapex       = "capex-per-phase"
	ChartUtilisation = "utilisation"
)

// WriteCharts writes the plan's charts to dir as PNG and SVG: the power
// ramp of each site against its usable capacity, capex per phase stacked by
// category, and a heat map of each site's utilisation of each limit at the
// last phase. Each file is written atomically; a file already there that
// dcplan did not write is kept unless force. It returns the files written.
func WriteCharts(dir string, sc *planner.Scenario, pl *planner.Plan, force bool) ([]string, error) {
	plots := []struct {
		name string
		make func(*planner.Scenario, *planner.Plan) (*plot.Plot, error)
		w, h vg.Length
	}{
		{ChartPowerRamp, powerRampChart, 8 * vg.Inch, 5 * vg.Inch},
		{ChartCapex, capexChart, 8 * vg.Inch, 5 * vg.Inch},
		{ChartUtilisation, utilisationChart, 7 * vg.Inch, 1.5*vg.Inch + vg.Length(len(pl.Sites))*0.45*vg.Inch},
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	ours := map[string]bool{}
	if data, err := os.ReadFile(filepath.Join(dir, chartsMarker)); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			ours[l] = true
		}
	}
	// Render everything first, so a failure writes nothing.
	type out struct {
		name string
		data []byte
	}
	var outs []out
	for _, c := range plots {
		p, err := c.make(sc, pl)
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", c.name, err)
		}
		for _, ext := range []string{"png", "svg"} {
			wt, err := p.WriterTo(c.w, c.h, ext)
			if err != nil {
				return nil, fmt.Errorf("chart %s.%s: %w", c.name, ext, err)
			}
			var buf bytes.Buffer
			if _, err := wt.WriteTo(&buf); err != nil {
				return nil, fmt.Errorf("chart %s.%s: %w", c.name, ext, err)
			}
			outs = append(outs, out{c.name + "." + ext, buf.Bytes()})
		}
	}
	for _, o := range outs {
		path := filepath.Join(dir, o.name)
		if _, err := os.Stat(path); err == nil && !force && !ours[o.name] {
			return nil, fmt.Errorf("%s %w", path, ErrNotOurs)
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("charts: %w", err)
		}
	}
	var written, names []string
	for _, o := range outs {
		path := filepath.Join(dir, o.name)
		if err := atomicfile.Write(path, o.data, 0o644); err != nil {
			return written, fmt.Errorf("charts: %w", err)
		}
		written = append(written, path)
		names = append(names, o.name)
	}
	slices.Sort(names)
	if err := atomicfile.Write(filepath.Join(dir, chartsMarker), []byte(strings.Join(names, "\n")+"\n"), 0o644); err != nil {
		return written, fmt.Errorf("charts: %w", err)
	}
	return written, nil
}

func phaseNames(pl *planner.Plan) []string {
	var names []string
	for _, p := range pl.Phases {
		names = append(names, p.ID)
	}
	return names
}

// powerRampChart: facility power in use at each site by phase (solid)
// against its usable power after redundancy (dashed, same colour).
func powerRampChart(_ *planner.Scenario, pl *planner.Plan) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = "Facility power by phase against usable capacity"
	p.Y.Label.Text = "MW"
	p.Legend.Top = true
	for i, s := range pl.Sites {
		used, capacity := make(plotter.XYs, len(s.Phases)), make(plotter.XYs, len(s.Phases))
		for q, ph := range s.Phases {
			used[q].X, capacity[q].X = float64(q), float64(q)
			for _, r := range ph.Resources {
				if r.Name == "power" {
					used[q].Y, capacity[q].Y = r.Used, r.Capacity
				}
			}
		}
		lu, err := plotter.NewLine(used)
		if err != nil {
			return nil, err
		}
		lc, err := plotter.NewLine(capacity)
		if err != nil {
			return nil, err
		}
		// Power is in place from a phase on: steps, not slopes.
		lu.StepStyle, lc.StepStyle = plotter.PostStep, plotter.PostStep
		col := plotutil.Color(i)
		lu.Color, lu.Width = col, vg.Points(2)
		lc.Color, lc.Dashes = col, []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(lu, lc)
		p.Legend.Add(s.ID+" in use", lu)
		p.Legend.Add(s.ID+" usable", lc)
	}
	p.NominalX(phaseNames(pl)...)
	p.X.Min, p.X.Max = -0.25, float64(len(pl.Phases))-0.5
	p.Y.Min = 0
	p.Y.Max *= 1.3 // room for the legend
	p.Legend.Left = true
	return p, nil
}

// capexChart: capex spent in each phase, stacked by the plan's categories.
func capexChart(sc *planner.Scenario, pl *planner.Plan) (*plot.Plot, error) {
	by, err := capexByCategory(sc, pl)
	if err != nil {
		return nil, err
	}
	p := plot.New()
	p.Title.Text = "Capex per phase by category"
	p.Y.Label.Text = "USD million"
	p.Legend.Top = true
	var below *plotter.BarChart
	for k, c := range chargeOrder {
		vals := make(plotter.Values, len(pl.Phases))
		for q := range pl.Phases {
			vals[q] = by[q][k] / 1e6
		}
		b, err := plotter.NewBarChart(vals, vg.Points(30))
		if err != nil {
			return nil, err
		}
		b.Color = plotutil.Color(k)
		b.LineStyle.Width = 0
		if below != nil {
			b.StackOn(below)
		}
		below = b
		p.Add(b)
		p.Legend.Add(c, b)
	}
	p.NominalX(phaseNames(pl)...)
	p.X.Min, p.X.Max = -0.6, float64(len(pl.Phases))-0.4
	p.Y.Min = 0
	p.Y.Max *= 1.35 // room for the legend
	p.Legend.Left = true
	return p, nil
}

// capexByCategory is the plan's capex per phase split as the rack options
// split it: [phase][chargeOrder].
func capexByCategory(sc *planner.Scenario, pl *planner.Plan) ([][]float64, error) {
	opts, _, err := planner.Options(sc)
	if err != nil {
		return nil, err
	}
	index := map[string]*planner.Option{}
	for i := range opts {
		index[opts[i].Name()] = &opts[i]
	}
	out := make([][]float64, len(pl.Phases))
	for q := range out {
		out[q] = make([]float64, len(chargeOrder))
	}
	for _, a := range pl.Allocation {
		o, ok := index[a.Site+"/"+a.RackConfig]
		q := sc.PhaseIndex(a.Phase)
		if !ok || q < 0 || q >= len(out) {
			return nil, fmt.Errorf("allocation %s/%s in phase %s is not an option of the scenario", a.Site, a.RackConfig, a.Phase)
		}
		n := float64(a.New)
		for k, v := range []float64{o.CapexSystems.USD(), o.CapexRack.USD(), o.CapexNetwork.USD(), o.CapexStorage.USD(), o.CapexBuild.USD()} {
			out[q][k] += v * n
		}
	}
	return out, nil
}

// utilGrid is sites (rows) x resources (columns) at the last phase.
type utilGrid struct {
	z      [][]float64
	rows   []string
	cols   []string
	labels plotter.XYLabels
}

func (g utilGrid) Dims() (c, r int)   { return len(g.cols), len(g.rows) }
func (g utilGrid) Z(c, r int) float64 { return g.z[r][c] }
func (g utilGrid) X(c int) float64    { return float64(c) }
func (g utilGrid) Y(r int) float64    { return float64(r) }

// utilisationChart: a heat map of each site's use of each limit at the last
// phase (0 to 100 %), with the percentage written in each cell.
func utilisationChart(_ *planner.Scenario, pl *planner.Plan) (*plot.Plot, error) {
	g := utilGrid{}
	top := 1.0
	for r, s := range pl.Sites {
		last := s.Phases[len(s.Phases)-1]
		g.rows = append(g.rows, s.ID)
		row := make([]float64, len(last.Resources))
		for c, res := range last.Resources {
			if r == 0 {
				g.cols = append(g.cols, res.Name)
			}
			row[c] = res.Utilisation
			top = max(top, res.Utilisation)
			text := "-"
			if res.Capacity > 0 {
				text = fmt.Sprintf("%.0f%%", res.Utilisation*100)
			}
			g.labels.XYs = append(g.labels.XYs, plotter.XY{X: float64(c), Y: float64(r)})
			g.labels.Labels = append(g.labels.Labels, text)
		}
		g.z = append(g.z, row)
	}
	p := plot.New()
	p.Title.Text = "Utilisation of each limit at the last phase"
	if len(g.rows) == 0 || len(g.cols) == 0 {
		return p, nil
	}
	hm := plotter.NewHeatMap(g, moreland.SmoothBlueRed().Palette(64))
	hm.Min, hm.Max = 0, top
	p.Add(hm)
	labels, err := plotter.NewLabels(g.labels)
	if err != nil {
		return nil, err
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].Color = color.Black
		labels.TextStyle[i].XAlign, labels.TextStyle[i].YAlign = draw.XCenter, draw.YCenter
	}
	p.Add(labels)
	p.NominalX(g.cols...)
	var ticks plot.ConstantTicks
	for r, id := range g.rows {
		ticks = append(ticks, plot.Tick{Value: float64(r), Label: id})
	}
	p.Y.Tick.Marker = ticks
	return p, nil
}
