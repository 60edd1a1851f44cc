// Package warning is how previews tell the user about consequences they may not
// want: a stable code a UI translates (en, zh), the object it concerns, the
// values to put in the sentence, and an English message for API users.
package warning

import "fmt"

// Code names a kind of warning; codes are part of the API (docs/API.md).
type Code string

// Codes of the scaling and autoscaling previews.
const (
	// AllocatedRemoved: the preview removes or deletes an Allocated server.
	AllocatedRemoved Code = "AllocatedRemoved"
	// MaintainingRemoved: the preview removes a Maintaining server.
	MaintainingRemoved Code = "MaintainingRemoved"
	// ChosenServerStays: a server chosen for removal stays, because OKG removes
	// Kill and WaitToBeDeleted servers first.
	ChosenServerStays Code = "ChosenServerStays"
	// ReservedIDsSkipped: new servers skip the reserved ids (Params["ids"]).
	ReservedIDsSkipped Code = "ReservedIDsSkipped"
	// ScaledObjectNameMismatch: OKG's external scaler finds the set by the
	// ScaledObject's name (Params["expected"]), which differs.
	ScaledObjectNameMismatch Code = "ScaledObjectNameMismatch"
	// NoScalerAddress: the external trigger has no scalerAddress.
	NoScalerAddress Code = "NoScalerAddress"
)

// Warning is one warning of a preview.
type Warning struct {
	Code Code `json:"code"`
	// Name is the object the warning is about, when there is one.
	Name   string            `json:"name,omitempty"`
	Params map[string]string `json:"params,omitempty"`
	// Message says the same in English.
	Message string `json:"message"`
}

// AllocatedServer warns that removing server disconnects its players.
func AllocatedServer(server string) Warning {
	return Warning{Code: AllocatedRemoved, Name: server, Message: server + " is Allocated: players on it will be disconnected"}
}

// MaintainingServer warns that a server under maintenance will be removed.
func MaintainingServer(server string) Warning {
	return Warning{Code: MaintainingRemoved, Name: server, Message: server + " is Maintaining and will be removed"}
}

// Stays warns that a chosen server is not removed at these replicas.
func Stays(server string) Warning {
	return Warning{Code: ChosenServerStays, Name: server,
		Message: server + " stays: OKG removes Kill and WaitToBeDeleted servers first, so lower the replicas further to remove it"}
}

// SkipsReserved warns that new servers skip the reserved ids.
func SkipsReserved(ids string) Warning {
	return Warning{Code: ReservedIDsSkipped, Params: map[string]string{"ids": ids}, Message: "new servers skip the reserved ids " + ids}
}

// NameMismatch warns that a ScaledObject is not named like its GameServerSet.
func NameMismatch(scaledObject, set string) Warning {
	return Warning{Code: ScaledObjectNameMismatch, Name: scaledObject, Params: map[string]string{"expected": set},
		Message: fmt.Sprintf("this ScaledObject is named %q, but OKG's external scaler looks up the GameServerSet named like the ScaledObject; name it %q for the OKG trigger to work", scaledObject, set)}
}

// MissingScalerAddress warns that the external trigger has nowhere to ask.
func MissingScalerAddress() Warning {
	return Warning{Code: NoScalerAddress, Message: "the external trigger has no scalerAddress"}
}
