/**
 * Atomic file replacement: a reader sees the old file or the new one, never a torn mix.
 *
 * Why: the offline cache is written while the app runs and may be killed at any moment (quit,
 * crash, power loss). Writing in place could leave half a JSON document that the next launch
 * would have to throw away. So each write goes to a temp file in the same directory (rename is
 * only atomic within one file system), is fsynced, then renamed over the target; the directory
 * is fsynced too, so the rename itself survives a crash (best effort: some platforms cannot
 * fsync a directory). Lifecycle: stateless; `removeStaleTemps()` once at startup sweeps temp
 * files a killed process left behind.
 */
import { randomBytes } from 'node:crypto'
import { lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** Suffix of temp files; the sweep only ever deletes files ending with it. */
export const TEMP_SUFFIX = '.tmp'
/** A temp file older than this belongs to a dead writer (a live write takes well under a second). */
const STALE_TEMP_MS = 60_000

export interface AtomicWriteOptions {
  /** File mode of a new file (default 0o600: the cache is the user's inventory, not the world's). */
  readonly mode?: number
  /** Test seam: called after the temp file is durable and before the rename. */
  readonly beforeRename?: (tempPath: string) => void | Promise<void>
}

/**
 * Replace `file` with `data` atomically (temp file + fsync + rename in the same directory).
 * Creates the directory (0o700) when missing. On failure the old file is untouched and the temp
 * file is removed.
 * @throws the underlying fs error (with its path) when the directory cannot be written.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(file)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`)
  try {
    const fh = await open(temp, 'wx', opts.mode ?? 0o600)
    try {
      await fh.writeFile(data)
      await fh.sync()
    } finally {
      await fh.close()
    }
    await opts.beforeRename?.(temp)
    await rename(temp, file)
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined)
    throw err
  }
  await syncDir(dir)
}

/** fsync a directory so a rename in it is durable; ignored where unsupported (Windows). */
async function syncDir(dir: string): Promise<void> {
  let fh
  try {
    fh = await open(dir, 'r')
    await fh.sync()
  } catch {
    /* EISDIR / EPERM / EINVAL on platforms that cannot fsync a directory: the rename still happened */
  } finally {
    await fh?.close().catch(() => undefined)
  }
}

/**
 * Delete temp files of dead writers in `dir` (older than a minute, so a concurrent writer of
 * another process sharing the folder is never disturbed), and only those `owns` recognises as
 * its own temp names (regular files, never a link or a folder). @returns how many were removed.
 */
export async function removeStaleTemps(dir: string, owns: (name: string) => boolean, now = Date.now()): Promise<number> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return 0
  }
  let removed = 0
  for (const name of names) {
    if (!name.startsWith('.') || !name.endsWith(TEMP_SUFFIX) || !owns(name)) continue
    const p = join(dir, name)
    try {
      const st = await lstat(p)
      if (!st.isFile() || now - st.mtimeMs < STALE_TEMP_MS) continue
      await rm(p, { force: true })
      removed++
    } catch {
      /* vanished meanwhile (its writer renamed it): nothing to sweep */
    }
  }
  return removed
}
