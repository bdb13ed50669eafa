/**
 * Browser mode: serve the built renderer (`out/renderer`) at `/`.
 *
 * Why: `npm run serve` must open the same UI in a plain browser. Only regular files under the
 * build folder are served, with explicit content types and a CSP header; never a directory
 * listing, never a file outside the folder. Without a build, a 503 page says how to make one.
 * The build is the public, data-free app bundle, so these files are served without the token
 * (a `<script src>` cannot carry it); every data route still requires it. Because anyone local
 * may request them, thousands of times on a connection that never reads, each file is read once
 * into memory (bounded: files ≤ MAX_CACHED_FILE_BYTES, MAX_CACHED_BYTES in all) and every answer
 * sends that one Buffer: an unread answer holds a reference, not a copy. `index.html` is `no-store`
 * (a rebuild, and the sign-in redirect, must always be seen); hashed assets are immutable.
 * Lifecycle: each request stats one file; its bytes are re-read only when its size or mtime moved.
 */
import { createReadStream, promises as fsp } from 'node:fs'
import type { Stats } from 'node:fs'
import { extname, join, relative, resolve, sep } from 'node:path'
import type { Res } from './respond.ts'
import { resLike, sendError } from './respond.ts'

/** Content types of what electron-vite emits; anything else is served as bytes. */
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8'
}

/** The page's CSP: own origin only (the API is same-origin), inline styles for the table library. */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

const STATIC_HEADERS = { 'Content-Security-Policy': RENDERER_CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' }

/** A file larger than this is streamed from disk instead of kept (the JS bundle is ~1 MB). */
export const MAX_CACHED_FILE_BYTES = 8 * 1024 * 1024
/** The in-memory copies of the build, in all; past it the copies are dropped and read again. */
export const MAX_CACHED_BYTES = 64 * 1024 * 1024

interface Cached {
  readonly size: number
  readonly mtimeMs: number
  readonly body: Promise<Buffer | undefined>
}
const cache = new Map<string, Cached>()
let cachedBytes = 0

/**
 * The bytes of `file` (described by `st`), from memory when unchanged. Requests that arrive
 * while it is being read share that one read (500 concurrent first requests must not make 500
 * copies).
 */
function cachedBody(file: string, st: Stats): Promise<Buffer | undefined> {
  if (st.size > MAX_CACHED_FILE_BYTES) return Promise.resolve(undefined)
  const hit = cache.get(file)
  if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return hit.body
  if (hit) {
    cache.delete(file)
    cachedBytes -= hit.size
  }
  if (cachedBytes + st.size > MAX_CACHED_BYTES) {
    cache.clear()
    cachedBytes = 0
  }
  const entry: Cached = {
    size: st.size,
    mtimeMs: st.mtimeMs,
    // A file that changed size while read is not kept (served as read, read again next time).
    body: fsp.readFile(file).then(
      (b) => {
        if (b.length !== st.size) forget()
        return b
      },
      () => {
        forget()
        return undefined
      }
    )
  }
  const forget = (): void => {
    if (cache.get(file) === entry) {
      cache.delete(file)
      cachedBytes -= entry.size
    }
  }
  cache.set(file, entry)
  cachedBytes += st.size
  return entry.body
}

const MISSING_BUILD =
  '<!doctype html><html><head><meta charset="utf-8"><title>Periscope: no UI build</title></head><body>' +
  '<h1>The Periscope UI has not been built</h1><p>The API is running, but <code>out/renderer</code> is missing. ' +
  'Run <code>npm run build</code>, then reload this page.</p></body></html>'

/** The meta tag that tells a browser-mode page whether its (HttpOnly) session cookie signed it in. */
export const SESSION_META = 'periscope-session'

/** `index.html` with the session meta tag before `</head>` (a fresh, small copy per answer). */
function withSession(body: Buffer, session: 'ok' | 'none'): Buffer {
  const html = body.toString('utf8')
  const head = html.indexOf('</head>')
  // A page without a head (hand-made) gets the tag after its doctype: still before any script.
  const doctype = /^<!doctype html>/i.exec(html)
  const at = head >= 0 ? head : doctype ? doctype[0].length : 0
  return Buffer.from(`${html.slice(0, at)}<meta name="${SESSION_META}" content="${session}" />${html.slice(at)}`, 'utf8')
}

/**
 * Serve `segments` (already decoded and free of `..`) from `root`.
 * @param head answer headers only (HEAD).
 * @param session browser mode: whether the request's session cookie signs it in (told to
 *   `index.html` in a meta tag); undefined = not browser mode.
 */
export async function serveStatic(res: Res, root: string | undefined, segments: readonly string[], head: boolean, session?: 'ok' | 'none'): Promise<void> {
  const r = resLike(res)
  const index = root ? join(root, 'index.html') : ''
  if (!root || !(await isFile(index))) {
    r.writeHead(503, { ...STATIC_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Retry-After': '10' })
    r.end(head ? undefined : MISSING_BUILD)
    return
  }
  const rel = segments.filter((s) => s !== '')
  const file = rel.length === 0 ? index : resolve(root, ...rel)
  const inside = relative(resolve(root), file)
  if (inside.startsWith('..') || inside.includes(`..${sep}`) || rel.some((s) => s.includes('/') || s.includes(sep))) {
    return sendError(res, 400, 'invalid static path')
  }
  const st = await fsp.stat(file).catch(() => null)
  if (!st || !st.isFile()) return sendError(res, 404, 'not found')
  const page = file === index && session !== undefined
  const cached = head && !page ? undefined : await cachedBody(file, st)
  const body = cached && page ? withSession(cached, session) : cached
  r.writeHead(200, {
    ...STATIC_HEADERS,
    'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': body?.length ?? st.size,
    // Hashed assets never change; the page must be fetched every time (rebuilds, sign-in).
    'Cache-Control': rel[0] === 'assets' ? 'public, max-age=31536000, immutable' : file === index ? 'no-store' : 'no-cache'
  })
  if (head) {
    r.end()
    return
  }
  if (body) {
    r.end(body)
    return
  }
  createReadStream(file)
    .on('error', () => r.end())
    .pipe(res as unknown as NodeJS.WritableStream)
}

async function isFile(p: string): Promise<boolean> {
  const st = await fsp.stat(p).catch(() => null)
  return st !== null && st.isFile()
}
