/**
 * A log line renders as text: markup in a line (coloured or not, filtered or not) comes out
 * escaped, never as elements, and the only elements are the viewer's own spans and marks.
 */
import { describe, expect, it } from 'vitest'
import { renderToStaticMarkup } from 'react-dom/server'
import { LogLineView } from './LogLineView.tsx'
import { compileFilter } from './logFilter.ts'

const E = '\x1b'
const hostile = `${E}[31m<img src=x onerror=alert(1)>${E}[0m <script>alert(2)</script> ${E}]8;;javascript:alert(3)${E}\\click${E}]8;;${E}\\`

function html(m: string, filterText = ''): string {
  const filter = compileFilter({ text: filterText, regex: false, caseSensitive: false, invert: false })
  return renderToStaticMarkup(
    <LogLineView line={{ t: '2026-05-01T12:00:00.000000000Z', m, n: 0 }} source={{ id: 1, pod: '<b>pod</b>', container: 'c' }} timestamps filter={filter} />
  )
}

describe('LogLineView', () => {
  it('renders markup in a line as text, coloured or highlighted', () => {
    for (const marked of [html(hostile), html(hostile, 'alert')]) {
      const out = marked.replaceAll('<mark class="log-match">', '').replaceAll('</mark>', '')
      expect(marked).not.toMatch(/<(img|script|b|a)[\s>]/)
      expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;')
      expect(out).toContain('&lt;script&gt;alert(2)&lt;/script&gt;')
      expect(out).toContain('&lt;b&gt;pod&lt;/b&gt;')
      expect(out).not.toContain('javascript:')
      expect(out).not.toContain('\x1b')
      const tags = [...marked.matchAll(/<([a-z]+)/g)].map((m) => m[1])
      expect(new Set(tags).size > 0 && tags.every((t) => t === 'span' || t === 'mark')).toBe(true)
    }
    expect(html(hostile)).toContain('<span class="ansi-fg-1">')
    expect(html(hostile, 'alert')).toContain('<mark class="log-match">alert</mark>')
  })
})
