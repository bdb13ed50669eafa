/**
 * The OpenAPI v3 documents of the discovery endpoints themselves — `/openapi/v3/api`, `apis`,
 * `apis/<group>` and `version` — which a real apiserver lists in its `/openapi/v3` index beside
 * the group-version documents: one GET operation each (`getCoreAPIVersions`, `getAPIVersions`,
 * `get<Group>APIGroup`, `getCodeVersion`) and the meta types it returns.
 *
 * Why: clients that walk the index (kubectl explain's caches, generators) expect these entries;
 * the simulator serves the same endpoints, so it lists their documents too.
 * Lifecycle: pure; called once when the index is built.
 */

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1'
const obj = (description: string): Record<string, unknown> => ({ description, type: 'object' })

/** Go-identifier form of a group for operation ids: `networking.k8s.io` → `NetworkingK8sIo`. */
function pascal(group: string): string {
  return group
    .split(/[.-]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('')
}

function doc(version: string, path: string, operationId: string, tag: string, description: string, schema: string, schemas: Record<string, unknown>): string {
  return JSON.stringify({
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version },
    paths: {
      [path]: {
        get: {
          tags: [tag],
          description,
          operationId,
          responses: {
            200: { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } },
            401: { description: 'Unauthorized' }
          }
        }
      }
    },
    components: { schemas }
  })
}

/**
 * The discovery documents keyed by their index key (`api`, `apis`, `apis/apps`, `version`).
 * @param groups the API groups served (without the core group).
 * @param version the `info.version` the real server puts there (`<major>.<minor>`).
 */
export function discoveryDocs(groups: readonly string[], version: string): Map<string, string> {
  const cidr = {
    [`${META}.ServerAddressByClientCIDR`]: obj(
      'ServerAddressByClientCIDR helps the client to determine the server address that they should use, depending on the clientCIDR that they match.'
    )
  }
  const gvd = {
    [`${META}.GroupVersionForDiscovery`]: obj(
      'GroupVersion contains the "group/version" and "version" string of a version. It is made a struct to keep extensibility.'
    )
  }
  const group = { [`${META}.APIGroup`]: obj('APIGroup contains the name, the supported versions, and the preferred version of a group.') }
  const out = new Map<string, string>()
  out.set(
    'api',
    doc(version, '/api/', 'getCoreAPIVersions', 'core', 'get available API versions', `${META}.APIVersions`, {
      [`${META}.APIVersions`]: obj(
        'APIVersions lists the versions that are available, to allow clients to discover the API at /api, which is the root path of the legacy v1 API.'
      ),
      ...cidr
    })
  )
  out.set(
    'apis',
    doc(version, '/apis/', 'getAPIVersions', 'apis', 'get available API versions', `${META}.APIGroupList`, {
      ...group,
      [`${META}.APIGroupList`]: obj('APIGroupList is a list of APIGroup, to allow clients to discover the API at /apis.'),
      ...gvd,
      ...cidr
    })
  )
  for (const g of groups) {
    const tag = g.replace(/\.k8s\.io$/, '').replace(/\./g, '')
    out.set(
      `apis/${g}`,
      doc(version, `/apis/${g}/`, `get${pascal(g.replace(/\.k8s\.io$/, ''))}APIGroup`, tag, 'get information of a group', `${META}.APIGroup`, {
        ...group,
        ...gvd,
        ...cidr
      })
    )
  }
  out.set(
    'version',
    doc(version, '/version/', 'getCodeVersion', 'version', 'get the version information for this server', 'io.k8s.apimachinery.pkg.version.Info', {
      'io.k8s.apimachinery.pkg.version.Info': obj("Info contains versioning information. how we'll want to distribute that information.")
    })
  )
  return out
}
