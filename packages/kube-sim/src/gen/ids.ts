/**
 * Deterministic fake identifiers and timestamps for generated objects.
 *
 * Why: container IDs and image digests must look real (64 hex digits) and stay stable for a given
 * pod, container and restart, without drawing from (and so perturbing) the seeded PRNG sequence.
 * A cheap string hash expanded by xorshift gives that. Timestamps are whole seconds, as the
 * apiserver writes them.
 */

/** 32-bit FNV-1a hash of a string. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

const BYTE_HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** `n` hex digits derived only from `key` (the same key always gives the same digits). */
export function hashHex(key: string, n: number): string {
  let x = fnv1a(key) || 1
  let s = ''
  while (s.length < n) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    s += BYTE_HEX[x & 255] + BYTE_HEX[(x >>> 8) & 255] + BYTE_HEX[(x >>> 16) & 255] + BYTE_HEX[x >>> 24]
  }
  return s.length === n ? s : s.slice(0, n)
}

const digests = new Map<string, string>()

/** The `imageID` the kubelet reports for an image: `<repo>@sha256:<digest>`, cached per image. */
export function imageId(image: string): string {
  let id = digests.get(image)
  if (id === undefined) {
    const at = image.lastIndexOf(':')
    const repo = at > image.lastIndexOf('/') ? image.slice(0, at) : image
    id = `${repo}@sha256:${hashHex(image, 64)}`
    digests.set(image, id)
  }
  return id
}

/** A containerd container ID for one run of a container. */
export function containerId(pod: string, container: string, run: number): string {
  return `containerd://${hashHex(`${pod}/${container}/${run}`, 64)}`
}

const TWO: string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'))
const dayPrefix = new Map<number, string>()

/** RFC 3339 timestamp at whole-second precision (`2025-01-02T03:04:05Z`); hot path, so the date part is cached per day. */
export function iso(ms: number): string {
  const secs = Math.floor(ms / 1000)
  const day = Math.floor(secs / 86400)
  let prefix = dayPrefix.get(day)
  if (prefix === undefined) {
    prefix = new Date(day * 86400000).toISOString().slice(0, 11)
    dayPrefix.set(day, prefix)
  }
  const sod = secs - day * 86400
  const h = Math.floor(sod / 3600)
  const m = Math.floor((sod - h * 3600) / 60)
  return `${prefix}${TWO[h]}:${TWO[m]}:${TWO[sod - h * 3600 - m * 60]}Z`
}

/** Milliseconds per unit, for readable age arithmetic. */
export const SECOND = 1000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

/**
 * An Event's name as client-go's recorder makes it: `<object name>.<UnixNano in hex>` of the
 * moment it was first recorded. `subMs` (0..999,999 ns) keeps events of the same millisecond apart.
 */
export function eventName(objectName: string, firstMs: number, subMs: number): string {
  return `${objectName}.${(BigInt(Math.floor(firstMs)) * 1_000_000n + BigInt(Math.floor(subMs) % 1_000_000)).toString(16)}`
}
