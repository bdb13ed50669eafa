/**
 * Where a stream's bytes go: an HTTP/1.1 response or an HTTP/2 stream, behind one small surface.
 *
 * Why: the writer's backpressure check needs "bytes not yet taken by the peer", which the two
 * response types expose differently (HTTP/2 buffers per stream, under flow control), and a hard
 * close differs too (destroy the socket vs cancel one HTTP/2 stream, not the whole session).
 */
import { constants as h2, Http2ServerResponse } from 'node:http2'
import type { Res } from '../respond.ts'

/** Where frames go. */
export interface SseSink {
  write(chunk: string): boolean
  /** Bytes written but not yet taken by the kernel / the peer's flow-control window. */
  bufferedBytes(): number
  /** Graceful end (server shutdown, kind disabled, a final error frame). */
  end(): void
  /** Hard close (slow consumer): whatever is buffered is dropped. */
  destroy(): void
}

/** Adapt either response type to a sink. */
export function sinkFor(res: Res): SseSink {
  if (res instanceof Http2ServerResponse) {
    const s = res.stream
    return {
      write: (c) => res.write(c),
      bufferedBytes: () => s.writableLength,
      end: () => {
        res.end()
      },
      destroy: () => {
        if (!s.destroyed) s.close(h2.NGHTTP2_CANCEL)
      }
    }
  }
  return {
    write: (c) => res.write(c),
    bufferedBytes: () => res.writableLength,
    end: () => {
      res.end()
    },
    destroy: () => {
      res.destroy()
    }
  }
}
