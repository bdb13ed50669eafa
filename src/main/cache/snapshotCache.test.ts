import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RowDto } from '../../shared/dto/row.ts'
import type { OfflineSnapshot } from '../watch/engine.ts'
import { waitFor } from '../watch/testing/recorder.ts'
import type { WatchKeyParts } from '../watch/types.ts'
import { removeStaleTemps, writeFileAtomic } from './atomicFile.ts'
import { cacheFileName, decodeCacheFile } from './cacheFile.ts'
import { CACHE_SUBDIR, MARKER_NAME, isOwnTempFile } from './cacheFolder.ts'
import { openSnapshotCache } from './snapshotCache.ts'
import type { SnapshotCache, SnapshotCacheOptions } from './snapshotCache.ts'

const PODS: WatchKeyParts = { cluster: 'c1', kind: 'pods', namespace: '' }

function row(i: number, extra: Record<string, unknown> = {}): RowDto {
  return {
    uid: `u${i}`,
    kind: 'pods',
    namespace: 'default',
    name: `p${i}`,
    createdAt: '2024-01-01T00:00:00.000Z',
    resourceVersion: String(100 + i),
    labels: { app: 'x' },
    cells: { status: 'Running', ready: '1/1' },
    ...extra
  } as RowDto
}

function snap(n: number, rv = '500', lastSeen = '2024-05-01T10:00:00.000Z'): OfflineSnapshot {
  return { items: Array.from({ length: n }, (_, i) => row(i)), resourceVersion: rv, lastSeen }
}

let dir: string
let logs: string[]
const caches: SnapshotCache[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'periscope-cache-'))
  logs = []
})
afterEach(async () => {
  await Promise.all(caches.splice(0).map((c) => c.close()))
  rmSync(dir, { recursive: true, force: true })
})

function open(o: Partial<SnapshotCacheOptions> = {}): SnapshotCache {
  const c = openSnapshotCache({ dir: join(dir, 'cache'), log: (l) => logs.push(l), firstWriteDelayMs: 10, minWriteIntervalMs: 300, ...o })
  caches.push(c)
  return c
}

/** The cache files (the marker file left out). */
const files = (): string[] => {
  try {
    return readdirSync(join(dir, 'cache', CACHE_SUBDIR))
      .filter((n) => !n.startsWith('.'))
      .sort()
  } catch {
    return []
  }
}

describe('atomic file writes', () => {
  it('writes a temp file in the same folder, fsyncs it, then renames it over the old file', async () => {
    const file = join(dir, 'a.json')
    await writeFileAtomic(file, 'old')
    let seen: { target: string; tempDir: boolean } | undefined
    await writeFileAtomic(file, 'new', {
      beforeRename: (temp) => {
        seen = { target: readFileSync(file, 'utf8'), tempDir: readdirSync(dir).some((n) => join(dir, n) === temp) }
      }
    })
    expect(seen).toEqual({ target: 'old', tempDir: true })
    expect(readFileSync(file, 'utf8')).toBe('new')
    expect(readdirSync(dir)).toEqual(['a.json'])
  })

  it('leaves the old file and no temp file behind when the write fails before the rename', async () => {
    const file = join(dir, 'a.json')
    await writeFileAtomic(file, 'old')
    await expect(
      writeFileAtomic(file, 'new', {
        beforeRename: () => {
          throw new Error('disk full')
        }
      })
    ).rejects.toThrow('disk full')
    expect(readFileSync(file, 'utf8')).toBe('old')
    expect(readdirSync(dir)).toEqual(['a.json'])
  })

  it('sweeps only its own temp files, and only those older than a minute', async () => {
    const dead = `.${'a'.repeat(32)}.json.1.${'b'.repeat(12)}.tmp`
    const live = `.${'c'.repeat(32)}.json.2.${'d'.repeat(12)}.tmp`
    const foreign = '.x.json.1.aa.tmp' // someone else's temp file: never ours to delete
    for (const n of [dead, live, foreign]) writeFileSync(join(dir, n), 'x')
    writeFileSync(join(dir, 'keep.json'), '{}')
    const old = new Date(Date.now() - 5 * 60_000)
    utimesSync(join(dir, dead), old, old)
    utimesSync(join(dir, foreign), old, old)
    expect(await removeStaleTemps(dir, isOwnTempFile)).toBe(1)
    expect(readdirSync(dir).sort()).toEqual([foreign, live, 'keep.json'].sort())
  })
})

describe('offline snapshot cache', () => {
  it('round-trips a snapshot through the disk, with rows only', async () => {
    const c = open()
    c.mark(PODS, () => ({ ...snap(3), server: '127.0.0.1:6443' }))
    await c.flush()
    expect(files()).toEqual([cacheFileName(PODS)])
    const fresh = open()
    expect(await fresh.read(PODS)).toEqual({ ...snap(3), server: '127.0.0.1:6443' })
    expect(await fresh.read({ ...PODS, namespace: 'other' })).toBeUndefined()
    expect(logs).toEqual([])
  })

  it('debounces: many marks make one write, and a key is rewritten at most once per interval', async () => {
    const c = open()
    const takes: number[] = []
    let version = 0
    const take = (): OfflineSnapshot => {
      takes.push(Date.now())
      return snap(2, String(version))
    }
    for (let i = 0; i < 50; i++) {
      version = i
      c.mark(PODS, take)
    }
    expect(takes).toHaveLength(0)
    await waitFor(() => takes.length === 1, 'first write', 3_000)
    await waitFor(() => files().length === 1, 'file on disk', 3_000)
    for (let i = 50; i < 100; i++) {
      version = i
      c.mark(PODS, take)
    }
    await new Promise((r) => setTimeout(r, 50))
    expect(takes).toHaveLength(1)
    await waitFor(() => takes.length === 2, 'second write', 3_000)
    expect(takes[1] - takes[0]).toBeGreaterThanOrEqual(290)
    await c.flush()
    expect((await open().read(PODS))?.resourceVersion).toBe('99')
  })

  it('flushes pending keys on close, without waiting for the interval', async () => {
    const c = open({ firstWriteDelayMs: 60_000 })
    c.mark(PODS, () => snap(1, '7'))
    expect(files()).toEqual([])
    await c.close()
    expect((await open().read(PODS))?.resourceVersion).toBe('7')
  })

  it('answers a pending (not yet written) snapshot from memory', async () => {
    const c = open({ firstWriteDelayMs: 60_000 })
    c.mark(PODS, () => snap(4, '9'))
    expect((await c.read(PODS))?.items).toHaveLength(4)
  })

  it('caps rows per key and the folder total, evicting the oldest files', async () => {
    const c = open({ maxRowsPerKey: 10 })
    c.mark(PODS, () => snap(25))
    await c.flush()
    const body = JSON.parse(readFileSync(join(dir, 'cache', CACHE_SUBDIR, cacheFileName(PODS)), 'utf8')) as { items: unknown[]; totalRows: number }
    expect(body.items).toHaveLength(10)
    expect(body.totalRows).toBe(25)
    expect(logs.join('\n')).toContain('keeping the first 10')
    // Read back from disk in a fresh cache: the cut is reported, not hidden.
    const back = await open({ maxRowsPerKey: 10 }).read(PODS)
    expect(back?.items).toHaveLength(10)
    expect(back?.totalRows).toBe(25)

    const one = Buffer.byteLength(readFileSync(join(dir, 'cache', CACHE_SUBDIR, cacheFileName(PODS))))
    const small = open({ maxRowsPerKey: 10, maxTotalBytes: Math.floor(one * 2.5) })
    const keys = ['a', 'b', 'c', 'd'].map((ns) => ({ ...PODS, namespace: ns }))
    for (const k of keys) {
      small.mark(k, () => snap(25))
      await small.flush()
    }
    const left = files()
    expect(left.length).toBeLessThanOrEqual(2)
    expect(left).toContain(cacheFileName(keys[3]))
    expect(left).not.toContain(cacheFileName(keys[0]))
  })

  it('does not save a snapshot larger than the file cap', async () => {
    const c = open({ maxFileBytes: 200 })
    c.mark(PODS, () => snap(10))
    await c.flush()
    expect(files()).toEqual([])
    expect(logs.join('\n')).toMatch(/over the 200-byte file cap/)
  })

  it('ignores corrupt, foreign and unreadable files with a log line, never a throw', async () => {
    const c = open()
    c.mark({ ...PODS, cluster: 'seed' }, () => snap(1)) // the first write claims the folder
    await c.flush()
    writeFileSync(join(dir, 'cache', CACHE_SUBDIR, cacheFileName(PODS)), '{"format":1,"cluster":"c1", trunc')
    expect(await c.read(PODS)).toBeUndefined()
    expect(logs.at(-1)).toMatch(/ignoring .*not valid JSON/)

    const other = { ...PODS, cluster: 'c2' }
    c.mark(other, () => snap(1))
    await c.flush()
    writeFileSync(join(dir, 'cache', CACHE_SUBDIR, cacheFileName(PODS)), readFileSync(join(dir, 'cache', CACHE_SUBDIR, cacheFileName(other))))
    expect(await open().read(PODS)).toBeUndefined()
    expect(logs.at(-1)).toMatch(/belongs to another/)

    writeFileSync(
      join(dir, 'cache', CACHE_SUBDIR, cacheFileName(PODS)),
      JSON.stringify({ format: 1, cluster: 'c1', kind: 'pods', namespace: '', resourceVersion: '1', lastSeen: '2024-01-01T00:00:00Z', items: [{ uid: 1 }] })
    )
    expect(await open().read(PODS)).toBeUndefined()
    expect(logs.at(-1)).toMatch(/items\[0\] is not a pods row/)

    rmSync(join(dir, 'cache', CACHE_SUBDIR, cacheFileName(PODS)))
    mkdirSync(join(dir, 'cache', CACHE_SUBDIR, cacheFileName(PODS)))
    expect(await open().read(PODS)).toBeUndefined()
    expect(logs.at(-1)).toMatch(/it is a directory, not a regular file/)
  })

  it('a FIFO planted under a cache file name is never opened for a blocking read', async () => {
    const c = open()
    c.mark({ ...PODS, cluster: 'seed' }, () => snap(1))
    await c.flush()
    execFileSync('mkfifo', [join(dir, 'cache', CACHE_SUBDIR, cacheFileName(PODS))])
    const t0 = Date.now()
    expect(await open().read(PODS)).toBeUndefined()
    expect(Date.now() - t0).toBeLessThan(2_000)
    expect(logs.at(-1)).toMatch(/it is a FIFO \(named pipe\), not a regular file/)
  })

  it('names files by hash: hostile cluster ids never escape the folder', async () => {
    const c = open()
    const ids = ['../../etc/passwd', 'a/b\\c', 'C:\\Windows', '\u0000nul', '.'.repeat(300), 'arn:aws:eks:eu-west-1:1:cluster/prod']
    for (const cluster of ids) c.mark({ cluster, kind: 'pods', namespace: '' }, () => snap(1))
    await c.flush()
    expect(files()).toHaveLength(ids.length)
    for (const f of files()) expect(f).toMatch(/^[0-9a-f]{32}\.json$/)
    expect(readdirSync(dir)).toEqual(['cache'])
    for (const cluster of ids) expect((await open().read({ cluster, kind: 'pods', namespace: '' }))?.items).toHaveLength(1)
  })

  it('writes only row fields, whatever else an object carries', async () => {
    const c = open()
    c.mark(PODS, () => ({
      items: [row(1, { token: 'SECRET-TOKEN', spec: { env: 'SECRET-ENV' } })],
      resourceVersion: '1',
      lastSeen: '2024-01-01T00:00:00.000Z'
    }))
    await c.flush()
    const text = readFileSync(join(dir, 'cache', CACHE_SUBDIR, cacheFileName(PODS)), 'utf8')
    expect(text).not.toContain('SECRET')
    const d = decodeCacheFile(PODS, text)
    expect(d.ok && Object.keys(d.snapshot.items[0]).sort()).toEqual(['cells', 'createdAt', 'kind', 'labels', 'name', 'namespace', 'resourceVersion', 'uid'])
  })
})

describe('the cache touches only its own files', () => {
  it('in a --cache-dir full of other files, works in its marked subfolder; eviction never deletes a foreign file', async () => {
    const cacheDir = join(dir, 'project')
    mkdirSync(cacheDir)
    writeFileSync(join(cacheDir, 'package.json'), '{"name":"mine"}')
    writeFileSync(join(cacheDir, 'dataset.bin'), '')
    truncateSync(join(cacheDir, 'dataset.bin'), 300 * 1024 * 1024) // sparse: 300 MB that take no disk
    writeFileSync(join(cacheDir, `${'e'.repeat(32)}.json`), 'looks like ours, is not in our folder')
    const old = new Date(Date.now() - 5 * 60_000)
    const foreignTemp = `.${'f'.repeat(32)}.json.1.${'0'.repeat(12)}.tmp`
    writeFileSync(join(cacheDir, foreignTemp), 'x')
    utimesSync(join(cacheDir, foreignTemp), old, old)
    const before = readdirSync(cacheDir).sort()
    const c = openSnapshotCache({ dir: cacheDir, log: (l) => logs.push(l), firstWriteDelayMs: 1, minWriteIntervalMs: 1, maxTotalBytes: 4_000 })
    caches.push(c)
    for (let i = 0; i < 6; i++) c.mark({ ...PODS, cluster: `c${i}` }, () => snap(3))
    await c.flush()
    expect(readdirSync(cacheDir).sort()).toEqual([...before, CACHE_SUBDIR].sort())
    expect(statSync(join(cacheDir, 'dataset.bin')).size).toBe(300 * 1024 * 1024)
    expect(readFileSync(join(cacheDir, 'package.json'), 'utf8')).toBe('{"name":"mine"}')
    const own = readdirSync(c.folder)
    expect(own).toContain(MARKER_NAME)
    expect(own.filter((n) => n !== MARKER_NAME).length).toBeGreaterThan(0)
    expect(own.filter((n) => n !== MARKER_NAME).length).toBeLessThan(6) // eviction ran, inside its folder only
  })

  it('a subfolder of its name that is not ours (no marker, not empty) is left alone: nothing written or deleted', async () => {
    const cacheDir = join(dir, 'taken')
    mkdirSync(join(cacheDir, CACHE_SUBDIR), { recursive: true })
    writeFileSync(join(cacheDir, CACHE_SUBDIR, `${'a'.repeat(32)}.json`), 'not ours')
    const c = openSnapshotCache({ dir: cacheDir, log: (l) => logs.push(l), firstWriteDelayMs: 1, maxTotalBytes: 1 })
    caches.push(c)
    c.mark(PODS, () => snap(2))
    await c.flush()
    expect(readdirSync(join(cacheDir, CACHE_SUBDIR))).toEqual([`${'a'.repeat(32)}.json`])
    expect(logs.join('\n')).toMatch(/not using .*periscope-offline-cache: it exists without our marker file \(\.periscope-offline-cache\) and holds 1 entry/)
  })

  it('a namespace with no rows leaves no file; one that became empty loses its file', async () => {
    const c = open()
    const ns = (n: string): WatchKeyParts => ({ cluster: 'c1', kind: 'pods', namespace: n })
    for (let i = 0; i < 50; i++) c.mark(ns(`made-up-${i}`), () => snap(0))
    c.mark(ns('real'), () => snap(2))
    c.mark({ ...PODS, namespace: '' }, () => snap(0)) // all namespaces, empty: still the cluster's truth
    await c.flush()
    expect(files().sort()).toEqual([cacheFileName(ns('real')), cacheFileName(PODS)].sort())
    c.mark(ns('real'), () => snap(0))
    await c.flush()
    expect(files()).toEqual([cacheFileName(PODS)])
  })
})
