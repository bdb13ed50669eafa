/**
 * Tells a workload log stream when its workload is deleted, through the engine's shared watch of
 * the workload's kind in its namespace (no polling, no extra upstream watch when a list view of
 * that kind is open).
 *
 * Why: a workload's logs are the logs of the pods it selects; once it is deleted it selects
 * nothing, and a stream that went on following would never end. The object is recognised by its
 * uid, so a workload deleted and created again under the same name (`kubectl replace --force`)
 * counts as deleted. An object missing from a snapshot counts only once it has been seen (a watch
 * that has not caught up with an object created a moment ago must not end its stream).
 * Lifecycle: `watchWorkloadGone` subscribes at once; `onGone` is called at most once; the returned
 * function unsubscribes.
 */
import type { KindId } from '../../../shared/kinds/registry.ts'
import type { WatchEngine } from '../../watch/types.ts'

/** Call `onGone` once the workload `name` (of `uid`) is deleted. @returns the unsubscribe function. */
export function watchWorkloadGone(
  engine: WatchEngine,
  key: { cluster: string; kind: KindId; namespace: string },
  name: string,
  uid: string,
  onGone: () => void
): () => void {
  let seen = false
  let gone = false
  const same = (row: { name: string; uid: string }): boolean => row.name === name && (uid === '' || row.uid === uid)
  const done = (): void => {
    if (gone) return
    gone = true
    onGone()
  }
  try {
    const sub = engine.subscribe(key, {
      onSnapshot: (items) => {
        if (items.some(same)) seen = true
        else if (seen) done()
      },
      onDelta: (type, row) => {
        if (!same(row)) return
        if (type === 'deleted') done()
        else seen = true
      },
      onRelist: () => undefined
    })
    return () => sub.close()
  } catch {
    // No watch of that kind now (the watch ceilings): the stream goes on; its pods still end it
    // one by one as they are deleted.
    return () => undefined
  }
}
