/**
 * What `kubectl get pods` prints for a pod: READY, STATUS and RESTARTS.
 *
 * Why: the simulator's fixtures and controller tests check pods against the printer's rules. The
 * port of kubectl's `printPod` lives once, in the product's row projection
 * (`src/shared/kinds/rows/pods.ts`, tested case by case against the printer); this reads those
 * cells back in the shape the simulator's tests use.
 */
import { projectRow } from '../../../../src/shared/kinds/rows/index.ts'
import type { KubeObject } from '../types.ts'

/** The printed pod columns. */
export interface PodPrint {
  ready: string
  status: string
  restarts: number
  /** finishedAt of the most recent counted restart, when kubectl appends `(5m ago)`. */
  lastRestart?: string
}

/** Compute kubectl's READY / STATUS / RESTARTS for a pod object. */
export function kubectlPodStatus(pod: KubeObject): PodPrint {
  const row = projectRow('pods', pod)
  const last = row.extra?.lastRestartAt
  return {
    ready: String(row.cells.ready),
    status: String(row.cells.status),
    restarts: Number(row.cells.restarts),
    ...(typeof last === 'string' && last !== '' ? { lastRestart: last } : {})
  }
}
