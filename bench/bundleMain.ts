/**
 * Bundle the bench's server child (bench/serverProcess.ts: the composed backend the app's main
 * process runs) the way electron-vite bundles `src/main`: one ES module for Node, the package's
 * dependencies left external (electron-vite's externalizeDeps), Node built-ins external.
 *
 * Why: issue 21 asks for the main process's weight as it ships, not as the type-stripped sources
 * run (those load ~one module per file and keep every file's source and type-stripping output).
 * Electron itself is not installed on these machines (node_modules/electron has no dist), so the
 * bundle runs on the project's Node 22; Electron's V8 adds pointer compression (smaller heap).
 * Lifecycle: `bundleMain()` once per bench run (~5–10 s) → the path of the bundle.
 */
import { readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, resolve } from 'node:path'
import { build } from 'vite'

const ROOT = resolve(import.meta.dirname, '..')
const OUT = join(ROOT, 'out/bench-main')

/** Build the bundle; returns its path. */
export async function bundleMain(): Promise<string> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
  const deps = Object.keys(pkg.dependencies ?? {})
  const external = (id: string): boolean => id.startsWith('node:') || builtinModules.includes(id) || deps.some((d) => id === d || id.startsWith(`${d}/`))
  await build({
    root: ROOT, configFile: false, logLevel: 'warn', publicDir: false,
    build: {
      ssr: join(ROOT, 'bench/serverProcess.ts'), outDir: OUT, emptyOutDir: true, target: 'node22', minify: false, reportCompressedSize: false,
      rollupOptions: { external, output: { format: 'es', entryFileNames: '[name].js' } }
    }
  })
  return join(OUT, 'serverProcess.js')
}
