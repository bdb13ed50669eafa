// The window's favicon is the app icon: the same SVG electron-builder packages (build/icon.svg).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..')

describe('favicon', () => {
  it('is build/icon.svg, byte for byte, and index.html links it', () => {
    expect(readFileSync(join(ROOT, 'src/renderer/public/favicon.svg'), 'utf8')).toBe(readFileSync(join(ROOT, 'build/icon.svg'), 'utf8'))
    expect(readFileSync(join(ROOT, 'src/renderer/index.html'), 'utf8')).toMatch(/<link rel="icon" type="image\/svg\+xml" href="\.\/favicon\.svg" \/>/)
  })
})
