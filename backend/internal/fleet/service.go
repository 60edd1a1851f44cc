package fleet

import (
	"k8s.io/client-go/kubernetes"
)

// Service answers the read API from the cache. Events are the one thing it reads
// from the API server, and only for one object's detail.
type Service struct {
	cache *Cache
	kube  kubernetes.Interface
}

// NewService builds the read service over a started cache.
func NewService(c *Cache) *Service { return &Service{cache: c, kube: c.kube} }

// Cache returns the cache the service reads.
func (s *Service) Cache() *Cache { return s.cache }
