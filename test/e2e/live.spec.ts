// Rows appear and change live; filter, sort, keyboard and the detail drawer work; both themes.
import { expect, test } from '@playwright/test'
import { startServe } from '../support/e2e/server.ts'
import type { Started } from '../support/e2e/server.ts'
import { SHOTS, health, listView, openKind, scanRows, waitForRowChange } from '../support/e2e/page.ts'

let server: Started

test.beforeAll(async () => {
  server = await startServe(['--demo'])
})
test.afterAll(async () => {
  await server?.stop()
})

test('pods stream live, change without reload, and the token leaves the address bar', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.goto(`${server.signIn}#/`)
  await expect(health(page, 'pods')).toHaveText('live')
  expect(page.url()).not.toContain('token=')
  const grid = listView(page, 'pods').getByRole('grid')
  await expect(grid).toHaveAttribute('aria-rowcount', /^\d+$/)
  expect(Number(await grid.getAttribute('aria-rowcount'))).toBeGreaterThan(1)
  await expect(grid.getByRole('columnheader', { name: 'STATUS' })).toBeVisible()
  await expect(page.getByTestId('cluster-demo')).toHaveAttribute('data-status', 'ok')
  await page.screenshot({ path: `${SHOTS}/pods-dark.png` })

  const before = await scanRows(page, 'pods')
  expect(Object.keys(before).length).toBeGreaterThan(0)
  const navigations: string[] = []
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) navigations.push(f.url())
  })
  const changed = await waitForRowChange(page, 'pods', before)
  expect(changed.length, 'some pod row changed while the page stayed open').toBeGreaterThan(0)
  expect(navigations).toEqual([])
  await expect(health(page, 'pods')).toHaveText('live')
})

test('filter, sort, keyboard navigation and the detail drawer', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await page.goto(`${server.signIn}#/`)
  const view = listView(page, 'pods')
  await expect(health(page, 'pods')).toHaveText('live')
  const grid = view.getByRole('grid')
  const names = (): Promise<string[]> =>
    grid.locator('[role="row"][data-name]').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: Record<string, string> }).dataset.name))

  // Sort: NAMESPACE then NAME by default (kubectl's and the apiserver's order); clicking NAME
  // sorts by it, clicking again flips it, and aria-sort follows.
  const nameHeader = grid.getByRole('columnheader', { name: 'NAME', exact: true })
  await expect(grid.getByRole('columnheader', { name: 'NAMESPACE', exact: true })).toHaveAttribute('aria-sort', 'ascending')
  await expect(nameHeader).toHaveAttribute('aria-sort', 'none')
  await nameHeader.getByRole('button').click()
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending')
  const asc = await names()
  expect(
    asc.every((n, i) => i === 0 || asc[i - 1] <= n),
    'ascending by name'
  ).toBe(true)
  await nameHeader.getByRole('button').click()
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending')
  const desc = await names()
  expect(desc[0] >= desc[desc.length - 1]).toBe(true)
  expect(desc[0]).not.toBe(asc[0])
  await nameHeader.getByRole('button').click()
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending')

  // Filter: `/` focuses it; only matching rows remain.
  const target = asc[1] ?? asc[0]
  await grid.focus()
  await page.keyboard.press('/')
  await expect(view.getByLabel('Filter rows')).toBeFocused()
  await page.keyboard.type(target)
  await expect.poll(async () => (await names()).every((n) => n.includes(target))).toBe(true)
  await expect(grid.locator(`[data-name="${target}"]`)).toBeVisible()
  await view.getByLabel('Filter rows').fill('no-such-pod-xyz')
  await expect(view.getByText('No pods match “no-such-pod-xyz”')).toBeVisible()
  await view.getByLabel('Filter rows').fill('')

  // Keyboard: focus the grid, arrows select, Enter opens the drawer, Escape closes it.
  await grid.focus()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  const selected = grid.locator('[role="row"][aria-selected="true"]')
  await expect(selected).toHaveCount(1)
  await expect(selected).toHaveAttribute('aria-rowindex', '3')
  await page.keyboard.press('End')
  await expect(selected).toHaveAttribute('aria-rowindex', String(Number(await grid.getAttribute('aria-rowcount'))))
  await page.keyboard.press('Home')
  await expect(selected).toHaveAttribute('aria-rowindex', '2')
  const name = await selected.getAttribute('data-name')
  await page.keyboard.press('Enter')
  const drawer = page.getByTestId('drawer')
  await expect(drawer).toBeVisible()
  await expect(drawer.getByRole('heading', { name: name! })).toBeVisible()
  await expect(drawer.getByText('STATUS', { exact: true })).toBeVisible()
  await drawer.getByRole('tab', { name: 'YAML' }).click()
  await expect(drawer.getByTestId('yaml').or(drawer.getByTestId('yaml-unavailable'))).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/drawer-light.png` })
  await page.keyboard.press('Escape')
  await expect(drawer).toBeHidden()
  await page.screenshot({ path: `${SHOTS}/pods-light.png` })
})

test('every kind has a list view reachable from the navigation', async ({ page }) => {
  await page.goto(`${server.signIn}#/`)
  await expect(health(page, 'pods')).toHaveText('live')
  for (const kind of ['deployments', 'services', 'nodes', 'namespaces']) {
    await openKind(page, kind)
    await expect(health(page, kind)).toHaveText('live')
    await expect(listView(page, kind).getByRole('grid').or(listView(page, kind).getByTestId('state-empty'))).toBeVisible()
  }
  await openKind(page, 'ingressclasses')
  await expect(health(page, 'ingressclasses')).toHaveText('live')
})
