// A long first list says how far it has got: while 30,000 pods are still arriving, the pods view
// says how many rows have arrived and of how many (the apiserver's remainingItemCount, through
// the partial snapshots' progress), then the count of the complete list.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startServe, startSim } from '../support/e2e/server.ts'
import { SHOTS, health, listView } from '../support/e2e/page.ts'

const PODS = 30_000

test('while a big first list arrives the view counts its rows, of how many', async ({ page }) => {
  test.setTimeout(120_000)
  const dir = mkdtempSync(join(tmpdir(), 'periscope-e2e-progress-'))
  const sim = await startSim(join(dir, 'kc.yaml'), ['--pods', String(PODS), '--churn', '0'])
  const server = await startServe(['--kubeconfig', join(dir, 'kc.yaml')]).catch(async (e) => {
    await sim.stop()
    throw e
  })
  try {
    // Record every progress text the view shows (it may last only a few seconds).
    await page.addInitScript(() => {
      const w = globalThis as unknown as {
        __progress: string[]
        document: { documentElement: unknown; querySelector(s: string): { textContent: string | null } | null }
        MutationObserver: new (cb: () => void) => { observe(n: unknown, o: object): void }
      }
      w.__progress = []
      const seen = (): void => {
        const el = w.document.querySelector('[data-testid="list-progress"]')
        const t = el?.textContent ?? ''
        if (t && w.__progress.at(-1) !== t) w.__progress.push(t)
      }
      new w.MutationObserver(seen).observe(w.document, { subtree: true, childList: true, characterData: true })
    })
    await page.goto(`${server.signIn}#/`)
    await expect(health(page, 'pods')).toHaveText('live', { timeout: 90_000 })
    const texts = await page.evaluate(() => (globalThis as unknown as { __progress: string[] }).__progress)
    expect(texts.length, 'the view said how far the list had got').toBeGreaterThan(0)
    const nums = texts
      .map((t) => /([\d,]+) of ([\d,]+) rows arrived/.exec(t))
      .filter((m) => m !== null)
      .map((m) => [Number(m[1].replace(/,/g, '')), Number(m[2].replace(/,/g, ''))])
    expect(nums.length, texts.join(' | ')).toBeGreaterThan(0)
    for (const [got, of] of nums) {
      expect(got).toBeLessThanOrEqual(of)
      expect(Math.abs(of - Number(await listView(page, 'pods').getByTestId('count').getAttribute('data-count')))).toBeLessThanOrEqual(50)
    }
    await expect(listView(page, 'pods').getByTestId('list-progress')).toHaveCount(0)
    await page.screenshot({ path: `${SHOTS}/progress-done.png` })
  } finally {
    await server.stop()
    await sim.stop()
    rmSync(dir, { recursive: true, force: true })
  }
})
