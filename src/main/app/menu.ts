/**
 * The application menu: File / Edit / View / Window / Help.
 *
 * Why: a desktop user expects the standard roles (copy, zoom, reload, quit and their shortcuts),
 * plus quick access to the two folders the app reads: the kubeconfig folder and the settings
 * folder. Developer tools appear only in development builds.
 * Lifecycle: `installMenu` once after `app.whenReady()`; the menu lives as long as the app.
 */
import { Menu } from 'electron'
import type { MenuItemConstructorOptions } from 'electron'

export interface MenuActions {
  /** Development build: adds "Toggle Developer Tools". */
  readonly dev: boolean
  /** macOS: the first menu is the app menu. */
  readonly mac: boolean
  openKubeconfigFolder(): void
  openSettingsFolder(): void
  /** Open an allow-listed documentation URL in the system browser. */
  openExternal(url: string): void
}

/** Documentation linked from Help (hosts on the external allow-list). */
const DOCS_URL = 'https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/'
const HOME_URL = 'https://github.com/periscope-desktop/periscope-desktop'

/** The menu template (pure, so it is testable without Electron). */
export function menuTemplate(a: MenuActions): MenuItemConstructorOptions[] {
  const sep: MenuItemConstructorOptions = { type: 'separator' }
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open Kubeconfig Folder', click: () => a.openKubeconfigFolder() },
      { label: 'Open Settings Folder', click: () => a.openSettingsFolder() },
      sep,
      a.mac ? { role: 'close' } : { role: 'quit' }
    ]
  }
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'reload' },
      { role: 'forceReload' },
      ...(a.dev ? [{ role: 'toggleDevTools' } as MenuItemConstructorOptions] : []),
      sep,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      sep,
      { role: 'togglefullscreen' }
    ]
  }
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Kubeconfig Documentation', click: () => a.openExternal(DOCS_URL) },
      { label: 'Periscope Desktop Home Page', click: () => a.openExternal(HOME_URL) },
      ...(a.mac ? [] : [sep, { role: 'about' } as MenuItemConstructorOptions])
    ]
  }
  return [
    ...(a.mac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu', label: '&Edit' },
    view,
    { role: 'windowMenu', label: '&Window' },
    help
  ]
}

/** Build the template and make it the application menu. */
export function installMenu(a: MenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(a)))
}
