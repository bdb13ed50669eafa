/**
 * Issue 14, class 8: what the demo cluster does not model fails clearly. `kubectl exec`,
 * `attach` and `port-forward` reach the pod's `exec`/`attach`/`portforward` subresources; the
 * simulator runs no containers, so each answers a 400 that names the subresource and says the
 * demo cluster does not run containers — never "the server could not find the requested
 * resource", which reads as if the pod were missing. A pod that really is missing stays a 404.
 */
import { describe, expect, it } from 'vitest'
import { KUBECTLS, eventually, useSim } from './simFidelity.harness.ts'

describe.each(KUBECTLS)('exec, attach and port-forward on the demo cluster, $label', ({ bin }) => {
  const h = useSim({ pods: 60, controllers: { stepMs: 50 } })
  const k = (...a: string[]): ReturnType<typeof h.kubectl> => h.kubectl(bin as string, ...a)
  const ns = `noexec-${bin?.endsWith('27') ? 'old' : 'new'}`
  const NOT_RUN = 'the Periscope demo cluster simulates pod "web" but does not run containers'

  it.skipIf(!bin)('each names its subresource and says the demo cluster does not run containers', async () => {
    expect((await k('create', 'namespace', ns)).code).toBe(0)
    expect((await k('-n', ns, 'run', 'web', '--image=nginx')).code).toBe(0)
    // port-forward checks the pod is Running first: wait for the simulated kubelet.
    const running = await eventually(
      async () => ((await k('-n', ns, 'get', 'pod', 'web', '-o', 'jsonpath={.status.phase}')).out === 'Running' ? true : undefined),
      15_000
    )
    expect(running).toBe(true)
    const exec = await k('-n', ns, 'exec', 'web', '--', 'ls')
    expect(exec.code).not.toBe(0)
    expect(exec.err).toContain(`pods/exec is not available: ${NOT_RUN}`)
    const attach = await k('-n', ns, 'attach', 'web')
    expect(attach.err).toContain(`pods/attach is not available: ${NOT_RUN}`)
    const pf = await k('-n', ns, 'port-forward', 'pod/web', '18089:80')
    expect(pf.code).not.toBe(0)
    expect(pf.err).toContain(`pods/portforward is not available: ${NOT_RUN}`)
    for (const r of [exec, attach, pf]) expect(r.err).not.toContain('could not find the requested resource')
  })

  it.skipIf(!bin)('a pod that does not exist is still NotFound', async () => {
    const r = await k('-n', ns, 'exec', 'ghost', '--', 'ls')
    expect(r.err).toContain('Error from server (NotFound): pods "ghost" not found')
  })
})
