/**
 * Go's `strconv.Unquote` as client-go's JSONPath parser extends it (`UnquoteExtend`: single or
 * double quotes), for the quoted literals of a printer column's filter (`@.type=="Ready"`).
 * Why its own module: the parser needs it and nothing else of Go's formatting.
 * Lifecycle: pure.
 */

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' }

/** `UnquoteExtend`: Go's `strconv.Unquote` for a single- or double-quoted string. */
export function unquoteExtend(s: string): string {
  const q = s[0]
  if (s.length < 2 || q !== s[s.length - 1] || (q !== '"' && q !== "'")) throw new Error(`unquote string ${s} error invalid syntax`)
  const body = s.slice(1, -1)
  let out = ''
  for (let i = 0; i < body.length; i++) {
    const c = body[i]
    if (c === q) throw new Error(`unquote string ${s} error invalid syntax`)
    if (c !== '\\') {
      out += c
      continue
    }
    const e = body[++i]
    const hex = (n: number): string => {
      const h = body.slice(i + 1, i + 1 + n)
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) throw new Error(`unquote string ${s} error invalid syntax`)
      i += n
      return String.fromCodePoint(parseInt(h, 16))
    }
    if (e !== undefined && e in SIMPLE_ESCAPES && (e === q || (e !== "'" && e !== '"'))) out += SIMPLE_ESCAPES[e]
    else if (e === 'x') out += hex(2)
    else if (e === 'u') out += hex(4)
    else if (e === 'U') out += hex(8)
    else if (e !== undefined && /[0-7]/.test(e) && /^[0-7]{3}$/.test(body.slice(i, i + 3))) {
      out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8))
      i += 2
    } else throw new Error(`unquote string ${s} error invalid syntax`)
  }
  return out
}
