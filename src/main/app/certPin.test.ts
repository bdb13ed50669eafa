import { describe, expect, it, vi } from 'vitest'
import type { Session } from 'electron'
import { generateCertificate } from '../server/tls.ts'

vi.mock('electron', () => ({}))
const { CERT_ACCEPT, CERT_DEFAULT, certificateDecision, installCertificatePin, pemFingerprint256 } = await import('./certPin.ts')

const ours = await generateCertificate()
const other = await generateCertificate()

describe('certificate pinning', () => {
  it('computes the same fingerprint the server reports', () => {
    expect(pemFingerprint256(ours.certPem)).toBe(ours.fingerprint256)
    expect(pemFingerprint256('not a certificate')).toBeNull()
  })
  it('accepts the server certificate on 127.0.0.1 and localhost', () => {
    expect(certificateDecision({ hostname: '127.0.0.1', certificate: { data: ours.certPem } }, ours.fingerprint256)).toBe(CERT_ACCEPT)
    expect(certificateDecision({ hostname: 'localhost', certificate: { data: ours.certPem } }, ours.fingerprint256)).toBe(CERT_ACCEPT)
  })
  it('leaves any other certificate on loopback to the default verification', () => {
    expect(certificateDecision({ hostname: '127.0.0.1', certificate: { data: other.certPem } }, ours.fingerprint256)).toBe(CERT_DEFAULT)
    expect(certificateDecision({ hostname: '127.0.0.1', certificate: { data: 'garbage' } }, ours.fingerprint256)).toBe(CERT_DEFAULT)
  })
  it('never force-accepts our certificate for a foreign host', () => {
    expect(certificateDecision({ hostname: 'evil.com', certificate: { data: ours.certPem } }, ours.fingerprint256)).toBe(CERT_DEFAULT)
    expect(certificateDecision({ hostname: '127.0.0.2', certificate: { data: ours.certPem } }, ours.fingerprint256)).toBe(CERT_DEFAULT)
  })
  it('installs a verify proc that answers through the callback', () => {
    let proc: ((req: unknown, cb: (r: number) => void) => void) | undefined
    const ses = {
      setCertificateVerifyProc: (p: typeof proc) => {
        proc = p
      }
    }
    installCertificatePin(ses as unknown as Session, ours.fingerprint256)
    const cb = vi.fn()
    proc?.({ hostname: '127.0.0.1', certificate: { data: ours.certPem } }, cb)
    proc?.({ hostname: 'github.com', certificate: { data: other.certPem } }, cb)
    expect(cb.mock.calls).toEqual([[CERT_ACCEPT], [CERT_DEFAULT]])
  })
})
