/**
 * ESLint rule `periscope/no-import-cycle`: no module may import a module that leads back to it,
 * counting every kind of import: value, `import type`, `export … from`, dynamic `import()`.
 *
 * Why our own rule: `import-x/no-cycle` (eslint-plugin-import-x 4.x) skips type-only imports by
 * design, so it cannot see a cycle like the one `src/shared/kinds/rows` had (`index.ts` imported
 * the projector table, whose files imported their types from `index.ts`). Type cycles are erased
 * at runtime but still tie modules together: neither can be read, moved or tested without the
 * other. The graph is built with the TypeScript compiler API (`preProcessFile` to list a file's
 * imports, `resolveModuleName` to resolve them, so the `@periscope/kube-sim` workspace package
 * resolves to its sources); files outside the repository (anything in node_modules, `.d.ts`)
 * are leaves.
 * Lifecycle: for each linted file, each import whose target can reach the file again is reported
 * with the shortest route back. Other files' imports are read from disk once and cached per path
 * and mtime for the life of the ESLint process (a CLI run, or an editor's server).
 */
import ts from 'typescript'
import { realpathSync, readFileSync, statSync } from 'node:fs'
import { relative } from 'node:path'
import type { Rule } from 'eslint'

/** Resolution as the bundler and Node's type stripping see our sources: explicit `.ts` extensions, package `exports`. */
const RESOLUTION: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  allowJs: true,
  resolveJsonModule: true,
  noEmit: true
}

/** One import of a file: the specifier's offsets in its text and the repository file it resolves to. */
interface Edge {
  readonly pos: number
  readonly end: number
  readonly target: string
}

const edgeCache = new Map<string, { mtimeMs: number; targets: readonly string[] }>()

/** The repository files a module imports (realpaths); imports of packages, built-ins and assets are left out. */
function importEdges(file: string, text: string): Edge[] {
  const out: Edge[] = []
  for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
    const resolved = ts.resolveModuleName(ref.fileName, file, RESOLUTION, ts.sys).resolvedModule
    if (!resolved || resolved.extension === ts.Extension.Dts) continue
    let target: string
    try {
      target = realpathSync(resolved.resolvedFileName)
    } catch {
      continue
    }
    if (target.split(/[\\/]/).includes('node_modules')) continue
    out.push({ pos: ref.pos, end: ref.end, target })
  }
  return out
}

/** The import targets of a file on disk (cached by mtime); none when it cannot be read. */
function targetsOf(file: string): readonly string[] {
  let mtimeMs: number
  try {
    mtimeMs = statSync(file).mtimeMs
  } catch {
    return []
  }
  const hit = edgeCache.get(file)
  if (hit && hit.mtimeMs === mtimeMs) return hit.targets
  const targets = [...new Set(importEdges(file, readFileSync(file, 'utf8')).map((e) => e.target))]
  edgeCache.set(file, { mtimeMs, targets })
  return targets
}

/** The shortest import route from `from` to `to` (both ends included), or undefined. Breadth-first. */
function routeBetween(from: string, to: string): string[] | undefined {
  const parent = new Map<string, string | null>([[from, null]])
  const queue = [from]
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i]
    if (at === to) {
      const route: string[] = []
      for (let p: string | null = at; p !== null; p = parent.get(p) ?? null) route.unshift(p)
      return route
    }
    for (const next of targetsOf(at)) {
      if (!parent.has(next)) {
        parent.set(next, at)
        queue.push(next)
      }
    }
  }
  return undefined
}

/** The real path (edges are realpaths), or the path itself when it does not exist (linted text). */
function real(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}

const noImportCycle: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles, type-only imports included' },
    schema: [],
    messages: { cycle: 'import cycle: {{route}}. Move what both sides need into a module of its own.' }
  },
  create(context) {
    const self = real(context.physicalFilename)
    const cwd = real(context.cwd)
    const source = context.sourceCode
    return {
      Program() {
        const shown = (f: string): string => relative(cwd, f)
        for (const edge of importEdges(self, source.text)) {
          const back = edge.target === self ? [self] : routeBetween(edge.target, self)
          if (!back) continue
          context.report({
            loc: { start: source.getLocFromIndex(edge.pos), end: source.getLocFromIndex(edge.end) },
            messageId: 'cycle',
            data: { route: [self, ...back].map(shown).join(' → ') }
          })
        }
      }
    }
  }
}

/** The plugin object for eslint.config.js. */
export const periscopePlugin = { rules: { 'no-import-cycle': noImportCycle } }
