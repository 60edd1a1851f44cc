// API fixtures for the bundle test, shaped as docs/API.md describes.
const now = Date.now();

export function gameServer(id, patch = {}) {
  return {
    name: `minecraft-${id}`,
    namespace: 'game',
    gameServerSet: 'minecraft',
    id,
    project: 'mc',
    state: id === 2 ? 'Crash' : 'Ready',
    desiredState: 'Ready',
    opsState: id === 1 ? 'Allocated' : '',
    updatePriority: 0,
    deletionPriority: id,
    networkDisabled: false,
    network: {
      type: 'Kubernetes-HostPort',
      state: 'Ready',
      desiredState: 'Ready',
      internalAddresses: [{ ip: '10.0.0.1', ports: [{ name: 'game', protocol: 'TCP', port: '25565' }] }],
      externalAddresses: [{ ip: '203.0.113.7', ports: [{ name: 'game', protocol: 'TCP', port: String(30000 + id) }] }],
    },
    pod: { phase: 'Running', ready: true, readyContainers: 1, containers: 1, restarts: id, node: 'node-a', podIP: '10.0.0.1', hostIP: '203.0.113.7' },
    images: [{ container: 'minecraft', image: 'itzg/minecraft-server:1.20' }],
    serviceQualities: [],
    labels: { 'game.kruise.io/owner-gss': 'minecraft' },
    createdAt: new Date(now - 3_600_000).toISOString(),
    ...patch,
  };
}

const rollup = { gameServers: 3, byState: { Ready: 2, Crash: 1 }, byOpsState: { None: 2, Allocated: 1 }, byNetworkState: { Ready: 3 }, problems: 1 };

export const overview = {
  totals: { ...rollup, gameServerSets: 1 },
  namespaces: [{ ...rollup, namespace: 'game' }],
  projects: [{ ...rollup, project: 'mc' }],
  gameServerSets: [{ ...rollup, namespace: 'game', name: 'minecraft', project: 'mc', replicas: 3 }],
};

/** History entries of minecraft-2: a crash loop, a console write, an Event (newest first). */
export function historyEntries() {
  const base = { cluster: 'host', namespace: 'game', kind: 'GameServer', name: 'minecraft-2', gameServerSet: 'minecraft', old: '', new: '', warning: false };
  const at = (minutes) => new Date(now - minutes * 60_000).toISOString();
  return [
    { ...base, id: 5, time: at(2), change: 'restart', old: '2', new: '3', source: 'observed', warning: true, message: 'minecraft: Error, exit code 1' },
    { ...base, id: 4, time: at(5), change: 'state', old: 'Ready', new: 'Crash', source: 'observed', warning: true },
    { ...base, id: 3, time: at(8), change: 'restart', old: '0', new: '2', source: 'observed', warning: true, message: 'minecraft: Error, exit code 1' },
    {
      ...base,
      id: 2,
      time: at(20),
      change: 'write',
      source: 'console',
      user: 'admin',
      action: 'OpsStateChanged',
      old: '{"opsState":"None"}',
      new: '{"opsState":"Maintaining"}',
    },
    { ...base, id: 1, time: at(90), change: 'event', source: 'event', field: 'Pod', action: 'Scheduled', message: 'Successfully assigned game/minecraft-2 to node-a' },
  ];
}

/** Answers an API path (below the group/version) like the backend would. */
export function answer(pathname, search) {
  const params = new URLSearchParams(search);
  if (/\/overview$/.test(pathname)) return { status: 200, body: overview };
  // The standalone shell asks which clusters exist (one here: the all-clusters entry hides).
  if (/\/v1alpha1\/clusters$/.test(pathname)) {
    const all = [{ name: 'host', local: true, ok: true, code: 200, error: '' }];
    return { status: 200, body: { items: all, totalItems: all.length } };
  }
  // The KubeSphere entry fetches a stream ticket before each websocket connect.
  if (/\/streamtickets$/.test(pathname)) {
    return { status: 200, body: { ticket: 'fixture', protocol: 'okgconsole.ticket.fixture', expiresAt: '2099-01-01T00:00:00Z' } };
  }
  // The game server pages ask whether usage figures exist (metrics-server absent here).
  if (/\/usage\/status$/.test(pathname)) {
    return { status: 200, body: { state: 'NotInstalled', reason: 'metrics.k8s.io is not served', intervalSeconds: 15, nodes: 0, pods: 0 } };
  }
  // All clusters (KubeSphere: the host's backend at the unprefixed base merges its clusters)
  if (/\/multicluster\/gameservers$/.test(pathname)) {
    const items = [{ ...gameServer(0), cluster: 'host' }, { ...gameServer(1), cluster: 'host' }];
    return {
      status: 200,
      body: {
        items,
        totalItems: 2,
        clusters: [
          { name: 'host', ok: true, code: 200, error: '', totalItems: 2, tookMs: 3 },
          { name: 'member-b', ok: false, code: 504, error: 'cluster member-b did not answer within 5s', totalItems: 0, tookMs: 5000 },
        ],
      },
    };
  }
  if (/\/history$/.test(pathname)) {
    const all = historyEntries().filter((e) => params.get('warning') !== 'true' || e.warning);
    const limit = Number(params.get('limit') ?? 50);
    return { status: 200, body: { items: all.slice(0, limit), totalItems: all.length } };
  }
  if (/\/gameservers$/.test(pathname)) {
    const all = [gameServer(0), gameServer(1), gameServer(2)];
    const limit = Number(params.get('limit') ?? 50);
    return { status: 200, body: { items: all.slice(0, limit), totalItems: all.length } };
  }
  return {
    status: 404,
    body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound', message: `no fixture for ${pathname}` },
  };
}
