package units

// UnmarshalText implementations let the scenario loader decode quantities
// written as human strings; an error names the units accepted.

// UnmarshalText parses a power such as "132 kW".
func (p *Power) UnmarshalText(b []byte) error { v, err := ParsePower(string(b)); *p = v; return err }

// UnmarshalText parses an energy such as "1.1 TWh".
func (e *Energy) UnmarshalText(b []byte) error { v, err := ParseEnergy(string(b)); *e = v; return err }

// UnmarshalText parses an amount such as "$3.1M".
func (m *Money) UnmarshalText(b []byte) error { v, err := ParseMoney(string(b)); *m = v; return err }

// UnmarshalText parses a mass such as "1.36 t".
func (m *Mass) UnmarshalText(b []byte) error { v, err := ParseMass(string(b)); *m = v; return err }

// UnmarshalText parses a PUE such as "1.2".
func (p *PUE) UnmarshalText(b []byte) error { v, err := ParsePUE(string(b)); *p = v; return err }

// UnmarshalText parses a carbon intensity such as "345 g/kWh".
func (c *CarbonIntensity) UnmarshalText(b []byte) error {
	v, err := ParseCarbonIntensity(string(b))
	*c = v
	return err
}

// UnmarshalText parses a water intensity such as "0.26 L/kWh".
func (w *WaterIntensity) UnmarshalText(b []byte) error {
	v, err := ParseWaterIntensity(string(b))
	*w = v
	return err
}

// UnmarshalText parses an electricity price such as "0.066 $/kWh".
func (p *EnergyPrice) UnmarshalText(b []byte) error {
	v, err := ParseEnergyPrice(string(b))
	*p = v
	return err
}

// UnmarshalText parses a cost per power such as "$11.7M/MW".
func (c *CostPerPower) UnmarshalText(b []byte) error {
	v, err := ParseCostPerPower(string(b))
	*c = v
	return err
}

// UnmarshalText parses a storage capacity such as "10 TB".
func (s *Storage) UnmarshalText(b []byte) error {
	v, err := ParseStorage(string(b))
	*s = v
	return err
}

// UnmarshalText parses a throughput such as "2250 TFLOPS".
func (c *Compute) UnmarshalText(b []byte) error {
	v, err := ParseCompute(string(b))
	*c = v
	return err
}
