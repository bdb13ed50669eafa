/**
 * An object's YAML: coloured (stores/describe/yamlLines.ts), `managedFields` and the
 * last-applied-configuration annotation folded (a click or Enter shows them), a search box
 * (matches marked, Enter / Shift+Enter go to the next / previous one, folded blocks with a match
 * open) and a copy button.
 */
import { Fragment, useEffect, useMemo, useRef, useState } from 'react'
import type { ReactElement } from 'react'
import { CopyButton } from '../components/CopyButton.tsx'
import { foldsOf, yamlLines } from '../stores/describe/yamlLines.ts'
import type { YamlToken } from '../stores/describe/yamlLines.ts'

/** The tokens of a line with the matches of `q` (lower case) wrapped in <mark>. */
function marked(tokens: readonly YamlToken[], q: string, lineMatch: number, current: number): { nodes: ReactElement[]; count: number } {
  const nodes: ReactElement[] = []
  let n = 0
  tokens.forEach((t, i) => {
    if (!q) {
      nodes.push(
        <span key={i} className={`y-${t.cls}`}>
          {t.text}
        </span>
      )
      return
    }
    const low = t.text.toLowerCase()
    let at = 0
    const parts: ReactElement[] = []
    for (let hit = low.indexOf(q); hit >= 0; hit = low.indexOf(q, hit + q.length)) {
      if (hit > at) parts.push(<Fragment key={`${i}-${at}`}>{t.text.slice(at, hit)}</Fragment>)
      const isCurrent = lineMatch + n === current
      parts.push(
        <mark key={`${i}-m${hit}`} className={isCurrent ? 'current' : undefined} data-current={isCurrent ? 'true' : undefined}>
          {t.text.slice(hit, hit + q.length)}
        </mark>
      )
      n++
      at = hit + q.length
    }
    if (at < t.text.length) parts.push(<Fragment key={`${i}-${at}`}>{t.text.slice(at)}</Fragment>)
    nodes.push(
      <span key={i} className={`y-${t.cls}`}>
        {parts}
      </span>
    )
  })
  return { nodes, count: n }
}

/** The YAML panel. */
export function YamlView({ text }: { text: string }) {
  const lines = useMemo(() => yamlLines(text), [text])
  const folds = useMemo(() => foldsOf(lines), [lines])
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set())
  const [query, setQuery] = useState('')
  const [current, setCurrent] = useState(0)
  const preRef = useRef<HTMLPreElement>(null)
  const q = query.trim().toLowerCase()

  // Lines with matches (for the count, and to open folded blocks holding one).
  const matchLines = useMemo(() => {
    if (!q) return []
    const out: { line: number; count: number }[] = []
    lines.forEach((l, i) => {
      const low = l.text.toLowerCase()
      let c = 0
      for (let h = low.indexOf(q); h >= 0; h = low.indexOf(q, h + q.length)) c++
      if (c > 0) out.push({ line: i, count: c })
    })
    return out
  }, [lines, q])
  const total = matchLines.reduce((a, m) => a + m.count, 0)
  useEffect(() => {
    setCurrent(0)
  }, [q])
  useEffect(() => {
    preRef.current?.querySelector('mark[data-current="true"]')?.scrollIntoView({ block: 'center' })
  }, [current, q, open])

  const unfoldedFor = new Set(open)
  for (const f of folds)
    if (matchLines.some((m) => m.line > f.start && m.line < f.end) || (f.end === f.start + 1 && matchLines.some((m) => m.line === f.start)))
      unfoldedFor.add(f.start)

  const out: ReactElement[] = []
  let before = 0
  for (let i = 0; i < lines.length; i++) {
    const fold = folds.find((f) => f.start === i)
    const m = marked(lines[i].tokens, q, before, current)
    if (fold && !unfoldedFor.has(i)) {
      const inline = fold.end === fold.start + 1
      const key = lines[i].text.slice(0, lines[i].text.indexOf(':') + 1)
      out.push(
        <div key={i} className="y-line">
          {inline ? key : m.nodes}{' '}
          <button type="button" className="y-fold" onClick={() => setOpen(new Set(open).add(i))} data-testid="yaml-fold" aria-label={`Show ${fold.label}`}>
            ▸ {fold.label}: {inline ? `${lines[i].text.length - key.length} characters` : `${fold.end - fold.start - 1} lines`} folded — show
          </button>
        </div>
      )
      // Matches inside a folded block open it (above), so none are hidden here.
      before += m.count
      for (let j = i + 1; j < fold.end; j++) before += marked(lines[j].tokens, q, 0, -1).count
      i = fold.end - 1
      continue
    }
    before += m.count
    // Wrapped long values continue under their key's indentation (a hanging indent), not at column 0.
    out.push(
      <div key={i} className="y-line" style={{ paddingLeft: `${lines[i].indent + 2}ch`, textIndent: `-${lines[i].indent + 2}ch` }}>
        {m.nodes}
        {fold && open.has(i) && (
          <button
            type="button"
            className="y-fold"
            onClick={() => {
              const n = new Set(open)
              n.delete(i)
              setOpen(n)
            }}
          >
            ▾ fold
          </button>
        )}
      </div>
    )
  }

  return (
    <div className="yaml-view">
      <div className="yaml-tools">
        <input
          type="search"
          className="yaml-search"
          placeholder="Search the YAML"
          aria-label="Search the YAML"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && total > 0) {
              e.preventDefault()
              setCurrent((c) => (c + (e.shiftKey ? total - 1 : 1)) % total)
            }
          }}
          data-testid="yaml-search"
        />
        <span className="muted yaml-count" role="status">
          {q ? (total > 0 ? `${current + 1} of ${total}` : 'no match') : `${lines.length} lines`}
        </span>
        <CopyButton text={text} label="Copy YAML" title="Copy the whole YAML" testId="copy-yaml" />
      </div>
      <pre ref={preRef} className="yaml" data-testid="yaml" tabIndex={0}>
        {out}
      </pre>
    </div>
  )
}
