/**
 * The preload bridge contract: what `window.periscope` holds, and the IPC channels behind it.
 *
 * Why: three parties must agree on one shape — the preload implements it, main answers its IPC,
 * and the renderer reads it. Keeping it here (platform-free) turns a change into a type error in
 * all three. The sandboxed preload may import only types from here (it bundles to one file with no
 * runtime imports but `electron`), so it re-declares the channel names typed as `IpcChannels`:
 * a typo there fails the typecheck.
 */

/** What the preload exposes as `window.periscope` (exactly these four members, nothing else). */
export interface PeriscopeBridge {
  /** Origin of the local server (`https://127.0.0.1:<port>`), no trailing slash. */
  readonly baseUrl: string
  /** The per-launch bearer token of the local server. */
  readonly token: string
  /** The app version (package.json). */
  readonly version: string
  /** Ask main to open an allow-listed `https:` URL in the system browser; others are ignored. */
  openExternal(url: string): void
}

/** The answer of the bootstrap channel: the bridge's data members. */
export type BridgeBootstrap = Pick<PeriscopeBridge, 'baseUrl' | 'token' | 'version'>

/** The IPC channel names, by purpose. */
export interface IpcChannels {
  /** Synchronous (`sendSync`): the preload asks for `BridgeBootstrap` once, at page load. */
  readonly bootstrap: 'periscope:bootstrap'
  /** One-way (`send`): a URL the user asked to open in the system browser. */
  readonly openExternal: 'periscope:open-external'
}

/** Every channel main answers; anything else is rejected. */
export const IPC_CHANNELS: IpcChannels = {
  bootstrap: 'periscope:bootstrap',
  openExternal: 'periscope:open-external'
}

/** One of the known channel names. */
export type IpcChannel = IpcChannels[keyof IpcChannels]

/** True when `channel` is one of `IPC_CHANNELS`. */
export function isIpcChannel(channel: string): channel is IpcChannel {
  return (Object.values(IPC_CHANNELS) as string[]).includes(channel)
}
