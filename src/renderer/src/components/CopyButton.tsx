/**
 * A button that copies a text to the clipboard and says so for a moment ("Copied"), or why it
 * could not (a page without clipboard access).
 */
import { useEffect, useState } from 'react'

/** How long "Copied" stays. */
const SAID_MS = 1_500

export function CopyButton({
  text,
  label,
  title,
  className = 'btn btn-small',
  testId
}: {
  text: string
  label: string
  title?: string
  className?: string
  testId?: string
}) {
  const [said, setSaid] = useState('')
  useEffect(() => {
    if (!said) return
    const t = window.setTimeout(() => setSaid(''), SAID_MS)
    return () => window.clearTimeout(t)
  }, [said])
  const copy = (): void => {
    navigator.clipboard.writeText(text).then(
      () => setSaid('Copied'),
      (e: unknown) => setSaid(`Not copied: ${(e as Error).message}`)
    )
  }
  return (
    <button type="button" className={className} onClick={copy} title={title ?? text} data-testid={testId} data-copy={text}>
      {said || label}
    </button>
  )
}
