/**
 * Kubeconfig files: read, parse (with line numbers), and merge the way kubectl merges them.
 *
 * Why: client-node's `loadFromDefault` throws on the first bad file, reads `token-file` eagerly
 * (and keeps its trailing newline), and resolves nothing per entry. We parse with the `yaml`
 * package so a malformed file is reported as "path:line: problem" while the other files still
 * load, and we keep each entry's file so relative paths resolve against it. Merge rules (kubectl
 * `ClientConfigLoadingRules`): the first file that defines a cluster, user or context name wins;
 * `current-context` comes from the first file that sets it; missing files in $KUBECONFIG are
 * skipped. Lifecycle: `readKubeconfigs()` once at startup (and on reload); the result is plain
 * data consumed by `clusterSet.ts`.
 */
import os from 'node:os'
import path from 'node:path'
import { LineCounter, parseDocument } from 'yaml'
import type { Document } from 'yaml'
import type { ExecSpec } from './execCredentials.ts'
import { readRegularFileSync } from '../files/regularFile.ts'
import type { KubeconfigProblem } from '../../shared/api/kubeconfig.ts'

export type { KubeconfigProblem } from '../../shared/api/kubeconfig.ts'

/**
 * A kubeconfig file larger than this is not read. Real ones are kilobytes; a file with 10,000
 * contexts, each with its own embedded CA, is ~20 MB. Past this the YAML parser alone would hold
 * hundreds of MB.
 */
export const MAX_KUBECONFIG_BYTES = 32 * 1024 * 1024
/**
 * Alias expansions allowed while converting one file (the `yaml` library's `maxAliasCount`, which
 * weighs each alias by the size of what it expands). Kubeconfigs written by tools use none; a
 * "billion laughs" document needs millions.
 */
export const MAX_YAML_ALIASES = 100

export interface ClusterEntry {
  readonly name: string
  readonly server: string
  readonly caData?: string
  readonly caFile?: string
  readonly skipTLSVerify: boolean
  readonly tlsServerName?: string
  readonly proxyUrl?: string
  /** Set when the entry is unusable: every context naming it reports this. */
  readonly problem?: string
}

export interface UserEntry {
  readonly name: string
  readonly token?: string
  readonly tokenFile?: string
  readonly certData?: string
  readonly certFile?: string
  readonly keyData?: string
  readonly keyFile?: string
  readonly username?: string
  readonly password?: string
  readonly impersonate?: string
  readonly exec?: ExecSpec
  /** Legacy `auth-provider` (oidc, azure, gcp): handed to client-node as is. */
  readonly authProvider?: unknown
  readonly problem?: string
}

export interface ContextEntry {
  readonly name: string
  readonly cluster: string
  readonly user?: string
  readonly namespace?: string
  /** The file that defined it, for messages. */
  readonly file: string
}

/** The merged view of every kubeconfig file. */
export interface MergedKubeconfig {
  readonly clusters: ReadonlyMap<string, ClusterEntry>
  readonly users: ReadonlyMap<string, UserEntry>
  /** In file order: the app lists clusters in this order. */
  readonly contexts: ReadonlyMap<string, ContextEntry>
  readonly currentContext?: string
  readonly problems: readonly KubeconfigProblem[]
  /** Files actually read. */
  readonly files: readonly string[]
}

export interface ReadOptions {
  /** Explicit files (a missing one is a problem). Default: $KUBECONFIG, else ~/.kube/config. */
  readonly paths?: readonly string[]
  /** Inline kubeconfig YAML (tests, `--kubeconfig -`); relative paths resolve against cwd. */
  readonly yaml?: string
  readonly env?: NodeJS.ProcessEnv
}

/** The files to read: explicit paths, else $KUBECONFIG (missing skipped), else ~/.kube/config. */
export function kubeconfigPaths(opts: ReadOptions): { paths: string[]; skipMissing: boolean } {
  if (opts.paths) return { paths: [...opts.paths], skipMissing: false }
  const env = opts.env ?? process.env
  const list = (env.KUBECONFIG ?? '').split(path.delimiter).filter((p) => p.trim() !== '')
  if (list.length > 0) return { paths: [...new Set(list)], skipMissing: true }
  const home = env.HOME || env.USERPROFILE || os.homedir()
  return { paths: [path.join(home, '.kube', 'config')], skipMissing: true }
}

/**
 * Read and merge every kubeconfig; never throws. A file that is missing (explicit paths), not a
 * regular file (a FIFO, a directory, a device), over MAX_KUBECONFIG_BYTES, invalid YAML or an
 * alias bomb is one problem with its path; every other file still loads.
 */
export function readKubeconfigs(opts: ReadOptions = {}): MergedKubeconfig {
  const acc: MergeAcc = { clusters: new Map(), users: new Map(), contexts: new Map(), problems: [], files: [] }
  try {
    readInto(acc, opts)
  } catch (err) {
    acc.problems.push({ path: '<kubeconfig>', message: `cannot be read: ${(err as Error)?.message ?? String(err)}` })
  }
  return acc
}

function readInto(acc: MergeAcc, opts: ReadOptions): void {
  if (opts.yaml !== undefined) {
    mergeText(acc, opts.yaml, '<inline kubeconfig>', process.cwd())
  } else {
    const { paths, skipMissing } = kubeconfigPaths(opts)
    for (const p of paths) {
      const read = readRegularFileSync(p, MAX_KUBECONFIG_BYTES)
      if (!read.ok) {
        if (read.code === 'missing' && skipMissing) continue
        acc.problems.push({ path: p, message: read.code === 'missing' ? read.reason : `not read: ${read.reason}` })
        continue
      }
      mergeText(acc, read.text, p, path.dirname(path.resolve(p)))
    }
  }
}

interface MergeAcc {
  clusters: Map<string, ClusterEntry>
  users: Map<string, UserEntry>
  contexts: Map<string, ContextEntry>
  currentContext?: string
  problems: KubeconfigProblem[]
  files: string[]
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

/** Merge one file; whatever goes wrong in it is that file's problem, never the caller's. */
function mergeText(acc: MergeAcc, text: string, file: string, dir: string): void {
  try {
    mergeFile(acc, text, file, dir)
  } catch (err) {
    const msg = (err as Error)?.message ?? String(err)
    const bomb = /alias/i.test(msg)
    acc.problems.push({
      path: file,
      message: bomb
        ? `refused: its YAML aliases expand beyond the limit of ${MAX_YAML_ALIASES} (an "alias bomb" would take all memory); kubeconfigs need no aliases`
        : `cannot be used: ${msg.split('\n')[0].slice(0, 200)}`
    })
  }
}

function mergeFile(acc: MergeAcc, text: string, file: string, dir: string): void {
  const lc = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false })
  if (doc.errors.length > 0) {
    const e = doc.errors[0]
    acc.problems.push({ path: file, line: lc.linePos(e.pos[0]).line, message: `invalid YAML: ${e.message.split('\n')[0]}` })
    return
  }
  const root: unknown = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES })
  if (root === null || root === undefined) {
    acc.files.push(file)
    return
  } // an empty file is a valid empty config
  if (!isObj(root)) {
    acc.problems.push({ path: file, line: 1, message: 'not a kubeconfig: the document is not a mapping' })
    return
  }
  acc.files.push(file)
  const lineOf = (section: string, i?: number): number | undefined => nodeLine(doc, lc, i === undefined ? [section] : [section, i])
  const abs = (p: string | undefined): string | undefined => (p === undefined ? undefined : path.resolve(dir, p))
  eachNamed(acc, root, 'clusters', 'cluster', file, lineOf, (name, body) => {
    if (acc.clusters.has(name)) return
    acc.clusters.set(name, clusterEntry(name, body, abs))
  })
  eachNamed(acc, root, 'users', 'user', file, lineOf, (name, body) => {
    if (acc.users.has(name)) return
    acc.users.set(name, userEntry(name, body, abs))
  })
  eachNamed(acc, root, 'contexts', 'context', file, lineOf, (name, body, line) => {
    if (acc.contexts.has(name)) return
    const cluster = str(body.cluster)
    if (!cluster) {
      acc.problems.push({ path: file, ...lineField(line()), message: `context "${name}" names no cluster` })
    }
    acc.contexts.set(name, {
      name,
      cluster: cluster ?? '',
      file,
      ...(str(body.user) ? { user: str(body.user) } : {}),
      ...(str(body.namespace) ? { namespace: str(body.namespace) } : {})
    })
  })
  const cur = str(root['current-context'])
  if (cur && acc.currentContext === undefined) acc.currentContext = cur
}

function eachNamed(
  acc: MergeAcc,
  root: Obj,
  section: string,
  inner: string,
  file: string,
  lineOf: (section: string, i?: number) => number | undefined,
  fn: (name: string, body: Obj, line: () => number | undefined) => void
): void {
  const list = root[section]
  if (list === undefined || list === null) return
  if (!Array.isArray(list)) {
    acc.problems.push({ path: file, ...lineField(lineOf(section)), message: `"${section}" must be a list` })
    return
  }
  list.forEach((item: unknown, i) => {
    // Line numbers only for problems: looking them up for 10,000 good entries is wasted work.
    const line = (): number | undefined => lineOf(section, i)
    const name = isObj(item) ? str(item.name) : undefined
    if (!isObj(item) || !name) {
      acc.problems.push({ path: file, ...lineField(line()), message: `${section}[${i}] has no name` })
      return
    }
    const body = item[inner]
    fn(name, isObj(body) ? body : {}, line)
  })
}

const lineField = (line: number | undefined): { line?: number } => (line ? { line } : {})

function nodeLine(doc: Document, lc: LineCounter, pathParts: (string | number)[]): number | undefined {
  const node = doc.getIn(pathParts, true) as { range?: [number, number, number] } | undefined
  return node?.range ? lc.linePos(node.range[0]).line : undefined
}

function clusterEntry(name: string, c: Obj, abs: (p: string | undefined) => string | undefined): ClusterEntry {
  const server = str(c.server)?.replace(/\/+$/, '')
  let problem: string | undefined
  if (!server) problem = `cluster "${name}" has no server`
  else {
    try {
      const u = new URL(server)
      if (u.protocol !== 'https:' && u.protocol !== 'http:') problem = `cluster "${name}": server ${server} is not an http(s) URL`
    } catch {
      problem = `cluster "${name}": server "${server}" is not a valid URL`
    }
  }
  return {
    name,
    server: server ?? '',
    skipTLSVerify: c['insecure-skip-tls-verify'] === true,
    ...opt('caData', str(c['certificate-authority-data'])),
    ...opt('caFile', abs(str(c['certificate-authority']))),
    ...opt('tlsServerName', str(c['tls-server-name'])),
    ...opt('proxyUrl', str(c['proxy-url'])),
    ...opt('problem', problem)
  }
}

function userEntry(name: string, u: Obj, abs: (p: string | undefined) => string | undefined): UserEntry {
  let exec: ExecSpec | undefined
  let problem: string | undefined
  if (isObj(u.exec)) {
    const e = u.exec
    const command = str(e.command)
    if (!command) problem = `user "${name}": exec has no command`
    else {
      exec = {
        // client-go (GetAuthInfoFileReferences): a command with a path separator is a path,
        // resolved against the kubeconfig's folder; a bare name is looked up on PATH.
        command: command.includes(path.sep) || command.includes('/') ? (abs(command) ?? command) : command,
        args: Array.isArray(e.args) ? e.args.map(String) : [],
        env: Array.isArray(e.env) ? e.env.filter(isObj).map((v) => ({ name: String(v.name), value: String(v.value ?? '') })) : [],
        apiVersion: str(e.apiVersion) ?? 'client.authentication.k8s.io/v1beta1',
        ...opt('installHint', str(e.installHint)),
        ...(e.provideClusterInfo === true ? { provideClusterInfo: true } : {})
      }
    }
  }
  return {
    name,
    ...opt('token', str(u.token)),
    ...opt('tokenFile', abs(str(u.tokenFile ?? u['token-file']))),
    ...opt('certData', str(u['client-certificate-data'])),
    ...opt('certFile', abs(str(u['client-certificate']))),
    ...opt('keyData', str(u['client-key-data'])),
    ...opt('keyFile', abs(str(u['client-key']))),
    ...opt('username', str(u.username)),
    ...opt('password', str(u.password)),
    ...opt('impersonate', str(u.as)),
    ...opt('exec', exec),
    ...(isObj(u['auth-provider']) ? { authProvider: u['auth-provider'] } : {}),
    ...opt('problem', problem)
  }
}

function opt<K extends string, V>(k: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [k]: v }) as { [P in K]?: V }
}
