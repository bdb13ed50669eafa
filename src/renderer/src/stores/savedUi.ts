/**
 * What the settings file says about the window (`ui`: last place, dismissed notes), once read.
 *
 * Why a store: the router waits for the saved place (when the address names none), and the demo
 * banner for its dismissal; both are read at startup and changed by the window itself.
 * Lifecycle: filled once by hooks/useUiSettings.ts; `dismissDemoBanner` flips the flag at once
 * (the hook saves it).
 */
import { createStore } from 'zustand/vanilla'

export interface SavedUiState {
  /** The settings were read (or could not be: then the defaults stand). */
  readonly loaded: boolean
  /** The last place saved (an address hash), or ''. */
  readonly place: string
  readonly demoBannerDismissed: boolean
}

export const savedUi = createStore<SavedUiState>(() => ({ loaded: false, place: '', demoBannerDismissed: false }))

/** Record what the settings file said. */
export function setSavedUi(s: Omit<SavedUiState, 'loaded'>): void {
  savedUi.setState({ ...s, loaded: true })
}

/** The settings could not be read: go on with the defaults. */
export function savedUiUnavailable(): void {
  savedUi.setState({ loaded: true })
}

/** Hide the "simulated cluster" note for good (saved by the hook). */
export function dismissDemoBanner(): void {
  savedUi.setState({ demoBannerDismissed: true })
}
