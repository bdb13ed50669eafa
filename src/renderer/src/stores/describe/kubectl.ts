/**
 * The kubectl commands that show what the describe view shows, to copy into a terminal:
 * `kubectl --context demo -n demo describe pod api-7f9c-x2k4q`, `… get … -o yaml`, and for pods
 * and workloads their logs (`--previous` for the run before a restart).
 *
 * Why `--context` always: the window may show several clusters; a command copied from one must
 * not run against whatever context the terminal has current. Arguments are quoted for a POSIX
 * shell only when they need it (context names may hold spaces, `:` and `/` are fine).
 */
import type { AnyKindDef } from '../../../../shared/kinds/anyKind.ts'
import { CUSTOM_GROUP } from '../../../../shared/kinds/custom.ts'

export interface KubectlCommand {
  readonly label: string
  readonly command: string
}

/** Quote one argument for sh/bash/zsh when it holds anything but safe characters. */
export function shellArg(s: string): string {
  return /^[A-Za-z0-9._:/@=,+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`
}

/** Kinds whose pods' logs kubectl follows as `kubectl logs <kind>/<name>`. */
const LOG_KINDS: Readonly<Record<string, string>> = { deployments: 'deploy', statefulsets: 'sts', daemonsets: 'ds', replicasets: 'rs', jobs: 'job' }

/**
 * @param container a pod's container for the logs commands ('' = kubectl's default).
 * @param restarted the container has a previous run (`--previous` is offered).
 */
export function kubectlCommands(cluster: string, def: AnyKindDef, namespace: string, name: string, container = '', restarted = false): KubectlCommand[] {
  const base = ['kubectl', '--context', shellArg(cluster), ...(def.namespaced && namespace ? ['-n', shellArg(namespace)] : [])].join(' ')
  // A custom kind by its full `<plural>.<group>` token: a bare `certificate` can name several groups' kinds.
  const type = def.group === CUSTOM_GROUP ? def.id : def.singular
  const what = `${type} ${shellArg(name)}`
  const out: KubectlCommand[] = [
    { label: 'describe', command: `${base} describe ${what}` },
    { label: 'get -o yaml', command: `${base} get ${what} -o yaml` }
  ]
  if (def.id === 'pods') {
    const c = container ? ` -c ${shellArg(container)}` : ''
    out.push({ label: 'logs', command: `${base} logs ${shellArg(name)}${c}` })
    if (restarted) out.push({ label: 'logs --previous', command: `${base} logs ${shellArg(name)}${c} --previous` })
  } else if (LOG_KINDS[def.id]) {
    out.push({ label: 'logs', command: `${base} logs ${LOG_KINDS[def.id]}/${shellArg(name)} --all-containers` })
  }
  if (def.namespaced || def.id === 'nodes') out.push({ label: 'events', command: `${base} events --for ${type}/${shellArg(name)}` })
  return out
}
