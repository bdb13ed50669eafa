import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import type { App } from 'electron'

vi.mock('electron', () => ({}))
const { claimSingleInstance } = await import('./singleInstance.ts')

function fakeApp(locked: boolean): EventEmitter & { quit: ReturnType<typeof vi.fn>; requestSingleInstanceLock: () => boolean } {
  return Object.assign(new EventEmitter(), { quit: vi.fn(), requestSingleInstanceLock: () => locked })
}

describe('claimSingleInstance', () => {
  it('the first instance keeps running and focuses on a second launch', () => {
    const app = fakeApp(true)
    const focus = vi.fn()
    expect(claimSingleInstance(app as unknown as App, focus)).toBe(true)
    expect(app.quit).not.toHaveBeenCalled()
    app.emit('second-instance', {}, ['periscope'], '/')
    expect(focus).toHaveBeenCalledOnce()
  })
  it('a second instance quits at once and registers nothing', () => {
    const app = fakeApp(false)
    const focus = vi.fn()
    expect(claimSingleInstance(app as unknown as App, focus)).toBe(false)
    expect(app.quit).toHaveBeenCalledOnce()
    expect(app.listenerCount('second-instance')).toBe(0)
  })
})
