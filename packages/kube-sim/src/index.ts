/**
 * The public API of `@periscope/kube-sim`, the simulated kube-apiserver.
 *
 * Why: the simulator is a product of its own (the demo cluster, and the fixture every test and
 * benchmark runs against); the app, the bench and the tests reach it only through this file, so
 * its insides (store, HTTP layer, controllers, generators) can change without touching them.
 * Lifecycle: `startSim()` returns a running apiserver; `stop()` on it ends everything it started.
 */
export { startSim } from './sim.ts'
export type { Sim, SimOptions, SimUser, RequestLog, RequestEntry, SimStore, SimFaults } from './sim.ts'
export type { SimLogs, WrittenLine, WrittenRun } from './logs/record.ts'
export { LOG_RATE_ANNOTATION } from './logs/book.ts'
export { makeTls } from './tls.ts'
export type { SimTls } from './tls.ts'
export { renderKubeconfig, writeKubeconfig } from './kubeconfig.ts'
export type { KubeconfigOptions } from './kubeconfig.ts'
export type { KubeObject, KubeMeta, OwnerRef, SimWriteOp } from './types.ts'
export type { Rec } from './store/types.ts'
export { StoreError } from './store/types.ts'
export { generateCluster, kubectlPodStatus, podInState, POD_STATES, POD_STATUS_TEXT } from './gen/index.ts'
export type { PodBase, PodState, PodPrint } from './gen/index.ts'
