// Words and chrome a laptop user understands: the sidebar fits 1024×700 (long cluster errors fold
// to one line, groups fold, the foot is always visible) and hides; settings in plain words with
// "N of 60 live connections in use", reachable and appliable without scrolling at 1440×900; the
// polling badge says why and offers to go live; Esc from the drawer returns to the row; `?` lists
// the shortcuts; the favicon is the app icon; a tab without its sign-in link says where it is.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { startServe, startSim } from '../support/e2e/server.ts'
import type { Started } from '../support/e2e/server.ts'
import { SHOTS, health, listView } from '../support/e2e/page.ts'

let dir: string
let sim: { stop(): Promise<void> }
let server: Started
let port: number

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'periscope-e2e-chrome-'))
  const simKc = join(dir, 'sim.yaml')
  const brokenKc = join(dir, 'broken.yaml')
  // A port nothing listens on: that context's error is long and precise.
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  port = (srv.address() as { port: number }).port
  await new Promise<void>((r) => srv.close(() => r()))
  writeFileSync(
    brokenKc,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: broken, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]`,
      'users: [{name: broken, user: {token: not-a-real-token}}]',
      'contexts: [{name: broken, context: {cluster: broken, user: broken}}]',
      'current-context: broken',
      ''
    ].join('\n')
  )
  sim = await startSim(simKc)
  server = await startServe(['--kubeconfig', `${simKc}${delimiter}${brokenKc}`]).catch(async (e) => {
    await sim.stop()
    throw e
  })
})
test.afterAll(async () => {
  await server?.stop()
  await sim?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function open(page: Page, width: number, height: number, theme: 'light' | 'dark'): Promise<void> {
  await page.setViewportSize({ width, height })
  await page.emulateMedia({ colorScheme: theme })
  await page.goto(`${server.signIn}#/`)
  await page.getByTestId('cluster-periscope-sim').click()
  await expect(health(page, 'pods')).toHaveText('live', { timeout: 30_000 })
}

/** The element's box lies inside the viewport (nothing to scroll to reach it). */
async function inViewport(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).boundingBox()
  const vp = page.viewportSize()!
  return box !== null && box.y >= 0 && box.y + box.height <= vp.height && box.x + box.width <= vp.width
}

for (const [width, height, theme] of [
  [1024, 700, 'light'],
  [1440, 900, 'dark']
] as const) {
  test(`the sidebar fits ${width}×${height} (${theme}) with a long cluster error folded to one line`, async ({ page }) => {
    await open(page, width, height, theme)
    const broken = page.getByTestId('cluster-broken')
    await expect(broken).toHaveAttribute('data-status', /^(offline|error)$/, { timeout: 30_000 })
    const reason = broken.getByTestId('cluster-reason')
    await expect(reason).toContainText(String(port))
    const oneLine = (await reason.boundingBox())!.height
    expect(oneLine, 'the reason takes one line').toBeLessThan(20)
    // The list of kinds needs no scrolling, and the foot (Kubeconfig, Settings, shortcuts) is on screen.
    const scroll = page.locator('.side-scroll')
    expect(
      await scroll.evaluate((e) => {
        const x = e as unknown as { scrollHeight: number; clientHeight: number }
        return x.scrollHeight <= x.clientHeight
      })
    ).toBe(true)
    for (const nav of ['settings', 'kubeconfig', 'shortcuts']) expect(await inViewport(page, `[data-nav="${nav}"]`), nav).toBe(true)
    await page.screenshot({ path: `${SHOTS}/sidebar-${width}-${theme}.png` })
    // Expanded on demand: the whole reason, on several lines.
    await page.getByRole('button', { name: 'Show the whole reason for broken' }).click()
    await expect.poll(async () => (await reason.boundingBox())!.height).toBeGreaterThan(oneLine * 1.5)
    await page.getByRole('button', { name: 'Show less about broken' }).click()

    // Hidden, the table takes the width; `[` brings the sidebar back.
    const gridWidth = (await listView(page, 'pods').getByRole('grid').boundingBox())!.width
    await page.getByTestId('hide-sidebar').click()
    await expect(page.locator('nav.sidebar')).toHaveCount(0)
    expect((await listView(page, 'pods').getByRole('grid').boundingBox())!.width).toBeGreaterThan(gridWidth + 200)
    await listView(page, 'pods').getByRole('grid').focus()
    await page.keyboard.press('[')
    await expect(page.locator('nav.sidebar')).toBeVisible()
  })
}

test('settings speak plainly, count live connections, and fit 1440×900 with Apply in view', async ({ page }) => {
  await open(page, 1440, 900, 'light')
  await page.locator('[data-nav="settings"]').click()
  const usage = page.getByTestId('stream-usage')
  await expect(usage).toHaveText(/^\s*\d+ of 60 live connections in use$/)
  await expect(page.getByRole('group', { name: 'Live updates' })).toBeVisible()
  await expect(page.getByLabel('Live connections per user')).toHaveValue('60')
  expect(await page.locator('.settings').innerText()).not.toMatch(/grammar|per-user cap/i)
  await expect(page.getByLabel('Live lists as text')).toBeHidden() // under Advanced until asked for
  expect(await inViewport(page, 'button:has-text("Apply")')).toBe(true)
  await page.screenshot({ path: `${SHOTS}/settings-1440.png` })
})

test('a polling view says why and offers to go live; Esc from the drawer returns to the row; ? lists the shortcuts', async ({ page }) => {
  await open(page, 1024, 700, 'dark')
  const status = await page.evaluate(
    async ([t]) =>
      (
        await fetch('/api/settings', {
          method: 'PUT',
          headers: { Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ watchStreams: 'events' })
        })
      ).status,
    [server.token] as const
  )
  expect(status).toBe(200)
  await expect(health(page, 'pods')).toHaveText('polling', { timeout: 40_000 })
  await health(page, 'pods').click()
  const pop = page.getByTestId('health-popover')
  await expect(pop).toContainText('Polling')
  await expect(pop).toContainText('Live updates for pods are turned off in Settings')
  await page.screenshot({ path: `${SHOTS}/polling-why.png` })
  await pop.getByTestId('enable-stream').click()
  await expect(health(page, 'pods')).toHaveText('live', { timeout: 30_000 })

  // Esc from the drawer: focus back on the grid, on the row that was opened.
  const grid = listView(page, 'pods').getByRole('grid')
  await grid.focus()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  const row = grid.locator('[role="row"][aria-selected="true"]')
  const id = await row.getAttribute('id')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('drawer')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('drawer')).toBeHidden()
  await expect(grid).toBeFocused()
  await expect(grid).toHaveAttribute('aria-activedescendant', id!)
  await page.keyboard.press('ArrowDown') // the keyboard goes on from that row
  await expect(grid.locator('[role="row"][aria-selected="true"]')).toHaveAttribute('aria-rowindex', '4')

  // `?`: every key, and the filter language; Esc closes and gives focus back.
  await page.keyboard.press('?')
  const dialog = page.getByTestId('shortcuts')
  await expect(dialog).toBeVisible()
  for (const text of ['Focus the filter', 'Pause or resume live updates', 'Close the details, back to the row', 'status:=Running'])
    await expect(dialog).toContainText(text)
  await page.screenshot({ path: `${SHOTS}/shortcuts.png` })
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(grid).toBeFocused()
})

test('the favicon is the app icon; a tab without its link, or with an old one, says where the link is', async ({ browser }) => {
  const page = await browser.newPage()
  const apiCalls: string[] = []
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) apiCalls.push(r.url())
  })
  await page.goto(`${server.origin}/`)
  await expect(page.getByTestId('sign-in')).toContainText('Open Periscope with the link it printed')
  await expect(page.getByTestId('sign-in')).toContainText('/?token=')
  expect(apiCalls, 'no request goes out without a token').toEqual([])
  const icon = await page.locator('link[rel="icon"]').getAttribute('href')
  const res = await page.request.get(new URL(icon!, `${server.origin}/`).toString())
  expect(res.status()).toBe(200)
  expect(res.headers()['content-type']).toBe('image/svg+xml')
  expect(await res.text()).toBe(readFileSync(join(import.meta.dirname, '../../build/icon.svg'), 'utf8'))
  await page.screenshot({ path: `${SHOTS}/sign-in.png` })

  await page.goto(`${server.origin}/?token=from-an-earlier-launch`)
  await expect(page.getByTestId('sign-in')).toContainText('from an earlier launch')
  await page.close()
})
