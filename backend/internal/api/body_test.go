package api

import (
	"errors"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/okg-console/okg-console/backend/internal/ops"
	"github.com/okg-console/okg-console/backend/internal/scaling"
)

func TestDecodeStrictNamesTheField(t *testing.T) {
	cases := []struct {
		name  string
		body  string
		into  func() any
		field string
	}{
		{"duplicate nested key", `{"operation":{"type":"opsState","opsState":"Bogus","opsState":"Maintaining"}}`, func() any { return &ops.Request{} }, "operation.opsState"},
		{"duplicate top-level key", `{"replicas":3,"replicas":2}`, func() any { return &scaling.ScaleRequest{} }, "replicas"},
		{"duplicate key in a map", `{"targets":{"filter":{"state":"Ready","state":"Crash"}},"operation":{"type":"kill"}}`, func() any { return &ops.Request{} }, "targets.filter.state"},
		{"unknown field", `{"operation":{"type":"kill"},"forse":true}`, func() any { return &ops.Request{} }, "forse"},
		{"number as a string", `{"operation":{"type":"updatePriority","priority":"10"}}`, func() any { return &ops.Request{} }, "operation.priority"},
		{"string as a number", `{"replicas":"3"}`, func() any { return &scaling.ScaleRequest{} }, "replicas"},
		{"fraction into an integer", `{"operation":{"type":"updatePriority","priority":1.5}}`, func() any { return &ops.Request{} }, "operation.priority"},
		{"list instead of a string", `{"targets":{"names":"alpha-0"},"operation":{"type":"kill"}}`, func() any { return &ops.Request{} }, "targets.names"},
		{"trailing data", `{"replicas":3} {"replicas":4}`, func() any { return &scaling.ScaleRequest{} }, "body"},
		{"trailing garbage", `{"replicas":3}x`, func() any { return &scaling.ScaleRequest{} }, "body"},
		{"empty body", ``, func() any { return &scaling.ScaleRequest{} }, "body"},
		{"case-mismatched key", `{"Replicas":3}`, func() any { return &scaling.ScaleRequest{} }, "Replicas"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := decodeStrict([]byte(tc.body), tc.into())
			var se *apierrors.StatusError
			if !errors.As(err, &se) || se.ErrStatus.Code != 400 {
				t.Fatalf("want a 400 Status, got %v", err)
			}
			if d := se.ErrStatus.Details; d == nil || len(d.Causes) == 0 || d.Causes[0].Field != tc.field {
				t.Fatalf("want field %q, got %+v (%s)", tc.field, se.ErrStatus.Details, se.ErrStatus.Message)
			}
		})
	}
	var ok scaling.ScaleRequest
	if err := decodeStrict([]byte(`{"replicas":3,"dryRun":true}`), &ok); err != nil || ok.Replicas == nil || *ok.Replicas != 3 || !ok.DryRun {
		t.Fatalf("a valid body: %v %+v", err, ok)
	}
}
