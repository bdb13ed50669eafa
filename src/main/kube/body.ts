/**
 * Read one upstream response body with bounds: size after decompression, idle time, a signal.
 *
 * Why: `gunzip` of a 713 KB gzip bomb makes gigabytes; the bound must stop the inflater while it
 * inflates, not look at the total afterwards. So the body is inflated as a stream and counted
 * per output chunk; past `maxBytes` both streams are destroyed at once. A body that stops
 * sending (headers sent, then nothing) fails after `idleMs` of silence; a caller's deadline for the
 * whole read (however slowly the bytes trickle) aborts `signal`. Lifecycle: one call per
 * response; on failure the response is destroyed (its socket is not reused).
 */
import { createGunzip } from 'node:zlib'
import type { IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'
import { formatBytes } from '../files/regularFile.ts'
import { UpstreamError } from './errors.ts'
import { formatMs } from './limits.ts'

export interface BodyBounds {
  /** Bytes after decompression. */
  readonly maxBytes: number
  /** No byte for this long fails the read (kind 'timeout'). */
  readonly idleMs: number
  readonly signal?: AbortSignal
  /** "list pods" — for messages. */
  readonly what: string
  /** host:port — for messages. */
  readonly host: string
}

/** Thrown when a body is larger than its bound (kind 'oversized'). */
export function oversized(b: Pick<BodyBounds, 'what' | 'host' | 'maxBytes'>): UpstreamError {
  return new UpstreamError(
    'oversized',
    `${b.what}: the answer of ${b.host} is larger than ${formatBytes(b.maxBytes)} (after decompression); refusing to read more`
  )
}

/** The whole body as a Buffer (decompressed when gzip), or a rejection with a classified error. */
export function readBody(res: IncomingMessage, b: BodyBounds): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const encoding = String(res.headers['content-encoding'] ?? '')
      .trim()
      .toLowerCase()
    if (encoding !== '' && encoding !== 'identity' && encoding !== 'gzip') {
      res.destroy()
      reject(new UpstreamError('malformed', `${b.what}: ${b.host} answered with an encoding we did not ask for (${encoding.slice(0, 40)})`))
      return
    }
    const gunzip = encoding === 'gzip' ? createGunzip() : undefined
    const stream: Readable = gunzip ? res.pipe(gunzip) : res
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const finish = (err: UpstreamError | undefined): void => {
      if (done) return
      done = true
      clearTimeout(idle)
      b.signal?.removeEventListener('abort', onAbort)
      if (err) {
        chunks.length = 0
        gunzip?.destroy()
        res.destroy()
        reject(err)
      } else {
        resolve(Buffer.concat(chunks, size))
      }
    }
    const onAbort = (): void => finish(new UpstreamError('aborted', `${b.what} was cancelled`))
    const idle = setTimeout(
      () => finish(new UpstreamError('timeout', `${b.what}: ${b.host} stopped sending the answer (no data for ${formatMs(b.idleMs)})`)),
      b.idleMs
    )
    if (b.signal?.aborted) {
      onAbort()
      return
    }
    b.signal?.addEventListener('abort', onAbort, { once: true })
    res.on('data', () => idle.refresh())
    stream.on('data', (c: Buffer) => {
      if (done) return
      size += c.length
      if (size > b.maxBytes) {
        finish(oversized(b))
        return
      }
      chunks.push(c)
    })
    stream.on('end', () => finish(undefined))
    gunzip?.on('error', (err: Error) =>
      finish(new UpstreamError('malformed', `${b.what}: the answer of ${b.host} is not valid gzip (${err.message.slice(0, 80)})`))
    )
    res.on('error', () => finish(new UpstreamError('network', `${b.what}: the connection to ${b.host} broke mid-answer`)))
    res.on('aborted', () => finish(new UpstreamError('network', `${b.what}: the connection to ${b.host} closed mid-answer`)))
    res.on('close', () => {
      if (!res.complete) finish(new UpstreamError('network', `${b.what}: the connection to ${b.host} closed mid-answer`))
    })
  })
}
