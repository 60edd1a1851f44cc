package contract

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/okg-console/okg-console/backend/internal/ops"
)

type inner struct {
	N int32 `json:"n"`
}

type embedded struct {
	Shared string `json:"shared"`
}

type selfEncoding struct{}

func (selfEncoding) MarshalJSON() ([]byte, error) { return []byte(`"x"`), nil }

func TestSchemaOfFollowsEncodingJSON(t *testing.T) {
	cases := []struct {
		name string
		typ  reflect.Type
		want string
	}{
		{"a tagged field is required", reflect.TypeFor[struct {
			A string `json:"a"`
		}](), `{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}`},
		{"omitempty makes it optional", reflect.TypeFor[struct {
			A string `json:"a,omitempty"`
		}](), `{"type":"object","properties":{"a":{"type":"string"}}}`},
		{"omitempty on a struct does not (encoding/json writes it)", reflect.TypeFor[struct {
			I inner `json:"i,omitempty"`
		}](), `{"type":"object","properties":{"i":{"$ref":"#/components/schemas/inner"}},"required":["i"]}`},
		{"omitzero makes a struct optional", reflect.TypeFor[struct {
			I inner `json:"i,omitzero"`
		}](), `{"type":"object","properties":{"i":{"$ref":"#/components/schemas/inner"}}}`},
		{"a pointer without omitempty is nullable", reflect.TypeFor[struct {
			P *int64 `json:"p"`
		}](), `{"type":"object","properties":{"p":{"type":"integer","format":"int64","nullable":true}},"required":["p"]}`},
		{"a nullable reference is wrapped in allOf", reflect.TypeFor[struct {
			P *inner `json:"p"`
		}](), `{"type":"object","properties":{"p":{"nullable":true,"allOf":[{"$ref":"#/components/schemas/inner"}]}},"required":["p"]}`},
		{"slices and maps are answered as [] and {}", reflect.TypeFor[struct {
			L []string       `json:"l"`
			M map[string]int `json:"m"`
		}](), `{"type":"object","properties":{"l":{"type":"array","items":{"type":"string"}},"m":{"type":"object","additionalProperties":{"type":"integer","format":"int64"}}},"required":["l","m"]}`},
		{"embedded structs are flattened, the outer field wins", reflect.TypeFor[struct {
			embedded
			Shared int32  `json:"shared"`
			Skip   string `json:"-"`
			hidden string
		}](), `{"type":"object","properties":{"shared":{"type":"integer","format":"int32"}},"required":["shared"]}`},
		{"an untagged field keeps its Go name", reflect.TypeFor[struct{ Name string }](),
			`{"type":"object","properties":{"Name":{"type":"string"}},"required":["Name"]}`},
		{"time, IntOrString and any", reflect.TypeFor[struct {
			T time.Time          `json:"t"`
			I intstr.IntOrString `json:"i"`
			A any                `json:"a"`
		}](), `{"type":"object","properties":{"a":{},"i":{"oneOf":[{"type":"integer"},{"type":"string"}],"x-kubernetes-int-or-string":true},"t":{"type":"string","format":"date-time"}},"required":["a","i","t"]}`},
		{"a typed string with constants is its enum", reflect.TypeFor[struct {
			Op ops.OperationType `json:"op"`
		}](), `{"type":"object","properties":{"op":{"$ref":"#/components/schemas/OperationType"}},"required":["op"]}`},
		{"bytes are base64 text", reflect.TypeFor[[]byte](), `{"type":"string","format":"byte"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := newGenerator()
			got, err := json.Marshal(g.schemaOf(c.typ))
			if err != nil {
				t.Fatal(err)
			}
			if len(g.errs) > 0 {
				t.Fatalf("errors: %v", g.errs)
			}
			if !jsonEqual(t, got, []byte(c.want)) {
				t.Errorf("schema\n got %s\nwant %s", got, c.want)
			}
		})
	}
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(x, y)
}

func TestSchemaOfRefusesWhatItCannotDescribe(t *testing.T) {
	cases := []struct {
		name string
		typ  reflect.Type
		want string
	}{
		{"a type that writes its own JSON", reflect.TypeFor[selfEncoding](), "encodes itself"},
		{"a map with non-string keys", reflect.TypeFor[map[int]string](), "keys must be strings"},
		{"a channel", reflect.TypeFor[chan int](), "no JSON schema"},
		{"a generic type without a name", reflect.TypeFor[struct {
			L holder[int] `json:"l"`
		}](), "needs a schema name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := newGenerator()
			g.schemaOf(c.typ)
			if len(g.errs) != 1 || !strings.Contains(g.errs[0], c.want) {
				t.Errorf("errors %v, want one containing %q", g.errs, c.want)
			}
		})
	}
}

type holder[T any] struct {
	V T `json:"v"`
}

func TestComponentNamesAreUnique(t *testing.T) {
	type Form struct {
		A string `json:"a"`
	}
	g := newGenerator()
	g.schemaOf(reflect.TypeFor[Form]())
	g.schemaOf(reflect.TypeFor[struct {
		F inner `json:"f"`
	}]())
	if len(g.errs) != 0 {
		t.Fatalf("unexpected errors: %v", g.errs)
	}
	// Another type of the same name must not overwrite the first.
	type inner struct{}
	g.schemaOf(reflect.TypeFor[inner]())
	if len(g.errs) != 1 || !strings.Contains(g.errs[0], `"inner" is used by both`) {
		t.Errorf("errors %v, want a name clash", g.errs)
	}
}

func TestFieldRules(t *testing.T) {
	g := newGenerator()
	g.rules = map[fieldKey]fieldRule{
		{qualified(reflect.TypeFor[ruled]()), "n"}:     {Min: int64p(1), Max: int64p(9)},
		{qualified(reflect.TypeFor[ruled]()), "names"}: {MaxItems: int64p(3)},
		{qualified(reflect.TypeFor[ruled]()), "state"}: {Ref: "OpsState"},
		{qualified(reflect.TypeFor[ruled]()), "list"}:  {Ref: "OpsState", Optional: true},
		{qualified(reflect.TypeFor[ruled]()), "m"}:     {Nullable: true},
	}
	g.schemaOf(reflect.TypeFor[ruled]())
	got, _ := json.Marshal(g.schemas["ruled"].Properties)
	want := `{"list":{"type":"array","items":{"$ref":"#/components/schemas/OpsState"}},
		"m":{"type":"object","additionalProperties":{"type":"string"},"nullable":true},
		"n":{"type":"integer","format":"int32","minimum":1,"maximum":9},
		"names":{"type":"array","items":{"type":"string"},"maxItems":3},
		"state":{"$ref":"#/components/schemas/OpsState"}}`
	if !jsonEqual(t, got, []byte(want)) {
		t.Errorf("properties\n got %s\nwant %s", got, want)
	}
	if req := strings.Join(g.schemas["ruled"].Required, ","); req != "m,n,names,state" {
		t.Errorf("required = %s, want m,n,names,state (list made optional)", req)
	}
}

type ruled struct {
	N     int32             `json:"n"`
	Names []string          `json:"names"`
	State string            `json:"state"`
	List  []string          `json:"list"`
	M     map[string]string `json:"m"`
}
