import { describe, expect, it } from 'vitest'
import {
  UpstreamError,
  classifyNetworkError,
  httpError,
  isClusterLevel,
  isGone,
  isTransient,
  isUnreachable,
  parseRetryAfter,
  watchStatusError
} from './errors.ts'

const coded = (code: string, message = code): Error => Object.assign(new Error(message), { code })

describe('error classification', () => {
  it('names the precise network and TLS failure with the host', () => {
    const host = '10.0.0.1:6443'
    expect(classifyNetworkError(coded('ECONNREFUSED'), host).message).toBe('connection refused to 10.0.0.1:6443')
    expect(classifyNetworkError(coded('ENOTFOUND'), 'api.example.com:443').message).toBe('DNS lookup failed for api.example.com: no such host')
    expect(classifyNetworkError(coded('DEPTH_ZERO_SELF_SIGNED_CERT'), host).message).toMatch(/unknown authority \(check certificate-authority\)/)
    expect(classifyNetworkError(coded('CERT_HAS_EXPIRED'), host).message).toBe('TLS: the certificate of 10.0.0.1:6443 has expired')
    expect(classifyNetworkError(coded('ETIMEDOUT'), host)).toMatchObject({ kind: 'timeout' })
    const agg = Object.assign(new AggregateError([coded('ECONNREFUSED')]), {})
    expect(classifyNetworkError(agg, host).message).toBe('connection refused to 10.0.0.1:6443')
  })

  it('classifies HTTP answers with the Status message and Retry-After', () => {
    const status = JSON.stringify({ kind: 'Status', message: 'pods is forbidden: User "bob" cannot list resource "pods"' })
    expect(httpError(401, '', 'h:1', 'list pods').message).toMatch(/token expired or invalid/)
    expect(httpError(403, status, 'h:1', 'list pods').message).toBe('403 Forbidden: pods is forbidden: User "bob" cannot list resource "pods"')
    const tooMany = httpError(429, '', 'h:1', 'list pods', '3')
    expect(tooMany).toMatchObject({ status: 429, retryAfterMs: 3000 })
    expect(isGone(httpError(410, '', 'h:1', 'watch pods'))).toBe(true)
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000)
  })

  it('turns an in-stream ERROR Status into an error (410 → gone)', () => {
    expect(isGone(watchStatusError({ kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 1 (50)' }, 'h:1', 'watch pods'))).toBe(
      true
    )
    expect(watchStatusError({ kind: 'Status', code: 500, message: 'etcd down' }, 'h:1', 'watch pods')).toMatchObject({ status: 500, kind: 'http' })
  })

  it('a "Too large resource version" (restarted apiserver) means relist, in-stream or as HTTP 504', () => {
    const status = {
      kind: 'Status',
      code: 504,
      reason: 'Timeout',
      message: 'Timeout: Too large resource version: 900, current: 40',
      details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }] }
    }
    expect(isGone(watchStatusError(status, 'h:1', 'watch pods'))).toBe(true)
    expect(isGone(httpError(504, JSON.stringify(status), 'h:1', 'watch pods'))).toBe(true)
    expect(isGone(httpError(504, JSON.stringify({ kind: 'Status', code: 504, message: 'Timeout: request did not complete' }), 'h:1', 'watch pods'))).toBe(false)
  })

  it('TLS material OpenSSL refuses is a kubeconfig problem, not an outage', () => {
    const e = classifyNetworkError(coded('ERR_OSSL_PEM_NO_START_LINE'), 'h:1')
    expect(e.kind).toBe('config')
    expect(e.message).toMatch(/^kubeconfig: the client certificate, key or CA cannot be loaded/)
    expect(isUnreachable(e)).toBe(false)
  })

  it('drives cluster status and watch state from small predicates', () => {
    const refused = classifyNetworkError(coded('ECONNREFUSED'), 'h:1')
    expect([isUnreachable(refused), isClusterLevel(refused), isTransient(refused)]).toEqual([true, true, true])
    const forbidden = new UpstreamError('http', '403', { status: 403 })
    expect([isClusterLevel(forbidden), isTransient(forbidden)]).toEqual([false, false])
    const unauthorized = new UpstreamError('http', '401', { status: 401 })
    expect([isClusterLevel(unauthorized), isUnreachable(unauthorized)]).toEqual([true, false])
    expect(isTransient(new UpstreamError('exec', 'exec plugin `aws` failed'))).toBe(false)
  })
})
