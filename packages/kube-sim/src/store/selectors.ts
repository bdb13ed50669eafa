/**
 * Label and field selectors, parsed and evaluated the way the apiserver does.
 *
 * Why: list and watch filter on the store's index records only (labels and the few indexed
 * fields), never on parsed JSON. Parse errors are StoreErrors (400 BadRequest) whose messages
 * follow the apiserver's wording, so kubectl prints what a user expects.
 */
import type { KindId } from '../kinds.ts'
import { fieldNames, unsupportedFieldMessage } from './fields.ts'
import { StoreError } from './types.ts'
import type { FieldReq, Filter, LabelReq, Rec } from './types.ts'

const bad = (msg: string): StoreError => new StoreError(400, 'BadRequest', msg)

/** Characters allowed in a label key or value (DNS subdomain prefix, `/`, name chars). */
const IDENT = /^[A-Za-z0-9._\-/]+$/

type Tok = { t: 'id' | 'op' | '(' | ')' | ','; v: string }

function lex(s: string): Tok[] {
  const out: Tok[] = []
  let i = 0
  while (i < s.length) {
    const ch = s[i]
    if (ch === ' ' || ch === '\t') {
      i++
      continue
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      out.push({ t: ch, v: ch })
      i++
      continue
    }
    const two = s.slice(i, i + 2)
    if (two === '==' || two === '!=') {
      out.push({ t: 'op', v: two })
      i += 2
      continue
    }
    if (ch === '=' || ch === '!' || ch === '>' || ch === '<') {
      out.push({ t: 'op', v: ch })
      i++
      continue
    }
    let j = i
    while (j < s.length && !' \t(),=!<>'.includes(s[j])) j++
    const word = s.slice(i, j)
    if (!IDENT.test(word)) throw bad(`unable to parse requirement: invalid label key or value "${word}"`)
    out.push({ t: 'id', v: word })
    i = j
  }
  return out
}

/**
 * Parse a label selector (`a=b,c!=d,e in (x,y),f notin (z),g,!h,n>3`).
 * @throws StoreError 400 with "unable to parse requirement: …".
 */
export function parseLabelSelector(selector: string): LabelReq[] {
  const toks = lex(selector)
  const reqs: LabelReq[] = []
  let p = 0
  const peek = (): Tok | undefined => toks[p]
  const expectId = (what: string): string => {
    const t = toks[p++]
    if (!t || t.t !== 'id') throw bad(`unable to parse requirement: found '${t?.v ?? ''}', expected: ${what}`)
    return t.v
  }
  while (p < toks.length) {
    if (peek()?.t === 'op' && peek()?.v === '!') {
      p++
      reqs.push({ key: expectId('identifier'), op: 'notexists', values: [] })
    } else {
      const key = expectId('identifier')
      const t = peek()
      if (!t || t.t === ',') {
        reqs.push({ key, op: 'exists', values: [] })
      } else if (t.t === 'op') {
        p++
        if (t.v === '!') throw bad(`unable to parse requirement: found '!', expected: '=', '!=', '==', 'in', notin'`)
        const value = peek()?.t === 'id' ? toks[p++].v : ''
        const op = t.v === '!=' ? 'neq' : t.v === '>' ? 'gt' : t.v === '<' ? 'lt' : 'eq'
        if ((op === 'gt' || op === 'lt') && !/^-?\d+$/.test(value)) {
          throw bad(`unable to parse requirement: for 'gt', 'lt' operators, the value must be an integer`)
        }
        reqs.push({ key, op, values: [value] })
      } else if (t.t === 'id' && (t.v === 'in' || t.v === 'notin')) {
        p++
        if (toks[p++]?.t !== '(') throw bad(`unable to parse requirement: found '${toks[p - 1]?.v ?? ''}', expected: '('`)
        const values: string[] = []
        while (p < toks.length && toks[p].t !== ')') {
          if (toks[p].t === ',') {
            p++
            continue
          }
          values.push(expectId('identifier'))
        }
        if (toks[p++]?.t !== ')') throw bad(`unable to parse requirement: found '', expected: ')'`)
        reqs.push({ key, op: t.v === 'in' ? 'in' : 'notin', values })
      } else {
        throw bad(`unable to parse requirement: found '${t.v}', expected: '=', '!=', '==', 'in', notin'`)
      }
    }
    const sep = toks[p]
    if (sep && sep.t !== ',') throw bad(`unable to parse requirement: found '${sep.v}', expected: ','`)
    p++
  }
  return reqs
}

/** True when every requirement holds for these labels. */
export function matchLabels(reqs: readonly LabelReq[], labels: Readonly<Record<string, string>>): boolean {
  for (const r of reqs) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key)
    const v = has ? labels[r.key] : undefined
    switch (r.op) {
      case 'eq':
        if (v !== r.values[0]) return false
        break
      case 'neq':
        if (v === r.values[0]) return false
        break
      case 'in':
        if (v === undefined || !r.values.includes(v)) return false
        break
      case 'notin':
        if (v !== undefined && r.values.includes(v)) return false
        break
      case 'exists':
        if (!has) return false
        break
      case 'notexists':
        if (has) return false
        break
      case 'gt':
        if (v === undefined || !/^-?\d+$/.test(v) || Number(v) <= Number(r.values[0])) return false
        break
      case 'lt':
        if (v === undefined || !/^-?\d+$/.test(v) || Number(v) >= Number(r.values[0])) return false
        break
    }
  }
  return true
}

/** Split on unescaped `sep`, keeping escapes (`\,` `\=` `\\`) for the next stage. */
function splitEscaped(s: string, sep: string): string[] {
  const parts: string[] = []
  let cur = ''
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) {
      cur += s[i] + s[i + 1]
      i++
      continue
    }
    if (s[i] === sep) {
      parts.push(cur)
      cur = ''
      continue
    }
    cur += s[i]
  }
  parts.push(cur)
  return parts
}

const unescape = (s: string): string => s.replace(/\\(.)/g, '$1')

/**
 * Parse a field selector (`metadata.name=x,status.phase!=Running`) for one kind.
 * @throws StoreError 400 for a field the kind does not index (the real server's wording per kind).
 */
export function parseFieldSelector(kind: KindId, selector: string): FieldReq[] {
  const reqs: FieldReq[] = []
  const names = fieldNames(kind)
  for (const term of splitEscaped(selector, ',')) {
    if (term.trim() === '') continue
    const m = /^(.*?)(!=|==|=)(.*)$/.exec(term)
    if (!m || /\\$/.test(m[1])) throw bad(`invalid selector: '${selector}'; can't understand '${term}'`)
    const field = m[1].trim()
    const index = field === 'metadata.name' ? -1 : field === 'metadata.namespace' ? -2 : names.indexOf(field)
    if (index === -1 && field !== 'metadata.name') throw bad(unsupportedFieldMessage(kind, field))
    reqs.push({ field, index, op: m[2] === '!=' ? 'neq' : 'eq', value: unescape(m[3].trim()) })
  }
  return reqs
}

/** True when every field requirement holds for this record. */
export function matchFields(reqs: readonly FieldReq[], rec: Rec): boolean {
  for (const r of reqs) {
    const v = r.index === -1 ? rec.name : r.index === -2 ? rec.ns : rec.fields[r.index]
    if ((v === r.value) !== (r.op === 'eq')) return false
  }
  return true
}

/** True when the record passes the namespace, label and field parts of a filter. */
export function matches(filter: Filter, rec: Rec): boolean {
  if (filter.namespace !== undefined && rec.ns !== filter.namespace) return false
  if (filter.labels && filter.labels.length > 0 && !matchLabels(filter.labels, rec.labels)) return false
  if (filter.fields && filter.fields.length > 0 && !matchFields(filter.fields, rec)) return false
  return true
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A label selector as the string form `app=web,tier in (a,b)` (metav1.FormatLabelSelector). */
export function selectorString(sel: unknown): string {
  if (!isObj(sel)) return ''
  const parts: string[] = []
  for (const [k, v] of Object.entries(isObj(sel.matchLabels) ? sel.matchLabels : {}).sort(([a], [b]) => (a < b ? -1 : 1))) parts.push(`${k}=${String(v)}`)
  for (const e of Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []) {
    if (!isObj(e)) continue
    const values = Array.isArray(e.values) ? e.values.join(',') : ''
    if (e.operator === 'In') parts.push(`${String(e.key)} in (${values})`)
    else if (e.operator === 'NotIn') parts.push(`${String(e.key)} notin (${values})`)
    else if (e.operator === 'Exists') parts.push(String(e.key))
    else if (e.operator === 'DoesNotExist') parts.push(`!${String(e.key)}`)
  }
  return parts.join(',')
}
