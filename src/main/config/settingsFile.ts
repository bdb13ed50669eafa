/**
 * The settings file: JSON in the app's data folder, written atomically, never silently reset.
 *
 * Why: a crash mid-write must never leave a half file (temp file in the same folder + fsync +
 * rename, then fsync of the folder), and a file that is corrupt (bad JSON or bad values) is the
 * user's data: it is renamed aside to `<file>.corrupt-<timestamp>` and reported, not overwritten.
 * Lifecycle: read once at launch; written on every accepted `PUT /api/settings`.
 */
import { mergeClusters } from './clusterSettings.ts'
import { randomBytes } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import { homedir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileTypeName, readRegularFile } from '../files/regularFile.ts'
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
 * @throws only when the file exists but cannot be read or moved (permissions), or is not a
 *   regular file: that is reported to the user as a launch error rather than guessed around.
 */
export async function readSettingsFile(path: string): Promise<SettingsRead> {
  await removeOrphanTemps(path)
  // Only a regular file under the limit is read: a FIFO would block the launch, a device never end.
  // Something else in its place (a FIFO, a device, a folder) is left alone: never renamed (it may
  // be /dev/null), reported as a launch error.
  const read = await readRegularFile(path, MAX_SETTINGS_BYTES)
  if (!read.ok) {
    if (read.code === 'missing') return { saved: {} }
    if (read.code === 'too-large') return keepAside(path, read.reason)
    throw new Error(`cannot read settings file ${path}: ${read.reason.replace(/^cannot read: /, '')}`)
  }
  const text = read.text
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return keepAside(path, `it is not valid JSON (${(e as Error).message})`)
  }
  const v = validateSaved(json, 'settings file')
  if (!v.ok) return keepAside(path, v.error)
  const { ui, clusters: clustersPatch, ...base } = v.value
  const clusters = clustersPatch === undefined ? undefined : mergeClusters({}, clustersPatch)
  const rest: SavedSettings = clusters && Object.keys(clusters).length > 0 ? { ...base, clusters } : base
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
 * @throws Error naming `path` when any step fails (folder not writable, disk full, …); the temp
 *   file is removed and the old settings file is untouched.
 */
export async function writeSettingsFile(path: string, saved: SavedSettings): Promise<void> {
  const dir = dirname(path)
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  let created = false
  try {
    await fsp.mkdir(dir, { recursive: true })
    const fh = await fsp.open(tmp, 'wx', 0o600)
    created = true
    try {
      await fh.writeFile(JSON.stringify(saved, null, 2) + '\n', 'utf8')
      await fh.sync()
    } finally {
      await fh.close()
    }
    const existing = await fsp.lstat(path).catch(() => undefined)
    if (existing && !existing.isFile() && !existing.isSymbolicLink())
      throw new Error(`it is ${fileTypeName(existing)}, not a regular file; it is left as it is`)
    await fsp.rename(tmp, path)
  } catch (e) {
    if (created) await fsp.rm(tmp, { force: true }).catch(() => undefined)
    throw new Error(`cannot save settings to ${path}: ${(e as Error).message}`, { cause: e })
  }
  await syncDir(dir).catch(() => undefined) // the rename happened; a folder that cannot be fsynced is not an error
}

async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return // directories cannot be opened for fsync on Windows
  const d = await fsp.open(dir, 'r')
  try {
    await d.sync()
  } finally {
    await d.close()
  }
}
