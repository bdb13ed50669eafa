/**
 * Conformance: RBAC on the simulated apiserver, judged by real kubectl (`auth whoami`,
 * `auth can-i`, `auth can-i --list`, the 403 messages of `get`, RBAC objects managed with
 * `create rolebinding` / `delete`). Expected text is what kubectl prints against a real
 * apiserver for the same policy (the bootstrap ClusterRoles are a real 1.34 apiserver's).
 * Lifecycle: one sim with the demo users (admin, dev-team-a, viewer) for the file, one kubeconfig
 * with a context each; every kubectl run gets a fresh discovery cache.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSim } from '@periscope/kube-sim'
import type { Sim } from '@periscope/kube-sim'
import { KUBECTL_CLIENTS, linesOf, parseKubectlTable, runKubectl } from '../support/kubectl.ts'
import type { KubectlRun } from '../support/kubectl.ts'

const NEWEST = KUBECTL_CLIENTS[KUBECTL_CLIENTS.length - 1]
let sim: Sim
let dir: string
let kc: string

beforeAll(async () => {
  sim = await startSim({ pods: 20, demoUsers: true })
  dir = mkdtempSync(join(tmpdir(), 'periscope-rbac-'))
  kc = join(dir, 'kubeconfig.yaml')
  writeFileSync(kc, sim.demoKubeconfig(), { mode: 0o600 })
})

afterAll(async () => {
  await sim?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** kubectl as `who` (admin = the current context). */
function kubectl(who: 'admin' | 'dev-team-a' | 'viewer', ...args: string[]): Promise<KubectlRun> {
  const ctx = who === 'admin' ? [] : ['--context', `periscope-sim-${who}`]
  return runKubectl(NEWEST.bin as string, ['--kubeconfig', kc, '--cache-dir', mkdtempSync(join(dir, 'cache-')), ...ctx, ...args])
}

describe.skipIf(!NEWEST.bin)('RBAC with real kubectl', () => {
  it("auth whoami prints each user's name and groups (system:authenticated added by the authenticator)", async () => {
    const admin = await kubectl('admin', 'auth', 'whoami')
    expect(admin.stderr).toBe('')
    expect(linesOf(admin.stdout)).toEqual(['ATTRIBUTE   VALUE', 'Username    periscope-sim-admin', 'Groups      [system:masters system:authenticated]'])
    const dev = await kubectl('dev-team-a', 'auth', 'whoami')
    expect(linesOf(dev.stdout)).toEqual(['ATTRIBUTE   VALUE', 'Username    dev-team-a', 'Groups      [system:authenticated]'])
  })

  it('auth can-i answers yes (exit 0) and no (exit 1) per namespace, resource and verb', async () => {
    const cases: [who: 'admin' | 'dev-team-a' | 'viewer', args: string[], yes: boolean][] = [
      ['dev-team-a', ['list', 'pods', '-n', 'team-a'], true],
      ['dev-team-a', ['watch', 'deployments.apps', '-n', 'team-b'], true],
      ['dev-team-a', ['list', 'pods', '-n', 'payments'], false],
      ['dev-team-a', ['list', 'pods', '--all-namespaces'], false],
      // Cluster-scoped, asked without a namespace (a namespace from the context would be sent along,
      // and view bound in that namespace would then allow it, on a real apiserver too).
      ['dev-team-a', ['list', 'namespaces', '--all-namespaces'], false],
      ['dev-team-a', ['get', 'pods', '--subresource=log', '-n', 'team-a'], true],
      ['dev-team-a', ['delete', 'pods', '-n', 'team-a'], false],
      ['dev-team-a', ['get', 'secrets', '-n', 'team-a'], false],
      ['viewer', ['list', 'pods', '--all-namespaces'], true],
      ['viewer', ['list', 'secrets', '-n', 'team-a'], false],
      ['viewer', ['list', 'nodes'], false],
      ['admin', ['delete', 'nodes'], true]
    ]
    for (const [who, args, yes] of cases) {
      const r = await kubectl(who, 'auth', 'can-i', ...args)
      expect({ who, args, out: r.stdout.trim(), code: r.code }).toEqual({ who, args, out: yes ? 'yes' : 'no', code: yes ? 0 : 1 })
    }
  })

  it("auth can-i --list -n team-a lists view's rules for dev-team-a; in another namespace only the self-reviews and discovery", async () => {
    const inTeam = parseKubectlTable((await kubectl('dev-team-a', 'auth', 'can-i', '--list', '-n', 'team-a')).stdout)
    expect(inTeam.headers).toEqual(['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs'])
    const row = (name: string): string[] | undefined => inTeam.rows.find((r) => r[0] === name)
    expect(row('pods')).toEqual(['pods', '[]', '[]', '[get list watch]'])
    expect(row('deployments.apps')).toEqual(['deployments.apps', '[]', '[]', '[get list watch]'])
    expect(row('selfsubjectaccessreviews.authorization.k8s.io')).toEqual(['selfsubjectaccessreviews.authorization.k8s.io', '[]', '[]', '[create]'])
    expect(row('secrets')).toBeUndefined()
    const elsewhere = parseKubectlTable((await kubectl('dev-team-a', 'auth', 'can-i', '--list', '-n', 'default')).stdout)
    expect(
      elsewhere.rows
        .filter((r) => r[0] !== '')
        .map((r) => r[0])
        .sort()
    ).toEqual(['selfsubjectaccessreviews.authorization.k8s.io', 'selfsubjectreviews.authentication.k8s.io', 'selfsubjectrulesreviews.authorization.k8s.io'])
    expect(elsewhere.rows.map((r) => r[1])).toContain('[/apis/*]')
  })

  it("get prints the apiserver's 403 at the cluster scope and in a namespace, and lists what is allowed", async () => {
    const all = await kubectl('dev-team-a', 'get', 'pods', '-A')
    expect(all.code).not.toBe(0)
    expect(all.stderr.trim()).toBe(
      'Error from server (Forbidden): pods is forbidden: User "dev-team-a" cannot list resource "pods" in API group "" at the cluster scope'
    )
    const secrets = await kubectl('dev-team-a', 'get', 'secrets', '-n', 'team-a')
    expect(secrets.stderr.trim()).toBe(
      'Error from server (Forbidden): secrets is forbidden: User "dev-team-a" cannot list resource "secrets" in API group "" in the namespace "team-a"'
    )
    const one = await kubectl('dev-team-a', 'get', 'deployment', 'x', '-n', 'payments')
    expect(one.stderr.trim()).toBe(
      'Error from server (Forbidden): deployments.apps "x" is forbidden: User "dev-team-a" cannot get resource "deployments" in API group "apps" in the namespace "payments"'
    )
    const teamB = await kubectl('dev-team-a', 'get', 'pods', '-n', 'team-b', '-o', 'name')
    expect(linesOf(teamB.stdout)).toEqual(['pod/api-0', 'pod/api-1', 'pod/api-2'])
  })

  it('a RoleBinding created with kubectl takes effect at once, and deleting it revokes; a user without rights cannot create one', async () => {
    expect((await kubectl('admin', 'create', 'namespace', 'team-c')).code).toBe(0)
    const denied = await kubectl('dev-team-a', 'create', 'rolebinding', 'self', '--clusterrole=view', '--user=dev-team-a', '-n', 'team-c')
    expect(denied.stderr).toContain(
      'rolebindings.rbac.authorization.k8s.io is forbidden: User "dev-team-a" cannot create resource "rolebindings" in API group "rbac.authorization.k8s.io" in the namespace "team-c"'
    )
    expect((await kubectl('dev-team-a', 'auth', 'can-i', 'list', 'pods', '-n', 'team-c')).stdout.trim()).toBe('no')
    const created = await kubectl('admin', 'create', 'rolebinding', 'dev-view', '--clusterrole=view', '--user=dev-team-a', '-n', 'team-c')
    expect(created.stdout.trim()).toBe('rolebinding.rbac.authorization.k8s.io/dev-view created')
    expect((await kubectl('dev-team-a', 'auth', 'can-i', 'list', 'pods', '-n', 'team-c')).stdout.trim()).toBe('yes')
    const wide = parseKubectlTable((await kubectl('admin', 'get', 'rolebindings', '-n', 'team-c', '-o', 'wide')).stdout)
    expect(wide.headers).toEqual(['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS'])
    expect(wide.rows[0]).toEqual(['dev-view', 'ClusterRole/view', expect.stringMatching(/^\d+s$/), 'dev-team-a', '', ''])
    expect((await kubectl('admin', 'delete', 'rolebinding', 'dev-view', '-n', 'team-c')).code).toBe(0)
    expect((await kubectl('dev-team-a', 'auth', 'can-i', 'list', 'pods', '-n', 'team-c')).stdout.trim()).toBe('no')
  })

  it('the built-in ClusterRoles are listed and readable', async () => {
    const roles = parseKubectlTable((await kubectl('admin', 'get', 'clusterroles')).stdout)
    expect(roles.headers).toEqual(['NAME', 'CREATED AT'])
    expect(roles.rows.map((r) => r[0])).toEqual(expect.arrayContaining(['admin', 'cluster-admin', 'edit', 'view', 'system:discovery']))
    const view = JSON.parse((await kubectl('admin', 'get', 'clusterrole', 'view', '-o', 'json')).stdout) as { rules: { resources?: string[] }[] }
    expect(view.rules.some((r) => r.resources?.includes('pods'))).toBe(true)
  })
})
