/**
 * Hostile requests against the real local server (sim → engine → server): missing and wrong
 * tokens, DNS-rebinding Hosts, foreign Origins, encoded path traversal, huge URLs and headers.
 * Each must get a precise 4xx JSON error (never a 500, never the token echoed), start no
 * upstream watch and open no stream, and the server must keep answering afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DebugWatch } from '../../src/shared/api/wire.ts'
import { TOKEN, getJson, startStack } from '../support/stack.ts'
import type { Stack } from '../support/stack.ts'
import { raw } from '../support/raw.ts'
import type { RawAnswer } from '../support/raw.ts'

let s: Stack
let host: string
beforeAll(async () => {
  s = await startStack({ sim: { pods: 20 } })
  host = `127.0.0.1:${s.server.port}`
})
afterAll(async () => {
  await s?.stop()
})

const AUTH: [string, string] = ['Authorization', `Bearer ${TOKEN}`]
/** Figures for the report when HOSTILE_REPORT=1 (case → status). */
const seen: string[] = []
afterAll(() => {
  if (process.env.HOSTILE_REPORT) console.log(seen.join('\n'))
})

async function hit(label: string, target: string, headers: [string, string][], method?: string): Promise<RawAnswer> {
  const a = await raw(s.server.port, target, headers, method ? { method } : {})
  seen.push(`${label}\t${a.status}\t${a.body.slice(0, 140)}`)
  return a
}

/** A 4xx JSON error `{error, code}` that names no secret. */
function expectRefused(a: RawAnswer, status: number): void {
  expect(a.status).toBe(status)
  const body = JSON.parse(a.body) as { error: string; code: number }
  expect(body.code).toBe(status)
  expect(body.error.length).toBeGreaterThan(10)
  expect(a.body).not.toContain(TOKEN)
  expect(a.headers['access-control-allow-origin']).toBeUndefined()
}

describe('hostile input: requests', () => {
  it('a missing or wrong token is 401 on every route, including /debug/* and ?token=', async () => {
    const routes = [
      '/api/features',
      '/api/clusters',
      '/api/settings',
      '/debug/streams',
      '/debug/watches',
      '/api/clusters/sim/pods',
      '/api/clusters/sim/pods/watch'
    ]
    const wrong: [string, [string, string][], string][] = [
      ['no token', [], ''],
      ['wrong bearer', [['Authorization', 'Bearer fault-suite-token-0123456789abcdeX']], ''],
      ['token prefix', [['Authorization', `Bearer ${TOKEN.slice(0, -1)}`]], ''],
      ['token + 1 char', [['Authorization', `Bearer ${TOKEN}0`]], ''],
      ['basic auth', [['Authorization', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`]], ''],
      ['bearer, empty', [['Authorization', 'Bearer ']], ''],
      ['?token= wrong length', [], `?token=${TOKEN}${TOKEN}`],
      ['?token= 10 KB', [], `?token=${'a'.repeat(3000)}`],
      ['?token= odd characters', [], `?token=${encodeURIComponent('💥\u0000<script>"')}`],
      ['?token= empty', [], '?token='],
      ['?token= twice, first wrong', [], `?token=nope&token=${TOKEN}`],
      ['bad header + good ?token=', [['Authorization', 'Bearer nope']], `?token=${TOKEN}`]
    ]
    for (const route of routes) {
      for (const [label, headers, query] of wrong) {
        const sep = query && route.includes('?') ? query.replace('?', '&') : query
        const a = await hit(`401 ${label} ${route}`, route + sep, [['Host', host], ...headers])
        expectRefused(a, 401)
        expect(a.headers['www-authenticate']).toBe('Bearer')
      }
    }
    // A good ?token= counts only on a stream route (EventSource cannot send headers); elsewhere
    // a token in the URL is not looked at (URLs end up in logs, history and Referer headers).
    for (const route of ['/debug/streams', '/api/features', '/api/clusters', '/api/clusters/sim/pods']) {
      expectRefused(await hit(`401 good ?token= off a stream route ${route}`, `${route}?token=${TOKEN}`, [['Host', host]]), 401)
    }
    expect((await hit('200 good bearer', '/debug/streams', [['Host', host], AUTH])).status).toBe(200)
  })

  it('a DNS-rebinding Host is 421 before the token is even looked at', async () => {
    const hosts: [string, [string, string][]][] = [
      ['evil.com:<port>', [['Host', `evil.com:${s.server.port}`]]],
      ['127.0.0.1.evil.com:<port>', [['Host', `127.0.0.1.evil.com:${s.server.port}`]]],
      ['localhost.evil.com:<port>', [['Host', `localhost.evil.com:${s.server.port}`]]],
      ['127.0.0.1 (no port)', [['Host', '127.0.0.1']]],
      ['127.0.0.1:<other port>', [['Host', `127.0.0.1:${s.server.port + 1}`]]],
      ['[::1]:<port>', [['Host', `[::1]:${s.server.port}`]]],
      ['0.0.0.0:<port>', [['Host', `0.0.0.0:${s.server.port}`]]],
      ['userinfo@127.0.0.1:<port>', [['Host', `x@127.0.0.1:${s.server.port}`]]],
      ['empty Host', [['Host', '']]],
      [
        'two Hosts',
        [
          ['Host', host],
          ['Host', `evil.com:${s.server.port}`]
        ]
      ]
    ]
    for (const [label, headers] of hosts) {
      const a = await hit(`Host ${label}`, '/api/features', [...headers, AUTH])
      expectRefused(a, 421)
    }
    // HTTP/1.1 without Host: Node's own 400 (requireHostHeader); HTTP/1.0 without Host: ours.
    const missing = await hit('Host missing (HTTP/1.1)', '/api/features', [AUTH])
    expect(missing.status).toBe(400)
    const missing10 = await raw(s.server.port, '/api/features', [AUTH], { version: '1.0' })
    seen.push(`Host missing (HTTP/1.0)\t${missing10.status}\t${missing10.body.slice(0, 100)}`)
    expectRefused(missing10, 421)
  })

  it('a foreign Origin (null, another port, look-alikes) is 403 with no CORS grant', async () => {
    const port = s.server.port
    const origins = [
      'null',
      'https://evil.com',
      `http://127.0.0.1:${port + 1}`,
      `https://127.0.0.1:${port}`,
      `http://localhost.evil.com:${port}`,
      `http://127.0.0.1:${port}.evil.com`,
      `http://127.0.0.1:${port}/`,
      `HTTP://127.0.0.1:${port}`,
      'file://',
      '*'
    ]
    for (const origin of origins) {
      expectRefused(await hit(`Origin ${origin}`, '/api/features', [['Host', host], ['Origin', origin], AUTH]), 403)
      expectRefused(await hit(`Origin ${origin} (watch)`, '/api/clusters/sim/pods/watch', [['Host', host], ['Origin', origin], AUTH]), 403)
      const pre = await hit(
        `Origin ${origin} (preflight)`,
        '/api/settings',
        [
          ['Host', host],
          ['Origin', origin],
          ['Access-Control-Request-Method', 'PUT']
        ],
        'OPTIONS'
      )
      expectRefused(pre, 403)
    }
    const own = await hit('Origin own', '/api/features', [['Host', host], ['Origin', s.server.origin], AUTH])
    expect(own.status).toBe(200)
    expect(own.headers['access-control-allow-origin']).toBe(s.server.origin)
  })

  it('encoded path traversal in cluster, kind or namespace is refused (400/404), never followed', async () => {
    const bad: [string, string, number][] = [
      ['cluster %2e%2e', '/api/clusters/%2e%2e/pods', 400],
      ['cluster %2E%2E mixed case', '/api/clusters/%2E%2e/pods/watch', 400],
      ['cluster ..%2f..%2fetc', '/api/clusters/..%2f..%2fetc/pods', 400],
      ['cluster sim%2f..', '/api/clusters/sim%2f../pods', 400],
      ['cluster %2f (encoded slash only)', '/api/clusters/%2f/pods', 404],
      ['cluster double-encoded %252e%252e', '/api/clusters/%252e%252e/pods', 404],
      ['cluster NUL %00', '/api/clusters/sim%00/pods', 400],
      ['cluster NUL mid', '/api/clusters/s%00im/pods/watch', 400],
      ['cluster control %0a', '/api/clusters/sim%0d%0aX-Injected:%201/pods', 400],
      ['cluster backslash raw', '/api/clusters/..\\..\\etc/pods', 400],
      ['cluster backslash %5c', '/api/clusters/..%5c..%5cetc/pods', 400],
      ['cluster unicode dots (U+FF0E)', '/api/clusters/%EF%BC%8E%EF%BC%8E/pods', 404],
      ['cluster unicode one-dot leader (U+2024)', '/api/clusters/%E2%80%A4%E2%80%A4/pods', 404],
      ['cluster overlong UTF-8 dot', '/api/clusters/%C0%AE%C0%AE/pods', 400],
      ['cluster bad escape %zz', '/api/clusters/%zz/pods', 400],
      ['cluster 300 chars', `/api/clusters/${'a'.repeat(300)}/pods`, 400],
      ['kind %2e%2e', '/api/clusters/sim/%2e%2e', 400],
      ['kind ..%2fsecrets', '/api/clusters/sim/..%2fsecrets', 400],
      ['kind leases (not in registry)', '/api/clusters/sim/leases', 404],
      ['kind leases watch', '/api/clusters/sim/leases/watch', 404],
      ['custom kind the cluster does not serve', '/api/clusters/sim/widgets.example.com', 404],
      ['custom kind token with ..', '/api/clusters/sim/widgets.example..com/watch', 400],
      ['kind PODS upper-case', '/api/clusters/sim/PODS/watch', 404],
      ['kind pods%00', '/api/clusters/sim/pods%00/watch', 400],
      ['kind unicode dots', '/api/clusters/sim/%EF%BC%8E%EF%BC%8E', 404],
      ['namespace ..', '/api/clusters/sim/pods?namespace=..', 400],
      ['namespace %2e%2e%2f', '/api/clusters/sim/pods/watch?namespace=%2e%2e%2fkube-system', 400],
      ['namespace NUL', '/api/clusters/sim/pods?namespace=default%00', 400],
      ['namespace backslash', '/api/clusters/sim/pods?namespace=%5c..%5c', 400],
      ['namespace double-encoded', '/api/clusters/sim/pods?namespace=%252e%252e', 400],
      ['namespace unicode dots', '/api/clusters/sim/pods?namespace=%EF%BC%8E%EF%BC%8E', 400],
      ['namespace twice', '/api/clusters/sim/pods/watch?namespace=default&namespace=kube-system', 400],
      ['namespace 64 chars', `/api/clusters/sim/pods?namespace=${'a'.repeat(64)}`, 400],
      ['extra segment after watch', '/api/clusters/sim/pods/watch/..%2f..', 400],
      ['apiserver passthrough', '/api/clusters/sim/api/v1/secrets', 404],
      ['static ..', '/assets/%2e%2e/%2e%2e/etc/passwd', 400],
      ['absolute-form target', `http://evil.com/api/features`, 400]
    ]
    for (const [label, target, status] of bad) {
      expectRefused(await hit(`traversal ${label}`, target, [['Host', host], AUTH]), status)
    }
  })

  it('huge URLs and headers, and many headers, are refused (414/431) and the server keeps answering', async () => {
    expectRefused(await hit('URL 5 KB', `/api/features?x=${'a'.repeat(5_000)}`, [['Host', host], AUTH]), 414)
    const path64k = await hit('URL 64 KB', `/api/clusters/${'a'.repeat(64_000)}/pods`, [['Host', host], AUTH])
    expect([414, 431]).toContain(path64k.status)
    const big = await hit('one 20 KB header', '/api/features', [['Host', host], AUTH, ['X-Big', 'a'.repeat(20_000)]])
    expect(big.status).toBe(431)
    const many = Array.from({ length: 3_000 }, (_, i): [string, string] => [`X-H${i}`, 'v'])
    expect((await hit('3,000 headers', '/api/features', [['Host', host], AUTH, ...many])).status).toBe(431)
    const cookie = await hit('16 KB cookie', '/api/features', [['Host', host], AUTH, ['Cookie', 'c='.padEnd(16_500, 'x')]])
    expect(cookie.status).toBe(431)
    // A junk resume id (4 KB, or not printable) is ignored: the stream starts with a snapshot.
    for (const id of ['x'.repeat(4_000), '../../etc', '1 2']) {
      const rc = s.client('nodes', '', { reconnect: false, lastEventId: id })
      await rc.waitUntil(() => (rc.counts.snapshot ?? 0) === 1, 10_000, `snapshot despite Last-Event-ID ${id.slice(0, 10)}`)
      seen.push(`Last-Event-ID ${id.slice(0, 12)}…\t${rc.statuses[0]}\tsnapshot`)
      rc.close()
    }
  })

  it('after all of it: no stream open, no upstream watch started by a refused request, and still serving', async () => {
    await new Promise((r) => setTimeout(r, 300))
    expect(s.server.streams.size()).toBe(0)
    const watches = await getJson<DebugWatch[]>(s.server, '/debug/watches')
    // Only the one accepted stream above (nodes, with a junk Last-Event-ID) ever subscribed.
    expect(watches.every((w) => w.kind === 'nodes' && w.subscribers === 0)).toBe(true)
    expect(s.logs.join('\n')).not.toContain(TOKEN)
    expect(s.logs.some((l) => l.startsWith('request failed'))).toBe(false)
    expect((await getJson<{ version: string }>(s.server, '/api/features')).version).toBe('fault')
  })
})
