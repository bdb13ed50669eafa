/**
 * One log line: optional timestamp, the source tag (workload streams, coloured per pod), and the
 * text with ANSI colours rendered and filter matches highlighted. Text only, never HTML.
 */
import { memo } from 'react'
import type { LogSource } from '../../../shared/api/logs.ts'
import type { KeptLine } from '../stores/logStore.ts'
import { ansiRuns, hasAnsi, stripAnsi } from './ansi.ts'
import type { LineFilter } from './logFilter.ts'

/** A stable colour per pod name (hue from a hash), readable on dark and light backgrounds. */
export function podHue(pod: string): number {
  let h = 0
  for (let i = 0; i < pod.length; i++) h = (h * 31 + pod.charCodeAt(i)) >>> 0
  return h % 360
}

function Highlighted({ text, filter }: { text: string; filter: LineFilter }) {
  const ranges = filter.all ? [] : filter.ranges(text)
  if (ranges.length === 0) return <>{text}</>
  const out = []
  let at = 0
  for (const [a, b] of ranges) {
    if (a > at) out.push(text.slice(at, a))
    out.push(
      <mark key={a} className="log-match">
        {text.slice(a, b)}
      </mark>
    )
    at = b
  }
  if (at < text.length) out.push(text.slice(at))
  return <>{out}</>
}

export interface LogLineProps {
  readonly line: KeptLine
  readonly source: LogSource | undefined
  readonly timestamps: boolean
  readonly filter: LineFilter
}

/** The line (memoized: a row re-renders only when its line or the display options change). */
export const LogLineView = memo(function LogLineView({ line, source, timestamps, filter }: LogLineProps) {
  // With a filter match to show, colours give way to the highlight (the match ranges are in plain text).
  const plain = !filter.all && hasAnsi(line.m)
  return (
    <>
      {timestamps && <span className="log-ts">{line.t.slice(0, 23)}Z </span>}
      {source && (
        <span className="log-src" style={{ color: `hsl(${podHue(source.pod)} 65% var(--src-l))` }} title={`${source.pod} / ${source.container}`}>
          [{source.pod}/{source.container}]{' '}
        </span>
      )}
      {line.late && (
        <span className="log-late" title="arrived after later lines (its node lags or its clock is behind)">
          ↰{' '}
        </span>
      )}
      {plain || !hasAnsi(line.m) ? (
        <Highlighted text={plain ? stripAnsi(line.m) : line.m} filter={filter} />
      ) : (
        ansiRuns(line.m).map((r, i) => (
          <span key={i} className={r.cls || undefined} style={r.fg || r.bg ? { color: r.fg, background: r.bg } : undefined}>
            {r.text}
          </span>
        ))
      )}
    </>
  )
})
