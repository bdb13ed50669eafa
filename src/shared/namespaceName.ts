/**
 * Namespace names: DNS-1123 labels (k8s.io/apimachinery `IsDNS1123Label`, the rule
 * `ValidateNamespaceName` applies), with the apiserver's wording.
 *
 * Why shared: the settings pane and the namespace picker refuse a name as the settings API does,
 * before it is sent. Pure.
 */

/** Lowercase alphanumerics and '-', starting and ending alphanumeric. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

/** Why `name` is not a valid namespace name, or '' when it is. */
export function namespaceNameProblem(name: string): string {
  if (name.length > 63) return 'must be no more than 63 characters'
  if (!DNS1123_LABEL.test(name)) {
    return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc')"
  }
  return ''
}
