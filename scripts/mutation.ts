/**
 * Mutation check: plant a known bug in a temporary copy of the repository and prove the tests
 * that claim to judge that behaviour go red. `npm run mutation [-- <name>]`; exits 0 when every
 * mutation was caught, 1 when one survived (the tests could not fail where they claim to judge)
 * or when the tests already fail without it.
 *
 * Why a copy: the working tree is never touched, so an interrupted run leaves nothing behind.
 * Lifecycle: per mutation, copy the tracked and untracked (not ignored) files into a temp dir,
 * link node_modules entry by entry (the workspace package `@periscope/kube-sim` is linked to the
 * copy's own packages/kube-sim, so the simulator sees the mutated sources too), apply the edit,
 * run the named vitest files without and then with the edit, remove the copy.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

interface Mutation {
  readonly name: string
  readonly why: string
  readonly file: string
  readonly from: string
  readonly to: string
  /** Vitest files that must fail with the mutation. */
  readonly tests: readonly string[]
}

const MUTATIONS: readonly Mutation[] = [
  {
    name: 'ready-always-full',
    why: 'pods READY always n/n (issue 12): the printed-cells conformance test must catch it',
    file: 'src/shared/kinds/rows/pods.ts',
    from: 'ready: `${readyContainers}/${totalContainers}`',
    to: 'ready: `${totalContainers}/${totalContainers}`',
    tests: ['test/conformance/kubectlPrinters.test.ts']
  }
]

const ROOT = resolve(import.meta.dirname, '..')

/** A copy of the repository's files (git's view: tracked plus untracked, not ignored) with node_modules linked. */
function copyRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'periscope-mutation-'))
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean)
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true })
    try {
      cpSync(join(ROOT, f), join(dir, f))
    } catch {
      // A file deleted in the working tree but still in the index: skip it.
    }
  }
  const modules = join(dir, 'node_modules')
  mkdirSync(modules)
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry === '@periscope') {
      mkdirSync(join(modules, '@periscope'))
      symlinkSync('../../packages/kube-sim', join(modules, '@periscope', 'kube-sim'))
    } else {
      symlinkSync(realpathSync(join(ROOT, 'node_modules', entry)), join(modules, entry))
    }
  }
  return dir
}

/** Run vitest on `tests` in the copy; true when they passed. */
const vitestPasses = (dir: string, tests: readonly string[]): boolean =>
  spawnSync(join(dir, 'node_modules', '.bin', 'vitest'), ['run', ...tests], { cwd: dir, stdio: 'inherit' }).status === 0

/**
 * In a fresh copy: the tests pass as the code is (else nothing can be judged), then fail with the
 * mutation. @returns 'caught', 'survived', or 'baseline-red'.
 */
function run(m: Mutation): 'caught' | 'survived' | 'baseline-red' {
  const dir = copyRepo()
  try {
    const path = join(dir, m.file)
    const text = readFileSync(path, 'utf8')
    if (!text.includes(m.from)) throw new Error(`mutation ${m.name}: "${m.from}" is no longer in ${m.file}; update scripts/mutation.ts`)
    console.log(`== ${m.name}: baseline (no mutation) must pass`)
    if (!vitestPasses(dir, m.tests)) {
      console.log(`== ${m.name}: the tests fail without the mutation; fix them first`)
      return 'baseline-red'
    }
    writeFileSync(path, text.replace(m.from, m.to))
    console.log(`== ${m.name}: ${m.why}\n   ${m.file}: ${m.from}  →  ${m.to}`)
    const caught = !vitestPasses(dir, m.tests)
    console.log(caught ? `== ${m.name}: caught (the tests failed, as they must)` : `== ${m.name}: SURVIVED (the tests passed with the bug planted)`)
    return caught ? 'caught' : 'survived'
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const wanted = process.argv.slice(2)
const chosen = wanted.length > 0 ? MUTATIONS.filter((m) => wanted.includes(m.name)) : MUTATIONS
if (chosen.length === 0) {
  console.error(`unknown mutation ${wanted.join(', ')}; known: ${MUTATIONS.map((m) => m.name).join(', ')}`)
  process.exit(2)
}
const outcomes = chosen.map(run)
process.exit(outcomes.every((o) => o === 'caught') ? 0 : 1)
