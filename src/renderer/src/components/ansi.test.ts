/**
 * The ANSI parser, judged by ECMA-48 / ITU T.416 and xterm: SGR colours (16, 256, true colour,
 * both `;` and `:` forms) and styles, resets, every other sequence removed, broken ones too, and
 * nothing that could become markup or CSS other than a plain colour.
 */
import { describe, expect, it } from 'vitest'
import { ansiRuns, color256, hasAnsi, stripAnsi } from './ansi.ts'
import type { AnsiRun } from './ansi.ts'

const E = '\x1b'
const run = (text: string, cls = '', extra: Partial<AnsiRun> = {}): AnsiRun => ({ text, cls, ...extra })

describe('ansi', () => {
  it('a line with no escape is one plain run', () => {
    expect(hasAnsi('plain text')).toBe(false)
    expect(ansiRuns('plain text')).toEqual([run('plain text')])
  })

  it('the 8 and bright colours, foreground and background, and their resets', () => {
    expect(ansiRuns(`${E}[31mred${E}[0m plain`)).toEqual([run('red', 'ansi-fg-1'), run(' plain')])
    expect(ansiRuns(`${E}[92mhi${E}[39m`)).toEqual([run('hi', 'ansi-fg-10')])
    expect(ansiRuns(`${E}[44;97mx${E}[49my`)).toEqual([run('x', 'ansi-fg-15 ansi-bg-4'), run('y', 'ansi-fg-15')])
    expect(ansiRuns(`${E}[103mz${E}[m.`)).toEqual([run('z', 'ansi-bg-11'), run('.')]) // empty = 0
  })

  it('styles, combined in one sequence and turned off one by one', () => {
    expect(ansiRuns(`${E}[1;3;4;9ma${E}[22mb${E}[23mc${E}[24md${E}[29me`)).toEqual([
      run('a', 'ansi-bold ansi-italic ansi-underline ansi-strike'),
      run('b', 'ansi-italic ansi-underline ansi-strike'),
      run('c', 'ansi-underline ansi-strike'),
      run('d', 'ansi-strike'),
      run('e')
    ])
    expect(ansiRuns(`${E}[2mdim${E}[22m`)).toEqual([run('dim', 'ansi-dim')])
    expect(ansiRuns(`${E}[21md`)).toEqual([run('d', 'ansi-underline')])
    expect(ansiRuns(`${E}[4:3mcurly${E}[4:0mno`)).toEqual([run('curly', 'ansi-underline'), run('no')])
  })

  it("inverse swaps the colours (the theme's when none is set)", () => {
    expect(ansiRuns(`${E}[7mx`)).toEqual([run('x', 'ansi-inverse')])
    expect(ansiRuns(`${E}[31;42;7mx${E}[27my`)).toEqual([run('x', 'ansi-fg-2 ansi-bg-1'), run('y', 'ansi-fg-1 ansi-bg-2')])
  })

  it("xterm's 256-colour palette: system colours as theme classes, the cube and the greys as values", () => {
    // Values from xterm's 256colres.pl: cube levels 0,95,135,175,215,255; greys 8 + 10k.
    expect(color256(16)).toBe('rgb(0,0,0)')
    expect(color256(21)).toBe('rgb(0,0,255)')
    expect(color256(196)).toBe('rgb(255,0,0)')
    expect(color256(208)).toBe('rgb(255,135,0)')
    expect(color256(231)).toBe('rgb(255,255,255)')
    expect(color256(232)).toBe('rgb(8,8,8)')
    expect(color256(244)).toBe('rgb(128,128,128)')
    expect(color256(255)).toBe('rgb(238,238,238)')
    expect(ansiRuns(`${E}[38;5;208mo`)).toEqual([run('o', '', { fg: 'rgb(255,135,0)' })])
    expect(ansiRuns(`${E}[38;5;9mr`)).toEqual([run('r', 'ansi-fg-9')])
    expect(ansiRuns(`${E}[48;5;244mg`)).toEqual([run('g', '', { bg: 'rgb(128,128,128)' })])
  })

  it('true colour in the `;` form and the `:` forms, with or without a colour space', () => {
    expect(ansiRuns(`${E}[38;2;1;2;3mx`)).toEqual([run('x', '', { fg: 'rgb(1,2,3)' })])
    expect(ansiRuns(`${E}[38:2:10:20:30mx`)).toEqual([run('x', '', { fg: 'rgb(10,20,30)' })])
    expect(ansiRuns(`${E}[48:2::10:20:30mx`)).toEqual([run('x', '', { bg: 'rgb(10,20,30)' })])
    expect(ansiRuns(`${E}[38:5:196mx`)).toEqual([run('x', '', { fg: 'rgb(255,0,0)' })])
    // What follows the colour's parameters is read on: `38;2;r;g;b;1` is the colour then bold.
    expect(ansiRuns(`${E}[38;2;1;2;3;1mx`)).toEqual([run('x', 'ansi-bold', { fg: 'rgb(1,2,3)' })])
  })

  it('ignores colours out of range rather than emitting them', () => {
    expect(ansiRuns(`${E}[38;5;256mx`)).toEqual([run('x')])
    expect(ansiRuns(`${E}[38;2;300;0;0mx`)).toEqual([run('x')])
    expect(ansiRuns(`${E}[38;5mx`)).toEqual([run('x')])
    expect(ansiRuns(`${E}[38;7;31mx`)).toEqual([run('x', 'ansi-fg-1')])
  })

  it('removes every other sequence: cursor moves, erase, private modes, OSC titles and links, charsets, ESC 7/8', () => {
    const line = `${E}[2K${E}[1A${E}[?25l${E}]0;title${E}\\${E}]8;;https://x.example${E}\\link${E}]8;;${E}\\ ${E}(Bdone${E}7${E}8${E}c!`
    expect(stripAnsi(line)).toBe('link done!')
    expect(
      ansiRuns(line)
        .map((r) => r.text)
        .join('')
    ).toBe('link done!')
    expect(stripAnsi(`a${E}]2;title\x07b`)).toBe('ab')
    expect(stripAnsi(`\u009b31mc1`)).toBe('c1')
  })

  it('drops broken sequences: a lone ESC, a CSI or OSC cut off at the end of the line', () => {
    expect(stripAnsi(`tail${E}`)).toBe('tail')
    expect(stripAnsi(`tail${E}[31`)).toBe('tail')
    expect(stripAnsi(`tail${E}[`)).toBe('tail')
    expect(stripAnsi(`tail${E}]8;;http://never-closed`)).toBe('tail')
    expect(ansiRuns(`${E}[31mred${E}[`)).toEqual([run('red', 'ansi-fg-1')])
    // A CSI with intermediates is not SGR even if it ends in `m`.
    expect(ansiRuns(`${E}[1 mx`)).toEqual([run('x')])
  })

  it('never produces markup: text stays text, classes come from a fixed set, colours are plain values', () => {
    const hostile = `${E}[31m<img src=x onerror=alert(1)>${E}[38;2;1;2;3m</span><script>x</script>${E}[0m"'&`
    const runs = ansiRuns(hostile)
    expect(runs.map((r) => r.text).join('')).toBe('<img src=x onerror=alert(1)></span><script>x</script>"\'&')
    for (const r of runs) {
      expect(r.cls).toMatch(/^((ansi-(fg|bg)-([0-9]|1[0-5])|ansi-(bold|dim|italic|underline|strike|inverse))( |$))*$/)
      for (const c of [r.fg, r.bg]) if (c !== undefined) expect(c).toMatch(/^(#[0-9a-f]{6}|rgb\(\d{1,3},\d{1,3},\d{1,3}\))$/)
    }
  })

  it('the text of the runs is the stripped line, for long mixed lines too', () => {
    const parts = Array.from({ length: 200 }, (_, i) => `${E}[${30 + (i % 8)};${i % 2 ? 1 : 22}mw${i}${i % 5 === 0 ? `${E}[K` : ''}`)
    const line = parts.join(' ')
    expect(
      ansiRuns(line)
        .map((r) => r.text)
        .join('')
    ).toBe(stripAnsi(line))
    expect(stripAnsi(line)).toBe(Array.from({ length: 200 }, (_, i) => `w${i}`).join(' '))
  })
})
