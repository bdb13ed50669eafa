/**
 * Compaction on demand: what the apiserver's compactor does every `--etcd-compaction-interval`
 * (5 min by default), done now, so tests see the real 410 Expired of an old continue token or
 * resourceVersion within seconds instead of minutes.
 *
 * Why not a short --etcd-compaction-interval: it would expire every token older than a second or
 * two in the whole cluster, making every other paging test racy. Lifecycle: stateless; each call
 * is three requests to etcd's loopback JSON gateway.
 */
import { request as httpRequest } from 'node:http'

/**
 * etcd's v3 JSON gateway (`/v3/kv/...`, keys and values base64): read the current revision,
 * compact there, and store it under `compact_rev_key`, the key the apiserver's own compactor
 * writes and every apiserver watches to learn the compacted revision.
 */
export async function compactEtcd(etcdUrl: string): Promise<number> {
  const b64 = (s: string): string => Buffer.from(s).toString('base64')
  const range = (await postJson(`${etcdUrl}/v3/kv/range`, { key: b64('compact_rev_key') })) as { header?: { revision?: string } }
  const rev = Number(range.header?.revision)
  if (!Number.isInteger(rev) || rev <= 0) throw new Error(`etcd returned no revision: ${JSON.stringify(range)}`)
  await postJson(`${etcdUrl}/v3/kv/compaction`, { revision: String(rev), physical: true })
  await postJson(`${etcdUrl}/v3/kv/put`, { key: b64('compact_rev_key'), value: b64(String(rev)) })
  return rev
}

/** POST JSON to a plain-http URL; the parsed answer, or a rejection naming the status. */
function postJson(url: string, body: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body)
    const req = httpRequest(
      url,
      { method: 'POST', agent: false, timeout: 5000, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = ''
        res.setEncoding('utf8').on('data', (c: string) => (text += c))
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`POST ${url}: ${res.statusCode} ${text}`))
          else resolve(JSON.parse(text) as unknown)
        })
      }
    )
    req.on('timeout', () => req.destroy(new Error(`POST ${url} timed out`)))
    req.on('error', reject)
    req.end(payload)
  })
}
