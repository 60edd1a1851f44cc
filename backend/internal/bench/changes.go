package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"go.etcd.io/etcd/api/v3/etcdserverpb"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/okg-console/okg-console/backend/internal/kube"
)

// changeWriter changes one GameServer so that its bench label carries seq, and
// returns once the change is committed.
type changeWriter interface {
	write(ctx context.Context, name string, seq int) error
}

// apiWriter changes a GameServer the way any client does: a merge patch through
// the kube-apiserver (authentication, admission, schema validation, managed
// fields, then the etcd commit).
type apiWriter struct {
	clients   *kube.Clients
	namespace string
}

func (w apiWriter) write(ctx context.Context, name string, seq int) error {
	patch := fmt.Sprintf(`{"metadata":{"labels":{%q:%q}}}`, benchLabel, strconv.Itoa(seq))
	_, err := w.clients.Game.GameV1alpha1().GameServers(w.namespace).Patch(ctx, name, types.MergePatchType, []byte(patch), metav1.PatchOptions{})
	return err
}

// storageWriter commits GameServer changes straight into the etcd that backs the
// kube-apiserver, over etcd's gRPC API as the kube-apiserver itself does. The
// kube-apiserver sees them exactly as it sees its own commits — through its etcd
// watch, its watch cache and the watch it serves the console — so everything
// after the commit is the real path. It exists because on a small machine the
// kube-apiserver's write path (several ms of CPU per custom-resource PATCH)
// cannot produce 1,000 changes a second next to the console and the
// subscribers; this writer can.
type storageWriter struct {
	conn *grpc.ClientConn
	kv   etcdserverpb.KVClient
	// objects holds, per GameServer, its stored JSON split around the bench
	// label's value, so a write only splices in the sequence number.
	objects map[string][2][]byte
	prefix  string
	queue   chan put
}

// put is one change waiting for its commit.
type put struct {
	key, value []byte
	done       chan error
}

// storageCommitters commit queued changes concurrently, each taking whatever is
// queued (up to maxBatch) into one etcd transaction: group commit, as a busy
// cluster's API servers produce it.
const (
	storageCommitters = 2
	maxBatch          = 64
)

// crdStorageKey is where kube-apiserver keeps a namespaced custom resource
// (its default --etcd-prefix is /registry).
func crdStorageKey(group, resource, namespace string) string {
	return "/registry/" + group + "/" + resource + "/" + namespace + "/"
}

const seqPlaceholder = "okg-bench-seq-placeholder"

// splice says where a storage write puts its sequence number.
type splice struct {
	place   func(obj map[string]any) // puts seqPlaceholder where the number goes
	numeric bool                     // the number replaces the quoted placeholder (a JSON number)
}

// labelSplice: the number is the bench label's value (a change no history records).
var labelSplice = splice{place: func(obj map[string]any) {
	meta, _ := obj["metadata"].(map[string]any)
	labels, _ := meta["labels"].(map[string]any)
	if labels == nil {
		labels = map[string]any{}
		meta["labels"] = labels
	}
	labels[benchLabel] = seqPlaceholder
}}

// deletionPrioritySplice: the number is spec.deletionPriority (one history transition per write).
var deletionPrioritySplice = splice{numeric: true, place: func(obj map[string]any) {
	spec, _ := obj["spec"].(map[string]any)
	if spec == nil {
		spec = map[string]any{}
		obj["spec"] = spec
	}
	spec["deletionPriority"] = seqPlaceholder
}}

// newStorageWriter reads every GameServer of namespace from etcd once; it
// commits until ctx ends.
func newStorageWriter(ctx context.Context, etcdURL, namespace string, sp splice) (*storageWriter, error) {
	conn, err := grpc.NewClient(strings.TrimPrefix(etcdURL, "http://"), grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(256<<20)))
	if err != nil {
		return nil, err
	}
	w := &storageWriter{
		conn:    conn,
		kv:      etcdserverpb.NewKVClient(conn),
		prefix:  crdStorageKey("game.kruise.io", "gameservers", namespace),
		objects: map[string][2][]byte{},
		queue:   make(chan put, 4096),
	}
	end := []byte(w.prefix)
	end[len(end)-1]++ // the range [prefix, prefix+1) is every key under prefix
	resp, err := w.kv.Range(ctx, &etcdserverpb.RangeRequest{Key: []byte(w.prefix), RangeEnd: end})
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("etcd range %s: %w", w.prefix, err)
	}
	for _, kv := range resp.Kvs {
		var obj map[string]any
		if err := json.Unmarshal(kv.Value, &obj); err != nil {
			conn.Close()
			return nil, fmt.Errorf("stored GameServer %s is not JSON: %w", kv.Key, err)
		}
		sp.place(obj)
		b, err := json.Marshal(obj)
		if err != nil {
			conn.Close()
			return nil, err
		}
		cut := seqPlaceholder
		if sp.numeric {
			cut = `"` + seqPlaceholder + `"`
		}
		before, after, _ := bytes.Cut(b, []byte(cut))
		w.objects[string(kv.Key[len(w.prefix):])] = [2][]byte{before, after}
	}
	if len(w.objects) == 0 {
		conn.Close()
		return nil, fmt.Errorf("no GameServers under %s in etcd %s", w.prefix, etcdURL)
	}
	for range storageCommitters {
		go w.commit(ctx)
	}
	go func() { <-ctx.Done(); conn.Close() }()
	return w, nil
}

// commit commits batches of queued changes until ctx ends.
func (w *storageWriter) commit(ctx context.Context) {
	for {
		var batch []put
		select {
		case <-ctx.Done():
			return
		case p := <-w.queue:
			batch = append(batch, p)
		}
	more:
		for len(batch) < maxBatch {
			select {
			case p := <-w.queue:
				batch = append(batch, p)
			default:
				break more
			}
		}
		ops := make([]*etcdserverpb.RequestOp, len(batch))
		for i, p := range batch {
			ops[i] = &etcdserverpb.RequestOp{Request: &etcdserverpb.RequestOp_RequestPut{
				RequestPut: &etcdserverpb.PutRequest{Key: p.key, Value: p.value}}}
		}
		_, err := w.kv.Txn(ctx, &etcdserverpb.TxnRequest{Success: ops})
		for _, p := range batch {
			p.done <- err
		}
	}
}

func (w *storageWriter) write(ctx context.Context, name string, seq int) error {
	parts, ok := w.objects[name]
	if !ok {
		return fmt.Errorf("GameServer %s was not in etcd at the start", name)
	}
	value := make([]byte, 0, len(parts[0])+len(parts[1])+12)
	value = strconv.AppendInt(append(value, parts[0]...), int64(seq), 10)
	value = append(value, parts[1]...)
	p := put{key: []byte(w.prefix + name), value: value, done: make(chan error, 1)}
	select {
	case w.queue <- p:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-p.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
