/**
 * Certificate pinning of the local server's per-launch TLS certificate (spec §9).
 *
 * Why: the server speaks HTTP/2 over TLS with a self-signed certificate made at launch, so
 * Chromium would reject it. Instead of turning verification off, the window's session accepts
 * exactly that certificate (by SHA-256 fingerprint) on loopback, and hands every other
 * certificate to Chromium's own verification. The verify request carries no port, so the pin is
 * by certificate: its private key lives only in this process's memory.
 * Lifecycle: `installCertificatePin` once per session, before the window loads.
 */
import { X509Certificate } from 'node:crypto'
import type { Session } from 'electron'

/** Chromium verify-proc results (net error codes): accept, reject, or "use default verification". */
export const CERT_ACCEPT = 0
export const CERT_REJECT = -2
export const CERT_DEFAULT = -3

/** Hosts the local server answers on (spec §8: Host must be one of these). */
const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', 'localhost']

/** What the pin needs from a verify request (a subset of Electron's `Request`). */
export interface VerifyRequest {
  readonly hostname: string
  readonly certificate: { readonly data: string }
}

/** SHA-256 fingerprint (`AA:BB:…`) of a PEM certificate, or null when it does not parse. */
export function pemFingerprint256(pem: string): string | null {
  try {
    return new X509Certificate(pem).fingerprint256
  } catch {
    return null
  }
}

/**
 * The verify decision: `CERT_ACCEPT` only for the pinned certificate on a loopback host, else
 * `CERT_DEFAULT` (Chromium's normal verification, which refuses self-signed certificates).
 * @param fingerprint256 the server certificate's SHA-256 fingerprint, `AA:BB:…`.
 */
export function certificateDecision(req: VerifyRequest, fingerprint256: string): number {
  if (!LOOPBACK_HOSTS.includes(req.hostname.toLowerCase())) return CERT_DEFAULT
  const fp = pemFingerprint256(req.certificate.data)
  return fp !== null && fp.toUpperCase() === fingerprint256.toUpperCase() ? CERT_ACCEPT : CERT_DEFAULT
}

/** Pin `fingerprint256` in `session` (replaces any earlier verify proc). */
export function installCertificatePin(session: Pick<Session, 'setCertificateVerifyProc'>, fingerprint256: string): void {
  session.setCertificateVerifyProc((req, callback) => callback(certificateDecision(req, fingerprint256)))
}
