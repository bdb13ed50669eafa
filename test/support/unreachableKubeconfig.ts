/**
 * A kubeconfig whose contexts all point at port 9 on loopback (nothing listens): clusters are
 * listed, status aside, without a network. The user's token is a known string, so tests can
 * search their outputs for it.
 */
export const UNREACHABLE_TOKEN = 'kubeconfig-secret-token'

/** Its YAML; `current` names the current context (none when omitted). */
export function unreachableKubeconfig(contexts: readonly string[], current?: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: c',
    '  cluster: {server: "https://127.0.0.1:9", insecure-skip-tls-verify: true}',
    'users:',
    '- name: u',
    `  user: {token: "${UNREACHABLE_TOKEN}"}`,
    'contexts:',
    ...contexts.map((n) => `- name: ${n}\n  context: {cluster: c, user: u}`),
    ...(current === undefined ? [] : [`current-context: ${current}`]),
    ''
  ].join('\n')
}
