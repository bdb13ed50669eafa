/**
 * The offline cache's own folder: a subfolder of the configured cache folder, marked as ours,
 * holding only files with our own names.
 *
 * Why: `--cache-dir` may point at any folder (the user's project, a dataset, their home), and the
 * cache deletes files (eviction past its byte budget, temp files of dead writers). It must never
 * delete what it did not write. So it works only inside `<dir>/periscope-offline-cache/`, only when
 * that folder carries our marker file (we create both; a folder of that name without the marker
 * that is not empty is someone else's and is left alone), and it only ever lists, reads or
 * deletes names it makes: 32 hex characters + `.json`, and their temp files.
 * Lifecycle: `claimCacheFolder()` once, before the first write or eviction; pure name checks.
 */
import { lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CACHE_EXT } from './cacheFile.ts'

/** The subfolder of the configured cache folder that the cache owns. */
export const CACHE_SUBDIR = 'periscope-offline-cache'
/** The marker file that says the folder is ours. */
export const MARKER_NAME = '.periscope-offline-cache'
const MARKER_TEXT = 'This folder is the offline cache of Periscope Desktop. It may delete the files it wrote here.\n'

const OWN_FILE = new RegExp(`^[0-9a-f]{32}\\${CACHE_EXT}$`)
const OWN_TEMP = new RegExp(`^\\.[0-9a-f]{32}\\${CACHE_EXT}\\.\\d+\\.[0-9a-f]{12}\\.tmp$`)

/** True for the name of a cache file we write (`<32 hex>.json`). */
export function isOwnCacheFile(name: string): boolean {
  return OWN_FILE.test(name)
}

/** True for the name of one of our temp files (`.<32 hex>.json.<pid>.<12 hex>.tmp`). */
export function isOwnTempFile(name: string): boolean {
  return OWN_TEMP.test(name)
}

export type Claim = { readonly ok: true; readonly folder: string } | { readonly ok: false; readonly folder: string; readonly reason: string }

/**
 * Make (or recognise) the cache's own folder under `dir`. Never throws.
 * @returns ok with the folder, or why it is not ours (nothing may be written or deleted there).
 */
export async function claimCacheFolder(dir: string): Promise<Claim> {
  const folder = join(dir, CACHE_SUBDIR)
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 })
    const st = await lstat(folder)
    if (!st.isDirectory()) return { ok: false, folder, reason: 'it is not a folder' }
    const marker = await readFile(join(folder, MARKER_NAME), 'utf8').catch(() => undefined)
    if (marker === MARKER_TEXT) return { ok: true, folder }
    const names = await readdir(folder)
    if (names.length > 0) {
      return {
        ok: false,
        folder,
        reason: `it exists without our marker file (${MARKER_NAME}) and holds ${names.length} entr${names.length === 1 ? 'y' : 'ies'}; nothing is written or deleted there`
      }
    }
    try {
      await writeFile(join(folder, MARKER_NAME), MARKER_TEXT, { mode: 0o600, flag: 'wx' })
    } catch (e) {
      // Another process claimed it at the same moment: fine if that was us (same marker).
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || (await readFile(join(folder, MARKER_NAME), 'utf8').catch(() => '')) !== MARKER_TEXT) throw e
    }
    return { ok: true, folder }
  } catch (e) {
    return { ok: false, folder, reason: (e as Error).message }
  }
}
