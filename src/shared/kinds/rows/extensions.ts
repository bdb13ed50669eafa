/**
 * API-extension row projections (CustomResourceDefinition, Mutating- and
 * ValidatingWebhookConfiguration): the apiextensions-apiserver's default table convertor (NAME,
 * CREATED AT) and kubectl's `printMutatingWebhook` / `printValidatingWebhook` (WEBHOOKS, AGE).
 *
 * Lifecycle: pure functions, called once per object per watch event.
 */
import { createdAtText } from './config.ts'
import type { Projector } from './types.ts'

/** CRDs print through the default table convertor: CREATED AT only. */
export const projectCrd: Projector = (obj) => {
  const conds = (obj as { status?: { conditions?: readonly { type?: string; status?: string }[] } }).status?.conditions ?? []
  const established = conds.some((c) => c.type === 'Established' && c.status === 'True')
  return {
    cells: { createdAt: createdAtText(obj.metadata?.creationTimestamp) },
    // UI only (not a kubectl column): a CRD whose resource is not served yet is a warning.
    extra: { statusClass: established ? 'ok' : 'warning' }
  }
}

/** `printMutatingWebhook` / `printValidatingWebhook`: WEBHOOKS is the number of webhooks. */
export const projectWebhookConfiguration: Projector = (obj) => ({
  cells: { webhooks: Array.isArray(obj.webhooks) ? obj.webhooks.length : 0, age: obj.metadata?.creationTimestamp ?? null }
})
