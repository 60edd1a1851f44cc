package fleet

import (
	"slices"
	"strings"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/okg"
)

// GameServerSetView is one fleet with its summary (docs/API.md).
type GameServerSetView struct {
	Name      string    `json:"name"`
	Namespace string    `json:"namespace"`
	Project   string    `json:"project"`
	CreatedAt time.Time `json:"createdAt"`
	Replicas  Replicas  `json:"replicas"`
	Rollup
	Images                []ContainerImage    `json:"images"`
	UpdateStrategy        UpdateStrategyView  `json:"updateStrategy"`
	ScaleDownStrategyType string              `json:"scaleDownStrategyType"`
	ReserveGameServerIDs  string              `json:"reserveGameServerIds"`
	NetworkType           string              `json:"networkType"`
	ServiceQualities      []string            `json:"serviceQualities"`
	QualityDefinitions    []QualityDefinition `json:"serviceQualityDefinitions"`
	// Usage totals its game servers' usage; null when the metrics API has no figures.
	Usage *SetUsageView `json:"usage"`
}

// Replicas are the set's desired replicas and what its status reports.
type Replicas struct {
	Desired         int32 `json:"desired"`
	Current         int32 `json:"current"`
	Ready           int32 `json:"ready"`
	Available       int32 `json:"available"`
	Updated         int32 `json:"updated"`
	UpdatedReady    int32 `json:"updatedReady"`
	Maintaining     int32 `json:"maintaining"`
	WaitToBeDeleted int32 `json:"waitToBeDeleted"`
}

// UpdateStrategyView is the set's rolling update strategy.
type UpdateStrategyView struct {
	Type            string `json:"type"`
	Partition       int32  `json:"partition"`
	MaxUnavailable  string `json:"maxUnavailable"`
	PodUpdatePolicy string `json:"podUpdatePolicy"`
	Paused          bool   `json:"paused"`
}

// GameServerSetDetail is one set in full.
type GameServerSetDetail struct {
	GameServerSet GameServerSetView           `json:"gameServerSet"`
	Object        *gamev1alpha1.GameServerSet `json:"object"`
}

// ListGameServerSets filters, sorts and pages the cached sets, each with its summary.
func (s *Service) ListGameServerSets(q GameServerSetQuery) List[GameServerSetView] {
	var matches []*gamev1alpha1.GameServerSet
	for _, gss := range s.cache.gameServerSets(q.Namespace) {
		if q.Project != "" && gss.Labels[s.cache.projectLabel] != q.Project {
			continue
		}
		if q.Selector != nil && !q.Selector.Matches(labels.Set(gss.Labels)) {
			continue
		}
		if q.Fields != nil && !q.Fields.Matches(fieldsOf(gss.Name, gss.Namespace)) {
			continue
		}
		if q.Name != "" && !strings.Contains(strings.ToLower(gss.Name), q.Name) {
			continue
		}
		matches = append(matches, gss)
	}
	slices.SortFunc(matches, gameServerSetOrder(q.SortBy, q.Ascending))
	page := pageOf(matches, q.Page, q.Limit)
	items := make([]GameServerSetView, 0, len(page))
	for _, gss := range page {
		items = append(items, s.gameServerSetView(gss, !q.WithoutUsage))
	}
	return List[GameServerSetView]{Items: items, TotalItems: len(matches)}
}

func desired(gss *gamev1alpha1.GameServerSet) int32 {
	if gss.Spec.Replicas == nil {
		return 0
	}
	return *gss.Spec.Replicas
}

// GetGameServerSet returns one set with its summary and the object itself; the usage
// totals only withUsage (see GameServerSetQuery.WithoutUsage).
func (s *Service) GetGameServerSet(namespace, name string, withUsage bool) (*GameServerSetDetail, error) {
	gss := s.cache.gameServerSet(namespace, name)
	if gss == nil {
		return nil, apierror.NotFound(gamev1alpha1.SchemeGroupVersion.WithResource("gameserversets").GroupResource(), name)
	}
	obj := gss.DeepCopy()
	obj.APIVersion, obj.Kind = gamev1alpha1.SchemeGroupVersion.String(), "GameServerSet"
	return &GameServerSetDetail{GameServerSet: s.gameServerSetView(gss, withUsage), Object: obj}, nil
}

func (s *Service) gameServerSetView(gss *gamev1alpha1.GameServerSet, withUsage bool) GameServerSetView {
	st := gss.Status
	v := GameServerSetView{
		Name: gss.Name, Namespace: gss.Namespace, Project: gss.Labels[s.cache.projectLabel],
		CreatedAt: gss.CreationTimestamp.UTC(),
		Replicas: Replicas{
			Desired: desired(gss), Current: st.CurrentReplicas, Ready: st.ReadyReplicas,
			Available: st.AvailableReplicas, Updated: st.UpdatedReplicas, UpdatedReady: st.UpdatedReadyReplicas,
			Maintaining: deref(st.MaintainingReplicas), WaitToBeDeleted: deref(st.WaitToBeDeletedReplicas),
		},
		Rollup:                newRollup(),
		Images:                []ContainerImage{},
		ScaleDownStrategyType: string(gss.Spec.ScaleStrategy.ScaleDownStrategyType),
		ServiceQualities:      []string{},
	}
	servers := s.cache.gameServers(gss.Namespace, gss.Name)
	for _, gs := range servers {
		v.Rollup.add(gs)
	}
	if withUsage {
		v.Usage = s.setUsage(s.snapshot(), servers)
	}
	for _, c := range gss.Spec.GameServerTemplate.Spec.Containers {
		v.Images = append(v.Images, ContainerImage{Container: c.Name, Image: c.Image})
	}
	us := gss.Spec.UpdateStrategy
	v.UpdateStrategy.Type = string(us.Type)
	if ru := us.RollingUpdate; ru != nil {
		v.UpdateStrategy.Partition = deref(ru.Partition)
		if ru.MaxUnavailable != nil {
			v.UpdateStrategy.MaxUnavailable = ru.MaxUnavailable.String()
		}
		v.UpdateStrategy.PodUpdatePolicy = string(ru.PodUpdatePolicy)
		v.UpdateStrategy.Paused = ru.Paused
	}
	if ids, err := okg.ReserveIDs(gss.Spec.ReserveGameServerIds); err == nil {
		v.ReserveGameServerIDs = okg.FormatIDs(ids.Sorted())
	}
	if gss.Spec.Network != nil {
		v.NetworkType = gss.Spec.Network.NetworkType
	}
	for _, q := range gss.Spec.ServiceQualities {
		v.ServiceQualities = append(v.ServiceQualities, q.Name)
	}
	v.QualityDefinitions = qualityDefinitions(gss)
	return v
}

func deref(p *int32) int32 {
	if p == nil {
		return 0
	}
	return *p
}
