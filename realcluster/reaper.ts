/**
 * The temp dir reaper: a tiny /bin/sh process that removes a start's temp dir (certs, tokens, etcd
 * data, logs) when the launcher goes away, however it goes away.
 *
 * Why: a SIGKILLed launcher runs no cleanup code. The reaper's stdin is a pipe whose only writer is
 * the launcher; the kernel closes it when the launcher dies, `cat` sees EOF, and the shell removes
 * the dir (retrying while the components, killed at the same moment by PR_SET_PDEATHSIG, finish
 * dying). A shell costs ~1 MB; the multi-call Go binary would cost ~80 MB of RSS just for its
 * package initialisation.
 * Lifecycle: started first thing after the temp dir exists; release() (clean stop, after the
 * launcher removed the dir itself) closes the pipe and waits for the shell to exit; abandon()
 * (keepTempDir) kills it so the dir stays.
 */
import { spawn } from 'node:child_process'

export interface Reaper {
  readonly pid: number
  /** Close the pipe: the reaper removes the dir (if still there) and exits. */
  release(): Promise<void>
  /** Kill the reaper without removing anything. */
  abandon(): void
}

/**
 * Wait for EOF, give the dying components a moment, then remove the dir, retrying for ~5 s
 * (20 x 0.25 s) in case a file appears while the last process dies.
 */
const SCRIPT = 'cat >/dev/null; sleep 0.3; i=0; while [ $i -lt 20 ]; do rm -rf -- "$1"; [ -e "$1" ] || exit 0; i=$((i+1)); sleep 0.25; done; exit 1'

export function startReaper(dir: string): Reaper {
  // Own process group: a terminal's Ctrl-C must not kill it before the launcher's clean stop.
  const child = spawn('/bin/sh', ['-c', SCRIPT, 'periscope-realcluster-reaper', dir], { stdio: ['pipe', 'ignore', 'ignore'], detached: true })
  child.stdin.on('error', () => {}) // EPIPE if it is already gone
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve()
    child.once('exit', () => resolve())
    child.once('error', () => resolve())
  })
  return {
    pid: child.pid ?? -1,
    async release() {
      child.stdin.end()
      await exited
    },
    abandon() {
      child.kill('SIGKILL')
    }
  }
}
