import { delimiter, resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => ({}))
const { envWithKubeconfig, parseDesktopArgs } = await import('./args.ts')

describe('parseDesktopArgs', () => {
  it('ignores Electron and Chromium entries', () => {
    expect(parseDesktopArgs(['/usr/lib/electron', '.', '--no-sandbox-is-not-ours', '--enable-logging'])).toEqual({ demo: false })
  })
  it('reads --demo and --kubeconfig in both forms', () => {
    expect(parseDesktopArgs(['.', '--demo'])).toEqual({ demo: true })
    expect(parseDesktopArgs(['.', '--kubeconfig', 'a.yaml'])).toEqual({ demo: false, kubeconfig: [resolve('a.yaml')] })
    expect(parseDesktopArgs([`--kubeconfig=a${delimiter}/b`])).toEqual({ demo: false, kubeconfig: [resolve('a'), resolve('/b')] })
  })
  it('rejects a missing value and --demo with --kubeconfig', () => {
    expect(() => parseDesktopArgs(['--kubeconfig'])).toThrow('--kubeconfig needs a value')
    expect(() => parseDesktopArgs(['--kubeconfig', '--demo'])).toThrow('--kubeconfig needs a value')
    expect(() => parseDesktopArgs(['--kubeconfig='])).toThrow('--kubeconfig needs a value')
    expect(() => parseDesktopArgs(['--demo', '--kubeconfig', 'x'])).toThrow(/cannot be used together/)
  })
})

describe('envWithKubeconfig', () => {
  it('replaces $KUBECONFIG only when --kubeconfig was given', () => {
    const env = { KUBECONFIG: '/old', HOME: '/h' }
    expect(envWithKubeconfig(env, { demo: false })).toBe(env)
    expect(envWithKubeconfig(env, { demo: false, kubeconfig: ['/a', '/b'] })).toEqual({ KUBECONFIG: `/a${delimiter}/b`, HOME: '/h' })
  })
})
