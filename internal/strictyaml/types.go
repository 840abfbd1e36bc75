package strictyaml

import (
	"encoding"
	"fmt"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
)

var (
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	nodeDecoderType     = reflect.TypeFor[NodeDecoder]()
	yamlUnmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()
	timeType            = reflect.TypeFor[time.Time]()
	durationType        = reflect.TypeFor[time.Duration]()
	nodeType            = reflect.TypeFor[yaml.Node]()
)

// fieldInfo describes one settable field of a struct as seen from YAML.
type fieldInfo struct {
	name  string
	index []int // path through inlined structs, as for reflect.Value.FieldByIndex
}

// structInfo is the YAML view of a struct type.
type structInfo struct {
	fields    []fieldInfo    // in declaration order
	byName    map[string]int // name -> index into fields
	inlineMap []int          // index of the ",inline" map field, or nil
	err       string         // why the type cannot be decoded, if it cannot
}

var structCache sync.Map // reflect.Type -> *structInfo

func getStructInfo(t reflect.Type) *structInfo {
	if v, ok := structCache.Load(t); ok {
		return v.(*structInfo)
	}
	info := &structInfo{byName: map[string]int{}}
	info.err = info.add(t, nil, map[reflect.Type]bool{})
	v, _ := structCache.LoadOrStore(t, info)
	return v.(*structInfo)
}

// add adds the fields of struct type t, reached through index prefix.
// It returns a description of the problem when the type is unusable.
func (info *structInfo) add(t reflect.Type, prefix []int, visiting map[reflect.Type]bool) string {
	if visiting[t] {
		return fmt.Sprintf("type %s is inlined into itself", t)
	}
	visiting[t] = true
	defer delete(visiting, t)

	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		inline := slices.Contains(strings.Split(opts, ","), "inline")
		index := append(slices.Clip(prefix), i)

		if inline {
			ft := f.Type
			switch {
			case ft.Kind() == reflect.Struct:
				if msg := info.add(ft, index, visiting); msg != "" {
					return msg
				}
			case ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct:
				if !f.IsExported() {
					return fmt.Sprintf("field %s is an unexported pointer and cannot be inlined", f.Name)
				}
				if msg := info.add(ft.Elem(), index, visiting); msg != "" {
					return msg
				}
			case ft.Kind() == reflect.Map && ft.Key().Kind() == reflect.String:
				if !f.IsExported() {
					return fmt.Sprintf("field %s is an unexported map and cannot be inlined", f.Name)
				}
				if info.inlineMap != nil {
					return "more than one map is inlined"
				}
				info.inlineMap = index
			default:
				return fmt.Sprintf("field %s has option ,inline but is neither a struct nor a map with string keys", f.Name)
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		if _, dup := info.byName[name]; dup {
			return fmt.Sprintf("YAML field name %q is used by more than one Go field", name)
		}
		info.byName[name] = len(info.fields)
		info.fields = append(info.fields, fieldInfo{name: name, index: index})
	}
	return ""
}

func (info *structInfo) names() []string {
	out := make([]string, len(info.fields))
	for i, f := range info.fields {
		out[i] = f.name
	}
	return out
}

// fieldByIndex returns the field at index, allocating nil pointers to
// inlined structs on the way. ok is false when the field cannot be set.
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					return reflect.Value{}, false
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, v.CanSet()
}

// hasCustomDecoder reports whether values of type t (through a pointer)
// decode themselves.
func hasCustomDecoder(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return pt.Implements(nodeDecoderType) || pt.Implements(yamlUnmarshalerType) || pt.Implements(textUnmarshalerType)
}

// expected describes what a YAML value for type t must look like, with
// an article: "a list", "an integer".
func expected(t reflect.Type) string {
	switch t {
	case timeType:
		return `a time such as "2025-01-31T12:00:00Z" or a date such as "2025-01-31"`
	case durationType:
		return `a duration such as "90s" or "1h30m"`
	case nodeType:
		return "a value"
	}
	if t.Kind() != reflect.Pointer && hasCustomDecoder(t) {
		return "a single value"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return expected(t.Elem())
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean (true or false)"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice:
		return "a list"
	case reflect.Array:
		return "a list of " + plural(t.Len(), "element")
	case reflect.Map, reflect.Struct:
		return "a mapping"
	}
	return "a value"
}

// expectedMapping describes the mapping a struct type wants, listing its
// fields when there are few enough.
func expectedMapping(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || hasCustomDecoder(t) {
		return expected(t)
	}
	info := getStructInfo(t)
	names := info.names()
	switch {
	case info.err != "" || len(names) == 0 || len(names) > maxListedFields:
		return "a mapping"
	case len(names) == 1:
		return "a mapping with field " + quoteList(names)
	default:
		return "a mapping with fields " + quoteList(names)
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// intRange returns the smallest and largest value of an integer kind.
func intRange(t reflect.Type) (lo, hi *big.Int) {
	bits := uint(t.Bits())
	one := big.NewInt(1)
	switch t.Kind() {
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		hi = new(big.Int).Lsh(one, bits)
		return big.NewInt(0), hi.Sub(hi, one)
	default:
		hi = new(big.Int).Lsh(one, bits-1)
		lo = new(big.Int).Neg(hi)
		return lo, hi.Sub(hi, one)
	}
}
