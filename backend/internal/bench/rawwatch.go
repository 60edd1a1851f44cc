package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"k8s.io/client-go/rest"
)

// rawWatch watches namespace's GameServers on the kube-apiserver directly, beside the
// console, to tell the control plane's share of a latency from the console's. It calls
// onLine with each raw event line (JSON, unparsed: the benchmarks find their sequence
// numbers in it) and when the line arrived, until ctx ends or the API server closes the
// stream; done is closed then.
//
// The watch runs as an informer's would: on a connection of its own (sharing the
// writers' HTTP/2 connection queues its frames behind their requests), without a client
// timeout (one ends the watch: seen as EOF after ~1,000 events), and from a list's
// resourceVersion (a watch from "0" first replays every object, and the API server ends
// a watcher that falls that far behind: seen after ~1,200 of 10,000 replayed objects).
func rawWatch(ctx context.Context, cfg *rest.Config, namespace string, onLine func(line []byte, at time.Time)) (done <-chan struct{}, err error) {
	cfg = rest.CopyConfig(cfg)
	cfg.Dial = (&netDialer{}).DialContext
	cfg.Timeout = 0
	httpc, err := rest.HTTPClientFor(cfg)
	if err != nil {
		return nil, err
	}
	base := cfg.Host + "/apis/game.kruise.io/v1alpha1/namespaces/" + namespace + "/gameservers"
	rv, err := listResourceVersion(ctx, httpc, base)
	if err != nil {
		return nil, err
	}
	u := base + "?watch=true&allowWatchBookmarks=true&resourceVersion=" + url.QueryEscape(rv)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := httpc.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("watch %s: %s", u, resp.Status)
	}
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		defer resp.Body.Close()
		r := bufio.NewReaderSize(resp.Body, 1<<20)
		for {
			line, err := r.ReadSlice('\n')
			if err == bufio.ErrBufferFull {
				continue // an event larger than the buffer: not one of the benchmark's
			}
			if err != nil {
				return
			}
			onLine(line, time.Now())
		}
	}()
	return finished, nil
}

// listResourceVersion is the collection's resourceVersion from a one-item list.
func listResourceVersion(ctx context.Context, httpc *http.Client, base string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"?limit=1", nil)
	if err != nil {
		return "", err
	}
	resp, err := httpc.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var list struct {
		Metadata struct {
			ResourceVersion string `json:"resourceVersion"`
		} `json:"metadata"`
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("list %s: %s", base, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		return "", err
	}
	return list.Metadata.ResourceVersion, nil
}
