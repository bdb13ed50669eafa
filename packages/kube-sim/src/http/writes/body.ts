/**
 * Reading and decoding a write request's body.
 *
 * Why: the apiserver refuses bodies over 3 MB (413) and answers 400 BadRequest with the decoder's
 * reason for JSON it cannot parse; YAML bodies are accepted as `--raw` users send them, and the
 * protobuf of kubectl 1.33's typed clients is decoded (`protobuf.ts`).
 */
import type { IncomingMessage } from 'node:http'
import { parse as parseYaml } from 'yaml'
import { StoreError } from '../../store/types.ts'
import { decodeProtobuf, isProtobuf } from './protobuf.ts'

/** The apiserver's default limit on a request body (`--max-request-bytes` is 3 MB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024

/** Read the whole body. @throws StoreError 413 when it exceeds `MAX_BODY_BYTES`. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data')
        req.resume()
        reject(new StoreError(413, 'RequestEntityTooLarge', `the server has received a request that is too large: limit is ${MAX_BODY_BYTES} bytes`))
        return
      }
      parts.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(parts)))
    req.on('error', reject)
  })
}

/** Media types a create/update body may have (the real server's message lists them in this order). */
const BODY_MEDIA = new Set(['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'])

/**
 * Decode a body as JSON (or YAML, by Content-Type). An empty body decodes to undefined.
 * @throws StoreError 400 BadRequest with the parser's reason.
 */
export function decodeBody(body: Buffer, contentType: string | undefined, what: string): unknown {
  const text = body.toString('utf8')
  if (text.trim() === '') return undefined
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase()
  if (isProtobuf(media)) return decodeProtobuf(body)
  if (media !== '' && !BODY_MEDIA.has(media)) {
    throw new StoreError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${[...BODY_MEDIA].join(', ')}`
    )
  }
  try {
    if (media === 'application/yaml' || media === 'application/apply-patch+yaml') return parseYaml(text) as unknown
    return JSON.parse(text) as unknown
  } catch (err) {
    throw new StoreError(400, 'BadRequest', `${what}: json parse error: ${err instanceof Error ? err.message : String(err)}`)
  }
}
