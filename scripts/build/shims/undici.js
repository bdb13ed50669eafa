// undici for client-node's KubeConfig, loaded on first use only (see ../clientNodeSlim.ts).
import { createRequire } from 'node:module'

const load = () => createRequire(import.meta.url)('undici')

export class Agent {
  constructor(opts) {
    return new (load().Agent)(opts)
  }
}

export class ProxyAgent {
  constructor(opts) {
    return new (load().ProxyAgent)(opts)
  }
}

export function fetch(...args) {
  return load().fetch(...args)
}
