/**
 * What to try when the cluster refuses a list: kubectl's own check, for a 403 or a 404 (shown
 * under the view's error, copyable).
 */

/** What to try when the cluster refuses a list: kubectl's own check, for a 403 or a 404. */
export function refusalHint(error: string, cluster: string, resource: string, namespace: string): { text: string; command: string } | undefined {
  const context = /^[\w.:@/-]+$/.test(cluster) ? cluster : `'${cluster.replace(/'/g, `'\\''`)}'`
  const scope = namespace ? `-n ${namespace}` : '--all-namespaces'
  if (/^403\b/.test(error))
    return { text: `Your user may not list ${resource} here. Check with`, command: `kubectl --context ${context} auth can-i list ${resource} ${scope}` }
  if (/^404\b/.test(error)) return { text: `This cluster does not serve ${resource}. Check with`, command: `kubectl --context ${context} api-resources` }
  return undefined
}
