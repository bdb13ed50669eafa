// Runs the whole vitest suite; when PERISCOPE_VITEST_JSON is set (CI), also writes the JSON report
// there so .ci/run can print a one-line "N passed, N failed" summary.
import { spawnSync } from 'node:child_process'

const args = ['run']
if (process.env.PERISCOPE_VITEST_JSON) {
  args.push('--reporter=default', '--reporter=json', `--outputFile.json=${process.env.PERISCOPE_VITEST_JSON}`)
}
const r = spawnSync('vitest', args, { stdio: 'inherit', shell: process.platform === 'win32' })
process.exit(r.status ?? 1)
