// The settings file on hostile ground: a FIFO or a device where the file should be (never read,
// kept aside), and writes that fail (the temp file is removed, the message names the path).
import { execFileSync } from 'node:child_process'
import fs, { promises as fsp } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { readSettingsFile, writeSettingsFile } from './settingsFile.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscope-settings-file-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
afterEach(() => {
  vi.restoreAllMocks()
})

describe('settings file', () => {
  it('a FIFO in place of settings.json does not block the launch: a launch error names it, and it is left alone', async () => {
    const sub = fs.mkdtempSync(path.join(dir, 'fifo-'))
    const file = path.join(sub, 'settings.json')
    execFileSync('mkfifo', [file])
    const t0 = Date.now()
    await expect(readSettingsFile(file)).rejects.toThrow(`cannot read settings file ${file}: it is a FIFO (named pipe), not a regular file`)
    expect(Date.now() - t0).toBeLessThan(2_000)
    expect(fs.statSync(file).isFIFO()).toBe(true)
    await expect(writeSettingsFile(file, { perUserLimit: 3 })).rejects.toThrow(
      `cannot save settings to ${file}: it is a FIFO (named pipe), not a regular file; it is left as it is`
    )
    expect(fs.statSync(file).isFIFO()).toBe(true)
    expect(fs.readdirSync(sub)).toEqual(['settings.json'])
  })

  it('a write that fails before the rename removes its temp file and names the path', async () => {
    const sub = fs.mkdtempSync(path.join(dir, 'enospc-'))
    const file = path.join(sub, 'settings.json')
    fs.writeFileSync(file, '{"perUserLimit":5}\n')
    const realOpen = fsp.open
    vi.spyOn(fsp, 'open').mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
      const fh = await realOpen(...args)
      fh.sync = async () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, fsync'), { code: 'ENOSPC' })
      }
      return fh
    })
    await expect(writeSettingsFile(file, { perUserLimit: 9 })).rejects.toThrow(`cannot save settings to ${file}: ENOSPC: no space left on device, fsync`)
    expect(fs.readdirSync(sub)).toEqual(['settings.json'])
    expect(fs.readFileSync(file, 'utf8')).toBe('{"perUserLimit":5}\n')
  })

  it('a folder that cannot be made is an error naming the path (nothing left behind)', async () => {
    const blocker = path.join(dir, 'blocker')
    fs.writeFileSync(blocker, 'a file where the folder should be')
    const file = path.join(blocker, 'settings.json')
    await expect(writeSettingsFile(file, { perUserLimit: 1 })).rejects.toThrow(`cannot save settings to ${file}: `)
    expect(fs.readFileSync(blocker, 'utf8')).toBe('a file where the folder should be')
  })

  it('a rename that fails (a folder in the way) removes the temp file', async () => {
    const sub = fs.mkdtempSync(path.join(dir, 'rename-'))
    const file = path.join(sub, 'settings.json')
    fs.mkdirSync(path.join(file, 'inner'), { recursive: true })
    await expect(writeSettingsFile(file, { perUserLimit: 1 })).rejects.toThrow(`cannot save settings to ${file}: `)
    expect(fs.readdirSync(sub)).toEqual(['settings.json'])
  })
})
