/**
 * An event's OBJECT (`pod/api-7f9c-x2k4q`) as a link: it opens that object's kind list with the
 * object selected and its details shown. Kinds the app does not list stay plain text.
 */
import type { MouseEvent } from 'react'
import { KINDS } from '../../../shared/kinds/registry.ts'
import type { KindId } from '../../../shared/kinds/registry.ts'
import { openObject, ui } from '../stores/uiStore.ts'
import { MiddleEllipsis } from './MiddleEllipsis.tsx'

/** `pod` → `pods`: the registry kind whose lower-case `kind` is the OBJECT's prefix. */
function kindOf(prefix: string): KindId | undefined {
  return KINDS.find((k) => k.kind.toLowerCase() === prefix)?.id
}

/**
 * @param cluster the event's cluster (a merged table's row); the one shown when absent.
 * @param namespace the event's namespace (the object's, for a namespaced object).
 * @param focusable reachable with Tab (in the drawer; in the grid the row keys lead to it).
 */
export function ObjectLink({ cluster, namespace, object, focusable }: { cluster?: string; namespace: string; object: string; focusable: boolean }) {
  const slash = object.indexOf('/')
  const kind = slash > 0 ? kindOf(object.slice(0, slash)) : undefined
  if (!kind) return <MiddleEllipsis text={object} />
  const name = object.slice(slash + 1)
  const open = (e: MouseEvent): void => {
    e.stopPropagation()
    openObject({ cluster: cluster ?? ui.getState().cluster, kind, namespace, name })
  }
  return (
    <button
      type="button"
      className="cell-link"
      onClick={open}
      onDoubleClick={(e) => e.stopPropagation()}
      tabIndex={focusable ? 0 : -1}
      title={`Show ${object}${namespace ? ` in ${namespace}` : ''}`}
      data-testid="object-link"
    >
      <MiddleEllipsis text={object} />
    </button>
  )
}
