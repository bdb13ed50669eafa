// Problems at a glance: `!Running` leaves only pods that are not Running; status chips count what
// the cluster has (compared with the server's own list) and filter on a click; "Problems only";
// regex and field filters; the syntax help and a bad regex's message. At 1024×700 and 1440×900.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { startServe, startSim } from '../support/e2e/server.ts'
import type { Started } from '../support/e2e/server.ts'
import { SHOTS, health, listView, scanRows } from '../support/e2e/page.ts'

let dir: string
let sim: { stop(): Promise<void> }
let server: Started

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'periscope-e2e-problems-'))
  const kc = join(dir, 'sim.yaml')
  // No seeded churn: the statuses hold still while the view and the server's list are compared.
  sim = await startSim(kc, ['--pods', '600', '--churn', '0'])
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

/** The pods' STATUS cells as the server's polled list has them (the same rows the stream sends). */
async function statuses(page: Page): Promise<string[]> {
  const cluster = await page.locator('[data-testid^="cluster-"]').first().getAttribute('data-testid')
  const list = await page.evaluate(
    async ([origin, token, c]) =>
      (await fetch(`${origin}/api/clusters/${c}/pods`, { headers: { Authorization: `Bearer ${token}` } })).json() as Promise<{
        items: { cells: { status: string } }[]
      }>,
    [server.origin, server.token, cluster!.slice('cluster-'.length)] as const
  )
  return list.items.map((r) => r.cells.status)
}

/** STATUS text of every row the grid shows (scrolling through it). */
async function shownStatuses(page: Page): Promise<string[]> {
  return page.locator('section.list-view[data-kind="pods"] [role="grid"]').evaluate(async (el) => {
    interface Cell {
      readonly textContent: string | null
    }
    interface Row {
      readonly dataset: Record<string, string | undefined>
      querySelector(s: string): Cell | null
    }
    const grid = el as unknown as { scrollTop: number; clientHeight: number; scrollHeight: number; querySelectorAll(s: string): Iterable<Row> }
    const raf = (globalThis as unknown as { requestAnimationFrame(fn: () => void): number }).requestAnimationFrame
    const frame = (): Promise<void> => new Promise((r) => raf(() => raf(() => r())))
    const out = new Map<string, string>()
    grid.scrollTop = 0
    await frame()
    for (let i = 0; i < 400; i++) {
      for (const row of grid.querySelectorAll('[role="row"][data-uid]'))
        out.set(row.dataset.uid ?? '', row.querySelector('[data-col="status"]')?.textContent ?? '')
      if (grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 1) break
      grid.scrollTop += Math.max(60, grid.clientHeight - 60)
      await frame()
    }
    return [...out.values()]
  })
}

for (const [width, height, theme] of [
  [1024, 700, 'dark'],
  [1440, 900, 'light']
] as const) {
  test(`!Running, status chips and Problems only (${width}×${height} ${theme})`, async ({ page }) => {
    await page.setViewportSize({ width, height })
    await page.emulateMedia({ colorScheme: theme })
    await page.goto(`${server.signIn}#/`)
    await expect(health(page, 'pods')).toHaveText('live', { timeout: 30_000 })
    const view = listView(page, 'pods')
    const filter = view.getByLabel('Filter rows')
    const all = await statuses(page)
    const notRunning = all.filter((s) => s !== 'Running')
    expect(notRunning.length).toBeGreaterThan(10)

    await filter.fill('!Running')
    await expect(view.getByTestId('count')).toHaveAttribute('data-shown', String(notRunning.length))
    const shown = await shownStatuses(page)
    expect(shown.length).toBe(notRunning.length)
    expect(shown.filter((s) => s === 'Running')).toEqual([])
    await page.screenshot({ path: `${SHOTS}/not-running-${width}-${theme}.png` })
    await filter.fill('-running')
    await expect(view.getByTestId('count')).toHaveAttribute('data-shown', String(notRunning.length))
    await filter.fill('')

    // Each chip's count is the number of pods with that STATUS; a click filters to exactly those.
    const crash = all.filter((s) => s === 'CrashLoopBackOff').length
    expect(crash).toBeGreaterThan(0)
    const chip = view.locator('[data-chip="CrashLoopBackOff"]')
    await expect(chip.locator('.chip-n')).toHaveText(crash.toLocaleString('en-US'))
    await chip.click()
    await expect(filter).toHaveValue('status:=CrashLoopBackOff')
    await expect(chip).toHaveAttribute('aria-pressed', 'true')
    await expect(view.getByTestId('count')).toHaveAttribute('data-shown', String(crash))
    expect(new Set(await shownStatuses(page))).toEqual(new Set(['CrashLoopBackOff']))
    await chip.click()
    await expect(filter).toHaveValue('')

    // Problems only: no Running-and-ready or Completed pod is left.
    await view.getByTestId('problems-only').click()
    await expect(filter).toHaveValue('is:problem')
    const problems = Number((await view.getByTestId('problems-only').locator('.chip-n').textContent())!.replace(/,/g, ''))
    await expect(view.getByTestId('count')).toHaveAttribute('data-shown', String(problems))
    const rows = await scanRows(page, 'pods')
    expect(Object.keys(rows).length).toBe(problems)
    const okRows = await view.locator('[role="row"] .st-ok, [role="row"] .st-done').count()
    expect(okRows).toBe(0)
    await page.screenshot({ path: `${SHOTS}/problems-only-${width}-${theme}.png` })
    await view.getByTestId('problems-only').click()
    await expect(filter).toHaveValue('')

    // A regex and a field.
    const crashOrOom = all.filter((s) => /crash|oom/i.test(s)).length
    await filter.fill('status:/crash|oom/i')
    await expect(view.getByTestId('count')).toHaveAttribute('data-shown', String(crashOrOom))
  })
}

test('the filter explains itself: placeholder, ? help, and a precise error for a bad regex', async ({ page }) => {
  await page.goto(`${server.signIn}#/`)
  await expect(health(page, 'pods')).toHaveText('live', { timeout: 30_000 })
  const view = listView(page, 'pods')
  const filter = view.getByLabel('Filter rows')
  await expect(filter).toHaveAttribute('placeholder', /!not.*status:Pending.*\/re\/i/)
  await view.getByRole('button', { name: 'Filter syntax' }).click()
  const help = view.getByTestId('filter-help')
  await expect(help).toBeVisible()
  for (const example of ['!Running', 'status:=Running', '/crash|oom/i', 'restarts:>3', 'is:problem']) await expect(help).toContainText(example)
  await page.screenshot({ path: `${SHOTS}/filter-help.png` })
  await page.keyboard.press('Escape')
  await expect(help).toBeHidden()
  await filter.fill('/crash(/')
  await expect(view.getByTestId('filter-errors')).toContainText('regular expression /crash(/ is not valid')
  await expect(filter).toHaveAttribute('aria-invalid', 'true')
  await filter.fill('crash')
  await expect(view.getByTestId('filter-errors')).toBeHidden()
})
