/**
 * The sidebar with 300 custom kinds in 40 API groups (issue 18): the built renderer in Chromium,
 * against the product's server on a simulated cluster, the catalog route answered by a stub of
 * 300 CRDs (the route's contract, src/shared/api/wire.ts `ClusterKindsResponse`).
 *
 * Why in Chromium: the cost is React's commit and the DOM, which only a browser measures.
 * Measures: render — from the catalog answer's arrival in the page (its `fetch` resolved) to the
 * "Custom resources" section in the DOM; filter — one keystroke in the section's filter box to
 * the section's DOM updated (React commits a discrete input event synchronously), over a typed
 * word, p50 and max; the section's element count collapsed and filtered.
 * Run alone with `node bench/sidebar.ts` (needs `out/renderer`: `npx electron-vite build`), or as
 * part of `npm run bench`.
 */
import { startSim } from '@periscope/kube-sim'
import type { Browser } from 'playwright-core'
import { composeBackend } from '../src/main/backend/composeBackend.ts'
import type { ClusterKindsResponse } from '../src/shared/api/wire.ts'
import { customKindDef } from '../src/shared/kinds/custom.ts'
import { quantile } from './stats.ts'

export interface SidebarBenchResult {
  readonly kinds: number
  readonly groups: number
  readonly renderMs: number
  readonly filterP50Ms: number
  readonly filterMaxMs: number
  /** The slowest keystroke's query ('' = clearing the box). */
  readonly slowestQuery: string
  readonly collapsedElements: number
  readonly filteredElements: number
}

/** Targets: a first render within 3 frames, a keystroke within one frame. */
export const SIDEBAR_RENDER_TARGET_MS = 50
export const SIDEBAR_FILTER_TARGET_MS = 16

const TOKEN = 'bench-sidebar-token-0123456789'

/** `n` custom kinds spread over `groups` API groups, named like real CRDs. */
export function syntheticKinds(n: number, groups: number): ClusterKindsResponse {
  const words = ['Certificate', 'Issuer', 'Application', 'NodePool', 'VirtualService', 'Gateway', 'Policy', 'Backup', 'Cluster', 'Database', 'Topic', 'Route']
  const kinds = Array.from({ length: n }, (_, i) => {
    const g = i % groups
    const kind = `${words[i % words.length]}${Math.floor(i / words.length)}`
    return customKindDef({
      apiGroup: `g${g}.${['example.com', 'acme.io', 'k8s.corp.net', 'operators.dev'][g % 4]}`,
      version: 'v1',
      resource: `${kind.toLowerCase()}s`,
      kind,
      singular: kind.toLowerCase(),
      namespaced: i % 3 !== 0,
      shortNames: i % 5 === 0 ? [`k${i}`] : [],
      categories: [],
      status: true,
      scale: false
    })
  })
  return { kinds, discoveredAt: new Date().toISOString(), reason: '', unserved: [] }
}

const INIT = `(() => {
  const B = { kindsAt: 0, navAt: 0 };
  window.__sidebarBench = B;
  const orig = window.fetch;
  window.fetch = async (...a) => {
    const res = await orig(...a);
    const url = String(a[0] && a[0].url ? a[0].url : a[0]);
    if (/\\/kinds$/.test(url) && !B.kindsAt) B.kindsAt = performance.now();
    return res;
  };
  new MutationObserver(() => {
    if (!B.navAt && document.querySelector('[data-testid="custom-nav"]')) B.navAt = performance.now();
  }).observe(document, { childList: true, subtree: true });
})();`

/** Runs the sidebar bench in `browser`. */
export async function runSidebarBench(browser: Browser, opts: { kinds: number; groups: number; rendererDir: string }): Promise<SidebarBenchResult> {
  const sim = await startSim({ pods: 50, seed: 7 })
  const backend = await composeBackend({
    env: {},
    kubeconfig: { yaml: sim.kubeconfig({ context: 'bench' }) },
    cacheDir: null,
    token: TOKEN,
    actor: 'bench',
    version: 'bench',
    port: 0,
    rendererDir: opts.rendererDir,
    log: () => undefined
  })
  const body = JSON.stringify(syntheticKinds(opts.kinds, opts.groups))
  try {
    // Tall enough (≥ 1400 px) that the section opens by default: the render measured is the open section's.
    const ctx = await browser.newContext({ viewport: { width: 1360, height: 1440 } })
    const page = await ctx.newPage()
    await page.route('**/api/clusters/*/kinds', (r) => r.fulfill({ status: 200, contentType: 'application/json', body }))
    await page.addInitScript({ content: INIT })
    await page.goto(`${backend.server.origin}/?token=${TOKEN}`)
    await page.locator('[data-testid="custom-nav"]').waitFor({ timeout: 30_000 })
    const t = (await page.evaluate('window.__sidebarBench')) as { kindsAt: number; navAt: number }
    const collapsedElements = await page.locator('[data-testid="custom-nav"] *').count()
    // The text of the answer is read after fetch resolves (res.json()), so this includes parsing it.
    const renderMs = t.navAt - t.kindsAt
    const word = 'certificate'
    const times: number[] = []
    let slowest = { ms: 0, q: '' }
    for (let round = 0; round < 5; round++) {
      const r = (await page.evaluate(`(() => {
        const w = ${JSON.stringify(word)};
        const input = document.querySelector('[data-testid="custom-filter"]');
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
        const out = [];
        for (let i = 0; i <= w.length; i++) {
          const t0 = performance.now();
          setter.call(input, w.slice(0, i === w.length ? 0 : i + 1));
          input.dispatchEvent(new Event('input', { bubbles: true }));
          out.push(performance.now() - t0);
        }
        return out;
      })()`)) as number[]
      times.push(...r)
      r.forEach((ms, i) => {
        if (ms > slowest.ms) slowest = { ms, q: i === word.length ? '' : word.slice(0, i + 1) }
      })
    }
    await page.locator('[data-testid="custom-filter"]').fill('certif')
    const filteredElements = await page.locator('[data-testid="custom-nav"] *').count()
    await ctx.close()
    const sorted = [...times].sort((a, b) => a - b)
    return {
      kinds: opts.kinds,
      groups: opts.groups,
      renderMs: Math.round(renderMs * 10) / 10,
      filterP50Ms: Math.round((quantile(sorted, 0.5) ?? 0) * 10) / 10,
      filterMaxMs: Math.round(sorted[sorted.length - 1] * 10) / 10,
      slowestQuery: slowest.q,
      collapsedElements,
      filteredElements
    }
  } finally {
    await backend.close().catch(() => undefined)
    await sim.stop()
  }
}

if (import.meta.main) {
  const { launchBrowser } = await import('./chromium.ts')
  const { join, resolve } = await import('node:path')
  const browser = await launchBrowser()
  try {
    const r = await runSidebarBench(browser, { kinds: 300, groups: 40, rendererDir: join(resolve(import.meta.dirname, '..'), 'out/renderer') })
    console.log(JSON.stringify(r, null, 2))
    console.log(
      `render ${r.renderMs} ms (≤ ${SIDEBAR_RENDER_TARGET_MS}), filter keystroke p50 ${r.filterP50Ms} / max ${r.filterMaxMs} ms (≤ ${SIDEBAR_FILTER_TARGET_MS})`
    )
  } finally {
    await browser.close()
  }
}
