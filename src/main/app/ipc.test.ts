import { describe, expect, it, vi } from 'vitest'
import type { IpcMain } from 'electron'
import { IPC_CHANNELS } from '../../shared/bridge.ts'

vi.mock('electron', () => ({}))
const { ipcRejection, registerIpc } = await import('./ipc.ts')

const APP = 'https://127.0.0.1:43121'
const top = (origin = APP): { senderFrame: { origin: string; parent: null } } => ({ senderFrame: { origin, parent: null } })
const sub = (): { senderFrame: { origin: string; parent: object } } => ({ senderFrame: { origin: APP, parent: {} } })

/** ipcMain stand-in: records handlers, dispatches like Electron does. */
function fakeIpcMain(): {
  on: IpcMain['on']
  removeAllListeners: IpcMain['removeAllListeners']
  send(channel: string, event: object, ...args: unknown[]): { returnValue?: unknown }
} {
  const handlers = new Map<string, (event: object, ...args: unknown[]) => void>()
  return {
    on: ((channel: string, h: (event: object, ...args: unknown[]) => void) => {
      handlers.set(channel, h)
    }) as unknown as IpcMain['on'],
    removeAllListeners: ((channel: string) => {
      handlers.delete(channel)
    }) as unknown as IpcMain['removeAllListeners'],
    send(channel, event, ...args) {
      const e = { ...event } as { returnValue?: unknown }
      handlers.get(channel)?.(e, ...args)
      return e
    }
  }
}

function setup(): { ipc: ReturnType<typeof fakeIpcMain>; open: ReturnType<typeof vi.fn>; log: ReturnType<typeof vi.fn>; remove: () => void } {
  const ipc = fakeIpcMain()
  const open = vi.fn()
  const log = vi.fn()
  const remove = registerIpc(ipc, { appOrigin: APP, log, openExternal: open, bootstrap: () => ({ baseUrl: APP, token: 'tok-secret-123', version: '0.1.0' }) })
  return { ipc, open, log, remove }
}

describe('ipcRejection', () => {
  it('accepts a known channel from the top frame on the app origin', () => {
    expect(ipcRejection(IPC_CHANNELS.bootstrap, top(), APP)).toBeNull()
  })
  it('rejects an unknown channel, a foreign origin, a look-alike origin, a subframe and a gone frame', () => {
    expect(ipcRejection('periscope:exec', top(), APP)).toMatch(/unknown channel/)
    expect(ipcRejection(IPC_CHANNELS.bootstrap, top('https://evil.com'), APP)).toMatch(/foreign origin/)
    expect(ipcRejection(IPC_CHANNELS.bootstrap, top(`${APP}.evil.com`), APP)).toMatch(/foreign origin/)
    expect(ipcRejection(IPC_CHANNELS.bootstrap, top('null'), APP)).toMatch(/foreign origin/)
    expect(ipcRejection(IPC_CHANNELS.bootstrap, sub(), APP)).toMatch(/subframe/)
    expect(ipcRejection(IPC_CHANNELS.bootstrap, { senderFrame: null }, APP)).toMatch(/gone/)
  })
})

describe('registerIpc', () => {
  it('answers the bootstrap to the app page only, and null (not a hang) to anyone else', () => {
    const { ipc, log } = setup()
    expect(ipc.send(IPC_CHANNELS.bootstrap, top()).returnValue).toEqual({ baseUrl: APP, token: 'tok-secret-123', version: '0.1.0' })
    expect(ipc.send(IPC_CHANNELS.bootstrap, top('https://evil.com')).returnValue).toBeNull()
    expect(ipc.send(IPC_CHANNELS.bootstrap, sub()).returnValue).toBeNull()
    expect(log).toHaveBeenCalledTimes(2)
    expect(log.mock.calls.flat().join(' ')).not.toContain('tok-secret-123')
  })
  it('opens only allow-listed https URLs from the app page', () => {
    const { ipc, open, log } = setup()
    ipc.send(IPC_CHANNELS.openExternal, top(), 'https://kubernetes.io/docs/')
    expect(open).toHaveBeenCalledWith('https://kubernetes.io/docs/')
    for (const url of ['http://kubernetes.io/', 'file:///etc/passwd', 'https://evil.com/', 'javascript:alert(1)', 42]) {
      ipc.send(IPC_CHANNELS.openExternal, top(), url)
    }
    ipc.send(IPC_CHANNELS.openExternal, top('https://evil.com'), 'https://kubernetes.io/docs/')
    ipc.send(IPC_CHANNELS.openExternal, sub(), 'https://kubernetes.io/docs/')
    expect(open).toHaveBeenCalledOnce()
    expect(log).toHaveBeenCalledTimes(7)
  })
  it('removes its handlers', () => {
    const { ipc, remove } = setup()
    remove()
    expect(ipc.send(IPC_CHANNELS.bootstrap, top()).returnValue).toBeUndefined()
  })
})
