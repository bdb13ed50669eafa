/**
 * The per-launch self-signed certificate of the local server (spec §9).
 *
 * Why: Chromium multiplexes streams only over HTTP/2, and browsers speak HTTP/2 only over TLS,
 * so a window with 20 live lists needs TLS on loopback. The certificate is made fresh at every
 * launch and never written to disk; the Electron session pins it by its SHA-256 fingerprint.
 * Lifecycle: generated once before listen; dropped with the process.
 */
import { X509Certificate } from 'node:crypto'
import { generate } from 'selfsigned'

/** A launch lasts days at most; a short validity keeps a leaked key of little use. */
const VALIDITY_DAYS = 30

export interface ServerCertificate {
  readonly keyPem: string
  readonly certPem: string
  /** SHA-256 fingerprint, `AA:BB:…` (as `X509Certificate.fingerprint256`). */
  readonly fingerprint256: string
}

/** Make a P-256 certificate for `127.0.0.1` and `localhost`. */
export async function generateCertificate(): Promise<ServerCertificate> {
  const notBeforeDate = new Date(Date.now() - 60_000) // tolerate a little clock skew
  const notAfterDate = new Date(Date.now() + VALIDITY_DAYS * 86_400_000)
  const pems = await generate([{ name: 'commonName', value: 'periscope-local' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' }
        ]
      }
    ]
  })
  return { keyPem: pems.private, certPem: pems.cert, fingerprint256: new X509Certificate(pems.cert).fingerprint256 }
}
