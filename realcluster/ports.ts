/**
 * Free TCP ports on 127.0.0.1 for the control plane's listeners.
 *
 * Why: every start uses random free ports so parallel clusters (tests, a developer's own cluster)
 * never collide. The OS picks the port; we close our probe listener and hand the number to the
 * component, which binds it a moment later (a tiny race, retried by the launcher on failure).
 * Lifecycle: asked once per start; the apiserver keeps its port across restartApiserver.
 */
import { createServer } from 'node:net'

/** One port the OS reports free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.once('error', reject)
    srv.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))))
    })
  })
}

/** `n` distinct free ports. */
export async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>()
  while (ports.size < n) ports.add(await freePort())
  return [...ports]
}
