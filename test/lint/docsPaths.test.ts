/**
 * Every repository path the docs name exists: `docs/architecture.md` and `README.md` are read,
 * each path-like token under a source folder (`src/…`, `packages/…`, `test/…`, `scripts/…`,
 * `bench/…`, `build/…`, `docs/…`, `.ci/…`) or naming a root config file is taken out, and each
 * must exist in the repository.
 *
 * Why: the architecture page walks a request file by file; when a file moves or is renamed, the
 * page must follow, or it silently sends readers to files that are gone. Tokens are taken from the
 * whole text (backticks, prose, code blocks and diagrams alike). A template such as
 * `src/main/server/routes/<name>.ts` or a glob (`*`) is checked up to its last real folder.
 * Outputs the docs name but the repository does not hold (made by a command) are listed in
 * GENERATED, and each must still be named by a doc, so that list cannot rot either.
 */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const DOCS = ['docs/architecture.md', 'README.md']
/** Files the docs name that a command writes; not in a clean checkout. */
const GENERATED: Readonly<Record<string, string>> = {
  'bench/results/latest.json': 'written by `npm run bench`'
}

/**
 * A path token: one of the source folders at a word start, then path characters; or one of the
 * root config files (`eslint.config.js`, `tsconfig.node.json`, …).
 */
const PATH =
  /(?<![\w./-])((?:src|packages|test|scripts|bench|build|docs|\.ci)\/[^\s`'"(),;:|\]]*|(?:eslint|vitest|playwright|electron\.vite)\.config\.[jt]s|tsconfig(?:\.[\w-]+)?\.json|electron-builder\.yml)/g

/** The path-like tokens of `text`, trailing sentence punctuation dropped, in order of first use. */
export function pathsIn(text: string): string[] {
  const out = new Set<string>()
  for (const m of text.matchAll(PATH)) out.add(m[1].replace(/[.…]+$/, ''))
  return [...out]
}

/** What must exist for `token`: itself, or, for a template or glob, its last real folder. */
export function mustExist(token: string): string {
  const cut = token.search(/[<*{]/)
  if (cut < 0) return token
  return token.slice(0, token.lastIndexOf('/', cut) + 1)
}

/** The tokens of `text` whose path does not exist under `root`. */
export function missingPaths(text: string, root: string): string[] {
  return pathsIn(text).filter((p) => !(p in GENERATED) && !existsSync(resolve(root, mustExist(p))))
}

describe('paths named in the docs', () => {
  it('takes path tokens out of backticks, prose, code and diagrams, and spots the missing ones', () => {
    const sample = [
      'The view (`src/renderer/src/views/ListView.tsx`) and src/main/watch/engine.ts.',
      '│ src/main/server/httpServer.ts │ and [link](docs/architecture.md), then `npm run x -- scripts/mutation.ts`',
      'A template `src/main/server/routes/<name>.ts`, a glob src/shared/kinds/rows/*.ts, a URL https://x.io/src/no.ts,',
      'an API path /api/clusters/{cluster}/pods and a gone file `src/main/server/gone.ts`; a missing folder src/nowhere/<x>.ts',
      'root files `eslint.config.js`, tsconfig.web.json and `tsconfig.gone.json`, and `packages/kube-sim/tsconfig.json` only as itself'
    ].join('\n')
    expect(pathsIn(sample)).toEqual([
      'src/renderer/src/views/ListView.tsx',
      'src/main/watch/engine.ts',
      'src/main/server/httpServer.ts',
      'docs/architecture.md',
      'scripts/mutation.ts',
      'src/main/server/routes/<name>.ts',
      'src/shared/kinds/rows/*.ts',
      'src/main/server/gone.ts',
      'src/nowhere/<x>.ts',
      'eslint.config.js',
      'tsconfig.web.json',
      'tsconfig.gone.json',
      'packages/kube-sim/tsconfig.json'
    ])
    expect(missingPaths(sample, ROOT)).toEqual(['src/main/server/gone.ts', 'src/nowhere/<x>.ts', 'tsconfig.gone.json'])
  })

  for (const doc of DOCS) {
    it(`every path in ${doc} exists`, () => {
      const text = readFileSync(resolve(ROOT, doc), 'utf8')
      expect(pathsIn(text).length, `${doc} names no paths at all: is the extractor broken?`).toBeGreaterThan(5)
      expect(missingPaths(text, ROOT), `${doc} names paths that do not exist`).toEqual([])
    })
  }

  it('every generated output listed here is still named by a doc', () => {
    const named = new Set(DOCS.flatMap((d) => pathsIn(readFileSync(resolve(ROOT, d), 'utf8'))))
    for (const p of Object.keys(GENERATED)) expect(named.has(p), `${p} (${GENERATED[p]}) is named by no doc: drop it from GENERATED`).toBe(true)
  })

  it('README links the architecture page', () => {
    expect(pathsIn(readFileSync(resolve(ROOT, 'README.md'), 'utf8'))).toContain('docs/architecture.md')
  })
})
