/**
 * `window.periscope`, as the preload exposes it (absent in browser mode and on foreign pages).
 */
import type { PeriscopeBridge } from '../shared/bridge.ts'

declare global {
  interface Window {
    readonly periscope?: PeriscopeBridge
  }
}
