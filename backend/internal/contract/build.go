package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/okg-console/okg-console/backend/internal/stream"
)

// errorResponses are the shared answers of failed requests, by status code; each body is a Status.
var errorResponses = map[int]struct{ name, description string }{
	400: {"BadRequest", "A parameter or the body is malformed; details.causes[].field names it."},
	401: {"Unauthorized", "No identity the console accepts (token mode without a valid bearer token)."},
	403: {"Forbidden", "The caller may not do this."},
	404: {"NotFound", "No such object."},
	409: {"Conflict", "The object changed since the version the request names."},
	415: {"UnsupportedMediaType", "The body's Content-Type is not one this path accepts."},
	422: {"Invalid", "A value is out of range or not allowed; details.causes[].field names it."},
	503: {"Unavailable", "The console's caches are still syncing; retry shortly."},
}

// Build generates the OpenAPI document of the API served under prefix
// (api.Prefix: /kapis/<group>/<version>).
func Build(prefix string) (*Document, error) {
	g := newGenerator()
	for _, e := range enums() {
		g.claim(e.Name, e.Type)
		g.schemas[e.Name] = &Schema{Type: "string", Enum: e.Values, Description: e.Description}
	}
	g.claim(kubeObjectSchema, reflect.TypeFor[unstructured.Unstructured]())
	g.schemas[kubeObjectSchema] = kubeObject()
	g.schemaOf(reflect.TypeFor[metav1.Status]())
	g.schemaOf(reflect.TypeFor[stream.Message]()) // the frames of a watch (101 answers)

	doc := &Document{
		OpenAPI: "3.0.3",
		Info: Info{Title: "okg-console API", Version: versionOf(prefix),
			Description: "The OpenKruiseGame console's REST API. Generated from the Go types by `make contract`; do not edit."},
		Servers: []Server{
			{URL: prefix, Description: "standalone, or KubeSphere's host cluster"},
			{URL: "/clusters/{cluster}" + prefix, Description: "KubeSphere, one cluster",
				Variables: map[string]ServerVariable{"cluster": {Default: "host"}}},
		},
		Paths: map[string]*PathItem{},
		Components: Components{Schemas: g.schemas, Responses: map[string]*Response{},
			SecuritySchemes: map[string]SecurityScheme{"bearer": {Type: "http", Scheme: "bearer",
				Description: "auth-mode token: the caller's Kubernetes bearer token. kubeconfig mode needs none; " +
					"kubesphere mode takes the identity ks-apiserver sets."}}},
		Limits: limits(),
	}
	for _, r := range errorResponses {
		doc.Components.Responses[r.name] = &Response{Description: r.description,
			Content: map[string]MediaType{"application/json": {Schema: ref("Status")}}}
	}
	tags := map[string]bool{}
	ids := map[string]bool{}
	for _, r := range Routes() {
		if ids[r.ID] {
			g.fail("operationId %q is used twice", r.ID)
		}
		ids[r.ID] = true
		tags[r.Tag] = true
		path := OpenAPIPath(r.Path)
		item := doc.Paths[path]
		if item == nil {
			item = &PathItem{}
			doc.Paths[path] = item
		}
		slot := item.slot(r.Method)
		if slot == nil {
			g.fail("%s %s: method not supported", r.Method, r.Path)
			continue
		}
		if *slot != nil {
			g.fail("%s %s is listed twice", r.Method, r.Path)
		}
		*slot = g.operation(r)
	}
	for t := range tags {
		doc.Tags = append(doc.Tags, Tag{Name: t})
	}
	sort.Slice(doc.Tags, func(i, j int) bool { return doc.Tags[i].Name < doc.Tags[j].Name })
	for key := range fieldRules() {
		if !g.used[key] {
			g.fail("field rule for %s %q matches no field (renamed?)", key.Type, key.JSON)
		}
	}
	if len(g.errs) > 0 {
		sort.Strings(g.errs)
		return nil, errors.New("contract: " + strings.Join(g.errs, "; "))
	}
	return doc, nil
}

func versionOf(prefix string) string {
	return prefix[strings.LastIndexByte(prefix, '/')+1:]
}

// claim reserves a component name for a Go type (nil for an enum without one).
func (g *generator) claim(name string, t reflect.Type) {
	if _, taken := g.owners[name]; taken {
		g.fail("schema name %q is claimed twice", name)
	}
	g.owners[name] = t
	if t != nil {
		g.names[t] = name
	}
}

// OpenAPIPath turns Gin's /namespaces/:namespace into OpenAPI's /namespaces/{namespace}.
func OpenAPIPath(ginPath string) string {
	segs := strings.Split(ginPath, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, ":") {
			segs[i] = "{" + s[1:] + "}"
		}
	}
	return strings.Join(segs, "/")
}

func (p *PathItem) slot(method string) **Operation {
	switch method {
	case http.MethodGet:
		return &p.Get
	case http.MethodPut:
		return &p.Put
	case http.MethodPost:
		return &p.Post
	case http.MethodDelete:
		return &p.Delete
	}
	return nil
}

func (g *generator) operation(r Route) *Operation {
	op := &Operation{OperationID: r.ID, Summary: r.Summary, Tags: []string{r.Tag}, Responses: map[string]*Response{}}
	if !r.Public {
		op.Security = []map[string][]string{{"bearer": {}}}
	}
	for _, s := range strings.Split(r.Path, "/") {
		if name, ok := strings.CutPrefix(s, ":"); ok {
			op.Parameters = append(op.Parameters, &Parameter{Name: name, In: "path", Required: true,
				Description: "A Kubernetes object name.", Schema: &Schema{Type: "string"}})
		}
	}
	op.Parameters = append(op.Parameters, r.Query...)
	if r.Watch {
		op.Parameters = append(op.Parameters, watchParams()...)
		op.Responses["101"] = &Response{Description: "With watch=true: a websocket whose text frames are StreamMessage (docs/API.md, live updates).",
			Content: map[string]MediaType{"application/json": {Schema: ref("StreamMessage")}}}
	}
	if r.Body != nil {
		op.RequestBody = g.requestBody(r.Body)
	}
	ok := &Response{Description: http.StatusText(r.OK)}
	switch {
	case r.YAML:
		ok.Content = map[string]MediaType{"application/yaml": {Schema: &Schema{Type: "string"}}}
	case r.Text:
		ok.Content = map[string]MediaType{"text/plain": {Schema: &Schema{Type: "string"}}}
	case r.Result != nil:
		ok.Content = map[string]MediaType{"application/json": {Schema: g.schemaOf(r.Result)}}
	}
	op.Responses[strconv.Itoa(r.OK)] = ok
	if r.Created {
		op.Responses["201"] = &Response{Description: "Created", Content: ok.Content}
		ok.Description += " (a dry run, or an update)"
	}
	if r.NoContent != "" {
		op.Responses["204"] = &Response{Description: r.NoContent}
	}
	for _, code := range r.Errors {
		e, known := errorResponses[code]
		if !known {
			g.fail("%s %s: no shared response for %d", r.Method, r.Path, code)
			continue
		}
		op.Responses[strconv.Itoa(code)] = &Response{Ref: "#/components/responses/" + e.name}
	}
	return op
}

func (g *generator) requestBody(b *Body) *RequestBody {
	rb := &RequestBody{Required: true, Content: map[string]MediaType{}}
	var choices []*Schema
	for _, t := range b.JSON {
		choices = append(choices, g.schemaOf(t))
	}
	if len(choices) == 1 {
		rb.Content["application/json"] = MediaType{Schema: choices[0]}
	} else {
		rb.Content["application/json"] = MediaType{Schema: &Schema{OneOf: choices}}
	}
	if b.YAML {
		rb.Content["application/yaml"] = MediaType{Schema: &Schema{Type: "string", Description: "A GameServerSet as YAML."}}
	}
	return rb
}

// Marshal writes the document as indented JSON with every object's keys sorted, so
// the same Go types always give the same bytes.
func Marshal(doc *Document) ([]byte, error) {
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(tree); err != nil {
		return nil, fmt.Errorf("contract: %w", err)
	}
	return out.Bytes(), nil
}

// JSON builds and marshals the document in one step.
func JSON(prefix string) ([]byte, error) {
	doc, err := Build(prefix)
	if err != nil {
		return nil, err
	}
	return Marshal(doc)
}

// Where the generated files live, relative to the repository root.
const (
	OpenAPIFile    = "docs/openapi.json"
	TypeScriptFile = "frontend/src/api/generated/api.ts"
)

// FileNames lists the generated files in the order they are written.
func FileNames() []string { return []string{OpenAPIFile, TypeScriptFile} }

// Files generates every file of the contract for the API under prefix.
func Files(prefix string) (map[string][]byte, error) {
	doc, err := Build(prefix)
	if err != nil {
		return nil, err
	}
	js, err := Marshal(doc)
	if err != nil {
		return nil, err
	}
	return map[string][]byte{OpenAPIFile: js, TypeScriptFile: TypeScript(doc)}, nil
}
