/**
 * Keeps the log viewer's stream open for the store's target: lines batched once per animation
 * frame into the store, frames that change what the view says (health, sources, waiting, end,
 * dropped) applied at once.
 *
 * Lifecycle: a stream per (target, container, previous); a change or unmount stops it (and drops
 * the frame batch pending). Hidden pages flush on a timer (requestAnimationFrame does not run).
 */
import { useEffect } from 'react'
import { useStore } from 'zustand'
import type { LogLine } from '../../../shared/api/logs.ts'
import { createLogStream } from '../live/logStream.ts'
import { addServerDropped, addSource, appendLines, logs, restartLines, setEnded, setShown, setLogHealth, setWaiting } from '../stores/logStore.ts'

/** Flush period when the page is hidden (no animation frames). */
const HIDDEN_FLUSH_MS = 250

/** Run the stream of the viewer's current target. */
export function useLogStream(): void {
  const target = useStore(logs, (s) => s.target)
  const container = useStore(logs, (s) => s.container)
  const previous = useStore(logs, (s) => s.previous)
  useEffect(() => {
    if (!target) return
    let pending: (readonly LogLine[])[] = []
    let scheduled = 0
    let timer = 0
    const flush = (): void => {
      scheduled = 0
      timer = 0
      const batch = pending
      pending = []
      appendLines(batch)
    }
    const schedule = (): void => {
      if (scheduled || timer) return
      if (document.hidden) timer = window.setTimeout(flush, HIDDEN_FLUSH_MS)
      else scheduled = requestAnimationFrame(flush)
    }
    const core = createLogStream(
      {
        cluster: target.cluster,
        kind: target.kind,
        namespace: target.namespace,
        name: target.name,
        ...(target.kind === 'pods' && container ? { container } : {}),
        ...(target.kind === 'pods' && previous ? { previous: 'true' } : {}),
        ...(target.kind === 'pods' ? {} : { tailLines: '1000' })
      },
      {
        health: setLogHealth,
        ready: (d) => {
          if (d.container) setShown(d.container)
        },
        lines: (d) => {
          pending.push(d.lines)
          schedule()
        },
        source: (d) => addSource(d.source),
        waiting: (d) => setWaiting(d.reason),
        dropped: (d) => addServerDropped(d.count),
        end: (d) => {
          flush()
          setEnded(d)
        },
        restart: (reason) => {
          pending = []
          restartLines(reason)
        }
      }
    )
    return () => {
      core.stop()
      if (scheduled) cancelAnimationFrame(scheduled)
      if (timer) window.clearTimeout(timer)
    }
  }, [target, container, previous])
}
