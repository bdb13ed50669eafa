/**
 * The differential suite: the same requests against the simulator and a real kube-apiserver 1.34
 * (realcluster/), answers normalized and compared; every divergence is either fixed in the
 * simulator or allowlisted with its reason (allowlist.ts). The report of every divergence goes to
 * the test output and to test-results/differential-report.txt.
 *
 * Lifecycle: one sim and one real cluster (2 fake nodes) for the file; the sections run in order
 * (create, settle, read back, watch, status bodies, controllers) because later ones use the objects
 * the first one created. afterAll writes the report and stops both servers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KINDS } from '../../src/shared/kinds/registry.ts'
import { realBinary, realSkipReason } from '../support/backends.ts'
import { startPair } from './harness.ts'
import type { Pair } from './harness.ts'
import { discoverySection } from './sections/discovery.ts'
import { controllersSection } from './sections/controllers.ts'
import { createAll, kindOf, learnNodes, readBack, settleAll } from './sections/objects.ts'
import { statusSection } from './sections/status.ts'
import { customSection } from './sections/custom.ts'
import { untouch, watchSection } from './sections/watch.ts'

if (realSkipReason) console.warn(`differential suite skipped: ${realSkipReason}`)

let pair: Pair | undefined
const SECTIONS = ['discovery', 'create', 'controllers', 'read back', 'watch', 'status', 'custom resources'] as const

beforeAll(async () => {
  if (!realBinary) return
  pair = await startPair()
  await learnNodes(pair)
})

afterAll(async () => {
  if (pair) {
    const text = pair.report.write()
    console.log(text)
  }
  await pair?.stop()
})

/** Run a section, note it ran, and fail on its unexplained divergences (listed in the failure). */
async function section(name: (typeof SECTIONS)[number], run: (p: Pair) => Promise<string[]>): Promise<void> {
  const p = pair as Pair
  const lines = await run(p)
  p.report.ran(name)
  expect(lines, `${lines.length} unexplained divergences in ${name}`).toEqual([])
}

describe.skipIf(!realBinary)('differential: simulator vs real kube-apiserver', () => {
  it('the manifest set has an object of every registered kind', () => {
    const covered = new Set((pair as Pair).manifests.map((m) => kindOf(m).id))
    expect(KINDS.map((k) => k.id).filter((id) => !covered.has(id))).toEqual([])
  })

  it('discovery, /version and the /openapi/v3 index', () => section('discovery', discoverySection))

  it('create answers of every manifest', () => section('create', createAll))

  it('the real controllers settle (what the simulator leaves undone shows as divergences)', async () => {
    const missed = await settleAll(pair as Pair)
    if (missed.length) console.log(`not settled:\n  ${missed.join('\n  ')}`)
    expect(missed.filter((m) => m.startsWith('real:'))).toEqual([])
  })

  it('the objects the controllers produce', () => section('controllers', controllersSection))

  it('get, list with selectors, limit/continue and as=Table of every kind', () => section('read back', readBack))

  it('watch: open, Table, sendInitialEvents, resume and bookmarks of every kind', async () => {
    try {
      await section('watch', watchSection)
    } finally {
      await untouch(pair as Pair)
    }
  })

  it('Status bodies of 401, 403, 404, 409, 410, 422 and 415', () => section('status', statusSection))

  it('custom resources of the suite CRD: discovery, writes, patches, Table', () => section('custom resources', customSection))

  it('no allowlist entry is stale', () => {
    const p = pair as Pair
    if (p.report.sectionsRun().length < SECTIONS.length) return
    expect(p.report.stale().map((e) => `${e.request} ${e.path}: ${e.reason}`)).toEqual([])
  })
})
