/**
 * The project's ESLint config applies the rules of hooks to the renderer: a hook called after an
 * early return and an effect that omits what it reads are errors there. `npm run lint` keeps the
 * real renderer clean; this proves the check is on and can fail.
 */
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ESLint } from 'eslint'

const ROOT = resolve(import.meta.dirname, '../..')
const eslint = new ESLint({ cwd: ROOT })

const COMPONENT = `import { useEffect, useState } from 'react'

export function Counter({ step, on }: { step: number; on: boolean }): number {
  if (!on) return 0
  const [n, setN] = useState(0)
  useEffect(() => {
    const t = setInterval(() => setN((v) => v + step), 1000)
    return () => clearInterval(t)
  }, [])
  return n
}
`

async function hookReports(file: string): Promise<string[]> {
  const [r] = await eslint.lintText(COMPONENT, { filePath: join(ROOT, file) })
  return r.messages.filter((m) => m.ruleId?.startsWith('react-hooks/')).map((m) => `${m.line} ${m.ruleId} ${m.severity === 2 ? 'error' : 'warning'}`)
}

describe('react-hooks lint', () => {
  it('a conditional hook call and a missing effect dependency are errors in the renderer', async () => {
    for (const file of ['src/renderer/src/views/Counter.tsx', 'src/renderer/src/hooks/useCounter.ts']) {
      expect(await hookReports(file), file).toEqual([
        '5 react-hooks/rules-of-hooks error',
        '6 react-hooks/rules-of-hooks error',
        '9 react-hooks/exhaustive-deps error'
      ])
    }
  })

  it('the same code outside the renderer is not checked for hooks', async () => {
    expect(await hookReports('src/main/watch/counter.ts')).toEqual([])
  })
})
