import fs from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import type { TLSSocket } from 'node:tls'
import net from 'node:net'
import { Worker } from 'node:worker_threads'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { generate } from 'selfsigned'
import { stringify } from 'yaml'
import type { ObjectLike } from '../../shared/kinds/rows/index.ts'
import { startSim } from '@periscope/kube-sim'
import { loadClusters } from './clusterSet.ts'
import { peekContinue } from './transport.ts'
import type { ClusterSet } from './clusterSet.ts'
import type { WatchEvent } from './source.ts'

/** A scripted plain-http apiserver: each test sets `handler`. */
let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_q, res) => res.end()
const seen: { url: string; auth?: string }[] = []
const server = http.createServer((req, res) => {
  seen.push({ url: req.url ?? '', auth: req.headers.authorization })
  handler(req, res)
})
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscope-transport-'))
let sets: ClusterSet[] = []

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
})
afterEach(() => {
  sets.forEach((s) => s.close())
  sets = []
  seen.length = 0
  server.closeAllConnections()
})
afterAll(async () => {
  await new Promise((r) => server.close(r))
  fs.rmSync(dir, { recursive: true, force: true })
})

function transport(user: Record<string, unknown> = { token: 't0' }, extra: Record<string, unknown> = {}) {
  const port = (server.address() as net.AddressInfo).port
  const set = loadClusters({
    yaml: stringify({
      clusters: [{ name: 'c', cluster: { server: `http://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true, ...extra } }],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }]
    })
  })
  sets.push(set)
  return set.transport('ctx')
}
const pod = (i: number): ObjectLike => ({ metadata: { name: `p${i}`, uid: `u${i}`, resourceVersion: String(i) } })

describe('Transport', () => {
  it('lists with limit=500 pages and continue, gzip, handing items page by page', async () => {
    handler = (req, res) => {
      const q = new URL(req.url!, 'http://x').searchParams
      const page =
        q.get('continue') === 'next'
          ? { metadata: { resourceVersion: '9' }, items: [pod(3)] }
          : { metadata: { resourceVersion: '9', continue: 'next', remainingItemCount: 1 }, items: [pod(1), pod(2)] }
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
      res.end(gzipSync(JSON.stringify(page)))
    }
    const pages: number[] = []
    const remaining: (number | undefined)[] = []
    const out = await transport().listPages('/api/v1/pods', 'list pods', {
      signal: new AbortController().signal,
      onPage: (items, info) => {
        pages.push(items.length)
        remaining.push(info?.remainingItemCount)
      }
    })
    expect(out).toEqual({ resourceVersion: '9' })
    expect(pages).toEqual([2, 1])
    // The apiserver's remainingItemCount is handed on; the last page has none.
    expect(remaining).toEqual([1, undefined])
    expect(seen.map((s) => s.url)).toEqual(['/api/v1/pods?limit=500', '/api/v1/pods?limit=500&continue=next'])
    expect(seen[0].auth).toBe('Bearer t0')
  })

  it('asks for the next page while it parses this one (the token is read from the body head)', async () => {
    // The apiserver runs on its own thread, so it sees requests while this thread is busy.
    const worker = new Worker(
      `const http = require('node:http'); const { parentPort } = require('node:worker_threads');
       const pod = (i) => ({ metadata: { name: 'p' + i, uid: 'u' + i, resourceVersion: String(i) } });
       const s = http.createServer((req, res) => {
         const c = new URL(req.url, 'http://x').searchParams.get('continue');
         if (c === 'c2') parentPort.postMessage({ page2At: performance.timeOrigin + performance.now() });
         res.writeHead(200, { 'content-type': 'application/json' });
         res.end(JSON.stringify(c === 'c2'
           ? { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '9' }, items: [pod(3)] }
           : { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '9', continue: 'c2' }, items: [pod(1), pod(2)] }));
       });
       s.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: s.address().port }));`,
      { eval: true }
    )
    try {
      let page2At = 0
      const port = await new Promise<number>((resolve) =>
        worker.on('message', (m: { port?: number; page2At?: number }) => {
          if (m.port) resolve(m.port)
          if (m.page2At) page2At = m.page2At
        })
      )
      const set = loadClusters({
        yaml: stringify({
          clusters: [{ name: 'c', cluster: { server: `http://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } }],
          users: [{ name: 'u', user: { token: 't0' } }],
          contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }]
        })
      })
      sets.push(set)
      const names: string[] = []
      let firstDone = 0
      await set.transport('ctx').listPages('/api/v1/pods', 'list pods', {
        signal: new AbortController().signal,
        onPage: (items) => {
          if (!firstDone) {
            // A slow page-1 consumer holds this thread, as a big JSON.parse does.
            const until = performance.now() + 150
            while (performance.now() < until) {
              /* busy */
            }
            firstDone = performance.timeOrigin + performance.now()
          }
          names.push(...items.map((o) => o.metadata!.name!))
        }
      })
      expect(names).toEqual(['p1', 'p2', 'p3'])
      await new Promise((r) => setTimeout(r, 20))
      // Page 2 reached the apiserver while page 1 was still being consumed (sequential: after).
      expect(page2At).toBeGreaterThan(0)
      expect(page2At).toBeLessThan(firstDone)
    } finally {
      await worker.terminate()
    }
  })

  it('a head token that is not the parsed one: the early request is dropped and the right page asked for', async () => {
    handler = (req, res) => {
      const q = new URL(req.url!, 'http://x').searchParams
      res.writeHead(200, { 'content-type': 'application/json' })
      // Duplicate keys: JSON.parse keeps the last one ("right"), the head shows the first ("wrong").
      if (!q.get('continue')) res.end('{"kind":"PodList","metadata":{"continue":"wrong","continue":"right"},"items":[]}')
      else if (q.get('continue') === 'right') res.end(JSON.stringify({ metadata: { resourceVersion: '7' }, items: [pod(1)] }))
      else setTimeout(() => res.end(JSON.stringify({ metadata: { resourceVersion: '7' }, items: [pod(99)] })), 50)
    }
    const names: string[] = []
    const out = await transport().listPages('/api/v1/pods', 'list pods', {
      signal: new AbortController().signal,
      onPage: (items) => names.push(...items.map((o) => o.metadata!.name!))
    })
    expect(out).toEqual({ resourceVersion: '7' })
    expect(names).toEqual(['p1'])
    expect(seen.map((x) => x.url)).toContain('/api/v1/pods?limit=500&continue=right')
  })

  it('peekContinue: the metadata token before the first list, never one inside the items', () => {
    const real =
      '{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"1234","continue":"eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTIzNCwic3RhcnQiOiJkZWZhdWx0L3A0OTlcdTAwMDAifQ","remainingItemCount":9500},"items":[{"metadata":{"name":"p"}}]}'
    expect(peekContinue(Buffer.from(real))).toBe('eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTIzNCwic3RhcnQiOiJkZWZhdWx0L3A0OTlcdTAwMDAifQ')
    const table =
      '{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"5","continue":"abc"},"columnDefinitions":[{"name":"Name"}],"rows":[]}'
    expect(peekContinue(Buffer.from(table))).toBe('abc')
    expect(peekContinue(Buffer.from('{"kind":"PodList","metadata":{"resourceVersion":"5"},"items":[]}'))).toBeUndefined()
    const inItems = '{"metadata":{"resourceVersion":"1"},"items":[{"metadata":{"name":"x","annotations":{"a":"\\"continue\\":\\"zzz\\""}}}]}'
    expect(peekContinue(Buffer.from(inItems))).toBeUndefined()
  })

  it('reads a token file trimmed (and re-reads it later)', async () => {
    const f = path.join(dir, 'token')
    fs.writeFileSync(f, 'file-token\n')
    handler = (_q, res) => res.end('{"gitVersion":"v1.33.0"}')
    await transport({ tokenFile: f }).getJson('/version', new AbortController().signal)
    expect(seen[0].auth).toBe('Bearer file-token')
  })

  it('watches with bookmarks and a 300–600 s timeout, across chunk boundaries; ERROR 410 rejects as gone', async () => {
    handler = (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const lines = [
        { type: 'ADDED', object: pod(1) },
        { type: 'BOOKMARK', object: { metadata: { resourceVersion: '5' } } },
        { type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old' } }
      ]
      const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n'
      let i = 0
      const tick = setInterval(() => {
        res.write(text.slice(i, i + 17))
        i += 17
        if (i >= text.length) clearInterval(tick)
      }, 1)
      res.on('close', () => clearInterval(tick))
    }
    const events: WatchEvent['type'][] = []
    const p = transport().watch('/api/v1/pods', 'watch pods', {
      resourceVersion: '1',
      signal: new AbortController().signal,
      livenessMs: 5000,
      onEvent: (e) => events.push(e.type)
    })
    await expect(p).rejects.toMatchObject({ kind: 'gone', status: 410 })
    expect(events).toEqual(['ADDED', 'BOOKMARK'])
    const q = new URL(seen[0].url, 'http://x').searchParams
    expect(Object.fromEntries(q)).toMatchObject({ watch: '1', allowWatchBookmarks: 'true', resourceVersion: '1' })
    expect(Number(q.get('timeoutSeconds'))).toBeGreaterThanOrEqual(300)
    expect(Number(q.get('timeoutSeconds'))).toBeLessThan(600)
  })

  it('classifies HTTP 410 on open, 429 with Retry-After, a stalled watch and a cancelled one', async () => {
    const t = transport()
    const signal = new AbortController().signal
    handler = (_q, res) => {
      res.writeHead(410)
      res.end(JSON.stringify({ kind: 'Status', code: 410, message: 'too old resource version' }))
    }
    await expect(t.watch('/api/v1/pods', 'watch pods', { resourceVersion: '1', signal, livenessMs: 5000, onEvent: () => undefined })).rejects.toMatchObject({
      kind: 'gone'
    })
    handler = (_q, res) => {
      res.writeHead(429, { 'retry-after': '2' })
      res.end()
    }
    await expect(t.listPages('/api/v1/pods', 'list pods', { signal, onPage: () => undefined })).rejects.toMatchObject({ status: 429, retryAfterMs: 2000 })
    handler = (_q, res) => {
      res.writeHead(200)
      res.flushHeaders()
    }
    await expect(t.watch('/api/v1/pods', 'watch pods', { resourceVersion: '1', signal, livenessMs: 100, onEvent: () => undefined })).rejects.toMatchObject({
      kind: 'liveness',
      message: expect.stringContaining('stalled')
    })
    const ac = new AbortController()
    const w = t.watch('/api/v1/pods', 'watch pods', {
      resourceVersion: '1',
      signal: ac.signal,
      livenessMs: 5000,
      onOpen: () => ac.abort(),
      onEvent: () => undefined
    })
    await expect(w).rejects.toMatchObject({ kind: 'aborted' })
  })

  it('reaches an https apiserver through proxy-url (HTTP CONNECT)', async () => {
    const sim = await startSim({ pods: 3 })
    let connects = 0
    const tunnels = new Set<{ destroy(): void }>()
    const proxy = http.createServer()
    proxy.on('connect', (req, client, head) => {
      connects++
      tunnels.add(client)
      const [host, port] = (req.url ?? '').split(':')
      const up = net.connect(Number(port), host, () => {
        tunnels.add(up)
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        up.write(head)
        up.pipe(client)
        client.pipe(up)
      })
      up.on('error', () => client.destroy())
      client.on('error', () => up.destroy())
    })
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r))
    try {
      const yaml = sim
        .kubeconfig({ context: 'p' })
        .replace(/(server: .*)/, `$1\n      proxy-url: http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`)
      const set = loadClusters({ yaml })
      sets.push(set)
      let n = 0
      await set.transport('p').listPages('/api/v1/pods', 'list pods', {
        signal: new AbortController().signal,
        onPage: (items) => {
          n += items.length
        }
      })
      expect(n).toBe(3)
      expect(connects).toBeGreaterThan(0)
    } finally {
      for (const t of tunnels) t.destroy()
      proxy.closeAllConnections()
      await new Promise((r) => proxy.close(r))
      await sim.stop()
    }
  })

  it('authenticates with a client certificate, trusting a certificate-authority file or skipping verification', async () => {
    const pems = await generate([{ name: 'commonName', value: 'fake-apiserver' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      clientCertificate: { cn: 'jane' },
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }
      ]
    })
    const tlsServer = https.createServer({ key: pems.private, cert: pems.cert, ca: pems.cert, requestCert: true, rejectUnauthorized: true }, (req, res) => {
      res.end(JSON.stringify({ gitVersion: (req.socket as TLSSocket).getPeerCertificate().subject.CN }))
    })
    await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r))
    try {
      const caFile = path.join(dir, 'ca.crt')
      fs.writeFileSync(caFile, pems.cert)
      const server = `https://127.0.0.1:${(tlsServer.address() as net.AddressInfo).port}`
      const b64 = (t?: string): string => Buffer.from(t ?? '').toString('base64')
      const set = loadClusters({
        yaml: stringify({
          clusters: [
            { name: 'ca-file', cluster: { server, 'certificate-authority': caFile } },
            { name: 'skip', cluster: { server, 'insecure-skip-tls-verify': true } },
            { name: 'no-ca', cluster: { server } }
          ],
          users: [{ name: 'jane', user: { 'client-certificate-data': b64(pems.clientcert), 'client-key-data': b64(pems.clientprivate) } }],
          contexts: ['ca-file', 'skip', 'no-ca'].map((c) => ({ name: c, context: { cluster: c, user: 'jane' } }))
        })
      })
      sets.push(set)
      const signal = new AbortController().signal
      expect(await set.transport('ca-file').getJson('/version', signal)).toEqual({ gitVersion: 'jane' })
      expect(await set.transport('skip').getJson('/version', signal)).toEqual({ gitVersion: 'jane' })
      await expect(set.transport('no-ca').getJson('/version', signal)).rejects.toThrow(/unknown authority \(check certificate-authority\)/)
      expect(set.list().find((c) => c.id === 'no-ca')).toMatchObject({ status: 'error', reason: expect.stringContaining('unknown authority') })
      // An exec plugin that answers with a client certificate: that certificate is the one
      // presented (the shared TLS context is built from it, not from the kubeconfig's).
      const plugin = fileURLToPath(new URL('../../../test/fixtures/hostile-plugin.mjs', import.meta.url))
      const execSet = loadClusters({
        yaml: stringify({
          clusters: [{ name: 'c', cluster: { server, 'certificate-authority': caFile } }],
          users: [
            {
              name: 'exec-cert',
              user: {
                exec: {
                  apiVersion: 'client.authentication.k8s.io/v1',
                  command: process.execPath,
                  args: [plugin],
                  env: [
                    { name: 'PLUGIN_MODE', value: 'cert' },
                    { name: 'PLUGIN_CERT', value: pems.clientcert ?? '' },
                    { name: 'PLUGIN_KEY', value: pems.clientprivate ?? '' }
                  ]
                }
              }
            }
          ],
          contexts: [{ name: 'exec', context: { cluster: 'c', user: 'exec-cert' } }]
        })
      })
      sets.push(execSet)
      expect(await execSet.transport('exec').getJson('/version', signal)).toEqual({ gitVersion: 'jane' })
    } finally {
      tlsServer.closeAllConnections()
      await new Promise((r) => tlsServer.close(r))
    }
  })
})
