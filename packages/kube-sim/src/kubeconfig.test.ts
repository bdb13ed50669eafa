import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { renderKubeconfig, writeKubeconfig } from './kubeconfig.ts'

describe('kubeconfig', () => {
  it('renders a TLS + token kubeconfig with the current context set', () => {
    const y = parse(renderKubeconfig({ server: 'https://127.0.0.1:1234', token: 't0k', caPem: 'PEM' }))
    expect(y['current-context']).toBe('periscope-sim')
    expect(y.clusters[0].cluster).toEqual({ server: 'https://127.0.0.1:1234', 'certificate-authority-data': Buffer.from('PEM').toString('base64') })
    expect(y.users[0].user).toEqual({ token: 't0k' })
    expect(y.contexts[0].context).toEqual({ cluster: 'periscope-sim', user: 'periscope-sim', namespace: 'default' })
    const plain = parse(renderKubeconfig({ server: 'http://127.0.0.1:1', token: 'x', context: 'c', namespace: 'ns' }))
    expect(plain.clusters[0].cluster['insecure-skip-tls-verify']).toBe(true)
    expect(plain.contexts[0]).toMatchObject({ name: 'c', context: { namespace: 'ns' } })
  })

  it('adds one context and user per extra user on the same cluster, the first context staying current', () => {
    const y = parse(
      renderKubeconfig({
        server: 'https://127.0.0.1:1234',
        token: 'admin',
        caPem: 'PEM',
        users: [
          { context: 'periscope-sim-dev-team-a', token: 'dev', namespace: 'team-a' },
          { context: 'periscope-sim-viewer', token: 'v', namespace: 'default' }
        ]
      })
    )
    expect(y['current-context']).toBe('periscope-sim')
    expect(y.clusters).toHaveLength(1)
    expect(y.users).toEqual([
      { name: 'periscope-sim', user: { token: 'admin' } },
      { name: 'periscope-sim-dev-team-a', user: { token: 'dev' } },
      { name: 'periscope-sim-viewer', user: { token: 'v' } }
    ])
    expect(y.contexts[1]).toEqual({
      name: 'periscope-sim-dev-team-a',
      context: { cluster: 'periscope-sim', user: 'periscope-sim-dev-team-a', namespace: 'team-a' }
    })
  })

  it('writes the file with mode 0600', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simkc-'))
    try {
      const f = join(dir, 'kc')
      writeKubeconfig(f, 'a: 1\n')
      expect(statSync(f).mode & 0o777).toBe(0o600)
      expect(readFileSync(f, 'utf8')).toBe('a: 1\n')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
