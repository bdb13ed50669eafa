/**
 * Edits of the filter text made by buttons (a status chip, the "problems only" toggle), so what a
 * button does is always visible, editable and shareable as text (`status:=Pending is:problem`).
 */

/** A value as the filter language writes it: quoted when it holds spaces or quotes. */
export function quoteValue(value: string): string {
  return /[\s"']/.test(value) || value === '' ? `"${value.replace(/"/g, '')}"` : value
}

/** The filter's tokens (whitespace outside quotes). */
function split(text: string): string[] {
  return text.match(/(?:[^\s"']+|"[^"]*"?|'[^']*'?)+/g) ?? []
}

/** True when the filter holds exactly this term (as a whole token). */
export function hasTerm(text: string, term: string): boolean {
  const t = term.toLowerCase()
  return split(text).some((x) => x.toLowerCase() === t)
}

/** Add the term (at the end), or remove it when present. */
export function toggleTerm(text: string, term: string): string {
  const parts = split(text)
  const t = term.toLowerCase()
  const kept = parts.filter((x) => x.toLowerCase() !== t)
  return (kept.length !== parts.length ? kept : [...parts, term]).join(' ')
}

/**
 * Select one value of a field (a chip): replaces any `field:=…` term; the same value again clears it.
 * @returns the new filter text.
 */
export function selectExact(text: string, field: string, value: string): string {
  const term = `${field}:=${quoteValue(value)}`
  const prefix = `${field}:=`.toLowerCase()
  const parts = split(text)
  const had = parts.some((x) => x.toLowerCase() === term.toLowerCase())
  const kept = parts.filter((x) => !x.toLowerCase().startsWith(prefix))
  return (had ? kept : [...kept, term]).join(' ')
}

/** The value a filter selects with `field:=value`, or null. */
export function selectedExact(text: string, field: string): string | null {
  const prefix = `${field}:=`.toLowerCase()
  const hit = split(text).find((x) => x.toLowerCase().startsWith(prefix))
  return hit ? hit.slice(prefix.length).replace(/^"|"$/g, '') : null
}
