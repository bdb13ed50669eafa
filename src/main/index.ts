/**
 * Electron composition root: wires the backend, the secure window and the app's events.
 *
 * Why: everything with logic lives in `src/main/app/*` (tested with Electron mocked) and in the
 * backend folders; this file only decides the order. Lifecycle: single-instance lock (a second
 * launch focuses this window) → ready → backend (settings → clusters → engine → HTTPS server →
 * kubeconfig watch, composed in `src/main/backend`) → session locked down (no permissions, the
 * server's certificate pinned) → IPC bridge → menu → window loaded from the server's origin.
 * Quit: the first `before-quit` is held while the backend's quit steps run (kubeconfig watcher,
 * server, engine, demo cluster; each time-limited).
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { app, ipcMain, session, shell } from 'electron'
import type { BrowserWindow } from 'electron'
import { enabledLogLine } from '../shared/kinds/grammar.ts'
import { customKindsReport } from './backend/customKindsReport.ts'
import { kubeconfigPaths } from './kube/kubeconfig.ts'
import type { KubeconfigProblem } from './kube/kubeconfig.ts'
import { envWithKubeconfig, parseDesktopArgs } from './app/args.ts'
import { startBackend } from './app/backend.ts'
import type { DesktopBackend } from './app/backend.ts'
import { installCertificatePin } from './app/certPin.ts'
import { registerIpc } from './app/ipc.ts'
import { installMenu } from './app/menu.ts'
import { isAllowedExternal } from './app/origins.ts'
import { problemReport, showFatal, showProblems } from './app/problems.ts'
import { installGracefulQuit } from './app/quit.ts'
import { denyPermissions, guardAllWebContents } from './app/security.ts'
import { claimSingleInstance } from './app/singleInstance.ts'
import { createMainWindow, focusWindow } from './app/window.ts'

/** Built layout (electron-vite): out/main/index.js beside out/preload and out/renderer. */
const OUT_DIR = join(import.meta.dirname, '..')
const PRELOAD_PATH = join(OUT_DIR, 'preload', 'index.cjs')
const RENDERER_DIR = join(OUT_DIR, 'renderer')
/** The window icon (Linux/Windows); packed beside out/ (electron-builder.yml `files`). */
const ICON_PATH = join(OUT_DIR, '..', 'build', 'icon.png')

const dev = !app.isPackaged
const log = (line: string): void => {
  process.stderr.write(`periscope: ${line}\n`)
}
let backend: DesktopBackend | undefined
let win: BrowserWindow | null = null

function openWindow(): void {
  if (!backend) return
  win = createMainWindow({
    appOrigin: backend.server.origin,
    preloadPath: PRELOAD_PATH,
    dev,
    log,
    ...(existsSync(ICON_PATH) ? { iconPath: ICON_PATH } : {})
  })
  win.on('closed', () => {
    win = null
  })
}

function openExternal(url: string): void {
  if (isAllowedExternal(url)) void shell.openExternal(url).catch((e: Error) => log(`could not open a link: ${e.message}`))
}

function openFolder(folder: string): void {
  void shell.openPath(folder).then((err) => {
    if (err) log(`could not open ${folder}: ${err}`)
  })
}

function kubeconfigFolder(env: NodeJS.ProcessEnv): string {
  const paths = kubeconfigPaths({ env }).paths
  return dirname(paths.find((p) => existsSync(p)) ?? paths[0])
}

function reportProblems(settingsProblem: string | undefined, kube: readonly KubeconfigProblem[]): void {
  const report = problemReport(settingsProblem, kube)
  if (report) showProblems(win, report)
}

async function start(): Promise<void> {
  await app.whenReady()
  const settingsPath = join(app.getPath('userData'), 'settings.json')
  let env = process.env
  try {
    const args = parseDesktopArgs(process.argv)
    env = envWithKubeconfig(process.env, args)
    backend = await startBackend({
      settingsPath,
      rendererDir: RENDERER_DIR,
      version: app.getVersion(),
      demo: args.demo,
      env,
      log,
      onProblemsChanged: (problems) => reportProblems(undefined, problems)
    })
  } catch (e) {
    showFatal((e as Error).message)
    app.exit(1)
    return
  }
  const { server, token, config } = backend
  denyPermissions(session.defaultSession, log)
  if (server.certificate) installCertificatePin(session.defaultSession, server.certificate.fingerprint256)
  registerIpc(ipcMain, {
    appOrigin: server.origin,
    log,
    openExternal,
    bootstrap: () => ({ baseUrl: server.origin, token, version: app.getVersion() })
  })
  installMenu({
    dev,
    mac: process.platform === 'darwin',
    openExternal,
    openKubeconfigFolder: () => openFolder(kubeconfigFolder(env)),
    openSettingsFolder: () => openFolder(dirname(settingsPath))
  })
  log(enabledLogLine(config.current().enabled, config.current().custom))
  if (config.current().custom.tokens.length) void customKindsReport(backend.engine, config.current().custom).then((lines) => lines.forEach((l) => log(l)))
  log(`listening on ${server.origin} (HTTP/2 + TLS, certificate pinned in the window's session)`)
  openWindow()
  reportProblems(config.current().problem, backend.problems())
}

app.enableSandbox() // every renderer sandboxed, whatever a webPreferences says
// Every web contents, however made, may show only the app's origin: no navigation, no window.open, no webview.
guardAllWebContents(app, () => backend?.server.origin, log)
if (claimSingleInstance(app, () => (win ? focusWindow(win) : openWindow()))) {
  installGracefulQuit(app, () => backend?.quitSteps() ?? [], log)
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (!win) openWindow()
  })
  // Ctrl+C in the terminal of `npm start`: the same graceful quit as the menu's.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => app.quit())
  void start().catch((e: Error) => {
    log(`launch failed: ${e.message}`)
    app.exit(1)
  })
}
