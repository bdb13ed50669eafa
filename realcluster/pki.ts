/**
 * Per-start PKI of the real cluster: a CA, the apiserver's serving certificate (signed by that CA,
 * IP SAN 127.0.0.1, DNS localhost and the in-cluster service names) and the service-account token
 * signing key pair.
 *
 * Why: everything is generated fresh for each start so no secret outlives the cluster and nothing
 * is committed. EC P-256 throughout: generation is a few ms on the 2-core CI VM (RSA-2048 takes
 * 20-200 ms each), and kube-apiserver accepts ES256 service-account keys.
 * Lifecycle: written once by startRealCluster into <tempDir>/pki, reused unchanged by
 * restartApiserver (the CA clients trust and issued tokens stay valid), deleted with the temp dir.
 */
import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generate } from 'selfsigned'

export interface Pki {
  readonly caPem: string
  /** Files handed to the components (all PEM, mode 0600). */
  readonly files: {
    readonly caCert: string
    readonly caKey: string
    readonly servingCert: string
    readonly servingKey: string
    readonly saPublicKey: string
    readonly saPrivateKey: string
  }
}

/** Validity: long enough for any test run or demo session, short enough to be obviously throwaway. */
const VALID_DAYS = 30
/** Backdate notBefore so a clock a little behind (another process, a VM) still accepts the certs. */
const BACKDATE_MS = 5 * 60_000

/** Names the serving certificate answers to: loopback plus what in-cluster clients would dial. */
const SERVING_DNS = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local']

/** The first address of the service CIDR (see components.ts) is the `kubernetes` Service's ClusterIP. */
export const KUBERNETES_SERVICE_IP = '10.96.0.1'

/** Generate the PKI and write it to `<dir>` (created). */
export async function makePki(dir: string): Promise<Pki> {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const notBeforeDate = new Date(Date.now() - BACKDATE_MS)
  const notAfterDate = new Date(notBeforeDate.getTime() + VALID_DAYS * 86_400_000)
  const common = { keyType: 'ec', curve: 'P-256', algorithm: 'sha256', notBeforeDate, notAfterDate } as const

  const ca = await generate([{ name: 'commonName', value: 'periscope-realcluster-ca' }], {
    ...common,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, cRLSign: true, critical: true }
    ]
  })
  const serving = await generate([{ name: 'commonName', value: 'kube-apiserver' }], {
    ...common,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 7, ip: KUBERNETES_SERVICE_IP }, ...SERVING_DNS.map((value) => ({ type: 2 as const, value }))]
      }
    ]
  })
  const sa = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' }
  })

  const files = {
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    // kube-apiserver wants the chain it serves; the CA is the only issuer, so the leaf suffices.
    servingCert: join(dir, 'apiserver.crt'),
    servingKey: join(dir, 'apiserver.key'),
    saPublicKey: join(dir, 'sa.pub'),
    saPrivateKey: join(dir, 'sa.key')
  }
  const write = (path: string, pem: string): void => writeFileSync(path, pem, { mode: 0o600 })
  write(files.caCert, ca.cert)
  write(files.caKey, ca.private)
  write(files.servingCert, serving.cert)
  write(files.servingKey, serving.private)
  write(files.saPublicKey, sa.publicKey)
  write(files.saPrivateKey, sa.privateKey)
  return { caPem: ca.cert, files }
}
