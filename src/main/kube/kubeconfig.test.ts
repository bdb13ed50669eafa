import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { loadClusters } from './clusterSet.ts'
import { readKubeconfigs } from './kubeconfig.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscope-kubeconfig-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

function write(name: string, doc: unknown): string {
  const p = path.join(dir, name)
  fs.writeFileSync(p, typeof doc === 'string' ? doc : stringify(doc))
  return p
}

const cfg = (prefix: string, server: string, current?: string) => ({
  apiVersion: 'v1',
  kind: 'Config',
  ...(current ? { 'current-context': current } : {}),
  clusters: [
    { name: 'shared', cluster: { server } },
    { name: `${prefix}-c`, cluster: { server, 'certificate-authority': 'ca.crt' } }
  ],
  users: [
    { name: 'shared', user: { token: `${prefix}-token` } },
    { name: `${prefix}-u`, user: { tokenFile: 'token.txt' } }
  ],
  contexts: [
    { name: 'shared', context: { cluster: 'shared', user: 'shared' } },
    { name: prefix, context: { cluster: `${prefix}-c`, user: `${prefix}-u`, namespace: 'team' } }
  ]
})

describe('kubeconfig loading and merging', () => {
  it('merges like kubectl: first definition wins, first current-context wins, missing $KUBECONFIG files are skipped', () => {
    const a = write('a.yaml', cfg('a', 'https://a.example:6443'))
    const b = write('b.yaml', cfg('b', 'https://b.example:6443', 'b'))
    const c = write('c.yaml', cfg('c', 'https://c.example:6443', 'c'))
    const env = { KUBECONFIG: [a, path.join(dir, 'missing.yaml'), b, c].join(path.delimiter) }
    const m = readKubeconfigs({ env })
    expect(m.problems).toEqual([])
    expect([...m.contexts.keys()]).toEqual(['shared', 'a', 'b', 'c'])
    expect(m.currentContext).toBe('b')
    expect(m.clusters.get('shared')?.server).toBe('https://a.example:6443')
    expect(m.users.get('shared')?.token).toBe('a-token')
    // Relative paths resolve against the file that holds them.
    expect(m.clusters.get('b-c')?.caFile).toBe(path.join(dir, 'ca.crt'))
    expect(m.users.get('b-u')?.tokenFile).toBe(path.join(dir, 'token.txt'))
  })

  it('reports a malformed file with its path and line, and still loads the others', () => {
    const good = write('good.yaml', cfg('g', 'https://g.example'))
    const bad = write('bad.yaml', 'apiVersion: v1\nclusters:\n  - name: x\n    cluster: {server: "https://x\n  - broken: [\n')
    const set = loadClusters({ paths: [bad, good] })
    expect(set.problems).toHaveLength(1)
    expect(set.problems[0]).toMatchObject({ path: bad, line: expect.any(Number) })
    expect(set.problems[0].line).toBeGreaterThanOrEqual(4)
    expect(set.problems[0].message).toMatch(/^invalid YAML: /)
    expect(set.list().map((c) => c.id)).toEqual(['shared', 'g'])
  })

  it('an explicit missing path is a problem; an entry without a name names its line', () => {
    const f = write('noname.yaml', 'clusters:\n- cluster: {server: https://x}\n')
    const m = readKubeconfigs({ paths: [path.join(dir, 'nope.yaml'), f] })
    expect(m.problems).toEqual([
      { path: path.join(dir, 'nope.yaml'), message: 'file not found' },
      { path: f, line: 2, message: 'clusters[0] has no name' }
    ])
  })

  it('broken contexts are errors on that cluster only, with precise reasons and no secrets', () => {
    const yaml = stringify({
      clusters: [
        { name: 'ok', cluster: { server: 'https://ok.example:6443' } },
        { name: 'noserver', cluster: {} },
        { name: 'plain', cluster: { server: 'http://plain.example' } }
      ],
      users: [{ name: 'u', user: { token: 'secret-token-value' } }],
      contexts: [
        { name: 'fine', context: { cluster: 'ok', user: 'u', namespace: 'dev' } },
        { name: 'no-cluster', context: { cluster: 'ghost', user: 'u' } },
        { name: 'no-user', context: { cluster: 'ok', user: 'ghost' } },
        { name: 'no-server', context: { cluster: 'noserver', user: 'u' } },
        { name: 'http', context: { cluster: 'plain', user: 'u' } }
      ]
    })
    const list = loadClusters({ yaml }).list()
    expect(list).toEqual([
      { id: 'fine', status: 'connecting', reason: '', namespace: 'dev', server: 'ok.example:6443' },
      { id: 'no-cluster', status: 'error', reason: 'context "no-cluster" names cluster "ghost", which no kubeconfig file defines' },
      { id: 'no-user', status: 'error', reason: 'context "no-user" names user "ghost", which no kubeconfig file defines', server: 'ok.example:6443' },
      { id: 'no-server', status: 'error', reason: 'cluster "noserver" has no server' },
      { id: 'http', status: 'error', reason: 'cluster "plain": plain http:// needs insecure-skip-tls-verify: true', server: 'plain.example' }
    ])
    expect(JSON.stringify(list)).not.toContain('secret-token-value')
  })

  it('parses exec stanzas (command, args, env, apiVersion)', () => {
    const m = readKubeconfigs({
      yaml: stringify({
        users: [
          {
            name: 'eks',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1beta1',
                command: 'aws',
                args: ['eks', 'get-token'],
                env: [{ name: 'AWS_PROFILE', value: 'prod' }]
              }
            }
          }
        ]
      })
    })
    expect(m.users.get('eks')?.exec).toEqual({
      command: 'aws',
      args: ['eks', 'get-token'],
      env: [{ name: 'AWS_PROFILE', value: 'prod' }],
      apiVersion: 'client.authentication.k8s.io/v1beta1'
    })
  })

  it("resolves an exec command with a path separator against the kubeconfig's folder, like client-go; a bare name stays on PATH", () => {
    const f = write('exec-rel.yaml', {
      users: [
        { name: 'rel', user: { exec: { command: './bin/get-token', args: [] } } },
        { name: 'sub', user: { exec: { command: 'tools/get-token' } } },
        { name: 'abs', user: { exec: { command: '/usr/local/bin/aws' } } },
        { name: 'bare', user: { exec: { command: 'aws' } } }
      ]
    })
    const m = readKubeconfigs({ paths: [f] })
    expect(m.users.get('rel')?.exec?.command).toBe(path.join(dir, 'bin', 'get-token'))
    expect(m.users.get('sub')?.exec?.command).toBe(path.join(dir, 'tools', 'get-token'))
    expect(m.users.get('abs')?.exec?.command).toBe('/usr/local/bin/aws')
    expect(m.users.get('bare')?.exec?.command).toBe('aws')
  })

  it('an alias bomb, a FIFO, a directory and an oversized file are each one problem with their path; the good file still loads', () => {
    let bomb = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for (let i = 1; i < 10; i++)
      bomb += `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(',')}]\n`
    bomb += 'clusters: *a9\n'
    const bombFile = write('bomb.yaml', bomb)
    const good = write('good-one.yaml', cfg('g', 'https://g.example:6443'))
    const fifo = path.join(dir, 'fifo.yaml')
    execFileSync('mkfifo', [fifo])
    const big = path.join(dir, 'big.yaml')
    fs.writeFileSync(big, '')
    fs.truncateSync(big, 33 * 1024 * 1024) // sparse: no disk used
    const t0 = Date.now()
    const m = readKubeconfigs({ env: { KUBECONFIG: [bombFile, fifo, dir, big, good].join(path.delimiter) } })
    expect(Date.now() - t0).toBeLessThan(2_000) // the FIFO did not block
    expect([...m.contexts.keys()]).toEqual(['shared', 'g'])
    expect(m.files).toEqual([good])
    expect(m.problems).toEqual([
      {
        path: bombFile,
        message: 'refused: its YAML aliases expand beyond the limit of 100 (an "alias bomb" would take all memory); kubeconfigs need no aliases'
      },
      { path: fifo, message: 'not read: it is a FIFO (named pipe), not a regular file' },
      { path: dir, message: 'not read: it is a directory, not a regular file' },
      { path: big, message: 'not read: it is 33 MiB, larger than the 32 MiB limit' }
    ])
  })
})
