import { afterEach, describe, expect, it } from 'vitest'
import { Reflector } from './reflector.ts'
import type { ReflectorHandler } from './reflector.ts'
import { FakeSource } from './testing/fakeSource.ts'
import { waitFor } from './testing/recorder.ts'

const reflectors: Reflector[] = []
afterEach(async () => {
  await Promise.all(reflectors.splice(0).map((r) => r.stop()))
})

describe('how the upstream watch ended, for /debug', () => {
  it('counts watch requests and says what ended the last one, with its events and its duration', async () => {
    const fake = new FakeSource()
    const uid = fake.create('a').metadata!.uid!
    let events = 0
    const handler: ReflectorHandler = { onList: () => undefined, onEvent: () => void events++, onBookmark: () => undefined, onState: () => undefined }
    const r = new Reflector({ kind: 'pods', source: fake, handler, livenessMs: 10_000, backoff: { initialMs: 2, maxMs: 5, jitter: 0 } })
    reflectors.push(r)
    expect(r.watchesOpened).toBe(0)
    expect(r.lastWatchEnd).toBe('')
    r.start()
    await waitFor(() => fake.openWatches === 1, 'the first watch')
    expect(r.lastWatchEnd).toBe('')

    // The connection is lost after two events (as when an apiserver cuts a watcher that fell behind).
    fake.modify(uid)
    fake.modify(uid)
    await waitFor(() => events === 2, 'two events')
    fake.dropWatches()
    await waitFor(() => r.watchesOpened === 2 && fake.openWatches === 1, 'the second watch')
    expect(r.lastWatchEnd).toMatch(/^fake: connection dropped after 2 events and \d+\.\d s, at \d{4}-\d\d-\d\dT/)

    // The server ends it cleanly (its request timeout) after one event.
    fake.modify(uid)
    await waitFor(() => events === 3, 'a third event')
    fake.closeWatches()
    await waitFor(() => r.watchesOpened === 3 && fake.openWatches === 1, 'the third watch')
    expect(r.lastWatchEnd).toMatch(/^ended by the server after 1 events and \d+\.\d s/)

    // 410 in the stream: named as the apiserver put it, and the relist opens a fourth watch.
    fake.goneInStream()
    await waitFor(() => r.watchesOpened === 4 && fake.openWatches === 1, 'the watch after the relist')
    expect(r.lastWatchEnd).toMatch(/^410 Gone in the watch stream: too old resource version after 0 events/)
  })
})
