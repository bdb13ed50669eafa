// client-node's generated API client is not bundled in the main process (see ../clientNodeSlim.ts).
const missing = () => {
  throw new Error('client-node API clients (makeApiClient) are not bundled in Periscope’s main process')
}

export function createConfiguration() {
  missing()
}

export class ServerConfiguration {
  constructor() {
    missing()
  }
}
