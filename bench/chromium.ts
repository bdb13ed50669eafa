/**
 * The renderer side of the benchmark: the built renderer in headless Chromium, instrumented from
 * outside through an init script (no product code changes).
 *
 * Why: "rendered" is what the user sees, so time to rows, delta-to-DOM latency, long tasks and
 * heap are taken in the page. The init script (1) wraps EventSource to timestamp every delta
 * frame by its id (= resourceVersion) when it reaches the page, (2) stamps those deltas as
 * committed when the list view's `data-version` attribute changes (the frame batcher applies all
 * buffered deltas in one setState and React commits synchronously right after, in the same
 * task, so every delta received before that mutation is in that commit), (3) records every
 * change of the grid's `aria-rowcount`, and (4) keeps `longtask` entries.
 * Lifecycle: `launchBrowser` → `openPage` (navigate to the sign-in URL) → read the recorders
 * per phase (`drain`, `longTasks`, `rowCounts`) → `heapMB` (CDP, after GC) → `close()`.
 */
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'

/** The Debian Chromium of these machines (playwright.config.ts uses the same). */
const CHROMIUM = process.env.PERISCOPE_CHROMIUM ?? '/usr/bin/chromium'
const ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic'
]

/** Runs in the page before any of its scripts. Plain JS in a string: this tsconfig has no DOM lib. */
const INIT_SCRIPT = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const B = { recv: [], commit: [], pending: [], longtasks: [], rowcounts: [], esOpened: [], snapshots: [] };
  window.__periscopeBench = B;
  const Orig = window.EventSource;
  window.EventSource = class extends Orig {
    constructor(url, init) {
      super(url, init);
      B.esOpened.push(now());
      const rec = (e) => { B.recv.push(e.lastEventId, now()); B.pending.push(e.lastEventId); };
      this.addEventListener('added', rec);
      this.addEventListener('modified', rec);
      this.addEventListener('deleted', rec);
      this.addEventListener('snapshot', () => { B.snapshots.push(now()); B.pending.length = 0; });
    }
  };
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) B.longtasks.push([performance.timeOrigin + e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch { /* no longtask support: reported as unknown */ B.noLongtask = true; }
  let lastCount = -1;
  const mo = new MutationObserver((muts) => {
    const t = now();
    let versioned = false;
    for (const m of muts) if (m.type === 'attributes' && m.attributeName === 'data-version') versioned = true;
    if (versioned && B.pending.length) { for (const rv of B.pending) B.commit.push(rv, t); B.pending = []; }
    const g = document.querySelector('section.list-view[data-kind="pods"] [role="grid"]');
    const c = g ? Number(g.getAttribute('aria-rowcount')) - 1 : 0;
    if (c !== lastCount) { lastCount = c; B.rowcounts.push([t, c]); }
  });
  const start = () => mo.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-version', 'aria-rowcount'] });
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
})()`

export interface BenchPage {
  readonly page: Page
  /** Epoch ms when navigation started (the page's timeOrigin). */
  readonly navStart: number
  /** The page's epoch clock now (its timeOrigin + now; bench/clock.ts measures it against ours). */
  clock(): Promise<number>
  /** [epoch ms, rows] at every change of the pods grid's row count. */
  rowCounts(): Promise<[number, number][]>
  /** Delta arrivals and commits since the last drain: resourceVersion → epoch ms. */
  drain(): Promise<{ recv: Map<string, number>; commit: Map<string, number> }>
  /** Long tasks [epoch ms start, duration ms] since the page opened; undefined if unsupported. */
  longTasks(): Promise<[number, number][] | undefined>
  /** Timestamps of the first EventSource open and the first snapshot frame in the page. */
  streamTimes(): Promise<{ esOpened?: number; snapshot?: number }>
  /** JS heap used after a forced GC (CDP), in MB. */
  heapMB(): Promise<number>
  /**
   * Scroll the pods grid programmatically for `ms`, `pxPerFrame` per animation frame, bouncing
   * between top and bottom (a fast fling, over and over). @returns the frame intervals (ms) and
   * how many distinct first-visible rows were painted (proof the virtual list kept up).
   */
  scroll(ms: number, pxPerFrame: number): Promise<{ frames: number[]; rowsSeen: number }>
}

/** Start headless Chromium. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true })
}

function toMap(flat: (string | number)[]): Map<string, number> {
  const m = new Map<string, number>()
  for (let i = 0; i + 1 < flat.length; i += 2) if (!m.has(String(flat[i]))) m.set(String(flat[i]), flat[i + 1] as number)
  return m
}

/** Open the app (pods view of the first cluster) signed in with `token`. */
export async function openPage(browser: Browser, origin: string, token: string): Promise<BenchPage> {
  const ctx = await browser.newContext({ viewport: { width: 1360, height: 820 } })
  const page = await ctx.newPage()
  await page.addInitScript({ content: INIT_SCRIPT })
  await page.goto(`${origin}/?token=${encodeURIComponent(token)}`, { waitUntil: 'commit' })
  const navStart = (await page.evaluate('performance.timeOrigin')) as number
  const cdp = await ctx.newCDPSession(page)
  return {
    page,
    navStart,
    clock: () => page.evaluate('performance.timeOrigin + performance.now()') as Promise<number>,
    rowCounts: () => page.evaluate('window.__periscopeBench.rowcounts') as Promise<[number, number][]>,
    async drain() {
      const r = (await page.evaluate(
        `(() => { const B = window.__periscopeBench; const r = { recv: B.recv, commit: B.commit }; B.recv = []; B.commit = []; return r })()`
      )) as { recv: (string | number)[]; commit: (string | number)[] }
      return { recv: toMap(r.recv), commit: toMap(r.commit) }
    },
    longTasks: () =>
      page.evaluate('window.__periscopeBench.noLongtask ? undefined : window.__periscopeBench.longtasks') as Promise<[number, number][] | undefined>,
    streamTimes: () =>
      page.evaluate('({ esOpened: window.__periscopeBench.esOpened[0], snapshot: window.__periscopeBench.snapshots[0] })') as Promise<{
        esOpened?: number
        snapshot?: number
      }>,
    async heapMB() {
      await cdp.send('HeapProfiler.collectGarbage')
      const h = await cdp.send('Runtime.getHeapUsage')
      return h.usedSize / 1e6
    },
    scroll: (ms, pxPerFrame) =>
      page.evaluate(`(${SCROLL_SCRIPT})(${JSON.stringify({ ms, px: pxPerFrame })})`) as Promise<{ frames: number[]; rowsSeen: number }>
  }
}

/**
 * The fast scroll, in the page: one scrollTop step per requestAnimationFrame, the interval
 * between frames recorded (a frame the main thread could not make in time shows as a long one).
 * The first rendered row's index is sampled each frame, to count rows actually painted.
 */
const SCROLL_SCRIPT = `(async ({ ms, px }) => {
  const g = document.querySelector('section.list-view[data-kind="pods"] [role="grid"]');
  if (!g) throw new Error('no pods grid');
  const frames = [];
  const seen = new Set();
  // Geometry is read once: reading it every frame would force a layout the user's own scrolling
  // never forces, and charge it to the page.
  const max = g.scrollHeight - g.clientHeight;
  let top = g.scrollTop;
  let dir = 1;
  let last;
  await new Promise((done) => {
    const start = performance.now();
    const step = (t) => {
      if (last !== undefined) frames.push(t - last);
      last = t;
      const first = g.querySelector('[role="row"][aria-rowindex]:not([aria-rowindex="1"])');
      if (first) seen.add(first.getAttribute('aria-rowindex'));
      top += dir * px;
      if (top >= max) { top = max; dir = -1; } else if (top <= 0) { top = 0; dir = 1; }
      g.scrollTop = top;
      if (t - start < ms) requestAnimationFrame(step); else done();
    };
    requestAnimationFrame(step);
  });
  return { frames, rowsSeen: seen.size };
})`
/**
 * Wait until the pods grid shows at least `rows` rows (polling every 100 ms, bounded).
 * @returns the [first rows, rows reached] epoch ms, or undefined on timeout.
 */
export async function waitForRows(p: BenchPage, rows: number, timeoutMs: number): Promise<{ first: number; complete: number } | undefined> {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    const counts = await p.rowCounts()
    const first = counts.find(([, c]) => c > 0)
    const complete = counts.find(([, c]) => c >= rows)
    if (first && complete) return { first: first[0], complete: complete[0] }
    await new Promise((r) => setTimeout(r, 100))
  }
  return undefined
}
