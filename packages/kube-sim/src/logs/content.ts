/**
 * What a simulated container writes: one text per line, by image family and by what the run is
 * doing (starting, working, crashing, running out of memory, finishing, being stopped).
 *
 * Why: a log viewer is judged on real-looking logs: nginx-style access lines for web images, JSON
 * lines for apps (some with ANSI colours, as dev images print), a Go panic before every crash of a
 * `crash` image, the OOM message of an `oom` image, init containers that wait and finish. Every
 * text is a pure function of the random draws it is given, so a line is the same every time it is
 * generated (deterministic per seed).
 */
import type { Rng } from '../gen/prng.ts'

/** How a container's lines look. */
export type LogStyle = 'web' | 'json' | 'color' | 'db' | 'init' | 'job'

const WEB = /nginx|httpd|apache|caddy|envoy|haproxy|traefik|istio|proxy/
const DB = /postgres|redis|mysql|mariadb|mongo|kafka|zookeeper|rabbitmq|elasticsearch/
const COLOR = /node|python|ruby|busybox|dev|color/

/** The style of a container's lines. */
export function logStyle(image: string, init: boolean, job: boolean): LogStyle {
  const s = image.toLowerCase()
  if (init) return 'init'
  if (WEB.test(s)) return 'web'
  if (DB.test(s)) return 'db'
  if (job) return 'job'
  if (COLOR.test(s)) return 'color'
  return 'json'
}

const PATHS = [
  '/',
  '/healthz',
  '/api/v1/orders',
  '/api/v1/orders/{id}',
  '/api/v1/items?page={n}',
  '/static/app.{hex}.js',
  '/login',
  '/metrics',
  '/api/v1/users/{id}/cart'
]
const METHODS = ['GET', 'GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE']
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  'kube-probe/1.33',
  'curl/8.7.1',
  'Go-http-client/1.1',
  'python-requests/2.32.3'
]
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const MSGS = [
  'request handled',
  'order created',
  'cache miss',
  'cache hit',
  'payment authorized',
  'user session refreshed',
  'published event',
  'query executed',
  'upstream call finished'
]
const WARN = ['slow upstream response', 'retrying request', 'connection pool near capacity', 'deprecated field in request']
const ERR = ['upstream returned 503', 'database deadlock detected, retrying', 'context deadline exceeded']

function fill(path: string, rng: Rng): string {
  return path
    .replace('{id}', String(rng.range(1, 99999)))
    .replace('{n}', String(rng.range(1, 40)))
    .replace('{hex}', rng.hex(8))
}

function clf(ms: number): string {
  const d = new Date(ms)
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`
}

/** One ordinary line of a running container. `ms` is the line's time; `seq` its number in the run. */
export function workLine(style: LogStyle, rng: Rng, ms: number, seq: number, app: string): string {
  const level = rng.float()
  switch (style) {
    case 'web': {
      const status = level < 0.9 ? 200 : level < 0.95 ? 304 : level < 0.985 ? 404 : 502
      return `10.244.${rng.range(0, 7)}.${rng.range(2, 250)} - - [${clf(ms)}] "${rng.pick(METHODS)} ${fill(rng.pick(PATHS), rng)} HTTP/1.1" ${status} ${rng.range(0, 48000)} "-" "${rng.pick(AGENTS)}"`
    }
    case 'db':
      return level < 0.95
        ? `${new Date(ms).toISOString()} [${rng.range(1, 999)}] LOG:  duration: ${(rng.float() * 40).toFixed(3)} ms  statement: SELECT * FROM ${rng.pick(['orders', 'items', 'users', 'sessions'])} WHERE id = ${rng.range(1, 99999)}`
        : `${new Date(ms).toISOString()} [${rng.range(1, 999)}] WARNING:  checkpoints are occurring too frequently (${rng.range(5, 29)} seconds apart)`
    case 'color': {
      const [tag, msg] =
        level < 0.9
          ? ['\x1b[32mINFO \x1b[0m', rng.pick(MSGS)]
          : level < 0.97
            ? ['\x1b[33mWARN \x1b[0m', rng.pick(WARN)]
            : ['\x1b[1;31mERROR\x1b[0m', rng.pick(ERR)]
      return `${tag} \x1b[36m${app}\x1b[0m ${msg} \x1b[2mrequest_id=${rng.hex(12)} duration=${rng.range(1, 900)}ms\x1b[0m`
    }
    case 'job':
      return `processed batch ${seq}: ${rng.range(100, 5000)} records in ${rng.range(5, 900)} ms`
    default: {
      const lv = level < 0.9 ? 'info' : level < 0.97 ? 'warn' : 'error'
      const msg = lv === 'info' ? rng.pick(MSGS) : lv === 'warn' ? rng.pick(WARN) : rng.pick(ERR)
      return JSON.stringify({
        level: lv,
        ts: new Date(ms).toISOString(),
        logger: app,
        msg,
        method: rng.pick(METHODS),
        path: fill(rng.pick(PATHS), rng),
        status: lv === 'error' ? 500 : 200,
        duration_ms: rng.range(1, 900),
        seq
      })
    }
  }
}

/** The first lines of a run (written at once when the process starts). */
export function startLines(style: LogStyle, app: string, image: string, run: number): string[] {
  switch (style) {
    case 'init':
      return [`waiting for dependencies of ${app}…`, 'dependencies are ready', `applying migrations (run ${run + 1})`, 'migrations applied: 12', 'init done']
    case 'web':
      return ['/docker-entrypoint.sh: Configuration complete; ready for start up', `${image}: start worker processes`]
    case 'db':
      return ['database system is starting up', 'database system is ready to accept connections']
    case 'job':
      return [`starting job ${app}`]
    case 'color':
      return [`\x1b[32mINFO \x1b[0m starting \x1b[1m${app}\x1b[0m (image ${image})`, `\x1b[32mINFO \x1b[0m listening on \x1b[4m:8080\x1b[0m`]
    default:
      return [
        JSON.stringify({ level: 'info', logger: app, msg: 'starting', image, restart: run }),
        JSON.stringify({ level: 'info', logger: app, msg: 'listening', addr: ':8080' })
      ]
  }
}

/** How a run ended, as the last lines see it. */
export type RunEnd = 'crash' | 'oom' | 'fail' | 'completed' | 'stopped'

/** The last lines of a run, written together at its end (they share one timestamp). */
export function endLines(end: RunEnd, style: LogStyle, app: string, rng: Rng): string[] {
  switch (end) {
    case 'crash':
      return [
        'panic: runtime error: invalid memory address or nil pointer dereference',
        `[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x${rng.hex(6)}]`,
        '',
        'goroutine 1 [running]:',
        `main.(*Server).handleOrder(0x0, {0x${rng.hex(6)}, 0xc000${rng.hex(6)}})`,
        '\t/src/server/orders.go:142 +0x1c',
        'main.(*Server).ServeHTTP(0xc0001b2000, {0x9a4f20, 0xc0002a6000}, 0xc00023c100)',
        '\t/src/server/server.go:88 +0x2b4',
        'main.main()',
        '\t/src/main.go:31 +0x1d6',
        'exit status 2'
      ]
    case 'oom':
      return [
        JSON.stringify({ level: 'warn', logger: app, msg: 'heap usage above limit', heap_mb: rng.range(480, 510), limit_mb: 512 }),
        'fatal error: runtime: out of memory',
        '',
        'runtime stack:',
        'runtime.throw({0x7b5e4a?, 0x7fffffffe000?})',
        '\t/usr/local/go/src/runtime/panic.go:1023 +0x5c',
        'runtime.(*mheap).grow(0xb3a4e0, 0x20000?)',
        '\t/usr/local/go/src/runtime/mheap.go:1533 +0x28a'
      ]
    case 'fail':
      return [`Error: ${app} failed: connection refused (db:5432)`, 'exit status 1']
    case 'completed':
      return style === 'init'
        ? []
        : style === 'job'
          ? [`job ${app} finished: all batches processed`]
          : [JSON.stringify({ level: 'info', logger: app, msg: 'done' })]
    default:
      return style === 'web'
        ? ['signal 3 (SIGQUIT) received, shutting down', 'gracefully shutting down', 'exiting']
        : style === 'init'
          ? []
          : [JSON.stringify({ level: 'info', logger: app, msg: 'received SIGTERM, shutting down gracefully' })]
  }
}
