import { describe, expect, it, vi } from 'vitest'
import { runQuitSteps } from './quitSteps.ts'

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

describe('runQuitSteps', () => {
  it('runs server → engine → sim one after the other', async () => {
    const r = recorder()
    await runQuitSteps([r.step('server', 5), r.step('engine', 1), r.step('sim', 1)], vi.fn(), 1_000)
    expect(r.order).toEqual(['start server', 'end server', 'start engine', 'end engine', 'start sim', 'end sim'])
  })
  it('times out a hanging step and goes on with the next', async () => {
    const log = vi.fn()
    const done = vi.fn()
    await runQuitSteps(
      [
        { name: 'server', run: () => new Promise<void>(() => undefined) },
        { name: 'engine', run: done }
      ],
      log,
      50
    )
    expect(done).toHaveBeenCalledOnce()
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/server did not finish within 50 ms/))
  })
  it('logs a failing step and goes on', async () => {
    const log = vi.fn()
    const done = vi.fn()
    await runQuitSteps(
      [
        {
          name: 'engine',
          run: () => {
            throw new Error('boom')
          }
        },
        { name: 'sim', run: done }
      ],
      log,
      1_000
    )
    expect(done).toHaveBeenCalledOnce()
    expect(log).toHaveBeenCalledWith('quit: engine failed: boom')
  })
})
