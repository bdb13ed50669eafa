// The exec plugin runner against hostile plugins (test/fixtures/hostile-plugin.mjs): flooding,
// hanging, ignoring SIGTERM with a grandchild holding the pipes, printing secrets; and the
// environment client-go gives a plugin, minus our own variables.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { pluginEnv, runExecPlugin } from './execRunner.ts'
import type { ExecLimits, ExecSpec } from './execRunner.ts'
import { parseCredential } from './execCredentials.ts'

const PLUGIN = fileURLToPath(new URL('../../../test/fixtures/hostile-plugin.mjs', import.meta.url))
const CLUSTER = { name: 'c', server: 'https://c.example:6443' }
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscope-exec-runner-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
const FAST: ExecLimits = { timeoutMs: 600, killGraceMs: 300, maxStdout: 64 * 1024, maxStderr: 4 * 1024 }

function spec(mode: string, env: Record<string, string> = {}): ExecSpec {
  return {
    command: process.execPath,
    args: [PLUGIN],
    apiVersion: 'client.authentication.k8s.io/v1',
    env: Object.entries({ PLUGIN_MODE: mode, ...env }).map(([name, value]) => ({ name, value }))
  }
}

/** True while `pid` is a live (not zombie) process. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return true
  }
}

const saved = process.env.PERISCOPE_TOKEN
afterEach(() => {
  if (saved === undefined) delete process.env.PERISCOPE_TOKEN
  else process.env.PERISCOPE_TOKEN = saved
})

describe('exec plugin runner', () => {
  it('stops a plugin that floods stdout at the cap, with a message that holds none of the output', async () => {
    const t0 = Date.now()
    const err = await runExecPlugin(spec('flood'), CLUSTER, FAST).catch((e: Error) => e)
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).message).toBe(
      `exec plugin \`${path.basename(process.execPath)}\` failed: its output exceeded 64 KiB, more than any ExecCredential; it was stopped`
    )
    expect(Date.now() - t0).toBeLessThan(5_000)
  })

  it('kills a plugin that ignores SIGTERM, and its grandchild that holds the pipes, and says it hung', async () => {
    const pids = path.join(dir, 'pids.txt')
    const t0 = Date.now()
    const err = await runExecPlugin(spec('ignore-term', { PLUGIN_PIDFILE: pids }), CLUSTER, FAST).catch((e: Error) => e)
    const took = Date.now() - t0
    expect((err as Error).message).toBe(
      `exec plugin \`${path.basename(process.execPath)}\` did not answer within 600 ms; it was stopped (is it waiting for input or a login?)`
    )
    // deadline + grace + pipe drain, not forever
    expect(took).toBeGreaterThanOrEqual(600 + 300)
    expect(took).toBeLessThan(5_000)
    const started = fs.readFileSync(pids, 'utf8').trim().split('\n').map(Number)
    expect(started).toHaveLength(2) // the plugin and its grandchild
    await new Promise((r) => setTimeout(r, 200))
    for (const pid of started) expect(alive(pid), `pid ${pid}`).toBe(false)
  })

  it('a plugin that hangs quietly is reported as hung', async () => {
    await expect(runExecPlugin(spec('hang'), CLUSTER, FAST)).rejects.toThrow(/did not answer within 600 ms/)
  })

  it('a stderr flood is capped (first line kept), then the deadline ends it', async () => {
    const err = await runExecPlugin(spec('stderr-flood'), CLUSTER, FAST).catch((e: Error) => e)
    expect((err as Error).message).toMatch(/did not answer within 600 ms/)
  })

  it("the reason is stderr's first line, secrets redacted and cut to 200 characters", async () => {
    const err = await runExecPlugin(spec('secrets'), CLUSTER, FAST).catch((e: Error) => e)
    const msg = (err as Error).message
    expect(
      msg.startsWith(
        `exec plugin \`${path.basename(process.execPath)}\` failed: exit status 1: error: refresh failed for token=[redacted] with Bearer [redacted] and [redacted]; xxx`
      )
    ).toBe(true)
    for (const secret of ['abcd1234efgh5678', 'eyJ', 'AKIAABCDEFGHIJKLMNOP', 'c2lnbmF0dXJl', 'second line']) expect(msg).not.toContain(secret)
    expect(msg.endsWith('…')).toBe(true)
    expect(msg.length).toBeLessThan(200 + 60)
  })

  it('gives the plugin the process env minus PERISCOPE_*, plus its env, plus KUBERNETES_EXEC_INFO', async () => {
    process.env.PERISCOPE_TOKEN = 'launch-token-that-must-not-leak-0123456789'
    const out = await runExecPlugin({ ...spec('env', { MY_PLUGIN_VAR: 'mine' }), provideClusterInfo: true }, CLUSTER, FAST)
    const seen = JSON.parse(Buffer.from(parseCredential(out).token ?? '', 'base64').toString()) as { names: string[]; execInfo: string; mine: string }
    expect(seen.names).not.toContain('PERISCOPE_TOKEN')
    expect(seen.names.filter((n) => n.startsWith('PERISCOPE_'))).toEqual([])
    expect(seen.names).toContain('PATH')
    expect(seen.mine).toBe('mine')
    expect(JSON.parse(seen.execInfo)).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      spec: { interactive: false, cluster: { server: 'https://c.example:6443' } }
    })
    expect(Object.keys(pluginEnv({ PERISCOPE_TOKEN: 'x', periscope_watch_streams: 'y', HOME: '/h' }, spec('ok'), CLUSTER)).sort()).toEqual([
      'HOME',
      'KUBERNETES_EXEC_INFO',
      'PLUGIN_MODE'
    ])
  })
})
