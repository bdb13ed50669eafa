import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import type { App } from 'electron'

vi.mock('electron', () => ({}))
const { installGracefulQuit } = await import('./quit.ts')

/** Records the order steps start and finish in. */
function recorder(): { order: string[]; step(name: string, ms?: number): { name: string; run(): Promise<void> } } {
  const order: string[] = []
  return {
    order,
    step: (name, ms = 1) => ({
      name,
      run: () =>
        new Promise<void>((resolve) => {
          order.push(`start ${name}`)
          setTimeout(() => {
            order.push(`end ${name}`)
            resolve()
          }, ms)
        })
    })
  }
}

describe('installGracefulQuit', () => {
  it('holds the first quit, runs the steps once, then quits for real', async () => {
    const app = Object.assign(new EventEmitter(), { quit: vi.fn() })
    const r = recorder()
    installGracefulQuit(app as unknown as App, () => [r.step('server'), r.step('engine'), r.step('sim')], vi.fn(), 1_000)
    const first = { preventDefault: vi.fn() }
    app.emit('before-quit', first)
    expect(first.preventDefault).toHaveBeenCalledOnce()
    const again = { preventDefault: vi.fn() } // Cmd+Q pressed twice while shutting down
    app.emit('before-quit', again)
    expect(again.preventDefault).toHaveBeenCalledOnce()
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledOnce(), { timeout: 2_000, interval: 5 })
    expect(r.order.filter((s) => s.startsWith('start'))).toEqual(['start server', 'start engine', 'start sim'])
    const last = { preventDefault: vi.fn() }
    app.emit('before-quit', last)
    expect(last.preventDefault).not.toHaveBeenCalled()
  })
  it('still quits when a step hangs', async () => {
    const app = Object.assign(new EventEmitter(), { quit: vi.fn() })
    installGracefulQuit(app as unknown as App, () => [{ name: 'server', run: () => new Promise<void>(() => undefined) }], vi.fn(), 30)
    app.emit('before-quit', { preventDefault: vi.fn() })
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledOnce(), { timeout: 2_000, interval: 5 })
  })
})
