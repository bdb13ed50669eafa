/**
 * Main's side of the preload bridge: the bootstrap answer and the external-link request.
 *
 * Why: IPC is the one door from the page into main, so every message is checked before it is
 * answered (Electron security checklist #17; VS Code's `validateEvent`): the channel is a known
 * one, the sender is the top frame, and that frame is on exactly the app's origin. A page that
 * is not ours (or a subframe) gets nothing — in particular not the launch token, which reaches
 * the renderer only as this answer (never argv, env, files or logs).
 * Lifecycle: `registerIpc` once at launch, after the server is up; the returned function removes
 * the handlers (used at quit and by tests).
 */
import type { IpcMain } from 'electron'
import { IPC_CHANNELS, isIpcChannel } from '../../shared/bridge.ts'
import type { BridgeBootstrap } from '../../shared/bridge.ts'
import { isAllowedExternal } from './origins.ts'
import type { ShellLog } from './security.ts'

/** What validation reads from an IPC event (a subset of Electron's `IpcMainEvent`). */
export interface IpcSender {
  readonly senderFrame: { readonly origin: string; readonly parent: unknown } | null
}

/**
 * Why an IPC message is refused, or null when it may be answered.
 * @param appOrigin the app's exact origin (`https://127.0.0.1:<port>`).
 */
export function ipcRejection(channel: string, event: IpcSender, appOrigin: string): string | null {
  if (!isIpcChannel(channel)) return `unknown channel ${JSON.stringify(channel.slice(0, 64))}`
  const frame = event.senderFrame
  if (frame === null) return `${channel}: the sending frame is gone`
  if (frame.parent !== null) return `${channel}: sent from a subframe`
  if (frame.origin !== appOrigin) return `${channel}: sent from the foreign origin ${JSON.stringify(frame.origin.slice(0, 100))}`
  return null
}

export interface IpcOptions {
  readonly appOrigin: string
  /** The bridge's data: read once per page load. */
  bootstrap(): BridgeBootstrap
  /** Open a URL (already allow-listed) in the system browser. */
  openExternal(url: string): Promise<void> | void
  readonly log: ShellLog
}

/** Answer the bridge's channels on `ipcMain`. @returns a function that removes the handlers. */
export function registerIpc(ipcMain: Pick<IpcMain, 'on' | 'removeAllListeners'>, opts: IpcOptions): () => void {
  ipcMain.on(IPC_CHANNELS.bootstrap, (event) => {
    const why = ipcRejection(IPC_CHANNELS.bootstrap, event, opts.appOrigin)
    if (why !== null) opts.log(`refused IPC: ${why}`)
    // A sync IPC must always be answered, or the sender blocks forever: null = "no bridge".
    event.returnValue = why === null ? opts.bootstrap() : null
  })
  ipcMain.on(IPC_CHANNELS.openExternal, (event, url: unknown) => {
    const why = ipcRejection(IPC_CHANNELS.openExternal, event, opts.appOrigin)
    if (why !== null) return opts.log(`refused IPC: ${why}`)
    if (typeof url !== 'string' || !isAllowedExternal(url)) {
      return opts.log(
        `refused to open ${typeof url === 'string' ? describeExternal(url) : 'a non-string URL'}: only https: links to allow-listed hosts open outside the app`
      )
    }
    void Promise.resolve(opts.openExternal(url)).catch((e: unknown) => opts.log(`could not open ${describeExternal(url)}: ${(e as Error).message}`))
  })
  return () => {
    ipcMain.removeAllListeners(IPC_CHANNELS.bootstrap)
    ipcMain.removeAllListeners(IPC_CHANNELS.openExternal)
  }
}

/** Scheme and host of a URL for a log line (no path or query). */
function describeExternal(url: string): string {
  try {
    const u = new URL(url)
    return `a ${u.protocol} URL${u.host ? ` on ${u.host}` : ''}`
  } catch {
    return 'an invalid URL'
  }
}
