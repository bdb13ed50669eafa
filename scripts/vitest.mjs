// Runs a vitest suite: the whole app + simulator suite by default, or `realcluster` (the suites on
// a real control plane, which run one file at a time: test/realcluster/vitest.config.ts). When
// PERISCOPE_VITEST_JSON is set (CI), the JSON report goes there (the realcluster run writes
// `<name>-realcluster.json` beside it) so .ci/run can print a one-line "N passed, N failed".
import { spawnSync } from 'node:child_process'

const suite = process.argv[2] ?? 'all'
const args = ['run']
if (suite === 'realcluster') args.push('--config', 'test/realcluster/vitest.config.ts')
else if (suite !== 'all') { console.error(`unknown suite ${suite}: use realcluster or nothing`); process.exit(2) }
const json = process.env.PERISCOPE_VITEST_JSON
if (json) {
  const out = suite === 'realcluster' ? json.replace(/\.json$/, '') + '-realcluster.json' : json
  args.push('--reporter=default', '--reporter=json', `--outputFile.json=${out}`)
}
const r = spawnSync('vitest', args, { stdio: 'inherit', shell: process.platform === 'win32' })
process.exit(r.status ?? 1)
