// Runs the real CLI as a child process: argument errors, the ready line, the kubeconfig, shutdown.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

/** GET `path` with the kubeconfig's token and CA: status and body. */
function getWith(kubeconfig: string, path: string): Promise<{ status: number; body: string }> {
  const kc = parse(kubeconfig) as { clusters: { cluster: { server: string; 'certificate-authority-data': string } }[]; users: { user: { token: string } }[] }
  const { server, 'certificate-authority-data': ca } = kc.clusters[0].cluster
  return new Promise((resolve, reject) => {
    const req = request(
      `${server}${path}`,
      { ca: Buffer.from(ca, 'base64').toString(), headers: { Authorization: `Bearer ${kc.users[0].user.token}` } },
      (res) => {
        let body = ''
        res.on('data', (c: Buffer) => {
          body += c.toString()
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      }
    )
    req.on('error', reject)
    req.end()
  })
}

const CLI = join(import.meta.dirname, 'cli.ts')

interface Run {
  code: number | null
  out: string
  err: string
  stop: () => Promise<number | null>
}

function run(args: string[], untilLine?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    const timer = setTimeout(() => {
      p.kill('SIGKILL')
      reject(new Error(`cli timed out: ${out} ${err}`))
    }, 20_000)
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
    p.stderr.on('data', (c: Buffer) => {
      err += c.toString()
    })
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
    const gate = await run(['--feature-gates', 'WatchLists=true'])
    expect([gate.code, gate.err.split('\n')[0]]).toEqual([2, 'sim: --feature-gates: unrecognized feature gate: WatchLists (the simulator models WatchList)'])
    const value = await run(['--feature-gates', 'WatchList=yes'])
    expect([value.code, value.err.split('\n')[0]]).toEqual([2, 'sim: --feature-gates: "WatchList=yes" is not Name=true|false'])
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

  it("--user with --deny writes a kubeconfig for a user who gets the apiserver's 403 for the denied kinds only", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simcli-'))
    try {
      const kc = join(dir, 'kc')
      const r = await run(['--port', '0', '--write-kubeconfig', kc, '--pods', '5', '--user', 'viewer', '--deny', 'pods,events'], /sim kubeconfig written/)
      const yaml = readFileSync(kc, 'utf8')
      const pods = await getWith(yaml, '/api/v1/pods')
      expect(pods.status).toBe(403)
      expect(JSON.parse(pods.body)).toMatchObject({
        kind: 'Status',
        reason: 'Forbidden',
        code: 403,
        message: 'pods is forbidden: User "viewer" cannot list resource "pods" in API group "" at the cluster scope'
      })
      expect((await getWith(yaml, '/api/v1/nodes')).status).toBe(200)
      expect(await r.stop()).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses --deny without --user and an unknown kind, with exit 2', async () => {
    const alone = await run(['--deny', 'pods'])
    expect(alone.code).toBe(2)
    expect(alone.err).toContain('--deny needs --user')
    const typo = await run(['--user', 'viewer', '--deny', 'podz'])
    expect(typo.code).toBe(2)
    expect(typo.err).toContain('--deny: unknown kind "podz"')
  })

  it('--token-file: the admin token comes from a file (never the command line); bad files exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simcli-'))
    try {
      const tokenFile = join(dir, 'token')
      writeFileSync(tokenFile, 'sim-token-from-a-file-0123456789\n', { mode: 0o600 })
      const kc = join(dir, 'kc')
      const r = await run(['--port', '0', '--write-kubeconfig', kc, '--pods', '3', '--token-file', tokenFile], /sim kubeconfig written/)
      const yaml = readFileSync(kc, 'utf8')
      expect((parse(yaml) as { users: { user: { token: string } }[] }).users[0].user.token).toBe('sim-token-from-a-file-0123456789')
      expect((await getWith(yaml, '/api/v1/namespaces')).status).toBe(200)
      expect((await getWith(yaml.replace('sim-token-from-a-file-0123456789', 'wrong-token'), '/api/v1/namespaces')).status).toBe(401)
      expect(await r.stop()).toBe(0)

      const missing = await run(['--token-file', join(dir, 'nope')])
      expect([missing.code, missing.err.split('\n')[0]]).toEqual([2, `sim: --token-file ${join(dir, 'nope')}: file not found`])
      const both = await run(['--token', 'x', '--token-file', tokenFile])
      expect([both.code, both.err.split('\n')[0]]).toEqual([2, 'sim: --token and --token-file cannot be used together'])
      const folder = await run(['--token-file', dir])
      expect([folder.code, folder.err.split('\n')[0]]).toEqual([2, `sim: --token-file ${dir}: not a regular file`])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
