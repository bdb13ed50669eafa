/**
 * The per-launch TLS identity of the simulated apiserver.
 *
 * Why: kubectl only sends a bearer token over https, and client-node refuses plain http without
 * `insecure-skip-tls-verify`, so the sim serves https with a fresh self-signed certificate for
 * IP 127.0.0.1 and DNS localhost, which is also its own CA (`certificate-authority-data`).
 * EC P-256: generation measured at ~20 ms on the 2-core CI VM (RSA-2048 ~20-200 ms, variable),
 * and smaller handshakes.
 */
import { generate } from 'selfsigned'

export interface SimTls {
  /** PEM private key (never logged). */
  readonly key: string
  /** PEM certificate; also the CA clients must trust. */
  readonly cert: string
}

/** Validity of the per-launch certificate: long enough for any test or demo session. */
const VALID_DAYS = 30

/** Generate the certificate and key for this launch. */
export async function makeTls(): Promise<SimTls> {
  const notBeforeDate = new Date(Date.now() - 60_000)
  const notAfterDate = new Date(notBeforeDate.getTime() + VALID_DAYS * 86_400_000)
  const pems = await generate([{ name: 'commonName', value: 'periscope-sim' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
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
  return { key: pems.private, cert: pems.cert }
}
