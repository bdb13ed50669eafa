import { afterEach, describe, expect, it } from 'vitest'
import { Reflector } from './reflector.ts'
import type { ReflectorHandler } from './reflector.ts'
import type { ListOptions, ResourceSource, WatchOptions } from '../kube/source.ts'

const pod = (name: string, rv: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `u-${name}`, resourceVersion: rv },
  spec: {},
  status: { phase: 'Running' }
})
const handler: ReflectorHandler = { onList: () => undefined, onEvent: () => undefined, onBookmark: () => undefined, onState: () => undefined }
const reflectors: Reflector[] = []
afterEach(async () => {
  await Promise.all(reflectors.splice(0).map((r) => r.stop()))
})
const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 5))
  expect(cond()).toBe(true)
}

describe('how the upstream watch ended, for /debug', () => {
  it('counts watch requests and says what ended the last one: a cut after its events, then a clean end by the server', async () => {
    let n = 0
    let release: (() => void) | undefined
    const s: ResourceSource = {
      async list(o: ListOptions) {
        o.onPage([pod('a', '5')] as never)
        return { resourceVersion: '5' }
      },
      async watch(o: WatchOptions) {
        n++
        o.onOpen?.()
        if (n === 1) {
          o.onEvent({ type: 'MODIFIED', object: pod('a', '6') })
          o.onEvent({ type: 'MODIFIED', object: pod('a', '7') })
          // What undici reports when the apiserver destroys a watch it thinks fell behind.
          throw Object.assign(new Error('watch stream failed: other side closed'), { code: 'UND_ERR_SOCKET' })
        }
        if (n === 2) {
          o.onEvent({ type: 'MODIFIED', object: pod('a', '8') })
          return // the server's request timeout: a clean end
        }
        await new Promise<void>((resolve) => {
          release = resolve
          o.signal.addEventListener('abort', () => resolve(), { once: true })
        })
      }
    }
    const r = new Reflector({ kind: 'pods', source: s, handler, livenessMs: 10_000, backoff: { initialMs: 2, maxMs: 5, jitter: 0 } })
    reflectors.push(r)
    expect(r.watchesOpened).toBe(0)
    expect(r.lastWatchEnd).toBe('')
    r.start()
    await until(() => r.watchesOpened === 3)
    expect(r.lastWatchEnd).toMatch(/^ended by the server after 1 events and \d+\.\d s, at \d{4}-\d\d-\d\dT/)
    release?.()
    await until(() => r.watchesOpened === 4)
    expect(r.lastWatchEnd).toMatch(/^ended by the server after 0 events/)
  })

  it('an error names itself with the events the request had delivered', async () => {
    let n = 0
    const s: ResourceSource = {
      async list(o: ListOptions) {
        o.onPage([pod('a', '5')] as never)
        return { resourceVersion: '5' }
      },
      async watch(o: WatchOptions) {
        n++
        o.onOpen?.()
        if (n === 1) {
          o.onEvent({ type: 'MODIFIED', object: pod('a', '6') })
          o.onEvent({ type: 'MODIFIED', object: pod('a', '7') })
          throw Object.assign(new Error('watch stream failed: other side closed'), { code: 'UND_ERR_SOCKET' })
        }
        await new Promise<void>((resolve) => o.signal.addEventListener('abort', () => resolve(), { once: true }))
      }
    }
    const r = new Reflector({ kind: 'pods', source: s, handler, livenessMs: 10_000, backoff: { initialMs: 2, maxMs: 5, jitter: 0 } })
    reflectors.push(r)
    r.start()
    await until(() => r.watchesOpened === 2)
    expect(r.lastWatchEnd).toMatch(/^watch stream failed: other side closed after 2 events and \d+\.\d s/)
  })
})
