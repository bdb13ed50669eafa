import { describe, expect, it } from 'vitest'
import type { KubeObject } from '../types.ts'
import { createRng } from './prng.ts'
import { makeTemplate } from './catalog.ts'
import { podBase } from './podSpec.ts'
import { podInState, POD_STATES, POD_STATUS_TEXT, type PodState } from './podStatus.ts'
import { kubectlPodStatus } from './kubectlStatus.ts'
import { MINUTE } from './ids.ts'

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const tpl = makeTemplate(createRng(3), { app: 'ledger-api', instance: 'ledger-api', namespace: 'payments', extraLabels: [['pod-template-hash', '7d9f8c6b5x']] })

function pod(state: PodState, restartPolicy?: 'Never'): KubeObject {
  const base = podBase(
    tpl,
    {
      namespace: 'payments',
      name: 'ledger-api-7d9f8c6b5x-q2wz8',
      generateName: 'ledger-api-7d9f8c6b5x-',
      owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'ledger-api-7d9f8c6b5x' },
      nodeName: 'worker-0012',
      hostIP: '10.0.1.22',
      podIP: '10.128.12.7',
      createdMs: NOW - 60 * MINUTE
    },
    NOW,
    NOW - 59 * MINUTE,
    4,
    NOW - 5 * MINUTE
  )
  if (restartPolicy) base.spec.restartPolicy = restartPolicy
  return podInState(state, base)
}

describe('podInState', () => {
  it.each(POD_STATES.map((s) => [s, POD_STATUS_TEXT[s]]))('%s prints STATUS %s', (state, text) => {
    expect(kubectlPodStatus(pod(state as PodState)).status).toBe(text)
  })

  it('prints READY and RESTARTS like kubectl for the states that differ only there', () => {
    expect(kubectlPodStatus(pod('Running'))).toEqual({ ready: '2/2', status: 'Running', restarts: 0 })
    expect(kubectlPodStatus(pod('RunningNotReady'))).toMatchObject({ ready: '1/2', status: 'Running' })
    // `4 (5m ago)`: the restart count and the finishedAt of the last termination.
    expect(kubectlPodStatus(pod('RunningRestarted'))).toEqual({ ready: '2/2', status: 'Running', restarts: 4, lastRestart: '2026-01-15T11:55:00Z' })
    expect(kubectlPodStatus(pod('CrashLoopBackOff'))).toMatchObject({ ready: '1/2', restarts: 4, lastRestart: '2026-01-15T11:55:00Z' })
  })

  it('shapes unscheduled, terminating and terminal pods as the apiserver does', () => {
    const pending = pod('Pending')
    expect((pending.spec as Record<string, unknown>).nodeName).toBeUndefined()
    expect((pending.status as { conditions: { type: string; status: string; reason: string }[] }).conditions[0]).toMatchObject({
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable'
    })
    expect((pod('SchedulingGated').spec as { schedulingGates: unknown[] }).schedulingGates).toHaveLength(1)
    expect(pod('Terminating').metadata.deletionTimestamp).toBe('2026-01-15T12:00:30Z')
    expect(pod('NodeLost').status).toMatchObject({ reason: 'NodeLost' })
    expect(pod('Evicted').status).toMatchObject({ phase: 'Failed', reason: 'Evicted' })
    expect(pod('Completed').status).toMatchObject({ phase: 'Succeeded' })
    expect(pod('Error', 'Never').status).toMatchObject({ phase: 'Failed' })
    expect(kubectlPodStatus(pod('Error', 'Never')).status).toBe('Error')
    expect(kubectlPodStatus(pod('OOMKilled', 'Never')).status).toBe('OOMKilled')
    expect((pod('Init:1/2').spec as { initContainers: unknown[] }).initContainers).toHaveLength(2)
  })

  it('rejects an unknown state with a precise message', () => {
    expect(() => pod('Bogus' as PodState)).toThrow('podInState: unknown pod state "Bogus"')
  })
})

describe('kubectlPodStatus', () => {
  const mk = (status: Record<string, unknown>, spec: Record<string, unknown> = { containers: [{ name: 'a' }] }, deleting = false): KubeObject => ({
    metadata: deleting ? { name: 'p', deletionTimestamp: '2026-01-01T00:00:00Z' } : { name: 'p' },
    spec,
    status
  })

  it('follows the printer for exit codes, signals and restartable init containers', () => {
    expect(kubectlPodStatus(mk({ phase: 'Running', containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 3 } } }] })).status).toBe('ExitCode:3')
    expect(kubectlPodStatus(mk({ phase: 'Running', containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 0, signal: 9 } } }] })).status).toBe(
      'Signal:9'
    )
    expect(
      kubectlPodStatus(
        mk(
          { phase: 'Pending', initContainerStatuses: [{ name: 'i', state: { terminated: { exitCode: 2 } } }] },
          { containers: [{ name: 'a' }], initContainers: [{ name: 'i' }] }
        )
      ).status
    ).toBe('Init:ExitCode:2')
    const sidecar = kubectlPodStatus(
      mk(
        {
          phase: 'Running',
          conditions: [{ type: 'Initialized', status: 'True' }],
          initContainerStatuses: [{ name: 's', started: true, ready: true, restartCount: 2, state: { running: {} } }],
          containerStatuses: [{ name: 'a', ready: true, state: { running: {} } }]
        },
        { containers: [{ name: 'a' }], initContainers: [{ name: 's', restartPolicy: 'Always' }] }
      )
    )
    expect(sidecar).toEqual({ ready: '2/2', status: 'Running', restarts: 2 })
    expect(kubectlPodStatus(mk({ phase: 'Succeeded' }, undefined, true)).status).toBe('Succeeded')
  })
})
