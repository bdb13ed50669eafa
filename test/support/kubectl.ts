/**
 * Real kubectl for the conformance tests: which binaries to run, how to run one bounded, how to
 * read the table it prints, and kubectl's age rule for the expected values.
 *
 * Why here: the expected cells of the conformance tests must come from kubectl's rules, never
 * from the product (`src/shared/kinds/rows/*` is what is being judged). `humanDuration` is
 * therefore ported again, from apimachinery's Go source, and deliberately not imported from
 * `src/shared/kinds/rows/format.ts`.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'

const SDK = '/usr/lib/google-cloud-sdk/bin'

export interface KubectlClient {
  readonly label: string
  /** The binary, or undefined when none of the candidates exists (the tests then skip, saying why). */
  readonly bin: string | undefined
  readonly wanted: string
}

/** The oldest and the newest kubectl the simulator must satisfy. */
export const KUBECTL_CLIENTS: readonly KubectlClient[] = [
  { label: 'oldest (1.27)', bin: [`${SDK}/kubectl.1.27`].find((p) => existsSync(p)), wanted: `${SDK}/kubectl.1.27` },
  { label: 'newest (1.33)', bin: [`${SDK}/kubectl.1.33`, '/usr/bin/kubectl'].find((p) => existsSync(p)), wanted: `${SDK}/kubectl.1.33 or /usr/bin/kubectl` }
]

/** Generous bound for one short kubectl command on a loaded 2-core machine. */
const KUBECTL_TIMEOUT_MS = 20_000

export interface KubectlRun {
  code: number
  stdout: string
  stderr: string
}

/** Run kubectl to completion (bounded); `args` carry `--kubeconfig` and `--cache-dir` as the caller wants. */
export function runKubectl(bin: string, args: readonly string[]): Promise<KubectlRun> {
  return new Promise((resolve) => {
    execFile(bin, [...args], { timeout: KUBECTL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0
      resolve({ code, stdout: String(stdout), stderr: String(stderr) })
    })
  })
}

/** The non-empty lines of an output. */
export const linesOf = (out: string): string[] => out.split('\n').filter((l) => l.trim() !== '')

export interface PrintedTable {
  readonly headers: string[]
  /** One array of cells per row, in header order; an empty cell is ''. */
  readonly rows: string[][]
}

/**
 * Read `kubectl get` output by column position. kubectl's tabwriter left-aligns every column and
 * pads each to its widest cell plus 3 spaces, so a cell starts where its header starts. Reading by
 * position (not by splitting on runs of spaces) keeps empty cells (a suspended Job's DURATION)
 * and cells with spaces (`5 (20h ago)`, `gp3 (default)`) intact. Headers never hold two spaces.
 */
export function parseKubectlTable(stdout: string): PrintedTable {
  const [header = '', ...lines] = linesOf(stdout)
  const starts: number[] = []
  const headers: string[] = []
  for (const m of header.matchAll(/\S+(?: \S+)*/g)) {
    starts.push(m.index)
    headers.push(m[0])
  }
  const rows = lines.map((line) => starts.map((s, i) => line.slice(s, i + 1 < starts.length ? starts[i + 1] : undefined).trim()))
  return { headers, rows }
}

/**
 * apimachinery `duration.HumanDuration` (k8s.io/apimachinery/pkg/util/duration), which kubectl's
 * printers use for AGE, DURATION and `(… ago)`: 0s–119s, 2m–9m59s (`3m20s`), 10m–179m, 3h–7h59m
 * (`3h10m`), 8h–47h, 2d–7d23h (`2d5h`), 8d–729d, 2y–7y364d (`3y20d`), then years.
 */
export function humanDuration(ms: number): string {
  const sec = Math.trunc(ms / 1000)
  if (sec < -1) return '<invalid>'
  if (sec < 0) return '0s'
  if (sec < 120) return `${sec}s`
  const min = Math.trunc(sec / 60)
  if (min < 10) return sec % 60 === 0 ? `${min}m` : `${min}m${sec % 60}s`
  if (min < 180) return `${min}m`
  const hours = Math.trunc(min / 60)
  if (hours < 8) return min % 60 === 0 ? `${hours}h` : `${hours}h${min % 60}m`
  if (hours < 48) return `${hours}h`
  const days = Math.trunc(hours / 24)
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`
  if (hours < 24 * 365 * 2) return `${days}d`
  const years = Math.trunc(days / 365)
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`
  return `${years}y`
}

/**
 * Every AGE kubectl may print for an object created at `createdIso` when it computed the age
 * somewhere between `fromMs` and `toMs` (the bounds of the command), a second of slack each side.
 */
export function agesBetween(createdIso: string, fromMs: number, toMs: number): Set<string> {
  const created = Date.parse(createdIso)
  const out = new Set<string>()
  for (let t = fromMs - 1000; t <= toMs + 1000; t += 1000) out.add(humanDuration(t - created))
  out.add(humanDuration(toMs + 1000 - created))
  return out
}
