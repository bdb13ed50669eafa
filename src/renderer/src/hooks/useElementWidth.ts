/**
 * The client width of an element (content box plus padding, without a vertical scrollbar),
 * followed with a ResizeObserver.
 *
 * Lifecycle: observes while mounted and while the ref points at an element; one state update per
 * observed change (the browser batches them per frame).
 */
import { useLayoutEffect, useState } from 'react'
import type { RefObject } from 'react'

/** @returns the width in px, 0 until measured. */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0)
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    setWidth(el.clientWidth)
    const ro = new ResizeObserver(() => setWidth(el.clientWidth))
    ro.observe(el)
    return () => ro.disconnect()
  }, [ref])
  return width
}
