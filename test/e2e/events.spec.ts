// Honest events: the view holds every event the cluster has (its count equals what real kubectl
// lists), newest first by LAST SEEN, Warnings coloured, a filter searches all of them, and OBJECT
// opens that object. Skipped, saying why, where kubectl is absent.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { startServe, startSim } from '../support/e2e/server.ts'
import type { Started } from '../support/e2e/server.ts'
import { SHOTS, health, listView } from '../support/e2e/page.ts'

const KUBECTL = '/usr/bin/kubectl'
const run = promisify(execFile)

/** The fields of a core/v1 Event that kubectl's printer reads for LAST SEEN and OBJECT. */
interface KEvent {
  metadata: { name: string; namespace: string }
  involvedObject: { kind: string; name: string }
  type?: string
  lastTimestamp?: string | null
  firstTimestamp?: string | null
  eventTime?: string | null
  series?: { lastObservedTime?: string } | null
}

/** kubectl's LAST SEEN time (printEvent): series.lastObservedTime, else lastTimestamp, else firstTimestamp, else eventTime. */
function lastSeen(e: KEvent): number {
  const t = e.series ? e.series.lastObservedTime : e.lastTimestamp || e.firstTimestamp || e.eventTime
  return t ? Date.parse(t) : 0
}

let dir: string
let kc: string
let sim: { stop(): Promise<void> }
let server: Started
let events: KEvent[]

test.beforeAll(async () => {
  test.skip(!existsSync(KUBECTL), `${KUBECTL} is absent: this check needs the real kubectl`)
  dir = mkdtempSync(join(tmpdir(), 'periscope-e2e-events-'))
  kc = join(dir, 'sim.yaml')
  // 2,000 pods make several hundred events (well past the old silent cap of 200); no churn, so
  // the cluster's count holds still while it is compared.
  sim = await startSim(kc, ['--pods', '2000', '--churn', '0'])
  server = await startServe(['--kubeconfig', kc]).catch(async (e) => {
    await sim.stop()
    throw e
  })
  const out = await run(KUBECTL, ['--kubeconfig', kc, '--cache-dir', join(dir, 'cache'), 'get', 'events', '-A', '-o', 'json'], {
    timeout: 30_000,
    maxBuffer: 64 << 20
  })
  events = (JSON.parse(out.stdout) as { items: KEvent[] }).items
})
test.afterAll(async () => {
  await server?.stop()
  await sim?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function openEvents(page: Page, width: number, height: number, theme: 'light' | 'dark'): Promise<void> {
  await page.setViewportSize({ width, height })
  await page.emulateMedia({ colorScheme: theme })
  await page.goto(`${server.signIn}#/`)
  await expect(health(page, 'pods')).toHaveText('live', { timeout: 30_000 })
  await page.locator('[data-nav="events"]').click()
  await expect(health(page, 'events')).toHaveText('live', { timeout: 30_000 })
}

for (const [width, height, theme] of [
  [1024, 700, 'light'],
  [1440, 900, 'dark']
] as const) {
  test(`every event, newest first, Warnings coloured, at ${width}×${height} ${theme}`, async ({ page }) => {
    expect(events.length, 'the cluster has more events than the old cap').toBeGreaterThan(200)
    await openEvents(page, width, height, theme)
    const view = listView(page, 'events')
    await expect(view.getByTestId('count')).toHaveAttribute('data-count', String(events.length))
    await expect(view.getByTestId('count')).toHaveText(events.length.toLocaleString('en-US'))
    const grid = view.getByRole('grid')
    await expect(grid).toHaveAttribute('aria-rowcount', String(events.length + 1))
    // kubectl's columns, in kubectl's order (NAMESPACE first across namespaces; no NAME column).
    const heads = await grid.getByRole('columnheader').evaluateAll((hs) => hs.map((h) => (h as unknown as { dataset: Record<string, string> }).dataset.col))
    expect(heads).toEqual(['namespace', 'lastSeen', 'type', 'reason', 'object', 'message'])
    await expect(grid.getByRole('columnheader', { name: 'LAST SEEN' })).toHaveAttribute('aria-sort', 'ascending')

    // Newest first: the rendered rows' LAST SEEN (per kubectl's rules, from kubectl's JSON) never increases.
    const byKey = new Map(events.map((e) => [`${e.metadata.namespace}/${e.metadata.name}`, e]))
    const shown = await grid.locator('[role="row"][data-name]').evaluateAll((rs) =>
      rs.map((r) => {
        const d = (r as unknown as { dataset: Record<string, string> }).dataset
        return `${d.ns}/${d.name}`
      })
    )
    expect(shown.length).toBeGreaterThan(10)
    const times = shown.map((k) => lastSeen(byKey.get(k)!))
    for (let i = 1; i < times.length; i++) expect(times[i], `row ${i} is not newer than row ${i - 1}`).toBeLessThanOrEqual(times[i - 1])
    const newest = Math.max(...events.map(lastSeen))
    expect(times[0]).toBe(newest)

    // Warnings: the chip counts them as kubectl does, the TYPE cell is coloured unlike Normal.
    const warnings = events.filter((e) => e.type === 'Warning').length
    await expect(view.locator('[data-chip="Warning"] .chip-n')).toHaveText(warnings.toLocaleString('en-US'))
    await view.locator('[data-chip="Warning"]').click()
    await expect(view.getByLabel('Filter rows')).toHaveValue('type:=Warning')
    await expect(view.getByTestId('count')).toHaveAttribute('data-shown', String(warnings))
    const warnCell = grid.locator('[role="row"].row-warning [data-col="type"] .cell-text').first()
    await expect(warnCell).toHaveText('Warning')
    const color = await warnCell.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color)
    await view.locator('[data-chip="Warning"]').click()
    const normalCell = grid.locator('[role="row"]:not(.row-warning) [data-col="type"] .cell-text').first()
    await expect(normalCell).toHaveText('Normal')
    expect(
      await normalCell.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color)
    ).not.toBe(color)
    await page.screenshot({ path: `${SHOTS}/events-${width}-${theme}.png` })
  })
}

test('a filter searches every event, and OBJECT opens that object with its details', async ({ page }) => {
  await openEvents(page, 1440, 900, 'light')
  const view = listView(page, 'events')
  // The pod with the most events, as kubectl lists them.
  const perObject = new Map<string, KEvent[]>()
  for (const e of events) {
    if (e.involvedObject.kind !== 'Pod') continue
    const k = `${e.metadata.namespace}/${e.involvedObject.name}`
    perObject.set(k, [...(perObject.get(k) ?? []), e])
  }
  const [key, mine] = [...perObject].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))[0]
  const [ns, pod] = key.split('/')
  await view.getByLabel('Filter rows').fill(`object:=pod/${pod} ns:=${ns}`)
  await expect(view.getByTestId('count')).toHaveAttribute('data-shown', String(mine.length))
  // Plain text finds at least those (the pod's name is in each OBJECT).
  await view.getByLabel('Filter rows').fill(pod)
  await expect.poll(async () => Number(await view.getByTestId('count').getAttribute('data-shown'))).toBeGreaterThanOrEqual(mine.length)
  await view.getByLabel('Filter rows').fill(`object:=pod/${pod} ns:=${ns}`)
  await expect(view.getByTestId('count')).toHaveAttribute('data-shown', String(mine.length))

  await view.getByTestId('object-link').first().click()
  await expect(health(page, 'pods')).toHaveText('live')
  const drawer = page.getByTestId('drawer')
  await expect(drawer.getByRole('heading', { name: pod })).toBeVisible()
  await expect(listView(page, 'pods').locator(`[role="row"][aria-selected="true"][data-name="${pod}"]`)).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/events-object-link.png` })
})
