import { describe, expect, it, vi } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'

const built: unknown[] = []
vi.mock('electron', () => ({
  Menu: {
    buildFromTemplate: (t: unknown) => ({ template: t }),
    setApplicationMenu: (m: unknown) => {
      built.push(m)
    }
  }
}))
const { installMenu, menuTemplate } = await import('./menu.ts')

function actions(dev: boolean, mac = false): Parameters<typeof menuTemplate>[0] & { calls: string[] } {
  const calls: string[] = []
  return {
    dev,
    mac,
    calls,
    openKubeconfigFolder: () => calls.push('kubeconfig'),
    openSettingsFolder: () => calls.push('settings'),
    openExternal: (url) => calls.push(url)
  }
}

/** Every role and label in the template, depth-first. */
function items(t: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return t.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? items(i.submenu) : [])])
}

describe('menuTemplate', () => {
  it('has File, Edit, View, Window and Help with reload, zoom and quit', () => {
    const t = menuTemplate(actions(false))
    expect(t.map((m) => m.label ?? m.role)).toEqual(['&File', '&Edit', '&View', '&Window', 'help'])
    const roles = items(t)
      .map((i) => i.role)
      .filter(Boolean)
    expect(roles).toEqual(expect.arrayContaining(['quit', 'reload', 'zoomIn', 'zoomOut', 'resetZoom', 'editMenu', 'windowMenu']))
  })
  it('offers developer tools only in development', () => {
    expect(items(menuTemplate(actions(false))).some((i) => i.role === 'toggleDevTools')).toBe(false)
    expect(items(menuTemplate(actions(true))).some((i) => i.role === 'toggleDevTools')).toBe(true)
  })
  it('opens the kubeconfig and settings folders, and allow-listed docs', () => {
    const a = actions(false)
    const all = items(menuTemplate(a))
    for (const label of ['Open Kubeconfig Folder', 'Open Settings Folder', 'Kubeconfig Documentation']) {
      const item = all.find((i) => i.label === label)
      ;(item?.click as () => void)()
    }
    expect(a.calls[0]).toBe('kubeconfig')
    expect(a.calls[1]).toBe('settings')
    expect(a.calls[2]).toMatch(/^https:\/\/kubernetes\.io\//)
  })
  it('puts the app menu first on macOS', () => {
    expect(menuTemplate(actions(false, true))[0].role).toBe('appMenu')
  })
  it('installs the built menu', () => {
    installMenu(actions(false))
    expect(built).toHaveLength(1)
  })
})
