package fleet

import (
	"cmp"
	"slices"

	"github.com/okg-console/okg-console/backend/internal/okg"
)

// Overview is the fleet at a glance: totals, and roll-ups per namespace, project and set.
type Overview struct {
	Totals         OverviewTotals    `json:"totals"`
	Namespaces     []NamespaceRollup `json:"namespaces"`
	Projects       []ProjectRollup   `json:"projects"`
	GameServerSets []SetRollup       `json:"gameServerSets"`
}

// OverviewTotals is the roll-up of every game server in scope.
type OverviewTotals struct {
	Rollup
	GameServerSets int `json:"gameServerSets"`
}

// NamespaceRollup is one namespace's roll-up.
type NamespaceRollup struct {
	Namespace string `json:"namespace"`
	Rollup
}

// ProjectRollup is one project's roll-up ("" collects game servers without the label).
type ProjectRollup struct {
	Project string `json:"project"`
	Rollup
}

// SetRollup is one GameServerSet's roll-up.
type SetRollup struct {
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	Project   string `json:"project"`
	Replicas  int32  `json:"replicas"`
	Rollup
}

// Overview rolls up every cached game server in namespace ("" = all, project "" = any).
// Sets with problems come first, most problems first.
func (s *Service) Overview(namespace, project string) Overview {
	label := s.cache.projectLabel
	ov := Overview{Totals: OverviewTotals{Rollup: newRollup()}}
	namespaces := map[string]*NamespaceRollup{}
	projects := map[string]*ProjectRollup{}
	sets := map[string]*SetRollup{}
	for _, gss := range s.cache.gameServerSets(namespace) {
		p := gss.Labels[label]
		if project != "" && p != project {
			continue
		}
		ov.Totals.GameServerSets++
		sets[gss.Namespace+"/"+gss.Name] = &SetRollup{Namespace: gss.Namespace, Name: gss.Name, Project: p,
			Replicas: desired(gss), Rollup: newRollup()}
	}
	for _, gs := range s.cache.gameServers(namespace, "") {
		p := gs.Labels[label]
		if project != "" && p != project {
			continue
		}
		ov.Totals.add(gs)
		nr := namespaces[gs.Namespace]
		if nr == nil {
			nr = &NamespaceRollup{Namespace: gs.Namespace, Rollup: newRollup()}
			namespaces[gs.Namespace] = nr
		}
		nr.add(gs)
		pr := projects[p]
		if pr == nil {
			pr = &ProjectRollup{Project: p, Rollup: newRollup()}
			projects[p] = pr
		}
		pr.add(gs)
		if sr := sets[gs.Namespace+"/"+okg.SetOf(gs)]; sr != nil {
			sr.add(gs)
		}
	}
	for _, nr := range namespaces {
		ov.Namespaces = append(ov.Namespaces, *nr)
	}
	for _, pr := range projects {
		ov.Projects = append(ov.Projects, *pr)
	}
	for _, sr := range sets {
		ov.GameServerSets = append(ov.GameServerSets, *sr)
	}
	slices.SortFunc(ov.Namespaces, func(a, b NamespaceRollup) int {
		return cmp.Or(cmp.Compare(b.Problems, a.Problems), cmp.Compare(a.Namespace, b.Namespace))
	})
	slices.SortFunc(ov.Projects, func(a, b ProjectRollup) int {
		return cmp.Or(cmp.Compare(b.Problems, a.Problems), cmp.Compare(a.Project, b.Project))
	})
	slices.SortFunc(ov.GameServerSets, func(a, b SetRollup) int {
		return cmp.Or(cmp.Compare(b.Problems, a.Problems), cmp.Compare(a.Namespace, b.Namespace), cmp.Compare(a.Name, b.Name))
	})
	if ov.Namespaces == nil {
		ov.Namespaces = []NamespaceRollup{}
	}
	if ov.Projects == nil {
		ov.Projects = []ProjectRollup{}
	}
	if ov.GameServerSets == nil {
		ov.GameServerSets = []SetRollup{}
	}
	return ov
}
