// Runs a vitest suite: the whole app + simulator suite by default, or `realcluster` (the suites on
// a real control plane, which run one file at a time: test/realcluster/vitest.config.ts, then the
// differential suite, test/differential/vitest.config.ts). When PERISCOPE_VITEST_JSON is set (CI),
// each run's JSON report goes beside it (`<name>-realcluster.json`, `<name>-differential.json`) so
// .ci/run can print a one-line "N passed, N failed".
import { spawnSync } from 'node:child_process'

const suite = process.argv[2] ?? 'all'
const runs =
  suite === 'realcluster'
    ? [
        ['realcluster', 'test/realcluster/vitest.config.ts'],
        ['differential', 'test/differential/vitest.config.ts']
      ]
    : suite === 'all'
      ? [['', undefined]]
      : undefined
if (!runs) {
  console.error(`unknown suite ${suite}: use realcluster or nothing`)
  process.exit(2)
}
const json = process.env.PERISCOPE_VITEST_JSON
let status = 0
for (const [name, config] of runs) {
  const args = ['run', ...(config ? ['--config', config] : [])]
  if (json) {
    const out = name ? `${json.replace(/\.json$/, '')}-${name}.json` : json
    args.push('--reporter=default', '--reporter=json', `--outputFile.json=${out}`)
  }
  const r = spawnSync('vitest', args, { stdio: 'inherit', shell: process.platform === 'win32' })
  status ||= r.status ?? 1
}
process.exit(status)
