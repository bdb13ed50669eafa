/**
 * The floor: what the bytes of the pod list cost before any product code runs.
 *
 * Why: "time to complete table" cannot beat transferring and `JSON.parse`-ing the list. This
 * fetches the same pages the engine fetches (`limit=500`, following `continue`) straight from the
 * simulator and times the transfer and the parse separately; for small lists it also parses the
 * whole unpaginated list as one string (V8 strings stop at ~512 MB, so not at 50k+).
 * Lifecycle: one call, sequential requests over one keep-alive agent, destroyed at the end.
 */
import { Agent, request } from 'node:https'
import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'

/** The engine's page size (performance-notes §1.5: one 4 MB page parses in ~21 ms). */
const PAGE = 500
/** Above this many pods the unpaginated list is too large for one V8 string. */
const WHOLE_LIST_MAX_PODS = 20_000
/** One page that takes longer than this means the simulator is stuck. */
const REQUEST_TIMEOUT_MS = 120_000

export interface FloorResult {
  readonly bytes: number
  readonly pages: number
  /** Wall time of the paginated transfer (requests in sequence). */
  readonly fetchMs: number
  /** Sum of `JSON.parse` per page. */
  readonly parseMs: number
  /** `JSON.parse` of the unpaginated list as one string, when small enough. */
  readonly wholeParseMs?: number
  readonly wholeBytes?: number
  readonly items: number
}

interface Access {
  server: string
  ca: string
  token: string
}

function access(kubeconfigPath: string): Access {
  const kc = parseYaml(readFileSync(kubeconfigPath, 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority-data'?: string } }[]
    users: { user: { token?: string } }[]
  }
  const c = kc.clusters[0]?.cluster
  const token = kc.users[0]?.user.token
  if (!c || !token) throw new Error(`floor: ${kubeconfigPath} has no cluster or token`)
  return { server: c.server, ca: Buffer.from(c['certificate-authority-data'] ?? '', 'base64').toString('utf8'), token }
}

function get(a: Access, agent: Agent, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const u = new URL(path, a.server)
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        ca: a.ca,
        agent,
        headers: { Authorization: `Bearer ${a.token}`, Accept: 'application/json' }
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8')
          if (res.statusCode !== 200) reject(new Error(`floor: GET ${u.pathname} answered ${res.statusCode}: ${body.slice(0, 200)}`))
          else resolve(body)
        })
        res.on('error', reject)
      }
    )
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`floor: GET ${u.pathname} timed out`)))
    req.on('error', reject)
    req.end()
  })
}

/** Fetch and parse every pod, page by page (and whole when small). */
export async function measureFloor(kubeconfigPath: string, pods: number): Promise<FloorResult> {
  const a = access(kubeconfigPath)
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  try {
    let bytes = 0
    let pages = 0
    let fetchMs = 0
    let parseMs = 0
    let items = 0
    let cont = ''
    for (let guard = 0; guard < pods / PAGE + 10; guard++) {
      const t0 = performance.now()
      const body = await get(a, agent, `/api/v1/pods?limit=${PAGE}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`)
      const t1 = performance.now()
      const list = JSON.parse(body) as { items: unknown[]; metadata: { continue?: string } }
      parseMs += performance.now() - t1
      fetchMs += t1 - t0
      bytes += body.length
      pages++
      items += list.items.length
      cont = list.metadata.continue ?? ''
      if (!cont) break
    }
    let whole: { wholeParseMs: number; wholeBytes: number } | undefined
    if (pods <= WHOLE_LIST_MAX_PODS) {
      const body = await get(a, agent, '/api/v1/pods')
      const t = performance.now()
      JSON.parse(body)
      whole = { wholeParseMs: performance.now() - t, wholeBytes: body.length }
    }
    return { bytes, pages, fetchMs, parseMs, items, ...whole }
  } finally {
    agent.destroy()
  }
}
