/**
 * ANSI SGR colour codes in log lines, turned into styled text runs — colours (16, 256 and true
 * colour), bold, dim, italic, underline, strike-through and inverse. Every other escape sequence
 * (cursor moves, erase, OSC titles and hyperlinks, charset switches), and any broken one, is
 * removed; the text is only ever rendered as React text: never HTML, so a log line cannot inject
 * markup, and a colour is only ever `#rrggbb` or `rgb(n,n,n)` with n in 0..255.
 * Sequences follow ECMA-48: CSI = ESC `[` (or C1 0x9B), parameter bytes 0x30–0x3F, intermediate
 * bytes 0x20–0x2F, one final byte 0x40–0x7E; SGR is the CSI with final `m`, its parameters
 * separated by `;`, or by `:` within one (ITU T.416: `38:2::r:g:b`).
 */

export interface AnsiRun {
  readonly text: string
  /** A CSS class list: `ansi-fg-1`, `ansi-bold`, … ('' for plain text). */
  readonly cls: string
  /** 256-colour (above 15) or true-colour values, as inline colours. */
  readonly fg?: string
  readonly bg?: string
}

// CSI (complete, or cut off at the end of the line) | OSC up to BEL or ST (or the end) | other
// escapes (nF, Fp, Fe, Fs: optional intermediates and one final byte) | a lone ESC.
// eslint-disable-next-line no-control-regex
const ESC = /(?:\x1b\[|\u009b)([0-?]*)([ -/]*)([@-~]|$)|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\|$)|\x1b[ -/]*[0-~]|\x1b/g
const XTERM = [
  '000000',
  '800000',
  '008000',
  '808000',
  '000080',
  '800080',
  '008080',
  'c0c0c0',
  '808080',
  'ff0000',
  '00ff00',
  'ffff00',
  '0000ff',
  'ff00ff',
  '00ffff',
  'ffffff'
]

/** xterm's 256-colour palette: 16 system colours, a 6×6×6 cube, 24 greys. */
export function color256(n: number): string {
  if (n < 16) return `#${XTERM[n]}`
  if (n < 232) {
    const v = [0, 95, 135, 175, 215, 255]
    const i = n - 16
    return `rgb(${v[Math.floor(i / 36)]},${v[Math.floor(i / 6) % 6]},${v[i % 6]})`
  }
  const g = 8 + (n - 232) * 10
  return `rgb(${g},${g},${g})`
}

type Color = number | string
interface Style {
  fg?: Color
  bg?: Color
  bold?: boolean
  dim?: boolean
  italic?: boolean
  underline?: boolean
  strike?: boolean
  inverse?: boolean
}

const byte = (n: number | undefined): boolean => n !== undefined && Number.isInteger(n) && n >= 0 && n <= 255

/** An extended colour (`5;n` or `2;r;g;b`) from `p` at `i`: the colour (undefined = invalid) and how many parameters it took. */
function extended(p: readonly (number | undefined)[], i: number): [Color | undefined, number] {
  if (p[i] === 5) return [byte(p[i + 1]) ? ((p[i + 1] as number) < 16 ? (p[i + 1] as number) : color256(p[i + 1] as number)) : undefined, 2]
  if (p[i] === 2) {
    const [r, g, b] = [p[i + 1], p[i + 2], p[i + 3]]
    return [byte(r) && byte(g) && byte(b) ? `rgb(${r},${g},${b})` : undefined, 4]
  }
  return [undefined, 1]
}

function apply(st: Style, params: string): Style {
  const s: Style = { ...st }
  const groups = params === '' ? [''] : params.split(';')
  // `;`-separated numbers, with a colon group read as one extended colour or style.
  for (let gi = 0; gi < groups.length; gi++) {
    const sub = groups[gi].split(':').map((x) => (x === '' ? undefined : Number(x)))
    const c = sub[0] ?? 0
    if (sub.length > 1) {
      if (c === 38 || c === 48) {
        // 38:2::r:g:b (with a colour-space id) or 38:2:r:g:b, 38:5:n
        const rest = sub[1] === 2 && sub.length >= 6 ? [2, ...sub.slice(-3)] : sub.slice(1)
        const [col] = extended(rest, 0)
        if (col !== undefined) s[c === 38 ? 'fg' : 'bg'] = col
      } else if (c === 4) s.underline = (sub[1] ?? 1) !== 0
      continue
    }
    if (c === 38 || c === 48) {
      const rest = groups.slice(gi + 1).map((x) => (x === '' ? undefined : Number(x)))
      const [col, used] = extended(rest, 0)
      if (col !== undefined) s[c === 38 ? 'fg' : 'bg'] = col
      gi += used
      continue
    }
    if (c === 0) {
      for (const k of Object.keys(s) as (keyof Style)[]) delete s[k]
    } else if (c === 1) s.bold = true
    else if (c === 2) s.dim = true
    else if (c === 3) s.italic = true
    else if (c === 4 || c === 21) s.underline = true
    else if (c === 7) s.inverse = true
    else if (c === 9) s.strike = true
    else if (c === 22) {
      s.bold = false
      s.dim = false
    } else if (c === 23) s.italic = false
    else if (c === 24) s.underline = false
    else if (c === 27) s.inverse = false
    else if (c === 29) s.strike = false
    else if (c >= 30 && c <= 37) s.fg = c - 30
    else if (c >= 90 && c <= 97) s.fg = c - 90 + 8
    else if (c === 39) delete s.fg
    else if (c >= 40 && c <= 47) s.bg = c - 40
    else if (c >= 100 && c <= 107) s.bg = c - 100 + 8
    else if (c === 49) delete s.bg
  }
  return s
}

function runOf(text: string, s: Style): AnsiRun {
  // Inverse swaps the colours; with neither set it swaps the theme's text and background.
  const [fg, bg] = s.inverse ? [s.bg, s.fg] : [s.fg, s.bg]
  const cls = [
    typeof fg === 'number' ? `ansi-fg-${fg}` : '',
    typeof bg === 'number' ? `ansi-bg-${bg}` : '',
    s.inverse && fg === undefined && bg === undefined ? 'ansi-inverse' : '',
    s.bold ? 'ansi-bold' : '',
    s.dim ? 'ansi-dim' : '',
    s.italic ? 'ansi-italic' : '',
    s.underline ? 'ansi-underline' : '',
    s.strike ? 'ansi-strike' : ''
  ]
    .filter(Boolean)
    .join(' ')
  return { text, cls, ...(typeof fg === 'string' ? { fg } : {}), ...(typeof bg === 'string' ? { bg } : {}) }
}

/** True when `line` may hold an escape sequence (the common case has none: no parsing at all). */
export const hasAnsi = (line: string): boolean => line.includes('\x1b') || line.includes('\u009b')

/** The styled runs of one line (one plain run when there is no escape). */
export function ansiRuns(line: string): AnsiRun[] {
  if (!hasAnsi(line)) return [{ text: line, cls: '' }]
  const out: AnsiRun[] = []
  let st: Style = {}
  let last = 0
  ESC.lastIndex = 0
  for (let m = ESC.exec(line); m; m = ESC.exec(line)) {
    if (m.index > last) out.push(runOf(line.slice(last, m.index), st))
    // SGR: final `m`, no intermediates, parameters digits, `;` and `:` only.
    if (m[3] === 'm' && m[2] === '' && /^[0-9;:]*$/.test(m[1])) st = apply(st, m[1])
    last = ESC.lastIndex
  }
  if (last < line.length) out.push(runOf(line.slice(last), st))
  return out
}

/** The line without any escape sequence (copy, save, filter). */
export function stripAnsi(line: string): string {
  return hasAnsi(line) ? line.replace(ESC, '') : line
}
