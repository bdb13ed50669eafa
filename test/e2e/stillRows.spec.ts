// Still rows: at 200 events/s of churn, the row under a still mouse stays the same row for 5 s,
// and so does a row selected with the keyboard; Pause holds the view with an "N changes — show"
// pill; changed rows flash without moving anything.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { startServe, startSim } from '../support/e2e/server.ts'
import type { Started } from '../support/e2e/server.ts'
import { SHOTS, health, listView } from '../support/e2e/page.ts'

/** The measure: 5 s of live updates under a still mouse. */
const WATCH_MS = 5_000
const WATCH_MAX_MS = 15_000
const SAMPLE_MS = 100

let dir: string
let sim: { stop(): Promise<void> }
let server: Started

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'periscope-e2e-still-'))
  const kc = join(dir, 'sim.yaml')
  sim = await startSim(kc, ['--pods', '2000', '--churn', '200'])
  server = await startServe(['--kubeconfig', kc]).catch(async (e) => {
    await sim.stop()
    throw e
  })
})
test.afterAll(async () => {
  await server?.stop()
  await sim?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

interface RowEl {
  readonly dataset: Record<string, string | undefined>
  getAttribute(n: string): string | null
  closest(s: string): RowEl | null
}

/** The row at a viewport point: its uid and its index in the list. */
function rowAt(page: Page, x: number, y: number): Promise<{ uid: string; index: string } | null> {
  return page.evaluate(
    ([px, py]) => {
      const doc = (globalThis as unknown as { document: { elementFromPoint(x: number, y: number): RowEl | null } }).document
      const row = doc.elementFromPoint(px, py)?.closest('[role="row"][data-uid]')
      return row ? { uid: row.dataset.uid ?? '', index: row.getAttribute('aria-rowindex') ?? '' } : null
    },
    [x, y] as const
  )
}

async function openPods(page: Page, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height })
  await page.goto(`${server.signIn}#/`)
  await expect(health(page, 'pods')).toHaveText('live', { timeout: 30_000 })
  // By NAME: pods come and go in every namespace, so rows above any given one keep changing.
  await listView(page, 'pods').getByRole('columnheader', { name: 'NAME', exact: true }).getByRole('button').click()
  await listView(page, 'pods')
    .getByRole('grid')
    .evaluate((g) => {
      ;(g as unknown as { scrollTop: number }).scrollTop = 30 * 900
    })
  await page.waitForTimeout(300)
}

for (const [width, height] of [
  [1024, 700],
  [1440, 900]
] as const) {
  test(`the row under a still mouse stays put through 5 s of 200 events/s (${width}×${height})`, async ({ page }) => {
    await openPods(page, width, height)
    const view = listView(page, 'pods')
    const box = (await view.getByRole('grid').boundingBox())!
    const x = box.x + Math.min(300, box.width / 2)
    const y = box.y + box.height / 2
    await page.mouse.move(x, y)
    await page.waitForTimeout(200)
    const first = await rowAt(page, x, y)
    expect(first).not.toBeNull()
    const versionBefore = Number(await view.getAttribute('data-version'))
    const seen = new Set<string>()
    const indexes = new Set<string>()
    // 5 s at least, longer (up to WATCH_MAX_MS) until rows above it have come or gone: the churn
    // is random, and a window with no add or delete above this row proves nothing.
    for (let t = 0; t < WATCH_MS || (indexes.size < 2 && t < WATCH_MAX_MS); t += SAMPLE_MS) {
      const r = await rowAt(page, x, y)
      seen.add(r?.uid ?? 'none')
      indexes.add(r?.index ?? '')
      await page.waitForTimeout(SAMPLE_MS)
    }
    const versionAfter = Number(await view.getAttribute('data-version'))
    expect(versionAfter - versionBefore, 'the list changed meanwhile').toBeGreaterThan(20)
    expect(indexes.size, 'rows above it came and went (its index moved), yet it stayed under the mouse').toBeGreaterThan(1)
    expect([...seen], 'the row under the mouse').toEqual([first!.uid])
    await page.screenshot({ path: `${SHOTS}/still-rows-${width}.png` })
  })
}

test('a row selected with the keyboard keeps its place on screen; Pause holds the rows and counts what waits', async ({ page }) => {
  // Count every flash started (a flash lasts well under a second: polling the running animations
  // could miss all of them between two looks).
  await page.addInitScript(() => {
    const w = globalThis as unknown as { __flashes: number; Element: { prototype: { animate(this: { className: string }, ...a: unknown[]): unknown } } }
    w.__flashes = 0
    const animate = w.Element.prototype.animate
    w.Element.prototype.animate = function (this: { className: string }, ...a: unknown[]) {
      if (this.className === 'row-flash') w.__flashes++
      return animate.apply(this, a)
    }
  })
  await openPods(page, 1440, 900)
  const view = listView(page, 'pods')
  const grid = view.getByRole('grid')
  await page.mouse.move(5, 5) // away from the grid: the selection is the anchor
  // Select a row in the middle of the screen with the keyboard.
  const box = (await grid.boundingBox())!
  const mid = await rowAt(page, box.x + 200, box.y + box.height / 2)
  await grid.locator(`[data-uid="${mid!.uid}"]`).click()
  await page.mouse.move(5, 5)
  await grid.focus()
  await page.keyboard.press('ArrowDown')
  const selected = grid.locator('[role="row"][aria-selected="true"]')
  const uid = await selected.getAttribute('data-uid')
  const y0 = (await selected.boundingBox())!.y
  const ys = new Set<number>()
  for (let t = 0; t < 3_000; t += 200) {
    await page.waitForTimeout(200)
    await expect(selected).toHaveAttribute('data-uid', uid!)
    ys.add(Math.round((await selected.boundingBox())!.y))
  }
  expect([...ys]).toEqual([Math.round(y0)])

  // Space pauses: the rows shown stop changing while the list keeps changing underneath.
  await page.keyboard.press(' ')
  await expect(view.getByTestId('pause')).toHaveAttribute('aria-pressed', 'true')
  const held = await grid
    .locator('[role="row"][data-uid]')
    .evaluateAll((rs) => rs.map((r) => `${(r as unknown as RowEl).dataset.uid}@${(r as unknown as RowEl).dataset.rv}`))
  const v0 = Number(await view.getAttribute('data-version'))
  const pill = view.getByTestId('changes-pill')
  await expect(pill).toHaveText(/^\d[\d,]* changes? — show$/, { timeout: 5_000 })
  await page.waitForTimeout(1_500)
  expect(Number(await view.getAttribute('data-version'))).toBeGreaterThan(v0)
  expect(
    await grid
      .locator('[role="row"][data-uid]')
      .evaluateAll((rs) => rs.map((r) => `${(r as unknown as RowEl).dataset.uid}@${(r as unknown as RowEl).dataset.rv}`))
  ).toEqual(held)
  await page.screenshot({ path: `${SHOTS}/paused.png` })
  const flashes = (): Promise<number> => page.evaluate(() => (globalThis as unknown as { __flashes: number }).__flashes)
  const pausedFlashes = await flashes()
  await pill.click()
  await expect(view.getByTestId('pause')).toHaveAttribute('aria-pressed', 'false')
  await expect(pill).toBeHidden()

  // Changed rows flash again once live (an opacity animation on an overlay: no layout shift).
  await expect.poll(flashes, { timeout: 10_000 }).toBeGreaterThan(pausedFlashes)
})
