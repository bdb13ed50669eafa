// The kept kubeconfig view: rebuilt only when a file or the cached namespaces change, and cheap
// at 10,000 contexts once built.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { kubeconfigViewer } from './kubeconfigView.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscope-kcview-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

function bigKubeconfig(n: number): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:']
  for (let i = 0; i < n; i++) lines.push(`- name: c${i}`, '  cluster:', `    server: https://10.${(i >> 8) & 255}.${i & 255}.1:6443`)
  lines.push('users:', '- name: u', '  user:', '    token: t')
  lines.push('contexts:')
  for (let i = 0; i < n; i++) lines.push(`- name: ctx-${i}`, '  context:', `    cluster: c${i}`, '    user: u')
  return lines.join('\n') + '\n'
}

describe('kubeconfig view', () => {
  it('10,000 contexts: parsed once; later calls answer the kept view until the file changes', async () => {
    const file = path.join(dir, 'big.yaml')
    fs.writeFileSync(file, bigKubeconfig(10_000))
    let lookups = 0
    let stamp = 0
    const view = kubeconfigViewer({
      options: () => ({ paths: [file] }),
      namespacesStamp: () => stamp,
      namespaces: async (ctx) => {
        lookups++
        return ctx === 'ctx-1' ? { names: ['kube-system'], lastSeen: '2026-01-01T00:00:00.000Z' } : undefined
      }
    })
    const t0 = performance.now()
    const first = await view()
    const firstMs = performance.now() - t0
    expect(first.contexts).toHaveLength(10_000)
    expect(lookups).toBe(10_000)
    const t1 = performance.now()
    for (let i = 0; i < 20; i++) expect(await view()).toBe(first)
    const keptMs = (performance.now() - t1) / 20
    console.log(`kubeconfig view, 10,000 contexts: first ${firstMs.toFixed(0)} ms, kept ${keptMs.toFixed(2)} ms per call`)
    expect(lookups).toBe(10_000)
    // A namespace row was written: only then the view is rebuilt.
    stamp++
    expect(await view()).not.toBe(first)
    expect(lookups).toBe(20_000)
    const second = await view()
    // The file changed: rebuilt, and it shows.
    fs.writeFileSync(file, bigKubeconfig(3))
    const third = await view()
    expect(third).not.toBe(second)
    expect(third.contexts.map((c) => c.name)).toEqual(['ctx-0', 'ctx-1', 'ctx-2'])
  })
})
