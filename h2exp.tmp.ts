import { createSecureServer, connect } from 'node:http2'
import { generateCertificate } from './src/main/server/tls.ts'
const body = Buffer.alloc(1_000_000, 'x')
const cert = await generateCertificate()
const mode = process.argv[2] ?? 'end'
const server = createSecureServer({ key: cert.keyPem, cert: cert.certPem, allowHTTP1: true, settings: { maxConcurrentStreams: 128 } }, (req, res) => {
  res.writeHead(200, { 'content-length': body.length })
  if (mode === 'end') res.end(body)
  else if (mode === 'stream') (res as any).stream.end(body)
})
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
const port = (server.address() as any).port
const mu = (l: string) => { const m = process.memoryUsage(); console.log(l, 'rss', m.rss >> 20, 'heap', m.heapUsed >> 20, 'ext', m.external >> 20, 'ab', m.arrayBuffers >> 20) }
mu('before')
let answered = 0
const sessions = Array.from({ length: 4 }, () => { const s = connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false }); s.on('error', () => {}); return s })
for (const s of sessions) for (let i = 0; i < 5000; i++) { const r = s.request({ ':path': '/x' }); r.on('error', () => {}); r.on('response', () => { answered++; r.pause() }); r.end() }
await new Promise((r) => setTimeout(r, 3000))
mu(`during answered=${answered}`)
let srvStreams = 0
for (const s of sessions) s.destroy()
await new Promise((r) => setTimeout(r, 500))
;(globalThis as any).gc?.()
mu('after')
server.close()
process.exit(0)
