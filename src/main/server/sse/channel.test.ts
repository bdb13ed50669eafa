/**
 * The generic SSE channel over real HTTP/1.1, with a stream user that is not the row stream (as a
 * logs stream would be): cap slot, headers, registry entry, frames, and one cleanup whatever ends
 * the channel.
 */
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createStreamLimiter } from '../../limiter/streamLimiter.ts'
import type { ServerContext } from '../context.ts'
import { createStreamRegistry } from '../streams.ts'
import { openSse } from '../../../../test/support/sseClient.ts'
import type { SseConn } from '../../../../test/support/sseClient.ts'
import { openSseChannel } from './channel.ts'
import type { SseChannel } from './channel.ts'

let server: Server | undefined
const conns: SseConn[] = []
afterEach(async () => {
  for (const c of conns.splice(0)) c.close()
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()))
  server = undefined
})

/** A server whose only route opens a channel for actor "a" and hands it to `use`. */
async function serve(limit: number, use: (ch: SseChannel) => void, extra: Partial<ServerContext> = {}) {
  const ctx = {
    limiter: createStreamLimiter(() => limit),
    streams: createStreamRegistry(),
    log: (l: string) => logs.push(l),
    pingMs: 60_000,
    ...extra
  } as unknown as ServerContext
  const logs: string[] = []
  const closes: string[] = []
  server = createServer((_req, res) => {
    const ch = openSseChannel(ctx, { res, actor: 'a', origin: undefined, info: { type: 'logs', cluster: 'c1', kind: 'pods', namespace: 'ns' } })
    if (!ch) return
    ch.onClose((reason) => closes.push(reason))
    use(ch)
  })
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
  const origin = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`
  const open = async (): Promise<SseConn> => {
    const c = await openSse(origin, '/')
    conns.push(c)
    return c
  }
  return { ctx, logs, closes, open }
}

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 300 && !cond(); i++) await new Promise((r) => setTimeout(r, 10))
  expect(cond()).toBe(true)
}

describe('SSE channel', () => {
  it("sends the SSE headers and its user's frames, registers itself, and ends gracefully once", async () => {
    let channel: SseChannel | undefined
    const s = await serve(2, (ch) => {
      channel = ch
      ch.send('line', { text: 'hello' }, { id: '7' })
      ch.send('line', { text: 'world' })
    })
    const c = await s.open()
    expect([c.status, c.headers['content-type'], c.headers['cache-control']]).toEqual([200, 'text/event-stream', 'no-cache, no-transform'])
    await c.waitFor((f) => f.data === '{"text":"world"}')
    expect(c.frames).toEqual([
      { event: 'line', data: '{"text":"hello"}', id: '7' },
      { event: 'line', data: '{"text":"world"}' }
    ])
    expect(s.ctx.streams.list()).toEqual([
      { id: channel!.id, actor: 'a', type: 'logs', cluster: 'c1', kind: 'pods', namespace: 'ns', openedAt: expect.any(String) }
    ])
    expect(s.ctx.limiter.counts().get('a')).toBe(1)
    channel!.close('done')
    channel!.close('again')
    await c.ended
    await until(() => s.closes.length === 1)
    expect(s.closes).toEqual(['done'])
    expect(s.ctx.streams.size()).toBe(0)
    expect(s.ctx.limiter.counts().get('a')).toBeUndefined()
  })

  it("answers 429 at the actor's cap, and frees the slot when a client goes away", async () => {
    const s = await serve(1, () => undefined)
    const first = await s.open()
    const refused = await s.open()
    expect(refused.status).toBe(429)
    expect(refused.headers['retry-after']).toBe('5')
    await refused.ended
    expect(JSON.parse(refused.text())).toMatchObject({ code: 429, error: expect.stringContaining('the per-user limit is 1') })
    first.close()
    await until(() => s.closes.length === 1)
    expect(s.closes).toEqual(['client closed the stream'])
    expect(s.ctx.limiter.counts().get('a')).toBeUndefined()
    expect((await s.open()).status).toBe(200)
  })

  it('closes a slow consumer past its bound, once, and says so in the log', async () => {
    const s = await serve(
      1,
      (ch) => {
        const big = 'x'.repeat(64 * 1024)
        const t = setInterval(() => {
          if (ch.closed) clearInterval(t)
          else for (let i = 0; i < 16; i++) ch.send('line', { big })
        }, 5)
      },
      { maxBufferedBytes: 256 * 1024 }
    )
    const c = await s.open()
    c.pause()
    await until(() => s.closes.length === 1)
    expect(s.closes[0]).toMatch(/^slow consumer/)
    expect(s.logs.some((l) => /closed: slow consumer/.test(l))).toBe(true)
    expect(s.ctx.streams.size()).toBe(0)
    expect(s.ctx.limiter.counts().get('a')).toBeUndefined()
  })
})
