/**
 * Images that fail on purpose in the simulated kubelet, so a demo user (or a test) can break a pod
 * with nothing but an image name.
 *
 * Matching is on the lower-cased image reference, first match wins:
 * - `doesnotexist` anywhere, or the tag `:nonexistent` → the pull fails: `ErrImagePull`, then
 *   `ImagePullBackOff`, alternating with a doubling back-off; the pod stays Pending forever.
 * - `oom` → the container is killed after a short run with reason `OOMKilled` (exit 137), then
 *   restarts under a doubling back-off (`CrashLoopBackOff`, `lastState.terminated.reason: OOMKilled`).
 * - `crash` → the container exits 1 (`Error`) after a short run, then `CrashLoopBackOff` with a
 *   rising `restartCount` and `lastState.terminated`.
 * - `fail` → the container exits 1 (`Error`) after a short run: a Job pod (restartPolicy Never)
 *   ends `Error` (phase Failed, counted against `backoffLimit`); under restartPolicy
 *   Always/OnFailure it crash-loops like `crash`.
 * - `slow` → ContainerCreating lasts 40 steps (16 s at the default pace) before it runs normally.
 * - anything else (nginx, perl, busybox, …) → starts and runs: forever under restartPolicy Always,
 *   or exits 0 (`Completed`) after a short run under Never/OnFailure (Job pods).
 */

/** What the simulated container runtime does with an image. */
export type ImageBehaviour = 'ok' | 'pull-fail' | 'oom' | 'crash' | 'fail' | 'slow'

/** The behaviour of `image` (see the header). */
export function imageBehaviour(image: string): ImageBehaviour {
  const s = image.toLowerCase()
  if (s.includes('doesnotexist') || /:nonexistent(@|$)/.test(s)) return 'pull-fail'
  if (s.includes('oom')) return 'oom'
  if (s.includes('crash')) return 'crash'
  if (s.includes('fail')) return 'fail'
  if (s.includes('slow')) return 'slow'
  return 'ok'
}

/** The exit a failing behaviour ends with. */
export function failureExit(b: ImageBehaviour): { reason: string; exitCode: number } | undefined {
  if (b === 'oom') return { reason: 'OOMKilled', exitCode: 137 }
  if (b === 'crash' || b === 'fail') return { reason: 'Error', exitCode: 1 }
  return undefined
}

/** The kubelet's ErrImagePull message for an image that does not exist. */
export function pullErrorMessage(image: string): string {
  const ref = image.includes('/') ? image : `docker.io/library/${image}`
  const full = /:[^/]+$/.test(ref) || ref.includes('@') ? ref : `${ref}:latest`
  return `failed to pull and unpack image "${full}": failed to resolve reference "${full}": ` + `${full}: not found`
}
