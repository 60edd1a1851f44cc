// Direct writes to the sandbox's kube-apiserver with the admin kubeconfig it logs (bearer
// token + CA), as kubectl would: the console must show them without a reload.
import fs from 'node:fs';
import https from 'node:https';

function field(text, name) {
  const m = new RegExp(`^\\s*${name}:\\s*(\\S+)\\s*$`, 'm').exec(text);
  if (!m) throw new Error(`kubeconfig has no ${name}`);
  return m[1];
}

export function kubeClient(kubeconfigPath) {
  const text = fs.readFileSync(kubeconfigPath, 'utf8');
  const server = new URL(field(text, 'server'));
  const ca = Buffer.from(field(text, 'certificate-authority-data'), 'base64');
  const token = field(text, 'token');

  const request = (method, path, body, contentType = 'application/json') =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = https.request(
        {
          host: server.hostname,
          port: server.port,
          method,
          path,
          ca,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(data ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(data) } : {}),
          },
        },
        (res) => {
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (buf += c));
          res.on('end', () => {
            const json = buf ? JSON.parse(buf) : undefined;
            if (res.statusCode >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${json?.message ?? buf}`));
            else resolve(json);
          });
        },
      );
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });

  const gsPath = (ns, name) => `/apis/game.kruise.io/v1alpha1/namespaces/${ns}/gameservers/${name}`;
  return {
    getGameServer: (ns, name) => request('GET', gsPath(ns, name)),
    listGameServers: (ns) => request('GET', `/apis/game.kruise.io/v1alpha1/namespaces/${ns}/gameservers`),
    getGameServerSet: (ns, name) => request('GET', `/apis/game.kruise.io/v1alpha1/namespaces/${ns}/gameserversets/${name}`),
    patchGameServer: (ns, name, patch) => request('PATCH', gsPath(ns, name), patch, 'application/merge-patch+json'),
    /** status is a subresource: what OKG's controller (not the console) writes */
    patchGameServerStatus: (ns, name, patch) => request('PATCH', `${gsPath(ns, name)}/status`, patch, 'application/merge-patch+json'),
    getPod: (ns, name) => request('GET', `/api/v1/namespaces/${ns}/pods/${name}`),
    listEvents: (ns) => request('GET', `/api/v1/namespaces/${ns}/events`),
    /** a Role with rules and its RoleBinding to a token user (RBAC as an admin would grant it) */
    grant: async (ns, user, rules) => {
      const name = `e2e-${user}`;
      const exists = (err) => {
        if (!/: 409 /.test(err.message)) throw err; // granted by an earlier run on a reused sandbox
      };
      await request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, { metadata: { name }, rules }).catch(exists);
      await request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
      }).catch(exists);
    },
    patchPod: (ns, name, patch) => request('PATCH', `/api/v1/namespaces/${ns}/pods/${name}`, patch, 'application/merge-patch+json'),
    listPods: (ns) => request('GET', `/api/v1/namespaces/${ns}/pods`),
    /** what the kubelet writes (containerStatuses is replaced as a whole by a merge patch) */
    patchPodStatus: (ns, name, patch) => request('PATCH', `/api/v1/namespaces/${ns}/pods/${name}/status`, patch, 'application/merge-patch+json'),
  };
}
