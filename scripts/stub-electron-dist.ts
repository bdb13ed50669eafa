// A stand-in Electron distribution for `electron-builder --linux dir` on a machine that cannot
// download Electron (the packaging smoke test, and CI).
//   node scripts/stub-electron-dist.ts <dir>      → prints <dir>
// Why: electron-builder copies an Electron distribution and renames its binary; with
// `-c.electronDist=<dir>` it uses this one instead of downloading. The "binary" is a shell script
// that says it is a stub. It carries Electron's fuse sentinel and a fuse wire (with Electron's
// default states), so the `electronFuses` step of electron-builder.yml runs for real and the
// test can read back which fuses were flipped. It proves the packaging pipeline and the app.asar
// contents, never a runnable app.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The Electron version the stub claims to be (the pinned devDependency). */
export const STUB_ELECTRON_VERSION = '45.4.1'
/** @electron/fuses' marker that precedes the fuse wire in an Electron binary. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
/**
 * Electron's default fuse wire (V1, 8 fuses; '1' enabled, '0' disabled): RunAsNode,
 * CookieEncryption, NodeOptions, NodeCliInspect, AsarIntegrity, OnlyLoadAppFromAsar,
 * BrowserV8Snapshot, FileProtocolExtraPrivileges.
 */
export const DEFAULT_FUSE_WIRE = '10110001'

/**
 * Write the stub distribution into `dir` (created if needed).
 * @returns the absolute directory.
 */
export function makeStubElectronDist(dir: string): string {
  const root = resolve(dir)
  mkdirSync(join(root, 'resources'), { recursive: true })
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL, 'ascii'), Buffer.from([1, DEFAULT_FUSE_WIRE.length]), Buffer.from(DEFAULT_FUSE_WIRE, 'ascii')])
  const script = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "periscope: this is a stub Electron (packaging smoke test); it cannot run the app" >&2\nexit 1\n# fuses: ', 'utf8'),
    wire,
    Buffer.from('\n', 'utf8')
  ])
  writeFileSync(join(root, 'electron'), script)
  chmodSync(join(root, 'electron'), 0o755)
  writeFileSync(join(root, 'version'), STUB_ELECTRON_VERSION)
  writeFileSync(join(root, 'LICENSE'), 'Stub Electron distribution for packaging tests (MIT, as Electron).\n')
  writeFileSync(join(root, 'LICENSES.chromium.html'), '<!doctype html><title>stub</title>\n')
  return root
}

if (import.meta.main) {
  const dir = process.argv[2]
  if (!dir) {
    process.stderr.write('usage: node scripts/stub-electron-dist.ts <dir>\n')
    process.exit(2)
  }
  process.stdout.write(`${makeStubElectronDist(dir)}\n`)
}
