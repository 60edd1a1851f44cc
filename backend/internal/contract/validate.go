package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// CheckResponse validates a JSON answer of the operation at method and path (an
// OpenAPI path such as /namespaces/{namespace}/gameservers) with status code
// against the document: types, required and null values, enums and bounds. It is
// how tests hold real answers to the contract; the problems are returned sorted.
func (d *Document) CheckResponse(method, path string, code int, body []byte) []string {
	item := d.Paths[path]
	if item == nil {
		return []string{"no path " + path}
	}
	op := *item.slot(method)
	if op == nil {
		return []string{"no " + method + " on " + path}
	}
	resp := op.Responses[strconv.Itoa(code)]
	if resp == nil {
		return []string{fmt.Sprintf("%s %s does not document status %d", method, path, code)}
	}
	if resp.Ref != "" {
		resp = d.Components.Responses[strings.TrimPrefix(resp.Ref, "#/components/responses/")]
	}
	media, ok := resp.Content["application/json"]
	if !ok {
		return []string{fmt.Sprintf("%s %s %d has no JSON body", method, path, code)}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	var problems []string
	d.check(media.Schema, v, "$", &problems)
	sort.Strings(problems)
	return problems
}

// check appends what is wrong with v at location at.
func (d *Document) check(s *Schema, v any, at string, problems *[]string) {
	bad := func(format string, args ...any) { *problems = append(*problems, at+": "+fmt.Sprintf(format, args...)) }
	if s.Ref != "" {
		target := d.Components.Schemas[strings.TrimPrefix(s.Ref, refPrefix)]
		if target == nil {
			bad("unresolved %s", s.Ref)
			return
		}
		d.check(target, v, at, problems)
		return
	}
	if v == nil {
		if !s.Nullable && !(s.Type == "" && s.Ref == "" && s.OneOf == nil && s.AllOf == nil) {
			bad("null, but the schema does not allow null")
		}
		return
	}
	for _, sub := range s.AllOf {
		d.check(sub, v, at, problems)
	}
	if s.OneOf != nil {
		matched := 0
		for _, sub := range s.OneOf {
			var p []string
			d.check(sub, v, at, &p)
			if len(p) == 0 {
				matched++
			}
		}
		if matched != 1 {
			bad("matches %d of the oneOf choices, not exactly one", matched)
		}
	}
	switch s.Type {
	case "string":
		str, ok := v.(string)
		if !ok {
			bad("want a string, got %T", v)
		} else if s.Enum != nil && !slices.Contains(s.Enum, str) {
			bad("%q is not one of %v", str, s.Enum)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			bad("want a boolean, got %T", v)
		}
	case "integer", "number":
		d.checkNumber(s, v, bad)
	case "array":
		items, ok := v.([]any)
		if !ok {
			bad("want an array, got %T", v)
			return
		}
		if s.MaxItems != nil && int64(len(items)) > *s.MaxItems {
			bad("%d items, more than %d", len(items), *s.MaxItems)
		}
		for i, it := range items {
			d.check(s.Items, it, fmt.Sprintf("%s[%d]", at, i), problems)
		}
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			bad("want an object, got %T", v)
			return
		}
		for _, r := range s.Required {
			if _, present := obj[r]; !present {
				bad("missing required %q", r)
			}
		}
		for k, val := range obj {
			if p, known := s.Properties[k]; known {
				d.check(p, val, at+"."+k, problems)
			} else if s.AdditionalProperties != nil {
				d.check(s.AdditionalProperties, val, at+"."+k, problems)
			} else if s.Properties != nil {
				bad("%q is not in the schema", k)
			}
		}
	}
}

func (d *Document) checkNumber(s *Schema, v any, bad func(string, ...any)) {
	n, ok := v.(json.Number)
	if !ok {
		bad("want a number, got %T", v)
		return
	}
	f, err := n.Float64()
	if err != nil {
		bad("%s is not a number", n)
		return
	}
	if s.Type == "integer" && f != math.Trunc(f) {
		bad("%s is not a whole number", n)
	}
	if s.Minimum != nil && f < float64(*s.Minimum) {
		bad("%s is below %d", n, *s.Minimum)
	}
	if s.Maximum != nil && f > float64(*s.Maximum) {
		bad("%s is above %d", n, *s.Maximum)
	}
}
