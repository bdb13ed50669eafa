/**
 * The row sink of a live list view: what the row stream's frames do to the list store, on top of
 * the React-free live core (live/liveStream.ts: stream lifecycle, retry, fallback to polling,
 * health). See the numbered lifecycle in `useResourceStream.ts`.
 *
 * Frames: a complete `snapshot` replaces every row and is the stream's baseline (the view goes
 * `live`, or shows what the upstream said); `added|modified|deleted` apply only after it;
 * `relist` shows `reconnecting` until the fresh snapshot. A `snapshot` with `partial: true` (early
 * rows of a LIST still paging, spec §4 / target T2) is shown at once but keeps the badge at
 * `connecting` with a "loading" detail; once a complete list is shown, partials are ignored.
 */
import type { ListProgress, NamespaceScope, RelistData, SnapshotData } from '../../../shared/api/frames.ts'
import type { FeaturesResponse } from '../../../shared/api/wire.ts'
import type { RowDto, RowList } from '../../../shared/dto/row.ts'
import type { AnyKindId } from '../../../shared/kinds/anyKind.ts'
import type { ColumnDef } from '../../../shared/kinds/registry.ts'
import { openStream } from '../api/stream.ts'
import type { EventSourceLike } from '../api/stream.ts'
import { createLiveCore } from '../live/liveStream.ts'
import type { HealthPatch, LiveInputs } from '../live/liveStream.ts'
import { watchEnabled } from '../stores/kindCatalog.ts'
import type { DeltaOp, ListMeta } from '../stores/listStore.ts'

export type { EventSourceLike } from '../api/stream.ts'
export { FAILURE_WINDOW_MS, MAX_FAILURES, PERMANENT_RETRY_MS, POLL_MS, RETRY_BASE_MS, RETRY_MAX_MS } from '../live/policy.ts'

export interface StreamDeps {
  openStream(): EventSourceLike
  fetchList(signal: AbortSignal): Promise<RowList>
  /** Re-check `/api/features` after a refusal (tells "disabled" from "capped"). */
  fetchFeatures(): Promise<FeaturesResponse>
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface StreamSink {
  replaceAll(items: readonly RowDto[], patch: Partial<ListMeta>): void
  delta(op: DeltaOp): void
  /** Forget deltas not yet applied (a snapshot supersedes them). */
  dropPending(): void
  setHealth(patch: Partial<Pick<ListMeta, 'health' | 'detail' | 'error' | 'lastSeen'>>): void
  /** A custom kind's Table columns, from a list or snapshot that carried them (before its rows). */
  columns?(columns: readonly ColumnDef[]): void
}

/** What the controller is told from outside. */
export type StreamInputs = LiveInputs

export interface StreamController {
  update(inputs: StreamInputs): void
  /** The user asked to retry (or to go live) now. */
  retryNow(): void
  stop(): void
}

/**
 * Create the controller for one list view.
 * @param kind for messages only.
 */
export function createStreamController(kind: AnyKindId, deps: StreamDeps, sink: StreamSink): StreamController {
  /** A complete list (snapshot or poll) has been shown: early partial rows would only hide rows. */
  let hadComplete = false
  const setHealth = (patch: HealthPatch): void => sink.setHealth(patch)

  const core = createLiveCore<RowList>(
    kind,
    {
      open: (events) =>
        openStream(
          deps.openStream(),
          {
            ...events,
            frames: {
              snapshot: (data) => snapshot(data as SnapshotData),
              added: (data) => delta('added', data as RowDto),
              modified: (data) => delta('modified', data as RowDto),
              deleted: (data) => delta('deleted', data as RowDto),
              relist: (data) => core.relisting((data as Partial<RelistData>).reason ?? 'the server asked for a fresh list'),
              scope: (data) => setHealth({ scope: data as NamespaceScope })
            }
          },
          kind
        ),
      poll: (signal) => deps.fetchList(signal),
      streamEnabled: async () => watchEnabled(await deps.fetchFeatures(), kind),
      now: deps.now,
      setTimeout: deps.setTimeout,
      clearTimeout: deps.clearTimeout
    },
    {
      setHealth,
      showPolled(list, patch) {
        hadComplete = true
        if (list.columns) sink.columns?.(list.columns)
        sink.replaceAll(list.items, { ...patch, resourceVersion: list.resourceVersion, total: list.total ?? 0, progress: null })
      }
    }
  )

  function snapshot(snap: SnapshotData): void {
    if (snap.columns) sink.columns?.(snap.columns)
    if (snap.partial === true) {
      showPartial(snap.items, snap.progress)
      return
    }
    hadComplete = true
    const health = core.baseline()
    sink.dropPending()
    sink.replaceAll(snap.items, { health: 'live', detail: '', lastSeen: '', ...health, resourceVersion: snap.resourceVersion, total: 0, progress: null })
  }

  function delta(type: DeltaOp['type'], row: RowDto): void {
    if (core.hasBaseline) sink.delta({ type, row })
  }

  /**
   * Early rows: shown at once, but the view is not `live` (nor its count final) until the
   * snapshot; the LIST's progress (rows arrived, of how many) is what the view counts with.
   */
  function showPartial(items: readonly RowDto[], progress: ListProgress | undefined): void {
    if (core.polling || hadComplete) return
    core.progress()
    sink.dropPending()
    const received = Math.max(progress?.received ?? 0, items.length)
    const total = progress?.total !== undefined && progress.total >= received ? progress.total : undefined
    const detail = `loading: ${received.toLocaleString('en-US')}${total !== undefined ? ` of ${total.toLocaleString('en-US')}` : ''} rows so far, the complete list follows`
    sink.replaceAll(items, {
      health: 'connecting',
      detail,
      resourceVersion: '',
      lastSeen: '',
      total: 0,
      progress: total !== undefined ? { received, total } : { received }
    })
  }

  return {
    update: (inputs) => core.update(inputs),
    retryNow: () => core.retryNow(),
    stop() {
      core.stop()
      sink.dropPending()
    }
  }
}
