package clusters

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/validation"
)

// Directory gives the clusters one request may span: a fixed set (the configuration's
// clusters), or the clusters KubeSphere lets this user see.
type Directory interface {
	For(ctx context.Context, caller *http.Request) (*Registry, error)
}

// For is the registry itself: configured clusters are the same for every caller
// (each cluster still authorises the caller itself).
func (r *Registry) For(context.Context, *http.Request) (*Registry, error) { return r, nil }

// TenantClustersPath is KubeSphere's list of the clusters a user may see (ks-apiserver
// answers it with the user's JWT; the host console calls it too).
const TenantClustersPath = "/kapis/tenant.kubesphere.io/v1beta1/clusters"

// discoveryTTL is how long one user's cluster list is reused: cluster membership changes
// rarely, and every all-clusters request needs it.
const discoveryTTL = 30 * time.Second

// discoveryCap bounds the users whose lists are remembered at once.
const discoveryCap = 1024

// KubeSphereDirectory discovers the clusters behind ks-apiserver: the ones the caller's
// JWT may see (KubeSphere's tenant API), the local cluster served in process and every
// other reached through ks-apiserver at /clusters/{name}/kapis/... (Remote), where that
// cluster's own console backend authorises the user again. A cluster without the
// extension answers there with 404 or 503 and is reported so, per cluster.
type KubeSphereDirectory struct {
	local   Member
	base    string
	prefix  string
	timeout time.Duration
	client  *http.Client

	mu      sync.Mutex
	byToken map[[32]byte]discovered
}

type discovered struct {
	registry *Registry
	at       time.Time
}

// NewKubeSphereDirectory discovers clusters through ks-apiserver at base; local is this
// console's own cluster (named as KubeSphere names it), prefix the API prefix, timeout
// the cluster timeout (it also bounds the discovery call).
func NewKubeSphereDirectory(local Member, base, prefix string, timeout time.Duration, client *http.Client) *KubeSphereDirectory {
	if client == nil {
		client = http.DefaultClient
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &KubeSphereDirectory{local: local, base: strings.TrimRight(base, "/"), prefix: prefix, timeout: timeout,
		client: client, byToken: map[[32]byte]discovered{}}
}

// For returns the registry of the clusters the caller may see, the local one first.
func (d *KubeSphereDirectory) For(ctx context.Context, caller *http.Request) (*Registry, error) {
	auth := caller.Header.Get("Authorization")
	key := sha256.Sum256([]byte(auth))
	d.mu.Lock()
	if got, ok := d.byToken[key]; ok && time.Since(got.at) < discoveryTTL {
		d.mu.Unlock()
		return got.registry, nil
	}
	d.mu.Unlock()

	names, err := d.clusterNames(ctx, auth)
	if err != nil {
		return nil, err
	}
	members := []Member{d.local}
	for _, n := range names {
		// A name the console cannot put in a path segment is left out rather than failing
		// every cluster (KubeSphere's cluster names are DNS labels in practice).
		if n != d.local.Name() && len(validation.IsDNS1123Label(n)) == 0 {
			members = append(members, NewRemote(n, d.base, d.prefix, d.client))
		}
	}
	reg, err := NewRegistry(d.timeout, members...)
	if err != nil {
		return nil, apierrors.NewInternalError(fmt.Errorf("KubeSphere's cluster list: %w", err))
	}
	d.mu.Lock()
	if len(d.byToken) >= discoveryCap {
		clear(d.byToken)
	}
	d.byToken[key] = discovered{registry: reg, at: time.Now()}
	d.mu.Unlock()
	return reg, nil
}

// clusterNames asks ks-apiserver, as the caller, which clusters the caller may see.
func (d *KubeSphereDirectory) clusterNames(ctx context.Context, auth string) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, d.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.base+TenantClustersPath, nil)
	if err != nil {
		return nil, err
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := d.client.Do(req)
	if err != nil {
		return nil, apierrors.NewServiceUnavailable(fmt.Sprintf("listing KubeSphere's clusters at %s: %v", d.base, err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, apierrors.NewServiceUnavailable(fmt.Sprintf("listing KubeSphere's clusters: %v", err))
	}
	if resp.StatusCode != http.StatusOK {
		st := decodeStatus(Response{Code: resp.StatusCode, Body: raw})
		return nil, &apierrors.StatusError{ErrStatus: st}
	}
	var list struct {
		Items []struct {
			Metadata struct {
				Name string `json:"name"`
			} `json:"metadata"`
		} `json:"items"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, apierrors.NewServiceUnavailable(fmt.Sprintf("KubeSphere's cluster list is not readable: %v", err))
	}
	names := make([]string, 0, len(list.Items))
	for _, it := range list.Items {
		if it.Metadata.Name != "" {
			names = append(names, it.Metadata.Name)
		}
	}
	return names, nil
}
