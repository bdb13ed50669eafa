/**
 * Applies the theme: the user's choice, or the OS preference when the choice is `system`.
 * Lifecycle: follows `prefers-color-scheme` changes while mounted; writes `data-theme` on <html>.
 */
import { useEffect, useState } from 'react'
import { useStore } from 'zustand'
import { ui } from '../stores/uiStore.ts'

const QUERY = '(prefers-color-scheme: dark)'

/** @returns the theme in force ('dark' | 'light'). */
export function useTheme(): 'dark' | 'light' {
  const choice = useStore(ui, (s) => s.theme)
  const [osDark, setOsDark] = useState(() => window.matchMedia(QUERY).matches)
  useEffect(() => {
    const mq = window.matchMedia(QUERY)
    const on = (e: MediaQueryListEvent): void => setOsDark(e.matches)
    mq.addEventListener('change', on)
    return () => mq.removeEventListener('change', on)
  }, [])
  const theme = choice === 'system' ? (osDark ? 'dark' : 'light') : choice
  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
  return theme
}
