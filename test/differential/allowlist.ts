/**
 * The ONE list of divergences between the simulator and the real apiserver that are accepted,
 * each with its reason. Everything else the differential suite finds fails it.
 *
 * An entry matches a divergence when `request` matches the request line (e.g.
 * `GET /api/v1/namespaces/diff/pods/toolbox`), `path` matches the JSON path (e.g.
 * `$.status.containerStatuses[shell].containerID`) and `when` (if given) holds. An entry that
 * matches nothing in a full run fails the suite: delete it when the simulator stops diverging.
 */
import type { Divergence } from './diff.ts'

export interface AllowEntry {
  readonly request: RegExp
  readonly path: RegExp
  readonly reason: string
  readonly when?: (d: Divergence) => boolean
}

export const ALLOWLIST: readonly AllowEntry[] = []
