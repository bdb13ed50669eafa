/**
 * ANSI SGR colour codes in log lines, turned into styled text runs — colours, bold, dim,
 * italic and underline only. Every other escape sequence is removed, and the text is only ever
 * rendered as React text: never HTML, so a log line cannot inject markup.
 */

export interface AnsiRun {
  readonly text: string
  /** A CSS class list: `ansi-fg-1`, `ansi-bold`, … ('' for plain text). */
  readonly cls: string
  /** 256-colour or true-colour values, as inline colours. */
  readonly fg?: string
  readonly bg?: string
}

// eslint-disable-next-line no-control-regex
const ESC = /\x1b\[([0-9;]*)([A-Za-z])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g
const XTERM = ['000000', '800000', '008000', '808000', '000080', '800080', '008080', 'c0c0c0', '808080', 'ff0000', '00ff00', 'ffff00', '0000ff', 'ff00ff', '00ffff', 'ffffff']

function color256(n: number): string {
  if (n < 16) return `#${XTERM[n]}`
  if (n < 232) {
    const v = [0, 95, 135, 175, 215, 255]
    const i = n - 16
    return `rgb(${v[Math.floor(i / 36)]},${v[Math.floor(i / 6) % 6]},${v[i % 6]})`
  }
  const g = 8 + (n - 232) * 10
  return `rgb(${g},${g},${g})`
}

interface Style { fg?: number | string; bg?: number | string; bold?: boolean; dim?: boolean; italic?: boolean; underline?: boolean }

function apply(st: Style, codes: number[]): Style {
  const s = { ...st }
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]
    if (c === 0) { for (const k of Object.keys(s) as (keyof Style)[]) delete s[k] }
    else if (c === 1) s.bold = true
    else if (c === 2) s.dim = true
    else if (c === 3) s.italic = true
    else if (c === 4) s.underline = true
    else if (c === 22) { s.bold = false; s.dim = false }
    else if (c === 23) s.italic = false
    else if (c === 24) s.underline = false
    else if (c >= 30 && c <= 37) s.fg = c - 30
    else if (c >= 90 && c <= 97) s.fg = c - 90 + 8
    else if (c === 39) delete s.fg
    else if (c >= 40 && c <= 47) s.bg = c - 40
    else if (c >= 100 && c <= 107) s.bg = c - 100 + 8
    else if (c === 49) delete s.bg
    else if ((c === 38 || c === 48) && codes[i + 1] === 5) { const v = color256(codes[i + 2] ?? 0); if (c === 38) s.fg = v; else s.bg = v; i += 2 }
    else if ((c === 38 || c === 48) && codes[i + 1] === 2) {
      const v = `rgb(${codes[i + 2] ?? 0},${codes[i + 3] ?? 0},${codes[i + 4] ?? 0})`
      if (c === 38) s.fg = v; else s.bg = v
      i += 4
    }
  }
  return s
}

function runOf(text: string, s: Style): AnsiRun {
  const cls = [typeof s.fg === 'number' ? `ansi-fg-${s.fg}` : '', typeof s.bg === 'number' ? `ansi-bg-${s.bg}` : '',
    s.bold ? 'ansi-bold' : '', s.dim ? 'ansi-dim' : '', s.italic ? 'ansi-italic' : '', s.underline ? 'ansi-underline' : ''].filter(Boolean).join(' ')
  return { text, cls, ...(typeof s.fg === 'string' ? { fg: s.fg } : {}), ...(typeof s.bg === 'string' ? { bg: s.bg } : {}) }
}

/** True when `line` has an escape character (the common case has none: no parsing at all). */
export const hasAnsi = (line: string): boolean => line.includes('\x1b')

/** The styled runs of one line (one plain run when there is no escape). */
export function ansiRuns(line: string): AnsiRun[] {
  if (!hasAnsi(line)) return [{ text: line, cls: '' }]
  const out: AnsiRun[] = []
  let st: Style = {}
  let last = 0
  ESC.lastIndex = 0
  for (let m = ESC.exec(line); m; m = ESC.exec(line)) {
    if (m.index > last) out.push(runOf(line.slice(last, m.index), st))
    if (m[2] === 'm') st = apply(st, (m[1] || '0').split(';').map((x) => Number(x) || 0))
    last = ESC.lastIndex
  }
  if (last < line.length) out.push(runOf(line.slice(last), st))
  return out
}

/** The line without any escape sequence (copy, save, filter). */
export function stripAnsi(line: string): string {
  return hasAnsi(line) ? line.replace(ESC, '') : line
}
