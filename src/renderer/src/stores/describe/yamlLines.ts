/**
 * An object's YAML as coloured lines, with the blocks nobody reads folded: `managedFields` and
 * the `kubectl.kubernetes.io/last-applied-configuration` annotation (a copy of the whole object).
 *
 * Why the `yaml` package's own lexer: it is the library that printed the text (no second YAML
 * grammar to keep right); its tokens tell keys, strings, numbers, booleans, nulls, indicators
 * and block scalars apart exactly, including quoted keys and multi-line strings.
 * Pure: text in, lines out (the view renders them, folds and searches).
 */
import { CST, Lexer, stringify } from 'yaml'

export type TokenClass = 'key' | 'str' | 'num' | 'bool' | 'null' | 'punct' | 'comment' | 'plain'

export interface YamlToken {
  readonly text: string
  readonly cls: TokenClass
}

export interface YamlLine {
  readonly tokens: readonly YamlToken[]
  /** Leading spaces. */
  readonly indent: number
  readonly text: string
}

/** A block folded by default: from the line after `start` to `end` (exclusive). */
export interface Fold {
  readonly start: number
  readonly end: number
  /** What is folded, for the placeholder ("managedFields", "last-applied-configuration"). */
  readonly label: string
}

/** Keys whose blocks are folded until asked for. */
const FOLDED_KEYS: readonly [RegExp, string][] = [
  [/^managedFields:/, 'managedFields'],
  [/^kubectl\.kubernetes\.io\/last-applied-configuration:/, 'last-applied-configuration']
]

/** The YAML of an object as `kubectl get -o yaml` would show it (no line folding of long strings). */
export function toYaml(obj: unknown): string {
  return stringify(obj, { lineWidth: 0 })
}

function scalarClass(text: string): TokenClass {
  const t = text.trim()
  if (/^-?(\d+(\.\d+)?([eE][-+]?\d+)?|0x[0-9a-fA-F]+|\.inf|\.nan)$/.test(t)) return 'num'
  if (/^(true|false)$/i.test(t)) return 'bool'
  if (/^(null|~)$/.test(t)) return 'null'
  return 'str'
}

/** Split YAML text into coloured lines. */
export function yamlLines(text: string): YamlLine[] {
  const raw = [...new Lexer().lex(text)]
  const pieces: YamlToken[] = []
  for (let i = 0; i < raw.length; i++) {
    const tok = raw[i]
    // Control tokens (document start, scalar markers…) are one character below a space: not text.
    if (tok.length === 1 && tok.charCodeAt(0) < 0x20 && tok !== '\n') continue
    const type = CST.tokenType(tok)
    let cls: TokenClass = 'plain'
    if (
      type === 'map-value-ind' ||
      type === 'seq-item-ind' ||
      type === 'flow-map-start' ||
      type === 'flow-map-end' ||
      type === 'flow-seq-start' ||
      type === 'flow-seq-end' ||
      type === 'comma' ||
      type === 'block-scalar-header' ||
      type === 'explicit-key-ind' ||
      type === 'doc-start'
    )
      cls = 'punct'
    else if (type === 'comment') cls = 'comment'
    else if (type === 'double-quoted-scalar' || type === 'single-quoted-scalar' || (type === null && raw[i - 1] === CST.SCALAR)) {
      // A scalar followed (after spaces) by `:` is a key.
      let j = i + 1
      while (j < raw.length && (raw[j] === ' ' || /^ +$/.test(raw[j]))) j++
      const isKey = raw[j] === ':'
      cls = isKey ? 'key' : type === null ? (tok.includes('\n') ? 'str' : scalarClass(tok)) : 'str'
    }
    pieces.push({ text: tok, cls })
  }
  const lines: YamlLine[] = []
  let cur: YamlToken[] = []
  const end = (): void => {
    const t = cur.map((x) => x.text).join('')
    lines.push({ tokens: cur, indent: t.length - t.trimStart().length, text: t })
    cur = []
  }
  for (const p of pieces) {
    const parts = p.text.split('\n')
    parts.forEach((part, k) => {
      if (k > 0) end()
      if (part) cur.push({ text: part, cls: p.cls })
    })
  }
  if (cur.length > 0) end()
  while (lines.length > 0 && lines[lines.length - 1].text === '') lines.pop()
  return lines
}

/** The blocks folded by default. */
export function foldsOf(lines: readonly YamlLine[]): Fold[] {
  const out: Fold[] = []
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].text.trimStart().replace(/^- /, '')
    const hit = FOLDED_KEYS.find(([re]) => re.test(t))
    if (!hit) continue
    let j = i + 1
    while (j < lines.length && (lines[j].text.trim() === '' || lines[j].indent > lines[i].indent)) j++
    if (j > i + 1) out.push({ start: i, end: j, label: hit[1] })
    else if (lines[i].text.length > 120) out.push({ start: i, end: i + 1, label: hit[1] })
  }
  return out
}
