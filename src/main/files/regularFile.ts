/**
 * Read a file only when it is a regular file under a size limit: kubeconfig, settings, token and
 * cache files.
 *
 * Why: `readFileSync` on a FIFO blocks the main process until some writer appears (a FIFO in
 * `KUBECONFIG` hung startup), on a character device such as `/dev/zero` it never ends, and a
 * multi-gigabyte file is read whole before anyone looks at its size. Here the file is opened
 * non-blocking (opening a FIFO for reading then returns at once instead of waiting for a writer),
 * checked with `fstat` on the same descriptor (no stat-then-open race), and read at most
 * `maxBytes + 1` bytes, so a file that grows while it is read is still caught.
 * Lifecycle: stateless; every call opens and closes its own descriptor.
 */
import fs from 'node:fs'

/** Why a file was not read, in words for a message ("path: <reason>"). */
export type ReadRefusal =
  | { readonly code: 'missing'; readonly reason: string }
  | { readonly code: 'not-regular'; readonly reason: string }
  | { readonly code: 'too-large'; readonly reason: string }
  | { readonly code: 'unreadable'; readonly reason: string }

export type BoundedRead = { readonly ok: true; readonly text: string; readonly bytes: number } | ({ readonly ok: false } & ReadRefusal)

/** O_NONBLOCK where the platform has it (not on Windows, where FIFOs are not files anyway). */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0)
/** Read in pieces of this size: one allocation per piece, never one of the declared size. */
const CHUNK = 64 * 1024

/** What kind of file an fstat describes, for the message. */
export function fileTypeName(st: fs.Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)'
  if (st.isDirectory()) return 'a directory'
  if (st.isCharacterDevice()) return 'a character device'
  if (st.isBlockDevice()) return 'a block device'
  if (st.isSocket()) return 'a socket'
  return 'not a regular file'
}

function refusal(err: unknown): ReadRefusal {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'ENOTDIR') return { code: 'missing', reason: 'file not found' }
  if (code === 'EISDIR') return { code: 'not-regular', reason: 'it is a directory, not a file' }
  return { code: 'unreadable', reason: `cannot read: ${(err as Error).message}` }
}

/** Human size: "64 MiB", "512 KiB", "17 bytes". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`
  return `${n} bytes`
}

/**
 * Read `path` as UTF-8 when it is a regular file of at most `maxBytes`. Never throws, never blocks
 * on a FIFO or device.
 */
export function readRegularFileSync(path: string, maxBytes: number): BoundedRead {
  let fd: number
  try {
    fd = fs.openSync(path, OPEN_FLAGS)
  } catch (err) {
    return { ok: false, ...refusal(err) }
  }
  try {
    const st = fs.fstatSync(fd)
    if (!st.isFile()) return { ok: false, code: 'not-regular', reason: `it is ${fileTypeName(st)}, not a regular file` }
    if (st.size > maxBytes) return { ok: false, code: 'too-large', reason: `it is ${formatBytes(st.size)}, larger than the ${formatBytes(maxBytes)} limit` }
    const parts: Buffer[] = []
    let total = 0
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total))
      const n = fs.readSync(fd, buf, 0, buf.length, null)
      if (n === 0) break
      parts.push(n === buf.length ? buf : buf.subarray(0, n))
      total += n
      if (total > maxBytes) return { ok: false, code: 'too-large', reason: `it grew past the ${formatBytes(maxBytes)} limit while being read` }
    }
    return { ok: true, text: Buffer.concat(parts, total).toString('utf8'), bytes: total }
  } catch (err) {
    return { ok: false, ...refusal(err) }
  } finally {
    fs.closeSync(fd)
  }
}

/** The asynchronous twin of `readRegularFileSync` (same checks, same messages). Never throws. */
export async function readRegularFile(path: string, maxBytes: number): Promise<BoundedRead> {
  let fh: fs.promises.FileHandle
  try {
    fh = await fs.promises.open(path, OPEN_FLAGS)
  } catch (err) {
    return { ok: false, ...refusal(err) }
  }
  try {
    const st = await fh.stat()
    if (!st.isFile()) return { ok: false, code: 'not-regular', reason: `it is ${fileTypeName(st)}, not a regular file` }
    if (st.size > maxBytes) return { ok: false, code: 'too-large', reason: `it is ${formatBytes(st.size)}, larger than the ${formatBytes(maxBytes)} limit` }
    const parts: Buffer[] = []
    let total = 0
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK * 16, maxBytes + 1 - total))
      const { bytesRead } = await fh.read(buf, 0, buf.length, null)
      if (bytesRead === 0) break
      parts.push(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead))
      total += bytesRead
      if (total > maxBytes) return { ok: false, code: 'too-large', reason: `it grew past the ${formatBytes(maxBytes)} limit while being read` }
    }
    return { ok: true, text: Buffer.concat(parts, total).toString('utf8'), bytes: total }
  } catch (err) {
    return { ok: false, ...refusal(err) }
  } finally {
    await fh.close().catch(() => undefined)
  }
}
