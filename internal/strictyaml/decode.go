package strictyaml

import (
	"bytes"
	"encoding"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"reflect"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// NodeDecoder is implemented by types that decode themselves from the raw
// YAML node. The node is never an alias and never null (null leaves the
// value at its zero value without calling DecodeYAMLNode).
//
// A returned Diagnostics (or Diagnostic) is merged into the result: each
// Path is taken as relative to the node ("" for the node itself, "unit" or
// "[1]" for parts of it), a zero Pos is replaced by the node's position and
// an empty File by the decoded file's name. Any other error becomes one
// diagnostic at the node, with the error text as its message.
type NodeDecoder interface {
	DecodeYAMLNode(n *yaml.Node) error
}

// MaxDepth is the deepest nesting of values Decode accepts. Hand-written
// files never come close; the limit keeps adversarial input cheap.
const MaxDepth = 200

// hardLimit bounds the diagnostics collected before decoding stops; only
// MaxDiagnostics of them are reported.
const hardLimit = 10 * MaxDiagnostics

// decoder holds the state of one Decode call.
type decoder struct {
	file    string
	doc     *Document // nil when decoding a detached node
	diags   Diagnostics
	active  map[*yaml.Node]int // anchored nodes being decoded (cycle detection)
	visits  int                // values visited, aliases expanded included
	depth   int                // current nesting depth
	limit   int                // maximum visits before reporting excessive aliasing
	aborted bool
}

func newDecoder(file string, doc *Document) *decoder {
	return &decoder{file: file, doc: doc, active: map[*yaml.Node]int{}}
}

// Decode parses data (named file in messages) and decodes it into out,
// which must be a non-nil pointer, normally to a struct.
//
// It reports every problem it finds, sorted, deduplicated and capped at
// MaxDiagnostics. The returned Document is never nil: it records the
// position of every path that was decoded, even when there were errors.
func Decode(file string, data []byte, out any) (*Document, Diagnostics) {
	doc := newDocument(file)
	d := newDecoder(file, doc)
	rv := reflect.ValueOf(out)
	if !rv.IsValid() || rv.Kind() != reflect.Pointer || rv.IsNil() {
		d.add(Diagnostic{File: file, Message: fmt.Sprintf("internal error: strictyaml.Decode needs a non-nil pointer, got %T", out)})
		return doc, d.diags.finish(MaxDiagnostics)
	}
	target := rv.Elem()
	root := d.parse(data, target.Type())
	if root != nil {
		d.limit = visitLimit(root)
		d.decodeTop(root, target)
	}
	return doc, d.diags.finish(MaxDiagnostics)
}

// DecodeNode strictly decodes a single node into out (a non-nil pointer).
// It is meant for NodeDecoder implementations that pick a Go type after
// looking at the node: the diagnostics it returns have paths relative to
// n and no file name, ready to be returned from DecodeYAMLNode.
func DecodeNode(n *yaml.Node, out any) Diagnostics {
	d := newDecoder("", nil)
	rv := reflect.ValueOf(out)
	if !rv.IsValid() || rv.Kind() != reflect.Pointer || rv.IsNil() {
		return Diagnostics{NodeErrorf(n, "", "internal error: strictyaml.DecodeNode needs a non-nil pointer, got %T", out)}
	}
	if n == nil {
		return nil
	}
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil
		}
		n = n.Content[0]
	}
	d.limit = visitLimit(n)
	d.decodeValue(n, rv.Elem(), "")
	return d.diags.finish(MaxDiagnostics)
}

// visitLimit bounds the work spent on a tree: every node once, plus a
// generous allowance for expanding aliases, but not the exponential
// blow-up of a "billion laughs" document.
func visitLimit(root *yaml.Node) int {
	n := 0
	stack := []*yaml.Node{root}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n++
		stack = append(stack, x.Content...)
	}
	return n + max(20000, 20*n)
}

// add records a diagnostic, stopping the decoder when there are far too many.
func (d *decoder) add(diag Diagnostic) {
	if len(d.diags) >= hardLimit {
		d.aborted = true
		return
	}
	d.diags = append(d.diags, diag)
}

func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	d.add(Diagnostic{File: d.file, Pos: nodePos(n), Path: path, Message: fmt.Sprintf(format, args...)})
}

// mismatch reports a value of the wrong kind.
func (d *decoder) mismatch(n *yaml.Node, path string, want string) {
	d.errorf(n, path, "expected %s, got %s", want, describe(n))
}

// addErr turns an error from a NodeDecoder, yaml.Unmarshaler or
// TextUnmarshaler into diagnostics at node n.
func (d *decoder) addErr(n *yaml.Node, path string, err error) {
	if ds, ok := asDiagnostics(err); ok && len(ds) > 0 {
		for _, x := range ds {
			if x.File == "" {
				x.File = d.file
			}
			if !x.Pos.IsValid() {
				x.Pos = nodePos(n)
			}
			x.Path = joinRelative(path, x.Path)
			if x.Message == "" {
				x.Message = "invalid value"
			}
			d.add(x)
		}
		return
	}
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		for _, msg := range te.Errors {
			pos := nodePos(n)
			if line, rest, ok := cutLinePrefix(msg); ok {
				msg = rest
				if line != pos.Line {
					pos = Pos{Line: line}
				}
			}
			d.add(Diagnostic{File: d.file, Pos: pos, Path: path, Message: msg})
		}
		return
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if msg == "" {
		msg = "invalid value"
	}
	d.errorf(n, path, "%s", msg)
}

// parse reads the single YAML document in data and returns its root node,
// or nil after reporting why there is nothing to decode.
func (d *decoder) parse(data []byte, t reflect.Type) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var first yaml.Node
	err := parseNext(dec, &first)
	if err == io.EOF {
		d.add(Diagnostic{File: d.file, Pos: Pos{Line: 1, Column: 1}, Message: "file is empty: expected " + expectedMapping(t)})
		return nil
	}
	if err != nil {
		d.add(syntaxError(d.file, data, err))
		return nil
	}
	var second yaml.Node
	switch err := parseNext(dec, &second); {
	case err == io.EOF:
	case err != nil:
		d.add(syntaxError(d.file, data, err))
	default:
		d.errorf(&second, "", "a second YAML document starts here; the file must contain exactly one document")
	}
	if first.Kind != yaml.DocumentNode || len(first.Content) == 0 || first.Content[0] == nil {
		d.add(Diagnostic{File: d.file, Pos: Pos{Line: 1, Column: 1}, Message: "file is empty: expected " + expectedMapping(t)})
		return nil
	}
	return first.Content[0]
}

// parseNext reads the next document, turning parser panics into errors.
func parseNext(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: internal parser error: %v", r)
		}
	}()
	return dec.Decode(n)
}

// decodeTop decodes the root node, with messages tailored to the document.
func (d *decoder) decodeTop(root *yaml.Node, v reflect.Value) {
	t := v.Type()
	base := t
	for base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	if base.Kind() == reflect.Struct && !hasCustomDecoder(base) && base != timeType {
		if root.Kind == yaml.ScalarNode && isNull(root) {
			d.doc.record("", nodePos(root))
			if root.Value == "" {
				d.add(Diagnostic{File: d.file, Pos: Pos{Line: 1, Column: 1}, Message: "file is empty: expected " + expectedMapping(t)})
			} else {
				d.errorf(root, "", "expected %s, got null", expectedMapping(t))
			}
			return
		}
		if r := derefQuiet(root); r != nil && r.Kind != yaml.MappingNode {
			d.doc.record("", nodePos(root))
			d.errorf(root, "", "expected %s, got %s", expectedMapping(t), describe(r))
			return
		}
	}
	d.decodeValue(root, v, "")
}

// visit records path's position, follows aliases, guards against cycles
// and runaway expansion, then calls f with the resolved node.
func (d *decoder) visit(n *yaml.Node, path string, f func(*yaml.Node)) {
	if d.aborted || n == nil {
		return
	}
	if d.doc != nil {
		d.doc.record(path, nodePos(n))
	}
	n = d.resolve(n, path)
	if n == nil || !d.spend(n, path) {
		return
	}
	if d.depth >= MaxDepth {
		d.errorf(n, path, "value is nested too deeply (more than %d levels)", MaxDepth)
		d.aborted = true
		return
	}
	d.depth++
	defer func() { d.depth-- }()
	if n.Anchor != "" {
		d.active[n]++
		defer func() { d.active[n]-- }()
	}
	f(n)
}

// resolve follows aliases. It reports recursive aliases and returns nil.
func (d *decoder) resolve(n *yaml.Node, path string) *yaml.Node {
	for steps := 0; n != nil && n.Kind == yaml.AliasNode; steps++ {
		target := n.Alias
		switch {
		case target == nil:
			d.errorf(n, path, "alias *%s refers to an anchor that is not defined", short(n.Value))
			return nil
		case d.active[target] > 0 || steps > 8:
			d.errorf(n, path, "recursive alias *%s: the value anchored as &%s contains itself", short(n.Value), short(n.Value))
			return nil
		}
		n = target
	}
	return n
}

// derefQuiet follows aliases without reporting anything.
func derefQuiet(n *yaml.Node) *yaml.Node {
	for steps := 0; n != nil && n.Kind == yaml.AliasNode; steps++ {
		if steps > 8 {
			return nil
		}
		n = n.Alias
	}
	return n
}

// spend counts one unit of work and stops decoding when the document
// expands to far more values than it contains.
func (d *decoder) spend(n *yaml.Node, path string) bool {
	d.visits++
	if d.visits <= d.limit {
		return true
	}
	if !d.aborted {
		d.errorf(n, path, "document contains excessive aliasing (aliases expand to more than %d values); decoding stopped", d.limit)
		d.aborted = true
	}
	return false
}

func (d *decoder) decodeValue(n *yaml.Node, v reflect.Value, path string) {
	d.visit(n, path, func(n *yaml.Node) { d.decodeInto(n, v, path) })
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// decodeInto decodes the resolved node n into v.
func (d *decoder) decodeInto(n *yaml.Node, v reflect.Value, path string) {
	if !v.CanSet() {
		d.errorf(n, path, "internal error: cannot set a value of Go type %s (unexported field?)", v.Type())
		return
	}
	if isNull(n) {
		return // null leaves the zero value (or whatever was there)
	}
	t := v.Type()
	switch t {
	case nodeType:
		v.Set(reflect.ValueOf(*n))
		return
	case timeType:
		d.decodeTime(n, v, path)
		return
	case durationType:
		d.decodeDuration(n, v, path)
		return
	}
	if t.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		d.decodeInto(n, v.Elem(), path)
		return
	}
	if v.CanAddr() && v.Addr().CanInterface() {
		switch u := v.Addr().Interface().(type) {
		case NodeDecoder:
			if err := u.DecodeYAMLNode(n); err != nil {
				d.addErr(n, path, err)
			}
			return
		case yaml.Unmarshaler:
			if err := u.UnmarshalYAML(n); err != nil {
				d.addErr(n, path, err)
			}
			return
		case encoding.TextUnmarshaler:
			if n.Kind != yaml.ScalarNode {
				d.mismatch(n, path, "a single value")
				return
			}
			if err := u.UnmarshalText([]byte(n.Value)); err != nil {
				d.addErr(n, path, err)
			}
			return
		}
	}
	switch t.Kind() {
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Map:
		d.decodeMap(n, v, path)
	case reflect.Slice:
		d.decodeSlice(n, v, path)
	case reflect.Array:
		d.decodeArray(n, v, path)
	case reflect.Interface:
		if t.NumMethod() != 0 {
			d.errorf(n, path, "internal error: cannot decode into Go interface type %s", t)
			return
		}
		if val := d.natural(n, path); val != nil {
			v.Set(reflect.ValueOf(val))
		}
	case reflect.String, reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		d.decodeScalar(n, v, path)
	default:
		d.errorf(n, path, "internal error: cannot decode into Go type %s", t)
	}
}

// entry is one key/value pair of a mapping after merge keys are expanded.
type entry struct {
	key, value *yaml.Node
	merged     bool // came from a "<<" merge key
}

func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge"
}

// entries lists the pairs of mapping n in file order, expanding "<<"
// merge keys in place. Keys written in n override merged keys, and
// earlier merged mappings override later ones.
func (d *decoder) entries(n *yaml.Node, path string) []entry {
	out := make([]entry, 0, len(n.Content)/2)
	var explicit, seen map[string]bool
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if !isMergeKey(k) {
			out = append(out, entry{key: k, value: val})
			continue
		}
		if explicit == nil {
			explicit, seen = map[string]bool{}, map[string]bool{}
			for j := 0; j+1 < len(n.Content); j += 2 {
				if kk := derefQuiet(n.Content[j]); kk != nil && kk.Kind == yaml.ScalarNode && !isMergeKey(kk) {
					explicit[kk.Value] = true
				}
			}
		}
		d.merge(val, path, explicit, seen, &out)
	}
	return out
}

// merge appends the entries of a merge key's value to out.
func (d *decoder) merge(val *yaml.Node, path string, explicit, seen map[string]bool, out *[]entry) {
	src := d.resolve(val, path)
	if src == nil {
		return
	}
	switch src.Kind {
	case yaml.MappingNode:
		d.mergeMapping(src, path, explicit, seen, out)
	case yaml.SequenceNode:
		for _, item := range src.Content {
			m := d.resolve(item, path)
			if m == nil {
				continue
			}
			if m.Kind != yaml.MappingNode {
				d.errorf(item, path, `merge key "<<" expects a mapping or a list of mappings; this element is %s`, describe(m))
				continue
			}
			d.mergeMapping(m, path, explicit, seen, out)
		}
	default:
		d.errorf(val, path, `merge key "<<" expects a mapping or a list of mappings, got %s`, describe(src))
	}
}

func (d *decoder) mergeMapping(m *yaml.Node, path string, explicit, seen map[string]bool, out *[]entry) {
	if d.aborted || !d.spend(m, path) {
		return
	}
	if d.active[m] > 0 {
		d.errorf(m, path, `merge key "<<" merges a mapping into itself`)
		return
	}
	d.active[m]++
	defer func() { d.active[m]-- }()
	for _, e := range d.entries(m, path) {
		if !d.spend(e.key, path) {
			return
		}
		if k := derefQuiet(e.key); k != nil && k.Kind == yaml.ScalarNode {
			if explicit[k.Value] || seen[k.Value] {
				continue
			}
			seen[k.Value] = true
		}
		*out = append(*out, entry{key: e.key, value: e.value, merged: true})
	}
}

// mappingKey resolves a key node and checks that it is a scalar.
func (d *decoder) mappingKey(k *yaml.Node, path string) *yaml.Node {
	key := d.resolve(k, path)
	if key == nil {
		return nil
	}
	if key.Kind != yaml.ScalarNode {
		d.errorf(key, path, "mapping keys must be single values, got %s", describe(key))
		return nil
	}
	return key
}

func (d *decoder) duplicate(key, first *yaml.Node, path string) {
	d.errorf(key, path, "duplicate key %s (first defined at line %d, column %d)", quoteShort(key.Value), first.Line, first.Column)
}

func (d *decoder) recordKey(path string, key *yaml.Node) {
	if d.doc != nil {
		d.doc.recordKey(path, nodePos(key))
	}
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	t := v.Type()
	info := getStructInfo(t)
	if info.err != "" {
		d.errorf(n, path, "internal error: cannot decode into Go type %s: %s", t, info.err)
		return
	}
	if n.Kind != yaml.MappingNode {
		d.mismatch(n, path, "a mapping")
		return
	}
	seen := map[string]*yaml.Node{}
	for _, e := range d.entries(n, path) {
		if d.aborted {
			return
		}
		key := d.mappingKey(e.key, path)
		if key == nil {
			continue
		}
		name := key.Value
		fpath := JoinField(path, name)
		if first, dup := seen[name]; dup {
			if !e.merged {
				d.duplicate(key, first, fpath)
			}
			continue
		}
		seen[name] = key
		idx, known := info.byName[name]
		if !known {
			if info.inlineMap != nil {
				d.decodeInlineMapEntry(v, info.inlineMap, key, e.value, fpath)
				continue
			}
			d.errorf(key, path, "%s", unknownFieldMessage(name, info.names()))
			continue
		}
		fv, ok := fieldByIndex(v, info.fields[idx].index)
		if !ok {
			d.errorf(key, fpath, "internal error: cannot set field %q of Go type %s", name, t)
			continue
		}
		d.recordKey(fpath, key)
		d.decodeValue(e.value, fv, fpath)
	}
}

func (d *decoder) decodeInlineMapEntry(v reflect.Value, index []int, key, value *yaml.Node, path string) {
	mv, ok := fieldByIndex(v, index)
	if !ok {
		d.errorf(key, path, "internal error: cannot set inline map of Go type %s", v.Type())
		return
	}
	if mv.IsNil() {
		mv.Set(reflect.MakeMap(mv.Type()))
	}
	d.recordKey(path, key)
	ev := reflect.New(mv.Type().Elem()).Elem()
	d.decodeValue(value, ev, path)
	mv.SetMapIndex(reflect.ValueOf(key.Value).Convert(mv.Type().Key()), ev)
}

func (d *decoder) decodeMap(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.mismatch(n, path, "a mapping")
		return
	}
	t := v.Type()
	kt, et := t.Key(), t.Elem()
	if v.IsNil() {
		v.Set(reflect.MakeMapWithSize(t, len(n.Content)/2))
	}
	plainKey := kt.Kind() == reflect.String && !hasCustomDecoder(kt)
	seen := map[any]*yaml.Node{}
	for _, e := range d.entries(n, path) {
		if d.aborted {
			return
		}
		key := d.mappingKey(e.key, path)
		if key == nil {
			continue
		}
		kpath := JoinField(path, key.Value)
		kv := reflect.New(kt).Elem()
		if plainKey {
			kv.SetString(key.Value)
		} else {
			before := len(d.diags)
			d.decodeInto(key, kv, kpath)
			if len(d.diags) != before {
				continue
			}
		}
		ck := kv.Interface()
		if !reflect.TypeOf(ck).Comparable() {
			d.errorf(key, kpath, "internal error: map key of Go type %s is not comparable", kt)
			continue
		}
		if first := seen[ck]; first != nil {
			if !e.merged {
				d.duplicate(key, first, kpath)
			}
			continue
		}
		seen[ck] = key
		d.recordKey(kpath, key)
		ev := reflect.New(et).Elem()
		d.decodeValue(e.value, ev, kpath)
		v.SetMapIndex(kv, ev)
	}
}

func (d *decoder) decodeSlice(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.SequenceNode {
		d.mismatch(n, path, "a list")
		return
	}
	sv := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		d.decodeValue(item, sv.Index(i), JoinIndex(path, i))
	}
	v.Set(sv)
}

func (d *decoder) decodeArray(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.SequenceNode {
		d.mismatch(n, path, expected(v.Type()))
		return
	}
	if len(n.Content) != v.Len() {
		d.errorf(n, path, "expected a list of %s, got %s", plural(v.Len(), "element"), plural(len(n.Content), "element"))
	}
	for i := 0; i < len(n.Content) && i < v.Len(); i++ {
		d.decodeValue(n.Content[i], v.Index(i), JoinIndex(path, i))
	}
}

// natural decodes n into plain Go values: map[string]any, []any, string,
// bool, int, int64, uint64, float64 or nil. Timestamps stay strings.
func (d *decoder) natural(n *yaml.Node, path string) any {
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		seen := map[string]*yaml.Node{}
		for _, e := range d.entries(n, path) {
			if d.aborted {
				break
			}
			key := d.mappingKey(e.key, path)
			if key == nil {
				continue
			}
			kpath := JoinField(path, key.Value)
			if first := seen[key.Value]; first != nil {
				if !e.merged {
					d.duplicate(key, first, kpath)
				}
				continue
			}
			seen[key.Value] = key
			d.recordKey(kpath, key)
			m[key.Value] = d.naturalValue(e.value, kpath)
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, item := range n.Content {
			s[i] = d.naturalValue(item, JoinIndex(path, i))
		}
		return s
	case yaml.ScalarNode:
		val, err := scalarValue(n)
		if err != nil {
			d.errorf(n, path, "invalid value: %s", err)
			return nil
		}
		if _, ok := val.(time.Time); ok {
			return n.Value
		}
		return val
	}
	d.errorf(n, path, "internal error: unexpected YAML node kind %d", n.Kind)
	return nil
}

func (d *decoder) naturalValue(n *yaml.Node, path string) any {
	var out any
	d.visit(n, path, func(n *yaml.Node) { out = d.natural(n, path) })
	return out
}

// scalarValue resolves a scalar the way yaml v3 does, honouring explicit
// tags: nil, bool, int, int64, uint64, float64, string or time.Time.
func scalarValue(n *yaml.Node) (val any, err error) {
	defer func() {
		if r := recover(); r != nil {
			val, err = nil, fmt.Errorf("%v", r)
		}
	}()
	if err := n.Decode(&val); err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), "yaml: "))
	}
	return val, nil
}

// describe names what a node is, for "got ..." in messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	val, err := scalarValue(n)
	if err != nil {
		return "value " + quoteShort(n.Value)
	}
	switch val.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean " + oneLine(n.Value)
	case int, int64, uint64:
		return "integer " + oneLine(n.Value)
	case float64:
		return "number " + oneLine(n.Value)
	case time.Time:
		return "timestamp " + oneLine(n.Value)
	}
	return "string " + quoteShort(n.Value)
}

func (d *decoder) decodeScalar(n *yaml.Node, v reflect.Value, path string) {
	t := v.Type()
	if n.Kind != yaml.ScalarNode {
		d.mismatch(n, path, expected(t))
		return
	}
	val, err := scalarValue(n)
	if err != nil {
		d.errorf(n, path, "invalid value: %s", err)
		return
	}
	switch t.Kind() {
	case reflect.String:
		// Any scalar is accepted as written: "1.10" stays "1.10".
		s := n.Value
		if n.ShortTag() == "!!binary" {
			if b, ok := val.(string); ok {
				s = b
			}
		}
		v.SetString(s)
	case reflect.Bool:
		b, ok := val.(bool)
		if !ok {
			d.mismatch(n, path, expected(t))
			return
		}
		v.SetBool(b)
	case reflect.Float32, reflect.Float64:
		var f float64
		switch x := val.(type) {
		case int:
			f = float64(x)
		case int64:
			f = float64(x)
		case uint64:
			f = float64(x)
		case float64:
			f = x
		default:
			d.mismatch(n, path, expected(t))
			return
		}
		if t.Kind() == reflect.Float32 && !math.IsInf(f, 0) && math.Abs(f) > math.MaxFloat32 {
			d.errorf(n, path, "expected a number between %g and %g, got %s", -math.MaxFloat32, math.MaxFloat32, oneLine(n.Value))
			return
		}
		v.SetFloat(f)
	default:
		d.decodeInt(n, v, path, val)
	}
}

func (d *decoder) decodeInt(n *yaml.Node, v reflect.Value, path string, val any) {
	t := v.Type()
	var x big.Int
	switch y := val.(type) {
	case int:
		x.SetInt64(int64(y))
	case int64:
		x.SetInt64(y)
	case uint64:
		x.SetUint64(y)
	case float64:
		if math.IsNaN(y) || math.IsInf(y, 0) || y != math.Trunc(y) {
			d.mismatch(n, path, expected(t))
			return
		}
		new(big.Float).SetFloat64(y).Int(&x)
	default:
		d.mismatch(n, path, expected(t))
		return
	}
	lo, hi := intRange(t)
	if x.Cmp(lo) < 0 || x.Cmp(hi) > 0 {
		d.errorf(n, path, "expected an integer between %s and %s, got %s", lo, hi, oneLine(n.Value))
		return
	}
	if lo.Sign() < 0 {
		v.SetInt(x.Int64())
	} else {
		v.SetUint(x.Uint64())
	}
}

// timeLayouts are the accepted spellings of a time.Time, tried in order.
// Layouts without a zone are read as UTC.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	time.DateOnly,
}

// scalar returns the resolved value of a scalar node, or reports that a
// value of type t was expected (or that the scalar is invalid).
func (d *decoder) scalar(n *yaml.Node, path string, t reflect.Type) (any, bool) {
	if n.Kind != yaml.ScalarNode {
		d.mismatch(n, path, expected(t))
		return nil, false
	}
	val, err := scalarValue(n)
	if err != nil {
		d.errorf(n, path, "invalid value: %s", err)
		return nil, false
	}
	return val, true
}

func (d *decoder) decodeTime(n *yaml.Node, v reflect.Value, path string) {
	val, ok := d.scalar(n, path, timeType)
	if !ok {
		return
	}
	switch x := val.(type) {
	case time.Time:
		v.Set(reflect.ValueOf(x))
		return
	case string:
		for _, layout := range timeLayouts {
			if tm, err := time.Parse(layout, strings.TrimSpace(x)); err == nil {
				v.Set(reflect.ValueOf(tm))
				return
			}
		}
	}
	d.mismatch(n, path, expected(timeType))
}

func (d *decoder) decodeDuration(n *yaml.Node, v reflect.Value, path string) {
	val, ok := d.scalar(n, path, durationType)
	if !ok {
		return
	}
	switch x := val.(type) {
	case string:
		if dur, err := time.ParseDuration(strings.TrimSpace(x)); err == nil {
			v.SetInt(int64(dur))
			return
		}
	case int:
		if x == 0 {
			v.SetInt(0)
			return
		}
		d.errorf(n, path, "expected %s, got %s (add a unit such as \"s\", \"m\" or \"h\")", expected(durationType), describe(n))
		return
	}
	d.mismatch(n, path, expected(durationType))
}
