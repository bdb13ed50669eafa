/**
 * The log viewer: a pod's container (with its init containers and previous runs) or a workload's
 * pods merged, live. Virtualized lines, follow that pauses when the user scrolls up ("N new lines
 * ↓"), a filter (text or regex, case, invert, matches highlighted), timestamps and wrap, copy and
 * save, the stream's health badge, and every line it could not keep counted on screen.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { KeyboardEvent as ReactKeyboardEvent, WheelEvent as ReactWheelEvent } from 'react'
import { useStore } from 'zustand'
import { useVirtualizer } from '@tanstack/react-virtual'
import { kindDef } from '../../../shared/kinds/registry.ts'
import { stripAnsi } from '../components/ansi.ts'
import { FilterIndex, compileFilter } from '../components/logFilter.ts'
import { LogLineView } from '../components/LogLineView.tsx'
import { useLogStream } from '../hooks/useLogStream.ts'
import { usePodContainers } from '../hooks/usePodContainers.ts'
import { MAX_LOG_LINES, closeLogs, logLines, logs, showContainer } from '../stores/logStore.ts'
import type { KeptLine } from '../stores/logStore.ts'

const ROW_PX = 18
/** A scroll this soon after a wheel, key, pointer or touch is the user's (a wheel scrolls smoothly for a while). */
const USER_SCROLL_MS = 600
/** Keys that move a scrolled box up: they pause following as a wheel up does. */
const UP_KEYS = new Set(['ArrowUp', 'PageUp', 'Home'])

/** The viewer, when the log store has a target (else nothing); a new target starts afresh. */
export function LogViewer() {
  useLogStream()
  const target = useStore(logs, (s) => s.target)
  if (!target) return null
  return <LogPanel key={`${target.cluster}|${target.kind}|${target.namespace}|${target.name}`} />
}

function LogPanel() {
  const s = useStore(logs)
  const [filterText, setFilterText] = useState('')
  const [regex, setRegex] = useState(false)
  const [caseSensitive, setCase] = useState(false)
  const [invert, setInvert] = useState(false)
  const [timestamps, setTimestamps] = useState(false)
  const [wrap, setWrap] = useState(false)
  const [follow, setFollow] = useState(true)
  const [unseen, setUnseen] = useState(0)
  const scrollRef = useRef<HTMLDivElement>(null)
  const index = useRef(new FilterIndex())
  const lastShownN = useRef(-1)
  /** When the user last moved the view (wheel, keys, pointer): only they pause following. */
  const userMoved = useRef(0)
  /** The user's last move went up (wheel, key): a bottom reached after it is not theirs. */
  const lastUp = useRef(false)
  const target = s.target
  const containers = usePodContainers(target?.cluster ?? '', target?.namespace ?? '', target?.kind === 'pods' ? target.name : null, s.ended)
  const filter = useMemo(() => compileFilter({ text: filterText, regex, caseSensitive, invert }), [filterText, regex, caseSensitive, invert])
  const filterKey = `${filterText}|${regex}|${caseSensitive}|${invert}|${s.target?.name}|${s.container}|${s.previous}`
  // eslint-disable-next-line react-hooks/exhaustive-deps -- s.version is the buffer's change signal
  const visible: readonly KeptLine[] = useMemo(() => index.current.update(logLines(), filter, filterKey), [s.version, filter, filterKey])

  const virt = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 30,
    ...(wrap ? { measureElement: (el: Element) => el.getBoundingClientRect().height } : {})
  })

  // The buffer (and the filter's result) is one array updated in place, so "new lines" is told by
  // the stream number of the last line shown, not by the array's identity or length (which stays
  // at the buffer's cap once the oldest lines go).
  const lastN = visible.length > 0 ? visible[visible.length - 1].n : -1
  useEffect(() => {
    const prev = lastN < lastShownN.current ? -1 : lastShownN.current // a new buffer starts again
    lastShownN.current = lastN
    if (lastN < 0) return
    if (follow) {
      // Fixed rows: the total height is exact, one write scrolls there. Wrapped rows are measured
      // as they render, which the virtualizer's scroll to an index follows.
      const el = scrollRef.current
      if (!wrap && el) el.scrollTop = el.scrollHeight
      else virt.scrollToIndex(visible.length - 1, { align: 'end' })
    } else if (lastN > prev) {
      let added = 0
      for (let i = visible.length - 1; i >= 0 && visible[i].n > prev; i--) added++
      setUnseen((n) => n + added)
    }
  }, [lastN, visible, follow, virt, wrap])

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && (e.target as HTMLElement | null)?.tagName !== 'INPUT') {
        e.preventDefault()
        closeLogs()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  // A banner that comes or goes (the end, a drop, waiting) resizes the lines' box: a following
  // view stays at its newest line.
  const followRef = useRef(follow)
  followRef.current = follow
  useEffect(() => {
    const el = scrollRef.current
    if (!el || typeof ResizeObserver === 'undefined') return
    const ro = new ResizeObserver(() => {
      if (followRef.current) el.scrollTop = el.scrollHeight
    })
    ro.observe(el)
    return () => ro.disconnect()
  }, [])

  // Following scrolls the view itself many times a second; a scroll away from the bottom pauses
  // it only when the user made it (a scroll event alone cannot tell); reaching the bottom again
  // resumes it (nothing else scrolls a paused view).
  // A move up (wheel, key) pauses at once: its scroll event can arrive after a new line has
  // already put a following view back at the bottom (or cut a smooth scroll short), and the pause
  // would be lost. Until the user moves again, reaching the bottom does not resume (a scroll event
  // queued by the last follow still reads the bottom).
  const userMove = (up: boolean): void => {
    userMoved.current = performance.now()
    lastUp.current = up
    const el = scrollRef.current
    if (up && el && el.scrollHeight > el.clientHeight) setFollow(false)
  }
  const onUserMove = (): void => userMove(false)
  const onWheel = (e: ReactWheelEvent): void => userMove(e.deltaY < 0)
  const onKeyDown = (e: ReactKeyboardEvent): void => {
    if (e.key !== 'End') return userMove(UP_KEYS.has(e.key))
    // End means "the newest line": follow again at once (a smooth scroll to the old bottom would
    // fall short of the lines that arrive meanwhile).
    e.preventDefault()
    resume()
    const el = scrollRef.current
    if (el) el.scrollTop = el.scrollHeight
  }
  const onScroll = useCallback(() => {
    const el = scrollRef.current
    if (!el) return
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_PX
    const byUser = performance.now() - userMoved.current < USER_SCROLL_MS
    if (!atBottom && follow && byUser) setFollow(false)
    if (atBottom && !follow && !lastUp.current) {
      setFollow(true)
      setUnseen(0)
    }
  }, [follow])

  const resume = (): void => {
    lastUp.current = false
    setFollow(true)
    setUnseen(0)
  }
  const text = (): string =>
    visible
      .map((l) => {
        const src = l.s !== undefined ? s.sources.get(l.s) : undefined
        return `${timestamps ? `${l.t} ` : ''}${src ? `[${src.pod}/${src.container}] ` : ''}${stripAnsi(l.m)}`
      })
      .join('\n')
  const copy = (): void => {
    void navigator.clipboard?.writeText(text())
  }
  const save = (): void => {
    const url = URL.createObjectURL(new Blob([`${text()}\n`], { type: 'text/plain' }))
    const a = document.createElement('a')
    a.href = url
    a.download = `${target?.name ?? 'logs'}${s.shown ? `-${s.shown}` : ''}${s.previous ? '-previous' : ''}.log`
    a.click()
    window.setTimeout(() => URL.revokeObjectURL(url), 1000)
  }

  if (!target) return null
  const def = kindDef(target.kind)
  const current = containers.find((c) => c.name === s.shown)
  const workload = target.kind !== 'pods'
  const total = s.version >= 0 ? logLines().length : 0
  return (
    <section className="log-viewer" role="dialog" aria-label={`Logs of ${def.kind} ${target.name}`} data-testid="log-viewer" data-health={s.health}>
      <header className="log-head">
        <div className="log-title">
          <p className="drawer-kind">
            Logs · {def.kind} · {target.namespace}
          </p>
          <h3 className="drawer-title">
            {target.name}
            {s.previous ? ' (previous run)' : ''}
          </h3>
        </div>
        <span
          className={`badge badge-${s.health === 'ended' ? 'offline' : s.health}`}
          data-testid="log-health"
          data-health={s.health}
          role="status"
          title={s.detail || undefined}
        >
          <span className="badge-dot" aria-hidden="true" />
          {s.health}
        </span>
        {!workload && containers.length > 0 && (
          <select aria-label="Container" data-testid="log-container" value={s.shown} onChange={(e) => showContainer(e.target.value, false)}>
            {containers.map((c) => (
              <option key={c.name} value={c.name}>
                {c.init ? 'init: ' : ''}
                {c.name}
                {c.restarts > 0 ? ` (${c.restarts} restarts)` : ''}
              </option>
            ))}
          </select>
        )}
        {!workload && (current?.hasPrevious || s.previous) && (
          <button
            type="button"
            className={`toggle${s.previous ? ' on' : ''}`}
            data-testid="log-previous"
            aria-pressed={s.previous}
            onClick={() => showContainer(s.shown, !s.previous)}
            title="The log of the run before the last restart"
          >
            Previous run
          </button>
        )}
        <button type="button" className="icon-btn" onClick={closeLogs} aria-label="Close logs (Escape)">
          ✕
        </button>
      </header>
      <div className="log-tools">
        <input
          className="log-filter"
          type="search"
          placeholder="Filter lines…  (text; .* for a regex)"
          aria-label="Filter lines"
          data-testid="log-filter"
          value={filterText}
          onChange={(e) => setFilterText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setFilterText('')
          }}
        />
        <Toggle on={regex} set={setRegex} label=".*" title="Regular expression" />
        <Toggle on={caseSensitive} set={setCase} label="Aa" title="Match case" />
        <Toggle on={invert} set={setInvert} label="Invert" title="Show lines that do not match" />
        <span className="log-sep" />
        <Toggle on={timestamps} set={setTimestamps} label="Timestamps" title="Show each line's time (UTC)" />
        <Toggle on={wrap} set={setWrap} label="Wrap" title="Wrap long lines" />
        <Toggle on={follow} set={(v) => (v ? resume() : setFollow(false))} label="Follow" title="Keep the newest line in view" />
        <span className="log-sep" />
        <button type="button" className="toggle" onClick={copy} title="Copy the lines shown">
          Copy
        </button>
        <button type="button" className="toggle" onClick={save} title="Save the lines shown to a file">
          Save
        </button>
        <span className="log-count" data-testid="log-count">
          {filter.all ? `${total.toLocaleString()} lines` : `${visible.length.toLocaleString()} of ${total.toLocaleString()} lines`}
        </span>
      </div>
      {filter.error && (
        <div className="banner banner-error" role="alert">
          Invalid regular expression: {filter.error}
        </div>
      )}
      {(s.serverDropped > 0 || s.bufferDropped > 0) && (
        <div className="banner banner-offline" role="status" data-testid="log-dropped">
          {s.bufferDropped > 0 && `${s.bufferDropped.toLocaleString()} oldest lines dropped (the viewer keeps ${MAX_LOG_LINES.toLocaleString()}). `}
          {s.serverDropped > 0 && `${s.serverDropped.toLocaleString()} lines dropped because the window fell behind.`}
        </div>
      )}
      {s.waiting && (
        <div className="banner banner-offline" role="status" data-testid="log-waiting">
          {s.waiting}
        </div>
      )}
      {s.health === 'error' && (
        <div className="banner banner-error" role="alert" data-testid="log-error">
          {s.detail}
        </div>
      )}
      <div
        ref={scrollRef}
        className={`log-lines${wrap ? ' wrap' : ''}`}
        onScroll={onScroll}
        onWheel={onWheel}
        onPointerDown={onUserMove}
        onKeyDown={onKeyDown}
        onTouchMove={onUserMove}
        data-testid="log-lines"
        tabIndex={0}
        aria-label="Log lines"
      >
        <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {virt.getVirtualItems().map((v) => {
            const line = visible[v.index]
            return (
              <div
                key={line.n}
                data-index={v.index}
                ref={wrap ? virt.measureElement : undefined}
                className="log-line"
                data-testid="log-line"
                style={{ transform: `translateY(${v.start}px)`, ...(wrap ? {} : { height: ROW_PX }) }}
              >
                <LogLineView line={line} source={line.s !== undefined ? s.sources.get(line.s) : undefined} timestamps={timestamps} filter={filter} />
              </div>
            )
          })}
        </div>
        {total === 0 && !s.waiting && s.health !== 'error' && <p className="muted log-empty">{s.health === 'connecting' ? 'Connecting…' : 'No lines yet.'}</p>}
      </div>
      {s.ended && (
        <div className="log-end" role="status" data-testid="log-end">
          {s.ended.reason}
          {s.ended.restarting && !s.previous && (
            <button type="button" className="toggle" onClick={() => showContainer(s.shown, false)}>
              Follow the next run
            </button>
          )}
        </div>
      )}
      {!follow && unseen > 0 && (
        <button type="button" className="log-new" data-testid="log-new" onClick={resume}>
          {unseen.toLocaleString()} new line{unseen === 1 ? '' : 's'} ↓
        </button>
      )}
    </section>
  )
}

function Toggle({ on, set, label, title }: { on: boolean; set: (v: boolean) => void; label: string; title: string }) {
  return (
    <button type="button" className={`toggle${on ? ' on' : ''}`} aria-pressed={on} title={title} onClick={() => set(!on)}>
      {label}
    </button>
  )
}
