/**
 * The build gate: without Go (or without the module proxy) the real-cluster suites skip with one
 * line on a developer machine, and FAIL when CI=true; a cached binary is a stamp check.
 *
 * Why: a silently skipped real-cluster suite in CI would hide every regression it exists to catch.
 * Lifecycle: each case runs build.sh with a doctored environment; the proxy case uses throwaway
 * module/build caches (deleted afterwards) and a closed loopback port as GOPROXY.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureRealClusterBinary } from '../../realcluster/build.ts'
import { binary } from './helpers.ts'

let scratch = ''
// Made and removed in hooks (not at import), so a filtered run that skips every test leaks nothing.
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'periscope-realcluster-build-'))
})
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true })
})

/** process.env minus CI, plus `extra`. */
function env(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, ...extra }
  for (const [k, v] of Object.entries(extra)) if (v === undefined) delete e[k]
  return e
}

/** PATH with every directory that holds a `go` removed. */
function pathWithoutGo(): string {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((d) => {
      try {
        execFileSync('/bin/sh', ['-c', `test -x "${d}/go"`])
        return false
      } catch {
        return true
      }
    })
    .join(delimiter)
}

describe('real-cluster build gate', () => {
  it('without Go: "skipped: Go is not installed" locally', async () => {
    const r = await ensureRealClusterBinary({ env: env({ PATH: pathWithoutGo(), CI: undefined }) })
    expect(r).toEqual({ status: 'skipped', reason: expect.stringMatching(/^skipped: Go is not installed/) })
  })

  it('without Go and CI=true: fails instead of skipping', async () => {
    await expect(ensureRealClusterBinary({ env: env({ PATH: pathWithoutGo(), CI: 'true' }) })).rejects.toThrow(/Go is not installed.*CI=true/)
  })

  describe.skipIf(!binary)('with Go', () => {
    const unreachable = (ci: string | undefined): NodeJS.ProcessEnv =>
      env({
        CI: ci,
        // Empty caches force a download; port 9 on loopback is closed, so the proxy is unreachable.
        GOMODCACHE: join(scratch, `mod-${ci ?? 'local'}`),
        GOCACHE: join(scratch, `gocache-${ci ?? 'local'}`),
        PERISCOPE_REALCLUSTER_CACHE: join(scratch, `out-${ci ?? 'local'}`),
        GOPROXY: 'http://127.0.0.1:9',
        GOTOOLCHAIN: 'local',
        GOFLAGS: '-mod=readonly'
      })

    it('unreachable module proxy: skipped locally, one line naming the module fetch', async () => {
      const r = await ensureRealClusterBinary({ env: unreachable(undefined) })
      expect(r.status).toBe('skipped')
      expect(r.status === 'skipped' && r.reason).toMatch(/^skipped: module fetch failed: .+/)
    })

    it('unreachable module proxy and CI=true: fails', async () => {
      await expect(ensureRealClusterBinary({ env: unreachable('true') })).rejects.toThrow(/module fetch failed.*CI=true/)
    })

    it('a built binary is a stamp check', async () => {
      const t = Date.now()
      expect(await ensureRealClusterBinary()).toEqual({ status: 'ready', binary })
      expect(Date.now() - t).toBeLessThan(5000)
    })
  })
})
