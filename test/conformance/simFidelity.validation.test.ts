/**
 * Issue 14, class 6: types and update rules enforced as the apiserver enforces them.
 *
 * - Decode-time type checks with the Go decoder's wording (the body is decoded into the Go struct
 *   first: `json: cannot unmarshal string into Go struct field Container.spec.containers.command
 *   of type []string`), and strict unknown fields found at any depth.
 * - Immutable fields (pkg/apis/{core,apps,batch}/validation, v1.34): a pod's spec beyond the few updatable
 *   fields, a Service's cluster IPs, a Job's template, a Deployment's selector.
 * - Defaulting applied again on every write (a replace that omits defaulted fields gets them back).
 * Judged with kubectl 1.27 and 1.33 (`create -f`, `patch`, `replace -f`, `set image`).
 */
import { describe, expect, it } from 'vitest'
import { KUBECTLS, useSim } from './simFidelity.harness.ts'

describe.each(KUBECTLS)('types and update rules, $label', ({ bin }) => {
  const h = useSim({ pods: 40, controllers: { stepMs: 50 } })
  const k = (...a: string[]): ReturnType<typeof h.kubectl> => h.kubectl(bin as string, ...a)
  const ns = `rules-${bin?.endsWith('27') ? 'old' : 'new'}`
  const file = (name: string, text: string): string => h.file(`${ns}-${name}`, text)

  it.skipIf(!bin)("a wrongly typed value is refused with the Go decoder's message, nothing is stored", async () => {
    expect((await k('create', 'namespace', ns)).code).toBe(0)
    const pod = file('cmd.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: cmd}\nspec:\n  containers:\n  - {name: c, image: busybox, command: "ls"}\n')
    const r = await k('-n', ns, 'create', '-f', pod)
    expect(r.code).not.toBe(0)
    expect(r.err).toContain(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string'
    )
    expect((await k('-n', ns, 'get', 'pod', 'cmd')).err).toContain('pods "cmd" not found')
    const dep = file(
      'rep.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: rep}\nspec:\n  replicas: "3"\n  selector: {matchLabels: {app: rep}}\n' +
        '  template:\n    metadata: {labels: {app: rep}}\n    spec: {containers: [{name: c, image: nginx}]}\n'
    )
    const d = await k('-n', ns, 'create', '-f', dep)
    expect(d.err).toContain(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32'
    )
  })

  it.skipIf(!bin)('unknown fields are found at any depth (strict decoding)', async () => {
    const pod = file(
      'probe.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: probe}\nspec:\n  containers:\n  - name: c\n    image: nginx\n' +
        '    livenessProbe: {httpGett: {path: /, port: 80}}\n'
    )
    const r = await k('-n', ns, 'create', '-f', pod)
    expect(r.err).toContain('strict decoding error: unknown field "spec.containers[0].livenessProbe.httpGett"')
  })

  it.skipIf(!bin)("a pod's spec is immutable beyond images, activeDeadlineSeconds, tolerations additions", async () => {
    expect((await k('-n', ns, 'run', 'web', '--image=nginx', '--port=80')).code).toBe(0)
    const port = await k('-n', ns, 'patch', 'pod', 'web', '-p', '{"spec":{"containers":[{"name":"web","ports":[{"containerPort":81}]}]}}')
    expect(port.code).not.toBe(0)
    expect(port.err).toContain(
      'The Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'
    )
    expect((await k('-n', ns, 'set', 'image', 'pod/web', 'web=nginx:1.27')).code).toBe(0)
    expect((await k('-n', ns, 'get', 'pod', 'web', '-o', 'jsonpath={.spec.containers[0].image} {.spec.containers[0].ports[0].containerPort}')).out).toBe(
      'nginx:1.27 80'
    )
  })

  it.skipIf(!bin)("a Service's cluster IPs, a Job's template and a Deployment's selector are immutable", async () => {
    expect((await k('-n', ns, 'create', 'service', 'clusterip', 'front', '--tcp=80:8080')).code).toBe(0)
    const ip = await k('-n', ns, 'patch', 'service', 'front', '--type=merge', '-p', '{"spec":{"clusterIP":"10.96.7.7","clusterIPs":["10.96.7.7"]}}')
    expect(ip.err).toContain('The Service "front" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.7.7"}: may not change once set')
    expect((await k('-n', ns, 'create', 'job', 'pi', '--image=perl', '--', 'perl', '-e', '1')).code).toBe(0)
    const job = await k(
      '-n',
      ns,
      'patch',
      'job',
      'pi',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"perl:2"}]'
    )
    expect(job.err).toContain('The Job "pi" is invalid: spec.template: Invalid value:')
    expect(job.err).toContain(': field is immutable')
    expect((await k('-n', ns, 'create', 'deployment', 'web', '--image=nginx')).code).toBe(0)
    const sel = await k(
      '-n',
      ns,
      'patch',
      'deployment',
      'web',
      '--type=merge',
      '-p',
      '{"spec":{"selector":{"matchLabels":{"app":"other"}},"template":{"metadata":{"labels":{"app":"other"}}}}}'
    )
    expect(sel.err).toContain(
      'The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable'
    )
  })

  it.skipIf(!bin)('defaulting is applied again on a replace that leaves defaulted fields out', async () => {
    const bare =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bare}\nspec:\n  selector: {matchLabels: {app: bare}}\n' +
      '  template:\n    metadata: {labels: {app: bare}}\n    spec: {containers: [{name: c, image: nginx}]}\n'
    expect((await k('-n', ns, 'create', '-f', file('bare.yaml', bare))).code).toBe(0)
    // kubectl replace reads the current resourceVersion and sends it (resource.Helper.Replace with
    // overwrite): a status write of the deployment controller in between is a 409, on a real
    // apiserver too. Try again, as the message says.
    let replaced = await k('-n', ns, 'replace', '-f', file('bare2.yaml', bare.replace('image: nginx', 'image: nginx:1.27')))
    for (let i = 0; i < 5 && replaced.code !== 0 && replaced.err.includes('the object has been modified'); i++) {
      replaced = await k('-n', ns, 'replace', '-f', file('bare2.yaml', bare.replace('image: nginx', 'image: nginx:1.27')))
    }
    expect(replaced.code, replaced.err).toBe(0)
    const got = await k(
      '-n',
      ns,
      'get',
      'deployment',
      'bare',
      '-o',
      'jsonpath={.spec.replicas} {.spec.strategy.type} {.spec.revisionHistoryLimit} {.spec.template.spec.containers[0].imagePullPolicy} {.spec.template.spec.restartPolicy}'
    )
    expect(got.out).toBe('1 RollingUpdate 10 IfNotPresent Always')
  })
})
