// `npm start -- [--demo] [--kubeconfig <file>] [--port <n>] [--tls] [--settings <file>]`
//
// Why: one command for "run the app" that works on a laptop and on a machine where Electron's
// binary cannot be downloaded. It builds with electron-vite, then launches Electron when its
// binary is present (node_modules/electron/path.txt + dist/, or ELECTRON_OVERRIDE_DIST_PATH). If
// it is absent it tries Electron's own installer once (quick: offline it fails in well under a
// second); if there is still no binary it says so in one line and runs browser mode
// (`src/main/cli/serve.ts` with the same flags), which prints the sign-in URL. In browser mode the
// first thing printed is that URL (with its token), framed so it stands out: serve's own lines
// (`periscope listening on …` then the URL, which scripts read) follow unchanged.
// Lifecycle: build → launch one child → forward SIGINT/SIGTERM to it → exit with its code.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const ELECTRON_PKG = join(ROOT, 'node_modules', 'electron')
/** Electron's installer downloads ~100 MB on a laptop; offline it fails at once. */
const INSTALL_TIMEOUT_MS = 180_000
/** Flags browser mode understands but the desktop window does not use. */
const BROWSER_ONLY_FLAGS = new Set(['--port', '--tls', '--settings'])

const args = process.argv.slice(2)
const say = (line) => process.stderr.write(`periscope: ${line}\n`)

/** The Electron executable, or null when its binary is not installed. */
function electronBinary() {
  const pathTxt = join(ELECTRON_PKG, 'path.txt')
  const rel = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : ''
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const candidate = override ? join(override, rel || 'electron') : rel ? join(ELECTRON_PKG, 'dist', rel) : ''
  return candidate && existsSync(candidate) ? candidate : null
}

/** Run Electron's installer once, quietly; true when it succeeded. */
function tryInstallElectron() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || process.env.ELECTRON_OVERRIDE_DIST_PATH) return false
  const installer = join(ELECTRON_PKG, 'install.js')
  if (!existsSync(installer)) return false
  const r = spawnSync(process.execPath, [installer], { cwd: ELECTRON_PKG, stdio: 'ignore', timeout: INSTALL_TIMEOUT_MS })
  return r.status === 0
}

/** Start `cmd` with inherited stdio; forward signals; exit with its code. */
function runChild(cmd, argv, env = process.env) {
  const child = spawn(cmd, argv, { cwd: ROOT, stdio: 'inherit', env })
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('error', (e) => {
    say(`could not start ${cmd}: ${e.message}`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

/** serve is ready within seconds; if no sign-in line came by then, show what it said anyway. */
const SIGN_IN_WAIT_MS = 60_000
const SIGN_IN_LINE = /^(https?:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m

/**
 * Browser mode: run serve with its output held back until its sign-in URL appears, print that URL
 * first (it is the one to open), then everything serve said, in order, and pass the rest through.
 * @param note a line about why this is browser mode, printed after the URL.
 */
function runServe(argv, note) {
  const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['inherit', 'pipe', 'pipe'] })
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('error', (e) => {
    say(`could not start browser mode: ${e.message}`)
    process.exit(1)
  })
  let held = [] // [stream, chunk] in arrival order, until the URL is shown
  let out = ''
  const release = (url) => {
    if (!held) return
    if (url)
      process.stdout.write(
        `\n  Open Periscope in your browser:\n\n      ${url}\n\n  (the token in it changes at every launch; this terminal keeps the link)\n\n`
      )
    say(note)
    for (const [stream, chunk] of held) stream.write(chunk)
    held = null
  }
  const timer = setTimeout(() => release(''), SIGN_IN_WAIT_MS)
  const hold = (stream) => (chunk) => {
    if (!held) {
      stream.write(chunk)
      return
    }
    held.push([stream, chunk])
    if (stream === process.stdout) {
      out += chunk.toString()
      const m = SIGN_IN_LINE.exec(out)
      if (m) {
        clearTimeout(timer)
        release(m[1])
      }
    }
  }
  child.stdout.on('data', hold(process.stdout))
  child.stderr.on('data', hold(process.stderr))
  child.on('exit', (code, signal) => {
    clearTimeout(timer)
    release('')
    process.exit(code ?? (signal ? 1 : 0))
  })
}

/** The desktop window takes --demo and --kubeconfig; drop browser-only flags (and their values). */
function desktopArgs(argv) {
  const out = []
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i].split('=')[0]
    if (!BROWSER_ONLY_FLAGS.has(flag)) {
      out.push(argv[i])
      continue
    }
    if (!argv[i].includes('=') && flag !== '--tls') i++
  }
  return out
}

const build = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn'], {
  cwd: ROOT,
  stdio: 'inherit'
})
if (build.status !== 0) {
  say('the build failed (see above); nothing was started')
  process.exit(build.status ?? 1)
}

let electron = electronBinary()
if (!electron && tryInstallElectron()) electron = electronBinary()
if (electron) {
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE // would make Electron a plain Node and ignore the app
  runChild(electron, ['.', ...desktopArgs(args)], env)
} else {
  runServe(
    [join(ROOT, 'src', 'main', 'cli', 'serve.ts'), ...args],
    "Electron's binary is not installed here (offline), so Periscope runs in browser mode: open the link above"
  )
}
