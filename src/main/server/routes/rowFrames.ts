/**
 * The row stream's frames (spec §4) on top of a generic SSE writer or channel: `snapshot` (and the
 * early partial one), `added`/`modified`/`deleted`, `relist`, plus the generic `state` and the
 * final `error` (src/shared/api/frames.ts).
 *
 * Why: the frame shapes and their `id:` rules are the row protocol's; framing, heartbeat and
 * backpressure are the channel's. Keeping the mapping in one small file lets the server's tests
 * check it byte for byte against a fake sink.
 * A snapshot is encoded once per snapshot array and shared by every stream sent that array within
 * FRAME_SHARE_MS (the engine hands subscribers joining an unchanged watch the same array): 80
 * streams joining a 10,000-row watch at once cost one ~7 MB string, not 80. The string is not kept
 * longer: a quiet watch keeps its snapshot array for as long as it has subscribers, and the frame
 * with it would add ~660 B per row to the main process for nothing (33 MB at 50k pods).
 * Lifecycle: stateless wrapper; closing is the underlying writer's.
 */
import type { RowDto } from '../../../shared/dto/row.ts'
import type { ColumnDef } from '../../../shared/kinds/registry.ts'
import type { ListProgress, NamespaceScope, SnapshotData, StreamErrorData, StreamStateData } from '../../../shared/api/frames.ts'
import { encodeFrame } from '../sse/framing.ts'
import type { SseWriter } from '../sse/writer.ts'

/**
 * How long an encoded snapshot stays shared: the streams that join together (a window's views
 * opening, a reconnect storm, the hostile tests' 80 readers) arrive within a second or two.
 */
export const FRAME_SHARE_MS = 5_000

/** The encoded snapshot frame of a snapshot array (dropped with the array, or after FRAME_SHARE_MS). */
const encoded = new WeakMap<readonly RowDto[], { readonly rv: string; readonly frame: string; readonly columns: readonly ColumnDef[] | undefined }>()

function snapshotFrame(items: readonly RowDto[], rv: string, columns?: readonly ColumnDef[]): string {
  const hit = encoded.get(items)
  if (hit && hit.rv === rv && hit.columns === columns) return hit.frame
  const frame = encodeFrame('snapshot', { items, resourceVersion: rv, ...(columns ? { columns } : {}) } satisfies SnapshotData, rv)
  encoded.set(items, { rv, frame, columns })
  setTimeout(() => {
    if (encoded.get(items)?.frame === frame) encoded.delete(items)
  }, FRAME_SHARE_MS).unref?.()
  return frame
}

export interface RowFrames {
  /** The complete list; its `id:` is its resourceVersion (a resume point). Custom kinds add their Table columns. */
  snapshot(items: readonly RowDto[], resourceVersion: string, columns?: readonly ColumnDef[]): void
  /**
   * The early rows of a LIST still in progress: a `snapshot` frame with `"resourceVersion":""`,
   * `"partial":true` and **no `id:`**, so the browser's Last-Event-ID never points at a state it
   * cannot resume from, and with the LIST's `progress`. Sent again (at most once a second) while
   * the LIST goes on; the complete snapshot follows and replaces it.
   */
  partialSnapshot(items: readonly RowDto[], progress: ListProgress): void
  delta(type: 'added' | 'modified' | 'deleted', row: RowDto, resourceVersion: string): void
  relist(reason: string): void
  /** The upstream watch changed state (no `id:`: nothing to resume from). */
  state(data: StreamStateData): void
  /** Which namespaces an "all namespaces" union covers and which the budget left out (no `id:`). */
  scope(data: NamespaceScope): void
  /** The last frame: the upstream failed before a snapshot; the stream then ends. */
  fail(data: StreamErrorData, closeReason: string): void
  /** End the stream (idempotent). */
  close(reason: string): void
  readonly closed: boolean
}

/** Row frames written to `out`. */
export function rowFrames(out: SseWriter): RowFrames {
  return {
    snapshot: (items, rv, columns) => out.sendEncoded(snapshotFrame(items, rv, columns), { id: rv, role: 'baseline' }),
    partialSnapshot: (items, progress) =>
      out.send('snapshot', { items, resourceVersion: '', partial: true, progress } satisfies SnapshotData, { role: 'provisional' }),
    delta: (type, row, rv) => out.send(type, row, { id: rv }),
    relist: (reason) => out.send('relist', { reason }),
    state: (data) => out.send('state', data),
    scope: (data) => out.send('scope', data),
    fail: (data, closeReason) => {
      out.send('error', data)
      out.close(closeReason)
    },
    close: (reason) => out.close(reason),
    get closed() {
      return out.closed
    }
  }
}
