/**
 * The settings file: JSON in the app's data folder, written atomically, never silently reset.
 *
 * Why: a crash mid-write must never leave a half file (temp file in the same folder + fsync +
 * rename, then fsync of the folder), and a file that is corrupt (bad JSON or bad values) is the
 * user's data: it is renamed aside to `<file>.corrupt-<timestamp>` and reported, not overwritten.
 * Lifecycle: read once at launch; written on every accepted `PUT /api/settings`.
 */
import { randomBytes } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import { homedir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { validateSaved } from './settings.ts'
import type { SavedSettings } from './settings.ts'
import { mergeUi } from './uiSettings.ts'

/** A settings file larger than this is not ours (ours is < 17 KB: the ui section is bounded by UI_MAX_BYTES): treat it as corrupt. */
const MAX_SETTINGS_BYTES = 64 * 1024

export interface SettingsRead {
  readonly saved: SavedSettings
  /** Set when the file was corrupt: what was wrong, and where the bad file was kept. */
  readonly problem?: string
  /** Path the corrupt file was renamed to. */
  readonly keptAside?: string
}

/**
 * The default settings path: Electron's `userData` folder for "Periscope Desktop", computed the
 * same way, so the desktop app and `npm run serve` share one file.
 */
export function defaultSettingsPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const app = 'Periscope Desktop'
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', app, 'settings.json')
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), app, 'settings.json')
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), app, 'settings.json')
}

/**
 * Read and validate the settings file. A missing file is empty settings; a corrupt one is
 * renamed aside and reported.
 * @throws only when the file exists but cannot be read or moved (permissions): that is reported
 *   to the user as a launch error rather than guessed around.
 */
export async function readSettingsFile(path: string): Promise<SettingsRead> {
  await removeOrphanTemps(path)
  let text: string
  try {
    const st = await fsp.stat(path)
    if (st.size > MAX_SETTINGS_BYTES) return keepAside(path, `it is ${st.size} bytes, larger than ${MAX_SETTINGS_BYTES}`)
    text = await fsp.readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { saved: {} }
    throw new Error(`cannot read settings file ${path}: ${(e as Error).message}`, { cause: e })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return keepAside(path, `it is not valid JSON (${(e as Error).message})`)
  }
  const v = validateSaved(json, 'settings file')
  if (!v.ok) return keepAside(path, v.error)
  const { ui, ...rest } = v.value
  if (ui === undefined) return { saved: rest }
  const merged = mergeUi({}, ui)
  if (!merged.ok) return keepAside(path, merged.error)
  return { saved: { ...rest, ui: merged.value } }
}

/**
 * Remove temp files that a writer killed mid-save left beside the settings file (`kill -9`
 * between open and rename). Only those whose writer process is gone: a live writer (the app and
 * `npm run serve` may share the file) still needs its own. Best effort: never fails a launch.
 */
async function removeOrphanTemps(path: string): Promise<void> {
  const prefix = `.${basename(path)}.`
  let names: string[]
  try {
    names = await fsp.readdir(dirname(path))
  } catch {
    return
  }
  for (const name of names) {
    const m = name.startsWith(prefix) ? /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length)) : null
    if (!m || processAlive(Number(m[1]))) continue
    await fsp.rm(join(dirname(path), name), { force: true }).catch(() => undefined)
  }
}

/** True unless `pid` certainly does not exist (EPERM = alive, owned by someone else). */
function processAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}

async function keepAside(path: string, why: string): Promise<SettingsRead> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const aside = `${path}.corrupt-${stamp}`
  await fsp.rename(path, aside)
  return {
    saved: {},
    keptAside: aside,
    problem: `settings file ${path} was corrupt: ${why}; it was kept as ${basename(aside)} and defaults are in use until you save new settings`
  }
}

/**
 * Write the settings atomically: temp file beside the target, fsync, rename over it, fsync the
 * folder (so the rename itself survives a crash). Creates the folder if needed.
 */
export async function writeSettingsFile(path: string, saved: SavedSettings): Promise<void> {
  const dir = dirname(path)
  await fsp.mkdir(dir, { recursive: true })
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  const fh = await fsp.open(tmp, 'wx', 0o600)
  try {
    await fh.writeFile(JSON.stringify(saved, null, 2) + '\n', 'utf8')
    await fh.sync()
  } finally {
    await fh.close()
  }
  try {
    await fsp.rename(tmp, path)
  } catch (e) {
    await fsp.rm(tmp, { force: true })
    throw new Error(`cannot save settings to ${path}: ${(e as Error).message}`, { cause: e })
  }
  await syncDir(dir)
}

async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return // directories cannot be opened for fsync on Windows
  const d = await fsp.open(dir, 'r')
  try { await d.sync() } finally { await d.close() }
}
