// Package ksstandin is a stand-in for KubeSphere's ks-apiserver, for tests only: it is not
// KubeSphere and implements none of its storage. It imitates what was measured against a
// real ks-apiserver v4.1.1 (../shared/README.md, "KubeSphere's front proxy") so that the
// real KubeSphere 4.1.1 web console (ks-console's server and page) can run in a test with
// okg-console behind it:
//
//   - login: POST /oauth/token (password and refresh_token grants, client "kubesphere")
//     issues JWT-shaped tokens naming the user; a request without a token is
//     system:anonymous and gets 403, not 401, on extension paths;
//   - the extension's API at /kapis/<group>/<version>/..., /clusters/{c}/kapis/... and
//     /kapis/clusters/{c}/..., authorised by path against the RoleTemplates bound to the
//     user (cluster-wide or in a project's namespace), then proxied to the backend with
//     the query re-encoded and Host rewritten;
//   - plain requests: client X-Remote-* stripped, X-Remote-User and
//     X-Remote-Group: system:authenticated set, Authorization (the JWT) forwarded;
//   - websocket upgrades: no identity header set, the client's X-Remote-* and Origin passed
//     through unchanged, Host rewritten;
//   - its own proxy errors as {"ErrStatus": {...Status...}};
//   - /dist/<extension>/index.js served without a token, with its own Content-Type;
//   - the minimal answers the host shell needs to render: users, role templates per user
//     and scope, global roles, clusters, workspaces, namespaces, configs, versions, the
//     installed extension's JSBundle and ExtensionEntry.
package ksstandin
