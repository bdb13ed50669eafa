/**
 * Page helpers shared by the e2e specs: reading a list view's health, scanning every row of a
 * virtualized grid (it only renders what is visible), and saving screenshots.
 */
import type { Locator, Page } from '@playwright/test'

/** Where screenshots go (the task's report points at them). */
export const SHOTS = 'test-results/screenshots'

/** The list view section of a kind. */
export function listView(page: Page, kind: string): Locator {
  return page.locator(`section.list-view[data-kind="${kind}"]`)
}

/** The health badge of a kind's view. */
export function health(page: Page, kind: string): Locator {
  return listView(page, kind).getByTestId('health')
}

/**
 * Every row of a kind's grid as name → resourceVersion, scrolling through the virtualized grid
 * (bounded: at most 400 scroll steps).
 */
export async function scanRows(page: Page, kind: string): Promise<Record<string, string>> {
  // Structural DOM types: this project's tsconfig for tests has no DOM lib.
  interface RowEl {
    readonly dataset: Record<string, string | undefined>
  }
  interface GridEl {
    scrollTop: number
    readonly clientHeight: number
    readonly scrollHeight: number
    querySelectorAll(s: string): Iterable<RowEl>
  }
  return listView(page, kind)
    .locator('[role="grid"]')
    .evaluate(async (el) => {
      const grid = el as unknown as GridEl
      const out: Record<string, string> = {}
      const raf = (globalThis as unknown as { requestAnimationFrame(fn: () => void): number }).requestAnimationFrame
      const frame = (): Promise<void> => new Promise((r) => raf(() => raf(() => r())))
      grid.scrollTop = 0
      await frame()
      for (let step = 0; step < 400; step++) {
        for (const row of grid.querySelectorAll('[role="row"][data-name]')) out[row.dataset.name ?? ''] = row.dataset.rv ?? ''
        if (grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 1) break
        grid.scrollTop += Math.max(60, grid.clientHeight - 60)
        await frame()
      }
      grid.scrollTop = 0
      return out
    })
}

/** Names whose row appeared, vanished, or changed resourceVersion between two scans. */
export function changedRows(a: Record<string, string>, b: Record<string, string>): string[] {
  const names = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...names].filter((n) => a[n] !== b[n])
}

/** Wait until a later scan differs from `before` (bounded by `timeoutMs`). */
export async function waitForRowChange(page: Page, kind: string, before: Record<string, string>, timeoutMs = 30_000): Promise<string[]> {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    const changed = changedRows(before, await scanRows(page, kind))
    if (changed.length > 0) return changed
    await page.waitForTimeout(1_000)
  }
  return []
}

/**
 * Open a kind's list from the sidebar, unfolding its group first when it is folded (on a short
 * window the rarer groups start folded).
 */
export async function openKind(page: Page, kind: string): Promise<void> {
  const item = page.locator(`[data-nav="${kind}"]`)
  if ((await item.count()) === 0) {
    const groups = page.locator('button.group-btn[aria-expanded="false"]')
    for (let i = await groups.count(); i > 0; i--) await groups.first().click()
  }
  await item.click()
}
