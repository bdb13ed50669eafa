import { describe, expect, it } from 'vitest'
import { mergeClusters, namespaceNameProblem, validateClusters } from './clusterSettings.ts'
import { validateSaved } from './settings.ts'

describe('per-cluster access settings', () => {
  it('accepts namespace names that are DNS-1123 labels and refuses the rest (apimachinery IsDNS1123Label cases)', () => {
    for (const ok of ['a', 'team-a', '123-abc', '1', 'a'.repeat(63), 'kube-system']) expect(namespaceNameProblem(ok), ok).toBe('')
    for (const bad of ['', 'Team-A', '-a', 'a-', 'a_b', 'a.b', 'a b', 'ä', 'a'.repeat(64)]) expect(namespaceNameProblem(bad), bad).not.toBe('')
    expect(namespaceNameProblem('a'.repeat(64))).toBe('must be no more than 63 characters')
  })

  it("validates a settings body's clusters with the field named in the error, and merges (null forgets)", () => {
    expect(validateSaved({ clusters: { dev: { namespacesToWatch: ['team-a', 'team-b', 'team-a'], namespaceWatchBudget: 20 } } }, 'settings')).toEqual({
      ok: true,
      value: { clusters: { dev: { namespacesToWatch: ['team-a', 'team-b'], namespaceWatchBudget: 20 } } }
    })
    const bad = validateClusters({ dev: { namespacesToWatch: ['Team_A'] } }, 'settings')
    expect(bad).toMatchObject({
      ok: false,
      error: expect.stringContaining('settings clusters["dev"].namespacesToWatch: invalid namespace name "Team_A": a lowercase RFC 1123 label')
    })
    expect(validateClusters({ dev: { namespaceWatchBudget: 0 } }, 's')).toMatchObject({ ok: false, error: expect.stringContaining('from 1 to 320') })
    expect(validateClusters({ dev: { other: 1 } }, 's')).toMatchObject({ ok: false, error: expect.stringContaining('unknown field "other"') })
    expect(mergeClusters({ a: { namespacesToWatch: ['x'] }, b: { namespaceWatchBudget: 5 } }, { a: null, c: { namespacesToWatch: ['y'] } })).toEqual({
      b: { namespaceWatchBudget: 5 },
      c: { namespacesToWatch: ['y'] }
    })
  })
})
