package contract

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// generator turns Go types into component schemas, following encoding/json's rules:
// json tags name fields, omitempty and omitzero make them optional, embedded structs
// without a tag are flattened, and a nil pointer, slice or map is written as null.
type generator struct {
	schemas  map[string]*Schema
	names    map[reflect.Type]string // component name given to each Go type
	owners   map[string]reflect.Type // which Go type owns each component name
	building map[reflect.Type]bool
	rules    map[fieldKey]fieldRule
	used     map[fieldKey]bool
	errs     []string
}

func newGenerator() *generator {
	g := &generator{schemas: map[string]*Schema{}, names: map[reflect.Type]string{}, owners: map[string]reflect.Type{},
		building: map[reflect.Type]bool{}, rules: fieldRules(), used: map[fieldKey]bool{}}
	for k, r := range looseRules() {
		g.rules[k] = r
	}
	return g
}

func (g *generator) fail(format string, args ...any) {
	g.errs = append(g.errs, fmt.Sprintf(format, args...))
}

// fieldKey names one JSON field of one Go struct type (by import path and name).
type fieldKey struct {
	Type string
	JSON string
}

func qualified(t reflect.Type) string { return t.PkgPath() + "." + t.Name() }

// fieldRule narrows a field beyond what its Go type says: an enum or a component
// the field's values must be, and bounds the server enforces.
type fieldRule struct {
	Ref      string // component name (an enum, or KubeObject for a raw object)
	Min, Max *int64
	MaxItems *int64
	// Optional: clients may leave the field out although Go always writes it.
	Optional bool
	// Nullable: a slice or map the server may answer as null.
	Nullable bool
}

var (
	marshalerType       = reflect.TypeFor[json.Marshaler]()
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textMarshalerType   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

func encodesItself(t reflect.Type) bool {
	for _, i := range []reflect.Type{marshalerType, unmarshalerType, textMarshalerType, textUnmarshalerType} {
		if t.Implements(i) || reflect.PointerTo(t).Implements(i) {
			return true
		}
	}
	return false
}

// component returns a reference to the named schema of t, generating it once.
func (g *generator) component(t reflect.Type) *Schema {
	name := g.nameOf(t)
	if _, done := g.names[t]; done || g.building[t] {
		return ref(name)
	}
	if prev, taken := g.owners[name]; taken && prev != t {
		g.fail("schema name %q is used by both %s and %s; add one of them to typeNames", name, prev, t)
	}
	g.owners[name] = t
	g.building[t] = true
	s := g.structSchema(t)
	s.GoType = qualified(t)
	g.schemas[name] = s
	g.names[t] = name
	delete(g.building, t)
	return ref(name)
}

func (g *generator) nameOf(t reflect.Type) string {
	if n, ok := typeNames[t]; ok {
		return n
	}
	if n, ok := qualifiedNames[qualified(t)]; ok {
		return n
	}
	if n := t.Name(); n != "" && !strings.ContainsAny(n, "[]") {
		return n
	}
	g.fail("%s needs a schema name in typeNames", t)
	return "Invalid"
}

// schemaOf is the schema of a value of type t (not yet made nullable).
func (g *generator) schemaOf(t reflect.Type) *Schema {
	if s, ok := special(t); ok {
		return s
	}
	if name, ok := enumTypes[t]; ok {
		return ref(name)
	}
	if name, ok := opaqueTypes[t]; ok {
		return ref(name)
	}
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface && encodesItself(t) {
		g.fail("%s encodes itself to JSON; give it a rule in special()", t)
	}
	switch t.Kind() {
	case reflect.Pointer:
		return g.schemaOf(t.Elem())
	case reflect.Bool:
		return &Schema{Type: "boolean"}
	case reflect.Int8, reflect.Int16, reflect.Int32:
		return &Schema{Type: "integer", Format: "int32"}
	case reflect.Int, reflect.Int64:
		return &Schema{Type: "integer", Format: "int64"}
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint, reflect.Uint64:
		return &Schema{Type: "integer", Minimum: int64p(0)}
	case reflect.Float32:
		return &Schema{Type: "number", Format: "float"}
	case reflect.Float64:
		return &Schema{Type: "number", Format: "double"}
	case reflect.String:
		return &Schema{Type: "string"}
	case reflect.Interface:
		return &Schema{} // any JSON value
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return &Schema{Type: "string", Format: "byte"}
		}
		return &Schema{Type: "array", Items: g.schemaOf(t.Elem())}
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			g.fail("%s: JSON object keys must be strings", t)
		}
		return &Schema{Type: "object", AdditionalProperties: g.schemaOf(t.Elem())}
	case reflect.Struct:
		if t.Name() == "" {
			return g.structSchema(t)
		}
		if isKubernetesObject(t) {
			return ref(kubeObjectSchema)
		}
		return g.component(t)
	}
	g.fail("%s: no JSON schema for kind %s", t, t.Kind())
	return &Schema{}
}

// isKubernetesObject: a whole API object (it has ObjectMeta) is described once as
// KubeObject rather than by its hundreds of nested types; the console passes it through.
func isKubernetesObject(t reflect.Type) bool {
	f, ok := t.FieldByName("ObjectMeta")
	return ok && f.Anonymous
}

// field is one JSON property of a struct.
type field struct {
	json     string
	typ      reflect.Type
	optional bool
	depth    int
}

// jsonFields lists a struct's JSON properties as encoding/json writes them.
func jsonFields(t reflect.Type, depth int) []field {
	var out []field
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous && name == "" {
			inner := ft
			if inner.Kind() == reflect.Pointer {
				inner = inner.Elem()
			}
			if inner.Kind() == reflect.Struct {
				out = append(out, jsonFields(inner, depth+1)...)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, field{json: name, typ: ft, optional: omitted(ft, opts), depth: depth})
	}
	return out
}

// omitted reports whether a field with these tag options can be left out: omitzero
// always can; omitempty can for every kind but a struct, which encoding/json always writes.
func omitted(t reflect.Type, opts string) bool {
	for _, o := range strings.Split(opts, ",") {
		switch o {
		case "omitzero":
			return true
		case "omitempty":
			return t.Kind() != reflect.Struct
		}
	}
	return false
}

func (g *generator) structSchema(t reflect.Type) *Schema {
	s := &Schema{Type: "object", Properties: map[string]*Schema{}}
	fields := jsonFields(t, 0)
	// The shallowest field of a name wins, as in encoding/json.
	sort.SliceStable(fields, func(i, j int) bool { return fields[i].depth < fields[j].depth })
	for _, f := range fields {
		if _, dup := s.Properties[f.json]; dup {
			continue
		}
		p, optional := g.fieldSchema(t, f)
		s.Properties[f.json] = p
		if !optional {
			s.Required = append(s.Required, f.json)
		}
	}
	sort.Strings(s.Required)
	return s
}

func (g *generator) fieldSchema(owner reflect.Type, f field) (*Schema, bool) {
	key := fieldKey{qualified(owner), f.json}
	rule, hasRule := g.rules[key]
	var p *Schema
	if hasRule {
		g.used[key] = true
		p = g.applyRule(f.typ, rule)
	} else {
		p = g.schemaOf(f.typ)
	}
	if rule.Optional {
		f.optional = true
	}
	if !f.optional && (nullable(f.typ) || rule.Nullable) {
		p = makeNullable(p)
	}
	return p, f.optional
}

// applyRule builds a field's schema with its rule: a Ref replaces the value's schema
// (of each item, for a list), bounds are added.
func (g *generator) applyRule(t reflect.Type, r fieldRule) *Schema {
	base := t
	if base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	var p *Schema
	switch {
	case r.Ref != "" && base.Kind() == reflect.Slice:
		p = &Schema{Type: "array", Items: ref(r.Ref)}
	case r.Ref != "":
		p = ref(r.Ref)
	default:
		p = g.schemaOf(t)
	}
	if r.Min != nil || r.Max != nil {
		if p.Type != "integer" && p.Type != "number" {
			g.fail("%s: minimum/maximum on a non-number", t)
		}
		p.Minimum, p.Maximum = r.Min, r.Max
	}
	if r.MaxItems != nil {
		if p.Type != "array" {
			g.fail("%s: maxItems on a non-list", t)
		}
		p.MaxItems = r.MaxItems
	}
	return p
}

// nullable: a nil pointer is the API's way to say "none". A nil slice or map would
// be null too, but the API's convention is to answer [] and {} (the handlers build
// them so); contract_test checks real answers against that, and a field that may
// really be null says so with a fieldRule.
func nullable(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface:
		return true
	}
	return alwaysNullable[t]
}

// makeNullable allows null; a $ref cannot carry siblings in OpenAPI 3.0, so it is wrapped.
func makeNullable(s *Schema) *Schema {
	if s.Type == "" && s.Ref == "" && s.OneOf == nil && s.AllOf == nil {
		return s // any value, null included
	}
	if s.Ref != "" {
		return &Schema{Nullable: true, AllOf: []*Schema{s}}
	}
	c := *s
	c.Nullable = true
	return &c
}
