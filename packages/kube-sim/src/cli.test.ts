// Runs the real CLI as a child process: argument errors, the ready line, the kubeconfig, shutdown.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const CLI = join(import.meta.dirname, 'cli.ts')

interface Run { code: number | null; out: string; err: string; stop: () => Promise<number | null> }

function run(args: string[], untilLine?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    const timer = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`cli timed out: ${out} ${err}`)) }, 20_000)
    const exited = new Promise<number | null>((r) => p.on('exit', (code) => r(code)))
    const stop = (): Promise<number | null> => {
      const killer = setTimeout(() => p.kill('SIGKILL'), 10_000)
      p.kill('SIGTERM')
      return exited.finally(() => clearTimeout(killer))
    }
    p.stdout.on('data', (c: Buffer) => {
      out += c.toString()
      if (untilLine && untilLine.test(out)) {
        clearTimeout(timer)
        resolve({ code: null, out, err, stop })
      }
    })
    p.stderr.on('data', (c: Buffer) => { err += c.toString() })
    p.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, out, err, stop })
    })
  })
}

describe('sim CLI', () => {
  it('exits 2 with a clear message on bad arguments', async () => {
    const bad = await run(['--pods', 'many'])
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/--pods must be an integer/)
    const unknown = await run(['--bogus'])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toMatch(/bogus/)
  })

  it('prints the ready line, writes a 0600 kubeconfig and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simcli-'))
    try {
      const kc = join(dir, 'kc')
      const r = await run(['--port', '0', '--write-kubeconfig', kc, '--pods', '10', '--churn', '5'], /sim kubeconfig written/)
      expect(r.out).toMatch(/^sim listening on https:\/\/127\.0\.0\.1:\d+\n/)
      expect(statSync(kc).mode & 0o777).toBe(0o600)
      const port = /127\.0\.0\.1:(\d+)/.exec(r.out)?.[1]
      expect(readFileSync(kc, 'utf8')).toContain(`server: https://127.0.0.1:${port}`)
      expect(await r.stop()).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
