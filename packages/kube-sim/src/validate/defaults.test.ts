// Job defaulting as kubernetes' SetDefaults_Job does it (pkg/apis/batch/v1/defaults.go): both
// completions and parallelism become 1 only when both are unset; a work queue (parallelism set,
// completions unset) keeps no completions, so kubectl prints COMPLETIONS as "0/1 of 3".
import { describe, expect, it } from 'vitest'
import { defaultOnCreate } from './defaults.ts'
import type { KubeObject } from '../types.ts'

const job = (spec: Record<string, unknown>): KubeObject => ({
  metadata: { name: 'j', namespace: 'ns' },
  spec: { ...spec, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } }
})
const counts = (spec: Record<string, unknown>): unknown[] => {
  const o = job(spec)
  defaultOnCreate('jobs', o, 'uid-1')
  const s = o.spec as { completions?: number; parallelism?: number }
  return [s.completions, s.parallelism]
}

describe('job defaults', () => {
  it('sets completions and parallelism to 1 when both are unset', () => {
    expect(counts({})).toEqual([1, 1])
  })
  it('leaves completions unset for a work queue (parallelism only)', () => {
    expect(counts({ parallelism: 3 })).toEqual([undefined, 3])
  })
  it('defaults parallelism alone when completions is set', () => {
    expect(counts({ completions: 4 })).toEqual([4, 1])
  })
})
