/**
 * The preload bridge: exposes exactly `window.periscope = { baseUrl, token, version, openExternal }`.
 *
 * Why: the page is sandboxed and context-isolated, so this script is its only way to main. It
 * exposes plain values and one function, never `ipcRenderer` (Electron security checklist #20).
 * The token arrives as the synchronous answer of the bootstrap channel, which main gives only to
 * the top frame on the app's origin; it is never in argv, env, a file or a log.
 * Runtime imports: `electron` only (a sandboxed preload is one CommonJS file); the channel names
 * are typed against `src/shared/bridge.ts`, so a mismatch fails the typecheck.
 * Lifecycle: runs once per page load, before the page's scripts.
 */
import { contextBridge, ipcRenderer } from 'electron'
import type { BridgeBootstrap, IpcChannels, PeriscopeBridge } from '../shared/bridge.ts'

const CHANNELS: IpcChannels = { bootstrap: 'periscope:bootstrap', openExternal: 'periscope:open-external' }

/** The bootstrap answer, or null when main refused it (the page is then not ours). */
function bootstrap(): BridgeBootstrap | null {
  const r: unknown = ipcRenderer.sendSync(CHANNELS.bootstrap)
  if (typeof r !== 'object' || r === null) return null
  const { baseUrl, token, version } = r as Record<string, unknown>
  if (typeof baseUrl !== 'string' || typeof token !== 'string' || typeof version !== 'string') return null
  return { baseUrl, token, version }
}

const data = bootstrap()
if (data !== null) {
  const bridge: PeriscopeBridge = {
    baseUrl: data.baseUrl,
    token: data.token,
    version: data.version,
    openExternal(url: string): void {
      // Only a string crosses; main checks the scheme and the host allow-list.
      ipcRenderer.send(CHANNELS.openExternal, String(url))
    }
  }
  contextBridge.exposeInMainWorld('periscope', bridge)
}
