/**
 * One request to the simulated apiserver over HTTPS, as any client sends it: the sim's bearer
 * token, its CA, JSON in and out. Used by the tests that drive the demo cluster's real API.
 */
import { request } from 'node:https'
import type { IncomingMessage } from 'node:http'
import type { Sim } from '@periscope/kube-sim'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
export interface SimReply {
  status: number
  headers: IncomingMessage['headers']
  json: Json
}

/** The Accept header kubectl sends for `kubectl get`: a meta.k8s.io/v1 Table, else plain JSON. */
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json'

/**
 * @param body an object (sent as JSON) or a raw string (sent as is, e.g. malformed JSON).
 * @param contentType e.g. `application/merge-patch+json` for PATCH.
 * @param accept e.g. `TABLE_ACCEPT` for the server-side printed Table.
 */
export function simApi(
  sim: Sim,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
  accept = 'application/json'
): Promise<SimReply> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
    const headers: Record<string, string> = { authorization: `Bearer ${sim.token}`, accept }
    if (data !== undefined) {
      headers['content-type'] = contentType
      headers['content-length'] = String(Buffer.byteLength(data)) // DELETE is not chunked by default
    }
    const req = request(`${sim.url}${path}`, { method, ca: sim.caPem, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => {
        text += c
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? (JSON.parse(text) as Json) : {} }))
    })
    req.on('error', reject)
    req.end(data)
  })
}
