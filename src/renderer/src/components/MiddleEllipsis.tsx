/**
 * Text cut in the middle when too wide: the head shrinks with an ellipsis, the tail (a pod's
 * generated hash, a name's last part) always shows. Pure CSS (flex + text-overflow), so it costs
 * nothing per frame; the full text is still the element's text for copy, search and tooltips.
 */

/** A suffix this short (separator included) after the last `-` or `.` is a generated id. */
const MAX_SUFFIX = 12
/** Names with no such suffix keep this many trailing characters visible. */
const TAIL_CHARS = 6

/** Where the always-visible tail of a name starts (0 = nothing to keep). */
export function tailStart(text: string): number {
  if (text.length <= TAIL_CHARS + 2) return 0
  const sep = Math.max(text.lastIndexOf('-'), text.lastIndexOf('.'))
  if (sep > 0 && text.length - sep <= MAX_SUFFIX) return sep
  return text.length - TAIL_CHARS
}

/** The text, cut in the middle when it overflows. */
export function MiddleEllipsis({ text, className = '' }: { text: string; className?: string }) {
  const cut = tailStart(text)
  if (cut === 0) return <span className={`cell-text ${className}`}>{text}</span>
  return (
    <span className={`cell-mid ${className}`}>
      <span className="mid-head">{text.slice(0, cut)}</span>
      <span className="mid-tail">{text.slice(cut)}</span>
    </span>
  )
}
