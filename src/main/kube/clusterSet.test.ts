import { afterEach, describe, expect, it } from 'vitest'
import { loadClusters } from './clusterSet.ts'
import type { ClusterSet } from './clusterSet.ts'

const sets: ClusterSet[] = []
afterEach(() => {
  for (const s of sets.splice(0)) s.close()
})

const yaml = (server: string): string => `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: { server: "${server}", insecure-skip-tls-verify: true }
users:
- name: u
  user: { token: secret-token-value }
contexts:
- name: ctx
  context: { cluster: c, user: u }
current-context: ctx
`

describe('cluster reasons never carry credentials', () => {
  it.each(['ftp://admin:hunter2@example.com/k8s', 'not a url at all https://admin:hunter2@10.0.0.1', 'http://admin:hunter2@127.0.0.1:1'])(
    'server %s',
    (server) => {
      const set = loadClusters({ yaml: yaml(server) })
      sets.push(set)
      const info = set.list()
      expect(info).toHaveLength(1)
      const text = JSON.stringify(info)
      expect(text).not.toContain('hunter2')
      expect(text).not.toContain('secret-token-value')
    }
  )
})
