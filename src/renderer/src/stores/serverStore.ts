/**
 * What the server told us about itself: enabled watch streams (`/api/features`) and clusters.
 *
 * Why a store: every list view's stream controller reacts to `features` changing (settings
 * applied → a kind drops to polling or comes back to live), and the sidebar shows clusters.
 * Lifecycle: filled by hooks (`useServerBootstrap`, the settings pane after a PUT); `featuresRev`
 * bumps on every refetch so controllers re-check even when the list is unchanged.
 */
import { createStore } from 'zustand/vanilla'
import type { ClusterInfo, FeaturesResponse } from '../../../shared/api/wire.ts'

export interface ServerState {
  readonly features: FeaturesResponse | null
  /** Bumped on every features fetch. */
  readonly featuresRev: number
  readonly featuresError: string
  readonly clusters: readonly ClusterInfo[] | null
  readonly clustersError: string
  /** The server refused this page's token (401): the tab must be signed in again. */
  readonly signInRefused: boolean
}

/** The app's server-facts store. */
export const server = createStore<ServerState>(() => ({
  features: null,
  featuresRev: 0,
  featuresError: '',
  clusters: null,
  clustersError: '',
  signInRefused: false
}))

/** Record a fresh `/api/features`. */
export function setFeatures(features: FeaturesResponse): void {
  server.setState((s) => ({ features, featuresRev: s.featuresRev + 1, featuresError: '' }))
}

/** Record that `/api/features` failed (views then poll). */
export function setFeaturesError(message: string): void {
  server.setState((s) => ({ featuresError: message, featuresRev: s.featuresRev + 1 }))
}

/** Record a fresh `/api/clusters`. */
export function setClusters(clusters: readonly ClusterInfo[]): void {
  server.setState({ clusters, clustersError: '' })
}

/** Record that `/api/clusters` failed. */
export function setClustersError(message: string): void {
  server.setState({ clustersError: message })
}

/** Record one cluster's fresh status (a retry's answer) without waiting for the next refresh. */
export function setClusterInfo(info: ClusterInfo): void {
  server.setState((s) => (s.clusters ? { clusters: s.clusters.map((c) => (c.id === info.id ? info : c)) } : {}))
}

/** The server answered 401 to this page's token. */
export function setSignInRefused(): void {
  server.setState({ signInRefused: true })
}
