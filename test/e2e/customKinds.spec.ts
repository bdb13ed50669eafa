// Custom kinds in the renderer (issue 18): the sidebar's Custom resources section and its filter,
// a custom kind's list with exactly its Table's columns, and the settings pane's custom group.
//
// Two parts:
// - "stubbed catalog": runs on any branch. The catalog route and one custom kind's list are
//   answered by page.route stubs built to the contract (src/shared/api/wire.ts ClusterKindsResponse,
//   src/shared/dto/row.ts RowList with `columns`); the rest is the real `serve --demo`.
// - "the demo cluster": the real route and the simulator's CRDs (certificates.cert-manager.io
//   on the demo cluster, with the Table the simulator evaluates from cert-manager's columns).
import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { startServe } from '../support/e2e/server.ts'
import type { Started } from '../support/e2e/server.ts'
import { SHOTS, listView } from '../support/e2e/page.ts'
import { columnsFromTable, customKindDef } from '../../src/shared/kinds/custom.ts'
import type { DiscoveredKind } from '../../src/shared/kinds/custom.ts'
import type { ClusterKindsResponse } from '../../src/shared/api/wire.ts'
import type { RowList } from '../../src/shared/dto/row.ts'

let server: Started

test.beforeAll(async () => {
  server = await startServe(['--demo'])
})
test.afterAll(async () => {
  await server?.stop()
})

const base = { version: 'v1', categories: [], status: true, scale: false }
const d = (apiGroup: string, resource: string, kind: string, namespaced: boolean, shortNames: string[] = []): DiscoveredKind => ({
  ...base,
  apiGroup,
  resource,
  kind,
  singular: kind.toLowerCase(),
  namespaced,
  shortNames
})
/** Real CRDs of well-known projects, then filler groups (a cluster with many operators). */
const KINDS = [
  d('cert-manager.io', 'certificates', 'Certificate', true, ['cert', 'certs']),
  d('cert-manager.io', 'certificaterequests', 'CertificateRequest', true, ['cr', 'crs']),
  d('cert-manager.io', 'issuers', 'Issuer', true),
  d('cert-manager.io', 'clusterissuers', 'ClusterIssuer', false),
  d('argoproj.io', 'applications', 'Application', true, ['app', 'apps']),
  d('argoproj.io', 'appprojects', 'AppProject', true, ['appproj']),
  d('karpenter.sh', 'nodepools', 'NodePool', false),
  d('karpenter.sh', 'nodeclaims', 'NodeClaim', false),
  d('networking.istio.io', 'virtualservices', 'VirtualService', true, ['vs']),
  d('networking.istio.io', 'destinationrules', 'DestinationRule', true, ['dr']),
  d('monitoring.coreos.com', 'servicemonitors', 'ServiceMonitor', true, ['smon']),
  d('monitoring.coreos.com', 'prometheusrules', 'PrometheusRule', true, ['promrule'])
].map((k) => customKindDef(k))

const CATALOG: ClusterKindsResponse = { kinds: KINDS, discoveredAt: new Date().toISOString(), reason: '', unserved: ['widgets.example.com'] }

/** `kubectl get certificates -A -o wide` columns of cert-manager v1 (additionalPrinterColumns). */
const CERT_COLUMNS = columnsFromTable([
  { name: 'Name', type: 'string', format: 'name' },
  { name: 'Ready', type: 'string' },
  { name: 'Secret', type: 'string' },
  { name: 'Issuer', type: 'string', priority: 1 },
  { name: 'Status', type: 'string', priority: 1 },
  { name: 'Age', type: 'date' }
])
const ago = (s: number): string => new Date(Date.now() - s * 1000).toISOString()
const certRow = (ns: string, name: string, ready: string, secret: string, status: string, ageS: number): RowList['items'][number] => ({
  uid: `uid-${ns}-${name}`,
  kind: 'certificates.cert-manager.io',
  namespace: ns,
  name,
  createdAt: ago(ageS),
  resourceVersion: '100',
  labels: {},
  cells: { c1: ready, c2: secret, c3: 'letsencrypt-prod', c4: status }
})
const CERTS: RowList = {
  resourceVersion: '100',
  stale: false,
  columns: CERT_COLUMNS,
  items: [
    certRow('payments', 'api-tls', 'True', 'api-tls', 'Certificate is up to date and has not expired', 86_400 * 12),
    certRow('payments', 'checkout-tls', 'False', 'checkout-tls', 'Issuing certificate as Secret does not exist', 300),
    certRow('web', 'www-tls', 'True', 'www-tls', 'Certificate is up to date and has not expired', 86_400 * 40)
  ]
}

/** The section starts folded on a window shorter than 1400 px: open it. */
async function openSection(page: Page): Promise<void> {
  const head = page.locator('[data-group="custom"]')
  await expect(head).toBeVisible()
  if ((await head.getAttribute('aria-expanded')) !== 'true') await head.click()
}

/** The object behind the checkout-tls row, as the apiserver returns a cert-manager Certificate. */
const CHECKOUT = {
  apiVersion: 'cert-manager.io/v1',
  kind: 'Certificate',
  metadata: { name: 'checkout-tls', namespace: 'payments', uid: 'uid-payments-checkout-tls', resourceVersion: '100', creationTimestamp: ago(300) },
  spec: { secretName: 'checkout-tls', dnsNames: ['checkout.example.com'], issuerRef: { name: 'letsencrypt-prod', kind: 'ClusterIssuer' } },
  status: {
    conditions: [
      { type: 'Ready', status: 'False', reason: 'DoesNotExist', message: 'Issuing certificate as Secret does not exist', lastTransitionTime: ago(290) },
      { type: 'Issuing', status: 'True', reason: 'DoesNotExist', message: 'Issuing certificate as Secret does not exist', lastTransitionTime: ago(290) }
    ]
  }
}

async function stub(page: Page): Promise<void> {
  await page.route('**/api/clusters/*/kinds', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(CATALOG) }))
  await page.route(/\/api\/clusters\/[^/]+\/certificates\.cert-manager\.io(\?.*)?$/, (r) =>
    r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(CERTS) })
  )
  await page.route(/\/api\/clusters\/[^/]+\/certificates\.cert-manager\.io\/objects\/checkout-tls(\?.*)?$/, (r) =>
    r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ object: CHECKOUT }) })
  )
  // No stream for the stubbed kind: the view polls the stubbed list, as for any stream that cannot open.
  await page.route(/\/api\/clusters\/[^/]+\/certificates\.cert-manager\.io\/watch/, (r) =>
    r.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: 'stubbed: no stream', code: 503 }) })
  )
}

test.describe('stubbed catalog', () => {
  test('the sidebar lists custom kinds by group, collapsed, and the filter opens matching groups', async ({ page }) => {
    await stub(page)
    await page.goto(`${server.signIn}#/`)
    const nav = page.getByTestId('custom-nav')
    await openSection(page)
    // Five groups, collapsed: their names and counts, no kinds.
    await expect(nav.locator('[data-api-group]')).toHaveCount(5)
    await expect(nav.locator('[data-api-group="cert-manager.io"] .group-count')).toHaveText('4')
    await expect(nav.locator('[data-nav]')).toHaveCount(0)
    // Keyboard: Tab reaches the filter; typing a short name finds the kind.
    await nav.getByTestId('custom-filter').focus()
    await page.keyboard.type('vs')
    await expect(nav.locator('[data-nav="virtualservices.networking.istio.io"]')).toBeVisible()
    await nav.getByTestId('custom-filter').fill('cert-manager')
    await expect(nav.locator('[data-api-group]')).toHaveCount(1)
    await expect(nav.locator('[data-nav]')).toHaveCount(4)
    await nav.getByTestId('custom-filter').fill('')
    await expect(nav.locator('[data-nav]')).toHaveCount(0)
    // A group opens by click, and by keyboard (Enter on its button).
    await nav.locator('[data-api-group="karpenter.sh"] button').first().focus()
    await page.keyboard.press('Enter')
    await expect(nav.locator('[data-nav="nodepools.karpenter.sh"]')).toBeVisible()
  })

  test('a custom kind lists NAMESPACE, NAME and its Table columns; -o wide columns hidden; numbers and AGE behave', async ({ page }) => {
    await stub(page)
    await page.goto(`${server.signIn}#/c/demo/certificates.cert-manager.io`)
    const view = listView(page, 'certificates.cert-manager.io')
    await expect(view.locator('[role="row"][data-name="api-tls"]')).toBeVisible()
    const headers = await view.locator('[role="columnheader"]').allInnerTexts()
    expect(headers.map((h) => h.trim().split('\n')[0])).toEqual(['NAMESPACE', 'NAME', 'READY', 'SECRET', 'AGE'])
    await expect(view.locator('[role="row"][data-name="api-tls"]')).toContainText('12d')
    await expect(view.locator('[role="row"][data-name="checkout-tls"]')).toContainText('5m')
    // The filter matches a Table column's text.
    await view.getByLabel('Filter rows').fill('False')
    await expect(view.locator('[role="row"][data-name]')).toHaveCount(1)
    // The drawer describes it: conditions table, spec and status as YAML; the kubectl commands name the full token.
    await view.locator('[role="row"][data-name="checkout-tls"]').click()
    await page.keyboard.press('Enter')
    const drawer = page.getByTestId('drawer')
    await expect(drawer).toBeVisible()
    await expect(drawer.getByTestId('conditions')).toContainText('DoesNotExist')
    await expect(drawer.getByTestId('describe-spec')).toContainText('secretName: checkout-tls')
    // Its status holds only conditions, already in the table: no Status YAML repeating them.
    await expect(drawer.getByTestId('describe-status')).toHaveCount(0)
    await page.screenshot({ path: `${SHOTS}/custom-describe.png` })
  })

  test('look at it: sidebar filtered, custom list, settings — light and dark, 1024 and 1440', async ({ page }) => {
    await stub(page)
    for (const width of [1024, 1440]) {
      for (const theme of ['light', 'dark'] as const) {
        await page.setViewportSize({ width, height: 820 })
        await page.emulateMedia({ colorScheme: theme })
        await page.goto(`${server.signIn}#/c/demo/certificates.cert-manager.io`)
        const nav = page.getByTestId('custom-nav')
        await expect(listView(page, 'certificates.cert-manager.io').locator('[role="row"][data-name="api-tls"]')).toBeVisible()
        await nav.getByTestId('custom-filter').fill('cert')
        await nav.scrollIntoViewIfNeeded()
        await page.screenshot({ path: `${SHOTS}/custom-list-${theme}-${width}.png` })
        await page.locator('[data-nav="settings"]').click()
        await expect(page.getByTestId('custom-settings')).toBeVisible()
        await page.getByTestId('custom-settings').scrollIntoViewIfNeeded()
        await page.getByTestId('custom-token').fill('widgets.example')
        await page.screenshot({ path: `${SHOTS}/custom-settings-${theme}-${width}.png` })
      }
    }
  })

  test('settings: custom group, a named token validated live, unserved tokens reported, custom kept when toggling built-ins', async ({ page }) => {
    await stub(page)
    await page.goto(`${server.signIn}#/settings`)
    await page.getByText('Advanced: the live lists as text').click()
    const grammar = page.getByLabel('Live lists as text')
    // Every custom kind on (the setting before this branch's server knew custom kinds may say otherwise).
    await page.getByLabel('group custom').check()
    await expect(page.getByTestId('unserved')).toContainText('widgets.example.com')
    // Unchecking one built-in kind keeps every custom kind on.
    await page.getByLabel('kind pods').uncheck()
    await expect(grammar).toHaveValue(/(^|,)custom(,|$)/)
    await page.getByLabel('group custom').uncheck()
    await expect(grammar).not.toHaveValue(/custom/)
    const token = page.getByTestId('custom-token')
    await token.fill('widgets.example')
    await expect(page.getByTestId('custom-token-error')).toContainText('widgets.example')
    await token.fill('widgets.example.com')
    await expect(page.getByTestId('custom-token-error')).toHaveCount(0)
    await token.press('Enter')
    await expect(grammar).toHaveValue(/widgets\.example\.com/)
    await page.getByLabel('kind pods').check()
    await expect(grammar).toHaveValue(/widgets\.example\.com/)
  })
})

test.describe('the demo cluster (the real clusterKinds route, the simulated CRDs)', () => {
  test('certificates.cert-manager.io on the demo cluster: sidebar, list with its Table columns, describe', async ({ page }) => {
    const res = await page.request.get(`${server.origin}/api/clusters/demo/kinds`, { headers: { Authorization: `Bearer ${server.token}` } })
    const body = (res.ok() ? await res.json() : {}) as Partial<ClusterKindsResponse>
    expect(res.status()).toBe(200)
    expect(body.kinds?.map((k) => k.id)).toContain('certificates.cert-manager.io')
    await page.goto(`${server.signIn}#/`)
    const nav = page.getByTestId('custom-nav')
    await openSection(page)
    await nav.getByTestId('custom-filter').fill('certificate')
    await nav.locator('[data-nav="certificates.cert-manager.io"]').click()
    const view = listView(page, 'certificates.cert-manager.io')
    const first = view.locator('[role="row"][data-name]').first()
    await expect(first).toBeVisible()
    const headers = (await view.locator('[role="columnheader"]').allInnerTexts()).map((h) => h.trim().split('\n')[0])
    // kubectl get certificates.cert-manager.io -A (cert-manager's printer columns).
    expect(headers).toEqual(['NAMESPACE', 'NAME', 'READY', 'SECRET', 'AGE'])
    await first.dblclick()
    await expect(page.getByTestId('drawer')).toBeVisible()
    await expect(page.getByTestId('describe-spec')).toBeVisible()
    await page.screenshot({ path: `${SHOTS}/custom-demo-describe.png` })
  })
})
