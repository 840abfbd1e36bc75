package strictyaml_test

import (
	"fmt"

	"github.com/dcplan/dcplan/internal/strictyaml"
)

func Example() {
	type Phase struct {
		Name      string  `yaml:"name"`
		Available float64 `yaml:"available"`
	}
	type Site struct {
		ID     string  `yaml:"id"`
		Racks  uint8   `yaml:"racks"`
		Phases []Phase `yaml:"phases"`
	}
	type Scenario struct {
		Name  string `yaml:"name"`
		Sites []Site `yaml:"sites"`
	}

	data := []byte(`name: east
sites:
  - id: dc1
    racks: 300
    phases:
      - name: L1
        available: plenty
  - id: dc2
    rakcs: 4
`)
	var s Scenario
	doc, diags := strictyaml.Decode("scenario.yaml", data, &s)
	fmt.Println(diags.Error())

	// Later checks can cite positions, even for fields that are missing.
	if len(s.Sites) > 1 && len(s.Sites[1].Phases) == 0 {
		fmt.Println(doc.Errorf("sites[1].phases", "a site needs at least one phase"))
	}
	// Output:
	// scenario.yaml:4:12: sites[0].racks: expected an integer between 0 and 255, got 300
	// scenario.yaml:7:20: sites[0].phases[0].available: expected a number, got string "plenty"
	// scenario.yaml:9:5: sites[1]: unknown field "rakcs"; did you mean "racks"?
	// scenario.yaml:8:5: sites[1].phases: a site needs at least one phase
}
