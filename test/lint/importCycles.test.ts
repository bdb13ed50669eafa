/**
 * The import-cycle lint rule (`periscope/no-import-cycle`) can fail: on small fixture trees, and
 * through the project's own ESLint config on a deliberately added cycle in the real sources
 * (type-only imports and the `@periscope/kube-sim` workspace package included). `npm run lint`
 * is what keeps the real tree free of cycles; this proves that check is not a no-op.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ESLint } from 'eslint'
import tseslint from 'typescript-eslint'
import { periscopePlugin } from '../../scripts/lint/noImportCycle.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const RULE = 'periscope/no-import-cycle'
const dirs: string[] = []

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** Write a fixture tree and lint it with the rule alone; returns `file:line message` per report. */
async function lintTree(files: Record<string, string>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'periscope-cycles-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { periscope: periscopePlugin }, rules: { [RULE]: 'error' } }]
  })
  const results = await eslint.lintFiles(['.'])
  return results
    .flatMap((r) => r.messages.map((m) => `${r.filePath.slice(dir.length + 1)}:${m.line} ${m.ruleId === RULE ? m.message : `${m.ruleId}: ${m.message}`}`))
    .sort()
}

describe('periscope/no-import-cycle on fixture trees', () => {
  it('reports a cycle made of a type-only import, in both files, with the route back', async () => {
    const reports = await lintTree({
      'index.ts': "import type { Row } from './row.ts'\nexport const rows: Row[] = []\n",
      'row.ts': "import { rows } from './index.ts'\nexport interface Row { n: number }\nexport const count = (): number => rows.length\n"
    })
    expect(reports).toEqual([
      'index.ts:1 import cycle: index.ts → row.ts → index.ts. Move what both sides need into a module of its own.',
      'row.ts:1 import cycle: row.ts → index.ts → row.ts. Move what both sides need into a module of its own.'
    ])
  })

  it('follows re-exports and dynamic imports through nested folders', async () => {
    const reports = await lintTree({
      'a.ts': "export * from './sub/b.ts'\n",
      'sub/b.ts': "export const b = async (): Promise<unknown> => import('./c.ts')\n",
      'sub/c.ts': "export { type A } from '../a.ts'\n",
      'leaf.ts': "import { b } from './sub/b.ts'\nexport const x = b\n"
    })
    expect(reports.map((r) => r.split(' import cycle: ')[0])).toEqual(['a.ts:1', 'sub/b.ts:1', 'sub/c.ts:1'])
    expect(reports[0]).toContain('a.ts → sub/b.ts → sub/c.ts → a.ts')
  })

  it('passes a tree without cycles (a diamond, packages, built-ins, missing files)', async () => {
    const reports = await lintTree({
      'top.ts':
        "import { l } from './left.ts'\nimport { r } from './right.ts'\nimport { join } from 'node:path'\nimport type { Rule } from 'eslint'\nexport const t: unknown[] = [l, r, join, {} as Rule.RuleModule]\n",
      'left.ts': "import { base } from './base.ts'\nexport const l = base\n",
      'right.ts': "import { base } from './base.ts'\nimport './missing.ts'\nexport const r = base\n",
      'base.ts': 'export const base = 1\n'
    })
    expect(reports).toEqual([])
  })

  it('reports a module that imports itself', async () => {
    expect(await lintTree({ 'self.ts': "import * as me from './self.ts'\nexport const x = me\n" })).toEqual([
      'self.ts:1 import cycle: self.ts → self.ts. Move what both sides need into a module of its own.'
    ])
  })
})

describe('the project config reports a cycle added to the real sources', () => {
  const eslint = new ESLint({ cwd: ROOT })
  const cycleReports = async (file: string, extra: string): Promise<string[]> => {
    const text = `${extra}\n${readFileSync(join(ROOT, file), 'utf8')}`
    const [result] = await eslint.lintText(text, { filePath: join(ROOT, file) })
    return result.messages.filter((m) => m.ruleId === RULE).map((m) => `${m.line} ${m.message}`)
  }

  it('the rows cycle this rule was made for: a projector importing the entry point (type-only)', async () => {
    expect(await cycleReports('src/shared/kinds/rows/pods.ts', "import type { ObjectLike as _O } from './index.ts'")).toEqual([
      '1 import cycle: src/shared/kinds/rows/pods.ts → src/shared/kinds/rows/index.ts → src/shared/kinds/rows/projectors.ts → src/shared/kinds/rows/pods.ts. Move what both sides need into a module of its own.'
    ])
  })

  it('a cycle through the @periscope/kube-sim workspace package', async () => {
    const reports = await cycleReports('packages/kube-sim/src/tls.ts', "import type { Sim as _S } from '@periscope/kube-sim'")
    expect(reports).toEqual([
      '1 import cycle: packages/kube-sim/src/tls.ts → packages/kube-sim/src/index.ts → packages/kube-sim/src/tls.ts. Move what both sides need into a module of its own.'
    ])
  })

  it('the same files as they are have no cycle', async () => {
    expect(await cycleReports('src/shared/kinds/rows/pods.ts', '')).toEqual([])
    expect(await cycleReports('packages/kube-sim/src/tls.ts', '')).toEqual([])
  })
})
