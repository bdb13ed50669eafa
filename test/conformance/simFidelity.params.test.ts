/**
 * Issue 14, class 1: query parameters parsed as the apiserver parses them, list options validated
 * as it validates them, advertised verbs that work.
 *
 * Expected values are the apiserver's (apimachinery `runtime.Convert_Slice_string_To_bool`: only
 * `false`/`0`, any case, are false; `internalversion/validation.ValidateListOptions`; the list
 * handler's 400 for an unparsable integer; the storage's 504 for a version it has not reached and
 * 410 for a compacted Exact read), observed through kubectl 1.27 and 1.33 `--raw` and the official
 * Python client (which sends `watch=True`).
 */
import { describe, expect, it } from 'vitest'
import { KUBECTLS, PYTHON_MISSING, json, useSim } from './simFidelity.harness.ts'

describe.each(KUBECTLS)('list and watch options, $label', ({ bin }) => {
  // A short history, so version 1 is long compacted.
  const h = useSim({ pods: 120, historySize: 200 })
  const k = (...a: string[]): ReturnType<typeof h.kubectl> => h.kubectl(bin as string, ...a)
  const raw = (path: string): ReturnType<typeof h.kubectl> => k('get', '--raw', path)

  it.skipIf(!bin)('watch=True and watch= (no value) are watches; watch=False and watch=0 are lists', async () => {
    for (const v of ['True', 'TRUE', '', '1', 'yes']) {
      const r = await raw(`/api/v1/namespaces/kube-system/pods?watch=${v}&timeoutSeconds=1`)
      expect(r.code, `watch=${v}: ${r.err}`).toBe(0)
      const first = JSON.parse(r.out.split('\n')[0]) as { type?: string; kind?: string }
      expect(first.type, `watch=${v} must stream events`).toBe('ADDED')
    }
    for (const v of ['False', 'false', '0']) {
      const r = await raw(`/api/v1/namespaces/kube-system/pods?watch=${v}`)
      expect(json(r).kind, `watch=${v} must list`).toBe('PodList')
    }
  })

  it.skipIf(!bin)('allowWatchBookmarks=True gets the pre-timeout BOOKMARK; sendInitialEvents is refused on a list', async () => {
    // The watch cache's pre-timeout bookmark comes 2 s before the deadline, and only once the
    // kind moved past where the watch started: a pod elsewhere changes while this one watches.
    const ns = h.sim.store.list('pods', { limit: 1 }).items[0].ns
    const other = h.sim.store.list('pods').items.find((p) => p.ns !== ns) ?? h.sim.store.list('pods').items[0]
    const watching = raw(`/api/v1/namespaces/${ns}/pods?watch=1&allowWatchBookmarks=True&resourceVersion=${h.sim.store.resourceVersion()}&timeoutSeconds=3`)
    await new Promise((res) => setTimeout(res, 500))
    const o = h.sim.store.object(other)
    h.sim.store.update('pods', { ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, bumped: 'yes' } } })
    const r = await watching
    expect(
      r.out
        .trim()
        .split('\n')
        .filter((l) => l)
        .map((l) => (JSON.parse(l) as { type: string }).type)
    ).toContain('BOOKMARK')
    const list = await raw('/api/v1/namespaces/kube-system/pods?sendInitialEvents=true')
    expect(list.code).not.toBe(0)
    expect(list.err).toContain('sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list')
  })

  it.skipIf(!bin)("a limit that is not a number is a 400 with strconv's reason; a negative one lists everything", async () => {
    const r = await raw('/api/v1/namespaces/kube-system/pods?limit=abc')
    expect(r.code).not.toBe(0)
    expect(r.err).toContain('Error from server (BadRequest)')
    expect(r.err).toContain('strconv.ParseInt: parsing "abc": invalid syntax')
    const all = json(await raw('/api/v1/namespaces/kube-system/pods'))
    expect(json(await raw('/api/v1/namespaces/kube-system/pods?limit=-1')).items.length).toBe(all.items.length)
  })

  it.skipIf(!bin)('resourceVersionMatch rules of ValidateListOptions', async () => {
    const noRv = await raw('/api/v1/pods?resourceVersionMatch=NotOlderThan')
    expect(noRv.err).toContain('resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided')
    const bad = await raw('/api/v1/pods?resourceVersion=5&resourceVersionMatch=Newest')
    expect(bad.err).toContain('resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""')
    const zero = await raw('/api/v1/pods?resourceVersion=0&resourceVersionMatch=Exact')
    expect(zero.err).toContain('resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"')
    const watch = await raw('/api/v1/pods?watch=1&resourceVersionMatch=NotOlderThan')
    expect(watch.err).toContain('resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided')
  })

  it.skipIf(!bin)('resourceVersion with continue is a 400; a version not reached yet is a 504; a compacted Exact read is a 410', async () => {
    const page = json(await raw('/api/v1/namespaces/kube-system/pods?limit=1'))
    expect(page.metadata.continue).toBeTruthy()
    const cont = await raw(`/api/v1/namespaces/kube-system/pods?limit=1&continue=${page.metadata.continue}&resourceVersion=${page.metadata.resourceVersion}`)
    expect(cont.err).toContain('specifying resource version is not allowed when using continue')
    const ahead = Number(page.metadata.resourceVersion) + 1_000_000
    const tooLarge = await raw(`/api/v1/namespaces/kube-system/pods?resourceVersion=${ahead}`)
    expect(tooLarge.err).toContain('Error from server (Timeout)')
    expect(tooLarge.err).toContain(`Too large resource version: ${ahead}, current:`)
    const old = await raw('/api/v1/namespaces/kube-system/pods?resourceVersion=1&resourceVersionMatch=Exact')
    expect(old.err).toContain('Error from server (Expired): The resourceVersion for the provided list is too old.')
  })

  it.skipIf(!bin)('an Exact list reads the collection as it was at that version', async () => {
    const ns = `exact-${bin?.endsWith('27') ? 'old' : 'new'}`
    expect((await k('create', 'namespace', ns)).code).toBe(0)
    const before = json(await raw(`/api/v1/namespaces/${ns}/pods`)).metadata.resourceVersion as string
    expect((await k('-n', ns, 'run', 'late', '--image=nginx')).code).toBe(0)
    const then = json(await raw(`/api/v1/namespaces/${ns}/pods?resourceVersion=${before}&resourceVersionMatch=Exact`))
    expect(then.items).toEqual([])
    expect(then.metadata.resourceVersion).toBe(before)
    const now = json(await raw(`/api/v1/namespaces/${ns}/pods?resourceVersion=${before}&resourceVersionMatch=NotOlderThan`))
    expect(now.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['late'])
  })

  it.skipIf(!bin)('deletecollection is advertised and works: DELETE on a collection with a label selector', async () => {
    const ns = `purge-${bin?.endsWith('27') ? 'old' : 'new'}`
    expect((await k('create', 'namespace', ns)).code).toBe(0)
    for (const name of ['a', 'b', 'keep']) {
      expect((await k('-n', ns, 'run', name, '--image=nginx', `--labels=purge=${name === 'keep' ? 'no' : 'yes'}`)).code).toBe(0)
    }
    const del = await k('delete', '--raw', `/api/v1/namespaces/${ns}/pods?labelSelector=purge%3Dyes&gracePeriodSeconds=0`)
    expect(del.code, del.err).toBe(0)
    expect(JSON.parse(del.out).kind).toBe('PodList')
    const left = json(await k('-n', ns, 'get', 'pods', '-o', 'json')).items.map((p: { metadata: { name: string } }) => p.metadata.name)
    expect(left).toEqual(['keep'])
  })
})

describe('the official Python client', () => {
  const h = useSim({ pods: 120 })

  it.skipIf(PYTHON_MISSING !== undefined)(
    'Watch.stream (watch=True) streams ADDED events; delete_collection_namespaced_pod deletes the selected pods',
    async () => {
      const r = await h.python('watch_and_collections.py', 'kube-system')
      expect(r.code, r.err).toBe(0)
      const seen = JSON.parse(r.out) as Record<string, unknown>
      expect(seen.watchError).toBeUndefined()
      expect(seen.watchTypes).toEqual(['ADDED'])
      expect(seen.watchEvents).toBe(seen.pods)
      expect(seen.deleteCollection).toBe('ok')
      expect(seen.purgeLeft).toBe(0)
      expect(seen.othersLeft).toBe(seen.pods)
    }
  )
})
