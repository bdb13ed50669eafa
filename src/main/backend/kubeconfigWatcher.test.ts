import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { watchKubeconfigFiles } from './kubeconfigWatcher.ts'
type WatchFn = NonNullable<Parameters<typeof watchKubeconfigFiles>[0]['watch']>

/** fs.watch stand-in: one listener per folder, fired by the test. */
function fakeWatch(): { watch: WatchFn; fire(dir: string, name: string | null): void; closed: string[]; dirs: string[] } {
  const listeners = new Map<string, (event: string, filename: string | null) => void>()
  const closed: string[] = []
  const dirs: string[] = []
  return {
    closed,
    dirs,
    watch: (dir, listener) => {
      if (dir.includes('missing')) throw Object.assign(new Error(`ENOENT: no such file or directory, watch '${dir}'`), { code: 'ENOENT' })
      dirs.push(dir)
      listeners.set(dir, listener as (event: string, filename: string | null) => void)
      return {
        close: () => {
          closed.push(dir)
        },
        on: () => undefined
      } as unknown as ReturnType<WatchFn>
    },
    fire: (dir, name) => listeners.get(dir)?.('rename', name)
  }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('watchKubeconfigFiles (debounce)', () => {
  it('watches each folder once and turns a burst of events into one reload', () => {
    vi.useFakeTimers()
    const w = fakeWatch()
    const onChange = vi.fn()
    const watcher = watchKubeconfigFiles({
      paths: ['/home/u/.kube/config', '/home/u/.kube/other', '/etc/k/admin.conf'],
      onChange,
      debounceMs: 300,
      log: vi.fn(),
      watch: w.watch
    })
    expect(w.dirs.sort()).toEqual(['/etc/k', '/home/u/.kube'])
    for (let i = 0; i < 5; i++) {
      w.fire('/home/u/.kube', 'config')
      vi.advanceTimersByTime(100)
    }
    expect(onChange).not.toHaveBeenCalled()
    vi.advanceTimersByTime(300)
    expect(onChange).toHaveBeenCalledOnce()
    w.fire('/etc/k', 'admin.conf')
    vi.advanceTimersByTime(299)
    expect(onChange).toHaveBeenCalledOnce()
    vi.advanceTimersByTime(1)
    expect(onChange).toHaveBeenCalledTimes(2)
    watcher.close()
  })
  it('ignores other files in the folder, but treats an unnamed event as ours', () => {
    vi.useFakeTimers()
    const w = fakeWatch()
    const onChange = vi.fn()
    watchKubeconfigFiles({ paths: ['/home/u/.kube/config'], onChange, debounceMs: 50, log: vi.fn(), watch: w.watch })
    w.fire('/home/u/.kube', 'cache')
    w.fire('/home/u/.kube', 'config.lock')
    vi.advanceTimersByTime(100)
    expect(onChange).not.toHaveBeenCalled()
    w.fire('/home/u/.kube', null)
    vi.advanceTimersByTime(100)
    expect(onChange).toHaveBeenCalledOnce()
  })
  it('close() stops the watchers and cancels a pending reload', () => {
    vi.useFakeTimers()
    const w = fakeWatch()
    const onChange = vi.fn()
    const watcher = watchKubeconfigFiles({ paths: ['/home/u/.kube/config'], onChange, debounceMs: 50, log: vi.fn(), watch: w.watch })
    w.fire('/home/u/.kube', 'config')
    watcher.close()
    vi.advanceTimersByTime(100)
    expect(onChange).not.toHaveBeenCalled()
    expect(w.closed).toEqual(['/home/u/.kube'])
  })
  it('skips and reports a folder that does not exist', () => {
    const w = fakeWatch()
    const log = vi.fn()
    const watcher = watchKubeconfigFiles({ paths: ['/missing/config', '/home/u/.kube/config'], onChange: vi.fn(), log, watch: w.watch })
    expect(watcher.folders).toEqual(['/home/u/.kube'])
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/not watching \/missing for kubeconfig changes: ENOENT/))
  })
})

describe('watchKubeconfigFiles (real fs.watch)', () => {
  it('sees an atomic rename over the kubeconfig file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'periscope-kcw-'))
    const file = join(dir, 'config')
    writeFileSync(file, 'apiVersion: v1\n')
    const onChange = vi.fn()
    const watcher = watchKubeconfigFiles({ paths: [file], onChange, debounceMs: 50, log: vi.fn() })
    try {
      writeFileSync(join(dir, 'config.tmp'), 'apiVersion: v1\nkind: Config\n')
      renameSync(join(dir, 'config.tmp'), file)
      await vi.waitFor(() => expect(onChange).toHaveBeenCalled(), { timeout: 5_000, interval: 20 })
    } finally {
      watcher.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
