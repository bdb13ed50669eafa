import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { ExecCredentialCache, parseCredential } from './execCredentials.ts'
import type { ExecSpec } from './execCredentials.ts'

const PLUGIN = fileURLToPath(new URL('../../../test/fixtures/exec-plugin.mjs', import.meta.url))
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscope-exec-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
const CLUSTER = { name: 'c', server: 'https://c.example' }

function spec(counter: string, env: Record<string, string> = {}): ExecSpec {
  return {
    command: process.execPath,
    args: [PLUGIN],
    apiVersion: 'client.authentication.k8s.io/v1',
    env: Object.entries({ COUNTER_FILE: counter, PLUGIN_TOKEN: 'tok', ...env }).map(([name, value]) => ({ name, value }))
  }
}
const spawnsIn = (f: string): number => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8').trim().split('\n').length : 0)

describe('ExecCredentialCache', () => {
  it('de-duplicates concurrent calls and caches until expiry', async () => {
    const counter = path.join(dir, 'dedup.txt')
    const cache = new ExecCredentialCache()
    const s = spec(counter, { PLUGIN_EXPIRES_IN_S: '600' })
    const creds = await Promise.all(Array.from({ length: 50 }, () => cache.get(s, CLUSTER)))
    expect(new Set(creds).size).toBe(1)
    expect(creds[0].token).toBe('tok')
    await cache.get(s, CLUSTER)
    expect(spawnsIn(counter)).toBe(1)
    expect(cache.spawns).toBe(1)
    // Another cluster is another key (client-node keyed by user name only: #429).
    await cache.get(s, { name: 'other', server: 'https://other.example' })
    expect(spawnsIn(counter)).toBe(2)
  })

  it('runs the plugin again once the credential expires, or after invalidate()', async () => {
    const counter = path.join(dir, 'expiry.txt')
    const cache = new ExecCredentialCache()
    const soon = spec(counter, { PLUGIN_EXPIRES_IN_S: '5' }) // within the refresh skew: never reused
    await cache.get(soon, CLUSTER)
    await cache.get(soon, CLUSTER)
    expect(spawnsIn(counter)).toBe(2)
    const forever = spec(counter)
    const first = await cache.get(forever, CLUSTER)
    cache.invalidate(forever, CLUSTER, first)
    const second = await cache.get(forever, CLUSTER)
    expect(second).not.toBe(first)
    cache.invalidate(forever, CLUSTER, first) // a late 401 for the old credential: ignored
    expect(await cache.get(forever, CLUSTER)).toBe(second)
    expect(spawnsIn(counter)).toBe(4)
  })

  it('reports failures precisely: exit status and first stderr line, never stdout', async () => {
    const cache = new ExecCredentialCache()
    const s = spec(path.join(dir, 'fail.txt'), { PLUGIN_FAIL: 'error: token for profile prod expired' })
    await expect(cache.get(s, CLUSTER)).rejects.toThrow(
      `exec plugin \`${path.basename(process.execPath)}\` failed: exit status 1: error: token for profile prod expired`
    )
    await expect(cache.get({ ...s, command: '/nonexistent/aws', installHint: 'install the AWS CLI' }, CLUSTER)).rejects.toThrow(
      'exec plugin `aws` failed: executable not found (install the AWS CLI)'
    )
  })

  it('parseCredential validates the ExecCredential without echoing it', () => {
    expect(() => parseCredential('token: abc')).toThrow('its output is not a JSON ExecCredential')
    expect(() => parseCredential('{"status":{}}')).toThrow(/neither a token nor a client certificate/)
    expect(parseCredential('{"status":{"token":"t","expirationTimestamp":"2030-01-01T00:00:00Z"}}')).toEqual({
      token: 't',
      expiresAt: Date.parse('2030-01-01T00:00:00Z')
    })
  })
})
