/**
 * Child process for the kill -9 test: saves settings in a tight loop through the real settings
 * module (`RuntimeConfig.update`, which validates and writes atomically) until it is killed.
 *
 * Why: a torn settings file can only be caught by killing a real writer at a random moment.
 * Lifecycle: `node settingsWriter.ts <settings path> <seed>`; prints `ready` after its first
 * save, then saves forever; values cycle through `WRITER_VALUES` so the parent can check that
 * the file always holds one of them, whole.
 */
import { createRuntimeConfig } from '../../src/main/config/runtimeConfig.ts'
import { WRITER_VALUES } from './writerValues.ts'

const [path, seedArg] = process.argv.slice(2)
if (!path) {
  process.stderr.write('usage: node settingsWriter.ts <settings path> <seed>\n')
  process.exit(2)
}
const cfg = await createRuntimeConfig({ env: {}, settingsPath: path })
if (!cfg.ok) {
  process.stderr.write(`${cfg.error}\n`)
  process.exit(2)
}
let n = Number(seedArg ?? '0')
for (let i = 0; ; i++) {
  const r = await cfg.value.update(WRITER_VALUES[n++ % WRITER_VALUES.length])
  if (!r.ok) {
    process.stderr.write(`save failed: ${r.error}\n`)
    process.exit(1)
  }
  if (i === 0) process.stdout.write('ready\n')
}
