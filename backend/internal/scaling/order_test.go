package scaling

import (
	"reflect"
	"testing"
)

func TestScaleDownOrderFollowsOKG(t *testing.T) {
	members := []Member{
		{Name: "m-0", ID: 0, OpsState: "Maintaining", DeletionPriority: 100},
		{Name: "a-1", ID: 1, OpsState: "Allocated"},
		{Name: "n-2", ID: 2, OpsState: "None"},
		{Name: "n-3", ID: 3, OpsState: "None", DeletionPriority: 5},
		{Name: "n-4", ID: 4, OpsState: "None"},
		{Name: "w-5", ID: 5, OpsState: "WaitToBeDeleted"},
		{Name: "k-6", ID: 6, OpsState: "Kill"},
		{Name: "b-7", ID: 7, OpsState: "Bogus"},
		{Name: "w-8", ID: 8, OpsState: "WaitToBeDeleted", DeletionPriority: -1},
	}
	ScaleDownOrder(members)
	var got []string
	for _, m := range members {
		got = append(got, m.Name)
	}
	want := []string{"k-6", "w-5", "w-8", "n-3", "b-7", "n-4", "n-2", "a-1", "m-0"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
}
