/**
 * Renderer entry: resolve the connection (moves a `?token=` out of the address bar before
 * anything renders), then mount the app. `?multi=N` mounts N list views (debug page).
 */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './views/App.tsx'
import { initConnection } from './hooks/useServerBootstrap.ts'
import './styles/app.css'

initConnection()
const multi = Number(new URLSearchParams(window.location.search).get('multi') ?? '0') || 0
createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App multi={multi} />
  </StrictMode>
)
