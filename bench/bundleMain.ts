/**
 * The bench's main process, bundled as Electron runs it: `bench/serverProcess.ts` built by
 * electron-vite with the product's own main-process build settings into `out/bench-main/`.
 *
 * Why: main-process memory (T7) must be measured on the electron-vite output (one bundle, the
 * dependencies electron-vite bundles or leaves external exactly as for `out/main/index.js`), not
 * on type-stripped sources, which load every source file and every dependency module separately.
 * Electron itself cannot run headless on the bench machine, so the bench runs the same bundle
 * with Node (same V8 generation; Electron adds pointer compression, which only makes it smaller).
 * Lifecycle: one build per bench run (~5 s); the caller runs the output file.
 */
import { join, resolve } from 'node:path'
import { build } from 'electron-vite'

const ROOT = resolve(import.meta.dirname, '..')

/**
 * Build `bench/serverProcess.ts` with the product's main build settings
 * (bench/electron.vite.bench.config.ts).
 * @returns the path of the bundled entry.
 */
export async function bundleBenchMain(): Promise<string> {
  await build({ configFile: join(ROOT, 'bench/electron.vite.bench.config.ts'), root: ROOT, logLevel: 'warn' })
  return join(ROOT, 'out/bench-main/serverProcess.js')
}
