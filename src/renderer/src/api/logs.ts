/**
 * The log stream's URL: the `logs` route of the shared table on the server's base URL, with
 * `?token=` because EventSource cannot send headers. Never log the result.
 */
import { apiPath } from '../../../shared/api/routes.ts'
import type { RouteParams } from '../../../shared/api/routes.ts'
import { connection } from './bridge.ts'

/** Absolute URL of a log stream (`lastEventId` resumes a stream the browser gave up on). */
export function logStreamUrl(params: Omit<RouteParams['logs'], 'token'>): string {
  const c = connection()
  return c.baseUrl + apiPath('logs', { ...params, token: c.token })
}
