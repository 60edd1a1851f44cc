package api

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/manifest"
	"github.com/okg-console/okg-console/backend/internal/write"
)

// manifestHandler creates GameServerSets from a form or YAML, serves objects as
// YAML, and replaces a set from edited YAML. Everything runs as the caller.
type manifestHandler struct {
	writer   *write.Writer
	reviewer *auth.Reviewer
}

// create: POST namespaces/{ns}/gameserversets[?dryRun=true]
// Body: a form (JSON), a GameServerSet as YAML (Content-Type application/yaml)
// or JSON, or {"yaml": "..."}.
func (h *manifestHandler) create(c *gin.Context) {
	id, dryRun, ok := writeRequest(c)
	if !ok {
		return
	}
	obj, err := objectFromBody(c, true)
	if err != nil {
		writeError(c, err)
		return
	}
	res, err := manifest.Create(c.Request.Context(), h.writer, actorOf(c, h.reviewer, id), c.Param("namespace"), obj, dryRun)
	if err != nil {
		writeError(c, err)
		return
	}
	code := http.StatusCreated
	if res.DryRun {
		code = http.StatusOK
	}
	c.JSON(code, res.Object.Object)
}

// replace: PUT namespaces/{ns}/gameserversets/{name}/yaml[?dryRun=true]
// Body: the edited YAML (application/yaml) or {"yaml": "..."}.
func (h *manifestHandler) replace(c *gin.Context) {
	id, dryRun, ok := writeRequest(c)
	if !ok {
		return
	}
	obj, err := objectFromBody(c, false)
	if err != nil {
		writeError(c, err)
		return
	}
	res, err := manifest.Replace(c.Request.Context(), h.writer, actorOf(c, h.reviewer, id), c.Param("namespace"), c.Param("name"), obj, dryRun)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, res.Object.Object)
}

// yamlOf: GET namespaces/{ns}/{gameserversets|gameservers}/{name}/yaml
func yamlOf(gvr schema.GroupVersionResource, kind string) gin.HandlerFunc {
	return func(c *gin.Context) {
		name := c.Param("name")
		obj, err := manifest.Get(c.Request.Context(), auth.FromGin(c).Clients, gvr, kind, c.Param("namespace"), name)
		if err != nil {
			writeError(c, err)
			return
		}
		out, err := manifest.ToYAML(obj, kind)
		if err != nil {
			writeError(c, err)
			return
		}
		c.Header("Content-Disposition", mime.FormatMediaType("attachment",
			map[string]string{"filename": fmt.Sprintf("%s.%s.yaml", name, gvr.Resource[:len(gvr.Resource)-1])}))
		c.Data(http.StatusOK, "application/yaml; charset=utf-8", out)
	}
}

// objectFromBody reads the object a write carries: YAML (or JSON) when the
// Content-Type says YAML; otherwise a JSON body that is {"yaml": "..."}, a
// Kubernetes object (it has apiVersion or kind), or, when forms are allowed,
// the create form. Duplicate keys are refused in every form.
func objectFromBody(c *gin.Context, formAllowed bool) (*unstructured.Unstructured, error) {
	body, mediaType, err := readBody(c, append([]string{mediaJSON}, yamlMediaTypes...)...)
	if err != nil {
		return nil, err
	}
	if mediaType != mediaJSON {
		return manifest.Parse(body)
	}
	var probe map[string]json.RawMessage
	if err := decodeStrict(body, &probe); err != nil {
		return nil, err
	}
	if raw, ok := probe["yaml"]; ok {
		if len(probe) != 1 {
			return nil, apierror.BadRequest("body", `{"yaml": "..."} takes no other fields`)
		}
		var text string
		if err := json.Unmarshal(raw, &text); err != nil {
			return nil, apierror.BadRequest("yaml", "must be a string")
		}
		return manifest.Parse([]byte(text))
	}
	_, hasAPIVersion := probe["apiVersion"]
	_, hasKind := probe["kind"]
	if hasAPIVersion || hasKind || !formAllowed {
		return manifest.Parse(body)
	}
	var f manifest.Form
	if err := decodeStrict(body, &f); err != nil {
		return nil, err
	}
	return f.Build(c.Param("namespace"))
}
