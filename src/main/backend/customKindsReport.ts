/**
 * The startup report of custom kinds: which `<plural>.<group>` tokens of the kinds setting no
 * cluster serves, and which clusters' discovery failed or is incomplete.
 *
 * Why: the grammar accepts any well-formed custom token at launch (the CRD may be installed
 * later), so a typo in a group name would otherwise be silently ignored; the issue asks for it in
 * the startup line. It waits for each reachable cluster's first discovery, bounded, and prints
 * one line per finding after the "enabled" line.
 * Lifecycle: one call at launch; resolves once every cluster answered or `waitMs` passed.
 */
import type { CustomSelection } from '../../shared/kinds/grammar.ts'
import type { WatchEngine } from '../watch/types.ts'

/** Clusters that have not answered discovery by then are reported as not checked. */
export const REPORT_WAIT_MS = 10_000

/** The report lines (none when every named token is served and discovery was complete). */
export async function customKindsReport(engine: WatchEngine, custom: CustomSelection, waitMs = REPORT_WAIT_MS): Promise<string[]> {
  if (!engine.customKinds) return []
  const clusters = engine.clusters().filter((c) => c.status !== 'error')
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), waitMs)))
  const answers = await Promise.all(
    clusters.map(async (c) => {
      const r = await Promise.race([engine.customKinds!(c.id).catch((e: unknown) => ({ error: (e as Error).message })), timeout])
      return { id: c.id, r }
    })
  )
  clearTimeout(timer)
  const lines: string[] = []
  const served = new Set<string>()
  const unchecked: string[] = []
  for (const { id, r } of answers) {
    if (r === 'timeout' || 'error' in r || r.discoveredAt === undefined) {
      unchecked.push(id)
      continue
    }
    for (const k of r.kinds) served.add(k.id)
    if (r.reason) lines.push(`custom kinds: cluster ${id}: ${r.reason}`)
  }
  const missing = custom.tokens.filter((t) => !served.has(t))
  if (missing.length) {
    const checked = answers.length - unchecked.length
    lines.push(
      `custom kinds: not served by any cluster (${checked} checked${unchecked.length ? `; not reachable yet: ${unchecked.join(', ')}` : ''}): ${missing.join(', ')}`
    )
  }
  return lines
}
