/**
 * client-go's JSONPath template parser (`k8s.io/client-go/util/jsonpath/parser.go` v0.34), ported
 * branch by branch, for the printer columns of custom resources.
 *
 * Why a port and not a JSONPath library: the apiserver evaluates a column's `jsonPath` with this
 * parser (wrapped in `{…}`), and its dialect is not RFC 9535 / Goessner's: `['a.b']` is two fields,
 * a filter is split by a regexp on its first operator, unparseable paths drop the column and every
 * column after it. A library would agree on the easy paths and differ on the rest.
 * Lifecycle: pure; a column's path is parsed once per column set by `crd/printer.ts`.
 */
import { unquoteExtend } from './goUnquote.ts'

/** One slice parameter of `[start:end:step]` (`ParamsEntry`). */
export interface SliceParam {
  value: number
  known: boolean
  /** `end` was not written: `[n]` means `[n:n+1]`. */
  derived: boolean
}

export type PathNode =
  | { t: 'list'; nodes: PathNode[] }
  | { t: 'text'; text: string }
  | { t: 'field'; name: string }
  | { t: 'array'; params: readonly [SliceParam, SliceParam, SliceParam] }
  | { t: 'filter'; left: ListNode; right: ListNode; op: string }
  | { t: 'int'; value: number }
  | { t: 'float'; value: number }
  | { t: 'bool'; value: boolean }
  | { t: 'wildcard' }
  | { t: 'recursive' }
  | { t: 'union'; lists: ListNode[] }
  | { t: 'identifier'; name: string }

export type ListNode = Extract<PathNode, { t: 'list' }>

const EOF = -1
const DICT_KEY = /^'([^']*)'$/
const SLICE = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/
const FILTER = /^([^!<>=]+)([!<>=]+)(.+?)$/s
const LETTER = /^[\p{L}]$/u
const DIGIT = /^\p{Nd}$/u

const isSpace = (r: number): boolean => r === 0x20 || r === 0x09
const isEndOfLine = (r: number): boolean => r === 0x0d || r === 0x0a
const isDigit = (r: number): boolean => r >= 0 && DIGIT.test(String.fromCodePoint(r))
const isAlphaNumeric = (r: number): boolean => r === 0x5f || (r >= 0 && LETTER.test(String.fromCodePoint(r))) || isDigit(r)
const TERMINATORS = new Set([EOF, ...'.,[]$@{}'].map((c) => (typeof c === 'string' ? c.charCodeAt(0) : c)))
const isTerminator = (r: number): boolean => isSpace(r) || isEndOfLine(r) || TERMINATORS.has(r)

/** Go's `strconv.Atoi` on the text it accepts (optional sign, ASCII digits). */
function atoi(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined
}

/**
 * Parse a JSONPath template (`{.spec.x}` etc.) into its root list, as `jsonpath.Parse` does.
 * @throws Error with client-go's message when the template does not parse.
 */
export function parseTemplate(text: string): ListNode {
  const p = new Parser(text)
  p.parseText(p.root)
  return p.root
}

/** `parseAction`: parse `{text}` and return its single action's list. */
function parseAction(text: string): ListNode {
  const root = parseTemplate(`{${text}}`)
  return root.nodes[0] as ListNode
}

class Parser {
  readonly input: string
  readonly root: ListNode = { t: 'list', nodes: [] }
  pos = 0
  start = 0
  width = 0

  constructor(input: string) {
    this.input = input
  }

  consumeText(): string {
    const v = this.input.slice(this.start, this.pos)
    this.start = this.pos
    return v
  }

  next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0
      return EOF
    }
    const r = this.input.codePointAt(this.pos) as number
    this.width = r > 0xffff ? 2 : 1
    this.pos += this.width
    return r
  }

  peek(): number {
    const r = this.next()
    this.backup()
    return r
  }

  backup(): void {
    this.pos -= this.width
  }

  parseText(cur: ListNode): void {
    for (;;) {
      if (this.input.startsWith('{', this.pos)) {
        if (this.pos > this.start) cur.nodes.push({ t: 'text', text: this.consumeText() })
        this.parseLeftDelim(cur)
        return
      }
      if (this.next() === EOF) break
    }
    if (this.pos > this.start) cur.nodes.push({ t: 'text', text: this.consumeText() })
  }

  parseLeftDelim(cur: ListNode): void {
    this.pos += 1
    this.consumeText()
    const node: ListNode = { t: 'list', nodes: [] }
    cur.nodes.push(node)
    this.parseInsideAction(node)
  }

  /** The loop form of Go's tail-recursive `parseInsideAction` (each branch continues the action). */
  parseInsideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.input.slice(this.pos)
      if (rest.startsWith('}')) {
        this.pos += 1
        this.consumeText()
        this.parseText(this.root)
        return
      }
      if (rest.startsWith('[?(')) this.parseFilter(cur)
      else if (rest.startsWith('..')) this.parseRecursive(cur)
      else {
        const r = this.next()
        const c = r === EOF ? '' : String.fromCodePoint(r)
        if (r === EOF || isEndOfLine(r)) throw new Error('unclosed action')
        else if (c === ' ' || c === '@' || c === '$') this.consumeText()
        else if (c === '[') this.parseArray(cur)
        else if (c === '"' || c === "'") this.parseQuote(cur, r)
        else if (c === '.') this.parseField(cur)
        else if (c === '+' || c === '-' || isDigit(r)) {
          this.backup()
          this.parseNumber(cur)
        } else if (isAlphaNumeric(r)) {
          this.backup()
          this.parseIdentifier(cur)
        } else throw new Error(`unrecognized character in action: U+${r.toString(16).toUpperCase().padStart(4, '0')} '${c}'`)
      }
    }
  }

  parseIdentifier(cur: ListNode): void {
    while (!isTerminator(this.next()));
    this.backup()
    const value = this.consumeText()
    if (value === 'true' || value === 'false') cur.nodes.push({ t: 'bool', value: value === 'true' })
    else cur.nodes.push({ t: 'identifier', name: value })
  }

  parseRecursive(cur: ListNode): void {
    const last = cur.nodes[cur.nodes.length - 1]
    if (last?.t === 'recursive') throw new Error('invalid multiple recursive descent')
    this.pos += 2
    this.consumeText()
    cur.nodes.push({ t: 'recursive' })
    if (isAlphaNumeric(this.peek())) this.parseField(cur)
  }

  parseNumber(cur: ListNode): void {
    const r = this.peek()
    if (r === 0x2b || r === 0x2d) this.next()
    for (;;) {
      const d = this.next()
      if (d !== 0x2e && !isDigit(d)) {
        this.backup()
        break
      }
    }
    const value = this.consumeText()
    const i = atoi(value)
    if (i !== undefined) cur.nodes.push({ t: 'int', value: i })
    else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) cur.nodes.push({ t: 'float', value: Number(value) })
    else throw new Error(`cannot parse number ${value}`)
  }

  parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next()
      if (r === EOF || r === 0x0a) throw new Error('unterminated array')
      if (r === 0x5d) break
    }
    let text = this.consumeText()
    text = text.slice(1, -1)
    if (text === '*') text = ':'
    const strs = text.split(',')
    if (strs.length > 1) {
      cur.nodes.push({ t: 'union', lists: strs.map((s) => parseAction(`[${s.trim()}]`)) })
      return
    }
    const key = DICT_KEY.exec(text)
    if (key) {
      cur.nodes.push(...parseAction(`.${key[1]}`).nodes)
      return
    }
    const m = SLICE.exec(text)
    if (!m) throw new Error(`invalid array index ${text}`)
    const params: SliceParam[] = []
    for (let i = 0; i < 3; i++) {
      let v = m[i + 1] ?? ''
      if (v !== '') {
        if (i > 0) v = v.slice(1)
        if (i > 0 && v === '') params.push({ value: 0, known: false, derived: false })
        else {
          const n = atoi(v)
          if (n === undefined) throw new Error(`array index ${v} is not a number`)
          params.push({ value: n, known: true, derived: false })
        }
      } else if (i === 1) params.push({ value: params[0].value + 1, known: true, derived: true })
      else params.push({ value: 0, known: false, derived: false })
    }
    cur.nodes.push({ t: 'array', params: [params[0], params[1], params[2]] })
  }

  parseFilter(cur: ListNode): void {
    this.pos += 3
    this.consumeText()
    let begin = false
    let end = false
    let pair = 0
    for (;;) {
      const r = this.next()
      if (r === EOF || r === 0x0a) throw new Error('unterminated filter')
      if (r === 0x22 || r === 0x27) {
        if (!begin) {
          begin = true
          pair = r
          continue
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true
      } else if (r === 0x29 && begin === end) break
    }
    if (this.next() !== 0x5d) throw new Error('unclosed array expect ]')
    const text = this.consumeText().slice(0, -2)
    const m = FILTER.exec(text)
    if (!m) cur.nodes.push({ t: 'filter', left: parseAction(text), right: { t: 'list', nodes: [] }, op: 'exists' })
    else cur.nodes.push({ t: 'filter', left: parseAction(m[1]), right: parseAction(m[3]), op: m[2] })
  }

  parseQuote(cur: ListNode, end: number): void {
    for (;;) {
      const r = this.next()
      if (r === EOF || r === 0x0a) throw new Error('unterminated quoted string')
      if (r === end && this.input[this.pos - 2] !== '\\') break
    }
    const value = this.consumeText()
    cur.nodes.push({ t: 'text', text: unquoteExtend(value) })
  }

  parseField(cur: ListNode): void {
    this.consumeText()
    while (this.advance());
    const value = this.consumeText()
    if (value === '*') cur.nodes.push({ t: 'wildcard' })
    else cur.nodes.push({ t: 'field', name: value.replaceAll('\\', '') })
  }

  advance(): boolean {
    const r = this.next()
    if (r === 0x5c) this.next()
    else if (isTerminator(r)) {
      this.backup()
      return false
    }
    return true
  }
}
