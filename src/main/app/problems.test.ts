import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => ({ dialog: {} }))
const { problemReport } = await import('./problems.ts')

describe('problemReport', () => {
  it('is null when there is nothing wrong', () => {
    expect(problemReport(undefined, [])).toBeNull()
  })
  it('names the corrupt settings file problem', () => {
    const r = problemReport('settings file /x/settings.json is not valid JSON; kept aside as /x/settings.json.corrupt-1', [])
    expect(r?.message).toBe('Periscope could not use its settings file')
    expect(r?.detail).toContain('kept aside as /x/settings.json.corrupt-1')
  })
  it('names each kubeconfig file and line, and summarises long lists', () => {
    const probs = Array.from({ length: 10 }, (_, i) => ({ path: `/k/config${i}`, line: i + 1, message: 'bad YAML' }))
    const r = problemReport(undefined, probs)
    expect(r?.detail).toContain('Kubeconfig /k/config0:1: bad YAML')
    expect(r?.detail).toContain('and 2 more')
    expect(r?.detail).not.toContain('/k/config9')
  })
})
