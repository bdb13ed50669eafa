// Table layout: every header stands over its column (measured in pixels) at 1024 and 1440 px,
// with wide columns off and on, light and dark, also scrolled sideways; columns resize by mouse
// and keyboard and keep their width; cut cells show their full text as a tooltip, names keep
// their hash suffix.
import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { startServe } from '../support/e2e/server.ts'
import type { Started } from '../support/e2e/server.ts'
import { SHOTS, health, listView } from '../support/e2e/page.ts'

let server: Started

test.beforeAll(async () => {
  server = await startServe(['--demo'])
})
test.afterAll(async () => {
  await server?.stop()
})

/** Structural DOM types: the tests' tsconfig has no DOM lib. */
interface Rect {
  readonly left: number
  readonly right: number
}
interface El {
  getBoundingClientRect(): Rect
  querySelectorAll(s: string): Iterable<El>
  readonly dataset: Record<string, string | undefined>
}

/** For each column: the worst |header − cell| difference of its left and right edges over the rendered rows. */
async function misalignment(page: Page, kind: string): Promise<{ columns: number; rows: number; worst: Record<string, number> }> {
  return listView(page, kind)
    .getByRole('grid')
    .evaluate((grid) => {
      const g = grid as unknown as El
      const heads = [...g.querySelectorAll('[role="columnheader"]')]
      const rows = [...g.querySelectorAll('[role="row"][data-name]')]
      const worst: Record<string, number> = {}
      for (const [i, h] of heads.entries()) {
        const hr = h.getBoundingClientRect()
        let w = 0
        for (const r of rows) {
          const cell = [...r.querySelectorAll('[role="gridcell"]')][i]
          if (!cell) {
            w = Infinity
            continue
          }
          const cr = cell.getBoundingClientRect()
          w = Math.max(w, Math.abs(cr.left - hr.left), Math.abs(cr.right - hr.right))
        }
        worst[h.dataset.col ?? String(i)] = w
      }
      return { columns: heads.length, rows: rows.length, worst }
    })
}

async function expectAligned(page: Page, kind: string, what: string): Promise<void> {
  const m = await misalignment(page, kind)
  expect(m.rows, `${what}: rows rendered`).toBeGreaterThan(5)
  expect(m.columns, `${what}: columns`).toBeGreaterThan(3)
  for (const [col, px] of Object.entries(m.worst)) expect(px, `${what}: column ${col} header vs cells (px)`).toBeLessThanOrEqual(1)
}

for (const [width, height] of [
  [1024, 700],
  [1440, 900]
] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`headers align with their columns at ${width}×${height}, ${theme}, wide off and on`, async ({ page }) => {
      await page.setViewportSize({ width, height })
      await page.emulateMedia({ colorScheme: theme })
      await page.goto(`${server.signIn}#/`)
      await expect(health(page, 'pods')).toHaveText('live')
      // Wide columns are remembered per kind: start from off whatever an earlier test left.
      await page.getByLabel('Wide columns').uncheck()
      const grid = listView(page, 'pods').getByRole('grid')
      await expectAligned(page, 'pods', `${width} ${theme} plain`)
      await page.screenshot({ path: `${SHOTS}/layout-pods-${width}-${theme}.png` })

      await page.getByLabel('Wide columns').check()
      await expect(grid.getByRole('columnheader', { name: 'NODE', exact: true })).toBeAttached()
      await expectAligned(page, 'pods', `${width} ${theme} wide`)
      // Scrolled sideways, the header moves with the cells.
      const scrolled = await grid.evaluate((g) => {
        const e = g as unknown as { scrollLeft: number; scrollWidth: number; clientWidth: number }
        e.scrollLeft = e.scrollWidth
        return e.scrollWidth > e.clientWidth ? e.scrollLeft : 0
      })
      if (width === 1024) expect(scrolled, 'wide columns overflow at 1024 px').toBeGreaterThan(0)
      await page.waitForTimeout(100)
      await expectAligned(page, 'pods', `${width} ${theme} wide, scrolled`)
      await page.screenshot({ path: `${SHOTS}/layout-pods-wide-${width}-${theme}.png` })

      // Another kind with other column types.
      await page.locator('[data-nav="events"]').click()
      await expect(health(page, 'events')).toHaveText('live')
      await expectAligned(page, 'events', `${width} ${theme} events wide`)
      await page.getByLabel('Wide columns').uncheck()
      await expectAligned(page, 'events', `${width} ${theme} events`)
      await page.screenshot({ path: `${SHOTS}/layout-events-${width}-${theme}.png` })
    })
  }
}

test('columns resize by keyboard and mouse, keep their width, and cut names keep their suffix with a tooltip', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  await page.goto(`${server.signIn}#/`)
  await expect(health(page, 'pods')).toHaveText('live')
  // Wide columns are remembered per kind (the settings file): an earlier test left them on.
  await page.getByLabel('Wide columns').uncheck()
  const grid = listView(page, 'pods').getByRole('grid')
  const nameHead = grid.getByRole('columnheader', { name: 'NAME', exact: true })
  const handle = grid.getByRole('separator', { name: 'Resize NAME column' })
  const width = async (): Promise<number> => Math.round((await nameHead.boundingBox())!.width)

  // Keyboard: Home = narrowest; → widens by 8 px.
  await handle.focus()
  await page.keyboard.press('Home')
  await expect(handle).toHaveAttribute('aria-valuenow', '48')
  expect(await width()).toBe(48)
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  expect(await width()).toBe(64)
  await expectAligned(page, 'pods', 'narrow NAME')

  // A cut name: the head is cut with an ellipsis, the suffix after the last '-' stays visible,
  // and hovering gives the full name as a tooltip.
  const row = grid.locator('[role="row"][data-name*="-"]').first()
  const full = (await row.getAttribute('data-name'))!
  const cell = row.locator('[data-col="name"]')
  const tail = cell.locator('.mid-tail')
  await expect(tail).toHaveText(full.slice(full.lastIndexOf('-')))
  const cellBox = (await cell.boundingBox())!
  const tailBox = (await tail.boundingBox())!
  expect(tailBox.x + tailBox.width, 'suffix inside the cell').toBeLessThanOrEqual(cellBox.x + cellBox.width + 0.5)
  await cell.hover()
  await expect(cell).toHaveAttribute('title', full)
  // A cell that is not cut gets no tooltip.
  const age = row.locator('[data-col="age"]')
  await age.hover()
  await expect(age).not.toHaveAttribute('title', /./)

  // Mouse: drag the handle 100 px right.
  const hb = (await handle.boundingBox())!
  await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2)
  await page.mouse.down()
  await page.mouse.move(hb.x + hb.width / 2 + 100, hb.y + hb.height / 2, { steps: 5 })
  await page.mouse.up()
  expect(await width()).toBe(164)
  await expectAligned(page, 'pods', 'dragged NAME')

  // Kept across kinds and reloads.
  await page.locator('[data-nav="events"]').click()
  await expect(health(page, 'events')).toHaveText('live')
  await page.locator('[data-nav="pods"]').click()
  await expect(health(page, 'pods')).toHaveText('live')
  expect(await width()).toBe(164)
  await page.reload()
  await expect(health(page, 'pods')).toHaveText('live')
  expect(await width()).toBe(164)

  // Enter on the handle: back to the automatic width.
  await handle.focus()
  await page.keyboard.press('Enter')
  expect(await width()).toBeGreaterThan(164)
})
