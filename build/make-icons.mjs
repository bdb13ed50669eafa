// Regenerates the packaging icons from icon.svg (run by hand after editing the SVG):
//   node build/make-icons.mjs
// Why: electron-builder wants icon.png (Linux, ≥ 512 px), icon.icns (macOS) and icon.ico
// (Windows); all three come from one drawing. PNGs are rendered by `rsvg-convert`
// (Debian: apt-get install librsvg2-bin); ICO and ICNS are plain containers of PNGs, packed here
// with no dependency.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const svg = join(here, 'icon.svg')
const tmp = mkdtempSync(join(tmpdir(), 'periscope-icons-'))

/** Render the SVG at `size` px and return the PNG bytes. */
function png(size) {
  const out = join(tmp, `${size}.png`)
  execFileSync('rsvg-convert', ['-w', String(size), '-h', String(size), '-o', out, svg])
  return readFileSync(out)
}

/** ICO: a directory of PNG images (Vista+ reads PNG entries). 256 is stored as 0. */
function ico(sizes) {
  const images = sizes.map((s) => ({ s, data: png(s) }))
  const head = Buffer.alloc(6 + 16 * images.length)
  head.writeUInt16LE(0, 0)
  head.writeUInt16LE(1, 2)
  head.writeUInt16LE(images.length, 4)
  let offset = head.length
  images.forEach(({ s, data }, i) => {
    const e = 6 + 16 * i
    head.writeUInt8(s >= 256 ? 0 : s, e)
    head.writeUInt8(s >= 256 ? 0 : s, e + 1)
    head.writeUInt16LE(1, e + 4)
    head.writeUInt16LE(32, e + 6)
    head.writeUInt32LE(data.length, e + 8)
    head.writeUInt32LE(offset, e + 12)
    offset += data.length
  })
  return Buffer.concat([head, ...images.map((x) => x.data)])
}

/** ICNS: 'icns' + length, then typed PNG chunks (ic07 128, ic08 256, ic09 512, ic10 1024@2x). */
function icns(types) {
  const chunks = types.map(([type, size]) => {
    const data = png(size)
    const h = Buffer.alloc(8)
    h.write(type, 0, 'ascii')
    h.writeUInt32BE(data.length + 8, 4)
    return Buffer.concat([h, data])
  })
  const body = Buffer.concat(chunks)
  const h = Buffer.alloc(8)
  h.write('icns', 0, 'ascii')
  h.writeUInt32BE(body.length + 8, 4)
  return Buffer.concat([h, body])
}

try {
  writeFileSync(join(here, 'icon.png'), png(512))
  writeFileSync(join(here, 'icon.ico'), ico([16, 32, 48, 64, 128, 256]))
  writeFileSync(
    join(here, 'icon.icns'),
    icns([
      ['ic07', 128],
      ['ic08', 256],
      ['ic09', 512],
      ['ic10', 1024]
    ])
  )
  console.log('wrote build/icon.png, build/icon.ico, build/icon.icns')
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
