import { describe, expect, it } from 'vitest'
import { describeKubeconfig, redactUrls } from './kubeconfigBrowser.ts'
import { readKubeconfigs } from './kubeconfig.ts'

/** Every secret-looking value of the fixture: none may appear in the view. */
const SECRETS = ['tok-SECRET-1', 'Q0VSVC1TRUNSRVQ=', 'S0VZLVNFQ1JFVA==', 'pw-SECRET', '--secret-arg', 'ENV-SECRET', 'idp-SECRET', 'proxy-SECRET', 'url-SECRET']

const YAML = `
apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: prod
  cluster:
    server: https://api.prod.example.com:6443
    certificate-authority-data: Q0EtREFUQQ==
    proxy-url: http://user:proxy-SECRET@proxy.local:3128
- name: lab
  cluster:
    server: https://10.0.0.5:6443
    insecure-skip-tls-verify: true
- name: broken
  cluster:
    server: ftp://admin:url-SECRET@files.example.com
users:
- name: tok
  user:
    token: tok-SECRET-1
- name: cert
  user:
    client-certificate-data: Q0VSVC1TRUNSRVQ=
    client-key-data: S0VZLVNFQ1JFVA==
- name: aws
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: /usr/local/bin/aws
      args: [eks, get-token, --secret-arg]
      env: [{name: AWS_PROFILE, value: ENV-SECRET}]
- name: oidc
  user:
    auth-provider:
      name: oidc
      config: {id-token: idp-SECRET}
- name: basic
  user:
    username: admin
    password: pw-SECRET
- name: file
  user:
    tokenFile: /var/run/token
contexts:
- name: prod
  context: {cluster: prod, user: aws, namespace: payments}
- name: lab
  context: {cluster: lab, user: cert}
- name: old
  context: {cluster: broken, user: basic}
- name: nocluster
  context: {user: tok}
`

describe('kubeconfig browser', () => {
  it('lists contexts, clusters, auth method names and namespaces, and no secret', async () => {
    const merged = readKubeconfigs({ yaml: YAML })
    const view = await describeKubeconfig(merged, async (ctx) =>
      ctx === 'prod' ? { names: ['kube-system', 'default'], lastSeen: '2024-05-01T10:00:00.000Z' } : undefined
    )
    expect(view.currentContext).toBe('prod')
    expect(view.files).toEqual(['<inline kubeconfig>'])
    expect(view.contexts.map((c) => [c.name, c.cluster, c.user ?? '', c.namespace ?? '', c.current])).toEqual([
      ['prod', 'prod', 'aws', 'payments', true],
      ['lab', 'lab', 'cert', '', false],
      ['old', 'broken', 'basic', '', false],
      ['nocluster', '', 'tok', '', false]
    ])
    expect(view.clusters).toEqual([
      { name: 'prod', server: 'api.prod.example.com:6443', hasCA: true, insecureSkipTLSVerify: false, hasProxy: true },
      { name: 'lab', server: '10.0.0.5:6443', hasCA: false, insecureSkipTLSVerify: true, hasProxy: false },
      expect.objectContaining({ name: 'broken', problem: expect.stringContaining('not an http(s) URL') })
    ])
    expect(Object.fromEntries(view.users.map((u) => [u.name, u.auth]))).toEqual({
      tok: ['token'],
      cert: ['client-certificate'],
      aws: ['exec: aws'],
      oidc: ['auth-provider: oidc'],
      basic: ['basic'],
      file: ['tokenFile']
    })
    expect(view.namespaces).toEqual([
      { context: 'prod', names: ['default', 'kube-system', 'payments'], cachedAt: '2024-05-01T10:00:00.000Z' },
      { context: 'lab', names: [] },
      { context: 'old', names: [] },
      { context: 'nocluster', names: [] }
    ])
    expect(view.problems).toEqual([
      expect.objectContaining({ path: '<inline kubeconfig>', line: expect.any(Number), message: 'context "nocluster" names no cluster' })
    ])
    const text = JSON.stringify(view)
    for (const s of SECRETS) expect(text, s).not.toContain(s)
  })

  it('reports a malformed file with its path and line, and still describes the good one', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const dir = mkdtempSync(join(tmpdir(), 'periscope-kcb-'))
    try {
      writeFileSync(join(dir, 'good'), YAML)
      writeFileSync(join(dir, 'bad'), 'apiVersion: v1\nclusters:\n  - name: x\n    cluster: [unclosed\n')
      const view = await describeKubeconfig(readKubeconfigs({ paths: [join(dir, 'bad'), join(dir, 'good')] }), async () => {
        throw new Error('cache down')
      })
      expect(view.files).toEqual([join(dir, 'good')])
      expect(view.problems[0]).toMatchObject({ path: join(dir, 'bad'), line: expect.any(Number), message: expect.stringMatching(/invalid YAML/) })
      expect(view.contexts).toHaveLength(4)
      expect(view.namespaces[0]).toEqual({ context: 'prod', names: ['payments'] })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('drops user:password from URLs in messages', () => {
    expect(redactUrls('server ftp://admin:pw@h.example/x is bad; see https://h2/')).toBe('server ftp://h.example/x is bad; see https://h2/')
  })
})
