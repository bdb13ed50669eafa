// Find it, understand it, keep your place: the place in the address (reload, back and forward,
// a copied link), the command palette (`:po`, then a pod's name), the describe view of a pod that
// crash-loops (its last state, its events, the link to its deployment), the journey "open pods →
// filter → open a pod → jump to its owner → back" with the keyboard alone, and screenshots of the
// palette and the describe view in light and dark. Against the simulator driven by real kubectl
// (a deployment whose image crashes); skipped, saying why, where kubectl is absent.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { startServe, startSim } from '../support/e2e/server.ts'
import type { Started } from '../support/e2e/server.ts'
import { SHOTS, health, listView, openKind } from '../support/e2e/page.ts'

const KUBECTL = '/usr/bin/kubectl'
const run = promisify(execFile)

let dir = ''
let sim: { stop(): Promise<void> } | undefined
let server: Started | undefined
let crashPod = ''

test.beforeAll(async () => {
  test.skip(!existsSync(KUBECTL), `${KUBECTL} is absent: the crash-looping pod is made with the real kubectl`)
  dir = mkdtempSync(join(tmpdir(), 'periscope-e2e-nav-'))
  const kc = join(dir, 'kubeconfig')
  sim = await startSim(kc)
  server = await startServe(['--kubeconfig', kc]).catch(async (e) => {
    await sim?.stop()
    throw e
  })
  const kubectl = (...args: string[]) => run(KUBECTL, ['--kubeconfig', kc, '--cache-dir', join(dir, 'cache'), ...args], { timeout: 30_000 })
  // An image named "crash" exits 1 after a short run in the simulator's kubelet: CrashLoopBackOff,
  // with the kubelet's BackOff events, owned by a ReplicaSet owned by the Deployment.
  await kubectl('create', 'namespace', 'try')
  await kubectl('-n', 'try', 'create', 'deployment', 'crasher', '--image=registry.local/crash:1')
  const end = Date.now() + 60_000
  while (Date.now() < end && !crashPod) {
    const out = (await kubectl('-n', 'try', 'get', 'pods', '--no-headers')).stdout
    const line = out.split('\n').find((l) => l.includes('CrashLoopBackOff'))
    if (line) crashPod = line.split(/\s+/)[0]
    else await new Promise((r) => setTimeout(r, 1_000))
  }
  expect(crashPod, 'the crashing deployment reaches CrashLoopBackOff').toMatch(/^crasher-/)
})
test.afterAll(async () => {
  await server?.stop()
  await sim?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** Open the app at `start` (the cluster's overview by default: no place saved by an earlier test applies). */
async function open(page: Page, theme: 'light' | 'dark' = 'dark', start = '#/c/periscope-sim'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme })
  await page.goto(`${server!.signIn}${start}`)
  await expect(page.getByTestId('cluster-periscope-sim')).toHaveAttribute('aria-current', 'true', { timeout: 30_000 })
}

const namespaceSelect = (page: Page) => page.locator('select[aria-label="Namespace"]')

/** The hash part of the page's address. */
const hash = (page: Page): Promise<string> => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)

test('reload on a filtered, sorted deployments view in payments with a drawer open returns to exactly that; back and forward walk it', async ({ page }) => {
  await open(page)
  await openKind(page, 'deployments')
  await namespaceSelect(page).selectOption('payments')
  const view = listView(page, 'deployments')
  await expect(health(page, 'deployments')).toHaveText('live', { timeout: 30_000 })
  await view.getByLabel('Filter rows').fill('name:pay')
  await expect(view.locator('[role="row"][data-name]').first()).toHaveAttribute('data-name', /pay/)
  // AGE twice: newest last (descending is oldest first for ages, as kubectl's AGE reads).
  const age = view.locator('[role="columnheader"][data-col="age"] button')
  await age.click()
  await age.click()
  await expect(view.locator('[role="columnheader"][data-col="age"]')).toHaveAttribute('aria-sort', 'descending')
  const first = view.locator('[role="row"][data-name]').first()
  await expect(first).toBeVisible()
  const name = (await first.getAttribute('data-name'))!
  expect(name).toContain('pay')
  await first.dblclick()
  await expect(page.getByTestId('drawer')).toHaveAttribute('data-name', name)
  await expect.poll(() => hash(page)).toContain('open=')
  const before = await hash(page)
  expect(before).toBe(`#/c/periscope-sim/deployments?ns=payments&q=name%3Apay&sort=-age&open=periscope-sim/payments/${name}`)

  await page.reload()
  await expect(page.getByTestId('drawer')).toHaveAttribute('data-name', name, { timeout: 30_000 })
  expect(await hash(page)).toBe(before)
  await expect(namespaceSelect(page)).toHaveValue('payments')
  await expect(listView(page, 'deployments').getByLabel('Filter rows')).toHaveValue('name:pay')
  await expect(listView(page, 'deployments').locator('[role="columnheader"][data-col="age"]')).toHaveAttribute('aria-sort', 'descending')
  await expect(listView(page, 'deployments').locator(`[role="row"][data-name="${name}"]`)).toHaveAttribute('aria-selected', 'true')

  // A copied link opens the same view in a fresh tab (the tab signs in with the link's token first).
  const other = await page.context().newPage()
  await other.goto(`${server!.signIn}${before}`)
  await expect(other.getByTestId('drawer')).toHaveAttribute('data-name', name, { timeout: 30_000 })
  await expect(namespaceSelect(other)).toHaveValue('payments')
  await other.close()

  // Back: the drawer closes (the step before it); forward: it opens again.
  await page.goBack()
  await expect(page.getByTestId('drawer')).toHaveCount(0)
  await expect.poll(() => hash(page)).toBe('#/c/periscope-sim/deployments?ns=payments&q=name%3Apay&sort=-age')
  await page.goForward()
  await expect(page.getByTestId('drawer')).toHaveAttribute('data-name', name)
  // Further back: the namespace step, then the kind step.
  await page.goBack()
  await page.goBack()
  await expect(namespaceSelect(page)).toHaveValue('')
  await expect(listView(page, 'deployments')).toBeVisible()
  await page.goBack()
  await expect(listView(page, 'deployments')).toHaveCount(0)
})

test("`:po`, then part of a pod's name, opens that pod's drawer; the palette lists its shortcuts", async ({ page }) => {
  await open(page)
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press(':')
  const palette = page.getByTestId('palette')
  await expect(palette).toBeVisible()
  await expect(palette.getByRole('combobox')).toHaveValue(':')
  await page.keyboard.type('po')
  await expect(palette.getByTestId('palette-item').first()).toContainText('Pods')
  await page.keyboard.press('Enter')
  await expect(listView(page, 'pods')).toBeVisible()
  await expect(palette.getByTestId('palette-scope')).toContainText('Pods')
  await page.keyboard.type(crashPod.slice(-9))
  const item = palette.locator(`[data-testid="palette-item"][data-type="object"]`).first()
  await expect(item).toContainText(crashPod, { timeout: 30_000 })
  await page.keyboard.press('Enter')
  await expect(palette).toHaveCount(0)
  await expect(page.getByTestId('drawer')).toHaveAttribute('data-name', crashPod)
  expect(await hash(page)).toContain(`/pods?open=periscope-sim/try/${crashPod}`)

  // Ctrl+K: actions with their keys, k9s commands in the foot.
  await page.keyboard.press('Control+k')
  await expect(palette).toBeVisible()
  await expect(palette.locator('.palette-foot')).toContainText(':deploy ns')
  await page.keyboard.type('shortcuts')
  await expect(palette.getByTestId('palette-item').first()).toContainText('Keyboard shortcuts')
  await expect(palette.getByTestId('palette-item').first().locator('kbd')).toHaveText('?')
  await page.keyboard.type('zzzz')
  await page.keyboard.press('Escape')
  await expect(palette).toHaveCount(0)
  // `:deploy payments`: a kind and its namespace in one command.
  await page.keyboard.press('Escape') // the drawer
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press(':')
  await page.keyboard.type('deploy payments')
  await page.keyboard.press('Enter')
  await page.keyboard.press('Escape')
  await expect(listView(page, 'deployments')).toBeVisible()
  await expect(namespaceSelect(page)).toHaveValue('payments')
})

for (const theme of ['dark', 'light'] as const) {
  test(`a crash-looping pod's describe view: why, last state, events, and the link to its deployment (${theme})`, async ({ page }) => {
    await open(page, theme)
    await page.goto(`${server!.origin}/#/c/periscope-sim/pods?ns=try&open=periscope-sim/try/${crashPod}`)
    const drawer = page.getByTestId('drawer')
    await expect(drawer).toHaveAttribute('data-name', crashPod, { timeout: 30_000 })
    const why = drawer.getByTestId('why')
    await expect(why).toContainText(/`crash` exited 1 \(Error\) \d+×/, { timeout: 30_000 })
    await expect(why).toContainText(/back-off \S+/)
    await expect(drawer.getByTestId('container-last-state')).toContainText('Terminated: Error (exit 1')
    await expect(drawer.getByTestId('describe-event').filter({ hasText: 'BackOff' }).first()).toBeVisible()
    // Newest first.
    const seen = await drawer.getByTestId('describe-event').evaluateAll((rows) => rows.length)
    expect(seen).toBeGreaterThan(2)
    const chain = drawer.getByTestId('owner-chain')
    await expect(chain.locator('[data-kind="replicasets"]')).toBeVisible()
    await expect(chain.locator('[data-kind="deployments"][data-name="crasher"]')).toBeVisible({ timeout: 15_000 })
    await page.screenshot({ path: `${SHOTS}/describe-${theme}.png` })
    // YAML: coloured, searchable.
    await drawer.getByRole('tab', { name: 'YAML' }).click()
    await expect(drawer.getByTestId('yaml')).toContainText('containerStatuses')
    await drawer.getByTestId('yaml-search').fill('CrashLoopBackOff')
    await expect(drawer.locator('mark.current')).toHaveText('CrashLoopBackOff')
    expect(await hash(page)).toContain('tab=yaml')
    await page.screenshot({ path: `${SHOTS}/describe-yaml-${theme}.png` })
    await drawer.getByRole('tab', { name: 'Describe' }).click()
    // The deployment link opens the deployment in the app, and the address follows.
    await chain.locator('[data-kind="deployments"]').click()
    await expect(listView(page, 'deployments')).toBeVisible()
    await expect(page.getByTestId('drawer')).toHaveAttribute('data-name', 'crasher', { timeout: 30_000 })
    expect(await hash(page)).toBe('#/c/periscope-sim/deployments?ns=try&open=periscope-sim/try/crasher')
    await expect(page.getByTestId('drawer').getByTestId('link-group').filter({ hasText: crashPod })).toBeVisible({ timeout: 30_000 })
    // The palette, over it.
    await page.keyboard.press('Control+k')
    await page.keyboard.type('crash')
    await expect(page.getByTestId('palette-item').first()).toBeVisible()
    await page.screenshot({ path: `${SHOTS}/palette-${theme}.png` })
  })
}

test('keyboard only: open pods, filter, open a pod, jump to its owner, back', async ({ page }) => {
  await open(page)
  // Open pods: the palette, from the keyboard.
  await page.keyboard.press('Control+k')
  await expect(page.getByTestId('palette').getByRole('combobox')).toBeFocused()
  await page.keyboard.type(':po')
  await page.keyboard.press('Enter')
  await page.keyboard.press('Escape')
  await expect(health(page, 'pods')).toHaveText('live', { timeout: 30_000 })
  // Filter: `/`, type, ↓ to the rows.
  await page.keyboard.press('/')
  await page.keyboard.type(`name:${crashPod}`)
  await expect(listView(page, 'pods').locator('[role="row"][data-name]')).toHaveCount(1)
  await page.keyboard.press('ArrowDown')
  await expect(listView(page, 'pods').getByRole('grid')).toBeFocused()
  // Open it: Enter.
  await page.keyboard.press('Enter')
  const drawer = page.getByTestId('drawer')
  await expect(drawer).toHaveAttribute('data-name', crashPod)
  // Jump to its owner: Tab to the first owner link (the ReplicaSet), Enter.
  const owner = drawer.getByTestId('owner-chain').locator('[data-kind="replicasets"]')
  await expect(owner).toBeVisible({ timeout: 15_000 })
  for (let i = 0; i < 30; i++) {
    if (await owner.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)) break
    await page.keyboard.press('Tab')
  }
  await expect(owner).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(listView(page, 'replicasets')).toBeVisible()
  await expect(page.getByTestId('drawer')).toHaveAttribute('data-name', /^crasher-/)
  // Back: Alt+←, to the pod with its filter.
  await page.keyboard.press('Alt+ArrowLeft')
  await expect(listView(page, 'pods')).toBeVisible()
  await expect(page.getByTestId('drawer')).toHaveAttribute('data-name', crashPod)
  await expect(listView(page, 'pods').getByLabel('Filter rows')).toHaveValue(`name:${crashPod}`)
})

test('columns from the header menu (hide, move, wide) and the demo note are remembered in the settings file; the overview opens filtered lists', async ({
  page
}) => {
  await open(page, 'light', '#/c/periscope-sim/pods')
  const view = listView(page, 'pods')
  await expect(health(page, 'pods')).toHaveText('live', { timeout: 30_000 })
  const headers = (): Promise<string[]> => view.locator('[role="columnheader"]').evaluateAll((hs) => hs.map((h) => h.getAttribute('data-col') ?? ''))
  // Right-click a header: the chooser.
  await view.locator('[role="columnheader"][data-col="name"]').click({ button: 'right' })
  const menu = page.getByTestId('column-menu')
  await expect(menu).toBeVisible()
  await menu.locator('input[data-col="restarts"]').uncheck()
  await expect.poll(headers).not.toContain('restarts')
  // Keyboard: STATUS one place left (Alt+↑ on its switch).
  await menu.locator('input[data-col="status"]').focus()
  await page.keyboard.press('Alt+ArrowUp')
  await expect.poll(async () => (await headers()).indexOf('status')).toBeLessThan((await headers()).indexOf('ready'))
  await menu.getByTestId('wide-columns').check()
  await expect.poll(headers).toContain('node')
  await page.screenshot({ path: `${SHOTS}/columns-menu-light.png` })
  await page.keyboard.press('Escape')
  await expect(menu).toHaveCount(0)
  // Saved in the settings file (through PUT /api/settings), and back after a reload.
  const settings = async (): Promise<{
    ui: { columns?: Record<string, { hidden?: string[]; order?: string[]; wide?: boolean }>; demoBannerDismissed?: boolean; place?: string }
  }> => (await fetch(`${server!.origin}/api/settings`, { headers: { Authorization: `Bearer ${server!.token}` } })).json() as never
  await expect.poll(async () => (await settings()).ui.columns?.pods).toMatchObject({ hidden: ['restarts'], wide: true })
  expect((await settings()).ui.columns?.pods?.order?.indexOf('status')).toBeLessThan((await settings()).ui.columns?.pods?.order?.indexOf('ready') ?? -1)
  await page.reload()
  await expect(listView(page, 'pods').locator('[role="columnheader"][data-col="node"]')).toBeVisible({ timeout: 30_000 })
  expect(await headers()).not.toContain('restarts')

  // The demo note: dismissed once, for good.
  const banner = page.getByTestId('demo-banner')
  await expect(banner).toContainText('simulated cluster')
  await banner.getByTestId('demo-banner-dismiss').click()
  await expect(banner).toHaveCount(0)
  await expect.poll(async () => (await settings()).ui.demoBannerDismissed).toBe(true)
  await page.reload()
  await expect(health(page, 'pods')).toHaveText('live', { timeout: 30_000 })
  await expect(page.getByTestId('demo-banner')).toHaveCount(0)

  // The overview: pods by status, failing workloads, warnings, nodes; a count opens its list.
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await page.locator('[data-nav="overview"]').click()
    const overview = page.getByTestId('overview')
    await expect(overview.getByTestId('overview-pods').locator('[data-status="Running"]')).toBeVisible({ timeout: 30_000 })
    await expect(overview.getByTestId('overview-failing')).toContainText('crasher')
    await expect(overview.getByTestId('overview-warnings')).toContainText('BackOff')
    await expect(overview.getByTestId('overview-nodes')).toContainText('nodes')
    await page.screenshot({ path: `${SHOTS}/overview-${theme}.png` })
  }
  await page.getByTestId('overview-pods').locator('[data-status="CrashLoopBackOff"]').click()
  await expect(listView(page, 'pods').getByLabel('Filter rows')).toHaveValue('status:=CrashLoopBackOff')
  await expect(listView(page, 'pods').locator('[role="row"][data-name]').first()).toBeVisible()
})

test('the open log viewer is part of the place: reload reopens it, back closes it', async ({ page }) => {
  await open(page, 'dark', `#/c/periscope-sim/pods?ns=try&q=${encodeURIComponent(`name:${crashPod}`)}`)
  const row = listView(page, 'pods').locator(`[role="row"][data-name="${crashPod}"]`)
  await row.click()
  await page.keyboard.press('l')
  await expect(page.getByTestId('log-viewer')).toBeVisible()
  await expect.poll(() => hash(page)).toContain(`logs=periscope-sim/pods/try/${crashPod}`)
  await page.reload()
  await expect(page.getByTestId('log-viewer')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('log-viewer')).toContainText(crashPod)
  await page.goBack()
  await expect(page.getByTestId('log-viewer')).toHaveCount(0)
  expect(await hash(page)).not.toContain('logs=')
})
