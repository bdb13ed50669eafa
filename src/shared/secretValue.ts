/**
 * How a Secret value stands in the window: `<redacted: N bytes>`, N being the decoded size that
 * `kubectl describe secret` prints. The main process writes it (src/main/watch/objectForWindow.ts)
 * and the describe view reads it back (DataKeys.tsx), so the format lives here, once, with the
 * size rules both use.
 */

const REDACTED_RE = /^<redacted: (\d+) bytes>$/

/** The text that replaces a value of `bytes` bytes. */
export function redactedValue(bytes: number): string {
  return `<redacted: ${bytes} bytes>`
}

/** The size a redacted value stands for, or undefined when `text` is not one. */
export function redactedBytes(text: string): number | undefined {
  const m = REDACTED_RE.exec(text)
  return m ? Number(m[1]) : undefined
}

/** Bytes a base64 value decodes to (`data`, `binaryData`), without decoding it. */
export function base64Bytes(v: string): number {
  const s = v.replace(/\s+/g, '')
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0
  return Math.max(0, Math.floor((s.length * 3) / 4) - pad)
}

/** Bytes of a string in UTF-8 (`stringData`, a ConfigMap's `data`). */
export function utf8Bytes(v: string): number {
  // Counted by code point (src/shared has no TextEncoder: it is platform-free).
  let n = 0
  for (const ch of v) {
    const cp = ch.codePointAt(0) ?? 0
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
  }
  return n
}
