import { describe, expect, it } from 'vitest'
import { kindDef } from '../../../../shared/kinds/registry.ts'
import { kubectlCommands, shellArg } from './kubectl.ts'

describe('copy as kubectl', () => {
  it('a crashing pod: describe, yaml, logs of its container and of the previous run, its events', () => {
    expect(kubectlCommands('demo', kindDef('pods'), 'payments', 'api-7f9c-x2k4q', 'app', true).map((c) => c.command)).toEqual([
      'kubectl --context demo -n payments describe pod api-7f9c-x2k4q',
      'kubectl --context demo -n payments get pod api-7f9c-x2k4q -o yaml',
      'kubectl --context demo -n payments logs api-7f9c-x2k4q -c app',
      'kubectl --context demo -n payments logs api-7f9c-x2k4q -c app --previous',
      'kubectl --context demo -n payments events --for pod/api-7f9c-x2k4q'
    ])
  })

  it("a deployment's logs through its pods; a node has no namespace", () => {
    expect(kubectlCommands('demo', kindDef('deployments'), 'payments', 'api').map((c) => c.command)).toContain(
      'kubectl --context demo -n payments logs deploy/api --all-containers'
    )
    expect(kubectlCommands('demo', kindDef('nodes'), '', 'node-1')[0].command).toBe('kubectl --context demo describe node node-1')
  })

  it('quotes what a shell would split or expand', () => {
    expect(shellArg('arn:aws:eks:eu-west-1:1:cluster/prod')).toBe('arn:aws:eks:eu-west-1:1:cluster/prod')
    expect(shellArg('kind local')).toBe("'kind local'")
    expect(shellArg("it's")).toBe(`'it'\\''s'`)
    expect(shellArg('$(rm -rf)')).toBe("'$(rm -rf)'")
  })
})
