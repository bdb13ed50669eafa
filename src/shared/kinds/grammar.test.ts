import { describe, expect, it } from 'vitest'
import { CUSTOM_ALL, CUSTOM_NONE, customEnabled, enabledLogLine, formatKinds, parseKinds } from './grammar.ts'
import type { CustomSelection } from './grammar.ts'
import { GROUP_IDS, KIND_IDS, kindsOfGroup } from './registry.ts'
import type { KindId } from './registry.ts'

const ALL = [...KIND_IDS]

type Case = [name: string, input: string | undefined, expected: readonly KindId[]]
type BadCase = [name: string, input: string, badToken: string, mentions?: string]

const ok: Case[] = [
  ['unset', undefined, ALL],
  ['empty', '', ALL],
  ['whitespace only', '   \t  ', ALL],
  ['all', 'all', ALL],
  ['all with surrounding spaces', '  all ', ALL],
  ['off', 'off', []],
  ['none', 'none', []],
  ['two kinds', 'pods,events', ['pods', 'events']],
  ['kinds out of registry order come back in registry order', 'nodes,pods', ['pods', 'nodes']],
  ['spaces around tokens', ' pods , events ', ['pods', 'events']],
  ['empty tokens skipped', 'pods,,events,', ['pods', 'events']],
  ['leading comma', ',pods', ['pods']],
  ['duplicates harmless', 'pods,pods,events,pods', ['pods', 'events']],
  ['one group', 'workloads', kindsOfGroup('workloads')],
  ['two groups', 'core,workloads', [...kindsOfGroup('core'), ...kindsOfGroup('workloads')]],
  ['kind and group mixed', 'pods,workloads', ['pods', ...kindsOfGroup('workloads')]],
  ['group plus a kind already in it', 'core,pods', kindsOfGroup('core')],
  ['every group is every kind', GROUP_IDS.join(','), ALL],
  ['every kind listed is every kind', KIND_IDS.join(','), ALL],
  ['mix across groups', 'pvs,nodes,services', ['services', 'pvs', 'nodes']]
]
for (const k of KIND_IDS) ok.push([`kind ${k}`, k, [k]])
for (const g of GROUP_IDS) ok.push([`group ${g}`, g, kindsOfGroup(g)])

const bad: BadCase[] = [
  ['typo', 'banana,pods', 'banana'],
  ['near miss gets a suggestion', 'pod', 'pod', 'did you mean "pods"'],
  ['near miss of a group', 'workload', 'workload', 'did you mean "workloads"'],
  ['wrong case kind', 'Pods', 'Pods', 'lower-case'],
  ['wrong case group', 'CORE', 'CORE', 'lower-case'],
  ['wrong case all', 'ALL', 'ALL', 'lower-case'],
  ['off mixed with a kind', 'off,pods', 'off', 'alone'],
  ['none mixed with a kind', 'pods,none', 'none', 'alone'],
  ['all mixed with a kind', 'all,pods', 'all', 'alone'],
  ['all mixed with off', 'all,off', 'all', 'alone'],
  ['only commas', ',,', ',,', 'names no kind'],
  ['kubectl short name is not a token', 'po', 'po'],
  ['singular resource is not a token', 'deployment', 'deployment'],
  ['apiserver resource name is not a token', 'persistentvolumes', 'persistentvolumes'],
  ['token with inner space', 'pods events', 'pods events'],
  ['semicolon separator', 'pods;events', 'pods;events'],
  ['typo after valid tokens', 'pods,events,nodez', 'nodez', 'did you mean "nodes"']
]

describe('parseKinds: valid forms', () => {
  it.each(ok)('%s', (_name, input, expected) => {
    const r = parseKinds(input)
    // Custom kinds follow "everything" (unset, empty, all) and nothing else in these cases.
    const everything = input === undefined || input.trim() === '' || input.trim() === 'all'
    expect(r).toEqual({ ok: true, kinds: expected, custom: everything ? CUSTOM_ALL : CUSTOM_NONE })
  })
})

describe('parseKinds: custom kinds', () => {
  const cases: [string, readonly KindId[], CustomSelection][] = [
    ['custom', [], CUSTOM_ALL],
    ['pods,custom', ['pods'], CUSTOM_ALL],
    ['certificates.cert-manager.io', [], { all: false, tokens: ['certificates.cert-manager.io'] }],
    // kubectl's own form for an aggregated API's resource, and a group with many labels.
    ['pods.metrics.k8s.io,pods', ['pods'], { all: false, tokens: ['pods.metrics.k8s.io'] }],
    [
      'virtualservices.networking.istio.io,applications.argoproj.io',
      [],
      { all: false, tokens: ['applications.argoproj.io', 'virtualservices.networking.istio.io'] }
    ],
    ['custom,nodepools.karpenter.sh', [], CUSTOM_ALL],
    ['off', [], CUSTOM_NONE]
  ]
  it.each(cases)('%s', (input, kinds, custom) => {
    expect(parseKinds(input)).toEqual({ ok: true, kinds, custom })
  })

  it.each([
    // One label is not a resource of a group: a core resource name, never custom.
    ['certificates', 'certificates'],
    // Upper case: resource and group names are lower-case DNS names (kubectl would not find it).
    ['Certificates.cert-manager.io', 'Certificates.cert-manager.io'],
    ['certificates.cert_manager.io', 'certificates.cert_manager.io'],
    ['certificates..io', 'certificates..io'],
    ['.cert-manager.io', '.cert-manager.io'],
    // A group needs a dot: `<plural>.<group>` where the group is a domain.
    ['widgets.example', 'widgets.example'],
    ['custom,all', 'all']
  ])('%s is refused, naming %s', (input, token) => {
    const r = parseKinds(input)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.token).toBe(token)
      expect(r.error).toContain('<plural>.<group>')
    }
  })

  it('customEnabled follows the selection', () => {
    expect(customEnabled(CUSTOM_ALL, 'a.b.c')).toBe(true)
    expect(customEnabled(CUSTOM_NONE, 'a.b.c')).toBe(false)
    expect(customEnabled({ all: false, tokens: ['a.b.c'] }, 'a.b.c')).toBe(true)
    expect(customEnabled({ all: false, tokens: ['a.b.c'] }, 'x.b.c')).toBe(false)
  })
})

describe('parseKinds: rejected forms', () => {
  it.each(bad)('%s', (_name, input, badToken, mentions) => {
    const r = parseKinds(input)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.token).toBe(badToken)
    expect(r.error).toContain(`"${badToken}"`)
    // The message lists every valid kind token and group, so the user can fix it from the message.
    for (const k of KIND_IDS) expect(r.error).toContain(k)
    for (const g of GROUP_IDS) expect(r.error).toContain(g)
    if (mentions) expect(r.error).toContain(mentions)
  })
})

describe('formatKinds', () => {
  it.each([
    [ALL, GROUP_IDS.join(',')],
    [[], 'off'],
    [['pods', 'events'], 'core'],
    [['pods', ...kindsOfGroup('workloads'), 'nodes'], 'workloads,pods,nodes']
  ] as [KindId[], string][])('%j → %s', (kinds, expected) => {
    expect(formatKinds(kinds)).toBe(expected)
  })

  it('is empty only for every built-in kind and every custom kind', () => {
    expect(formatKinds(ALL, CUSTOM_ALL)).toBe('')
    expect(formatKinds([], CUSTOM_ALL)).toBe('custom')
    expect(formatKinds(['pods'], { all: false, tokens: ['b.x.io', 'a.x.io'] })).toBe('pods,a.x.io,b.x.io')
  })

  it('round-trips through parseKinds for every single kind and group', () => {
    for (const input of [...KIND_IDS, ...GROUP_IDS, 'pods,services,pvs', 'custom', 'pods,certificates.cert-manager.io', '', 'off']) {
      const first = parseKinds(input)
      if (!first.ok) throw new Error(first.error)
      const again = parseKinds(formatKinds(first.kinds, first.custom))
      expect(again).toEqual(first)
    }
  })
})

describe('enabledLogLine', () => {
  it('lists every kind in registry order with its state', () => {
    const line = enabledLogLine(['pods', 'nodes'])
    expect(line.startsWith('watch streams enabled: pods=true events=false deployments=false')).toBe(true)
    expect(line).toContain('nodes=true')
    expect(line.split(' ').length).toBe(3 + KIND_IDS.length + 1)
    expect(line.endsWith(' custom=true')).toBe(true)
    expect(enabledLogLine([], CUSTOM_NONE).endsWith(' custom=false')).toBe(true)
    expect(enabledLogLine([], { all: false, tokens: ['a.x.io', 'b.x.io'] }).endsWith(' custom=false a.x.io=true b.x.io=true')).toBe(true)
  })
})
