/**
 * Tells the user, in a dialog, what is wrong with their settings or kubeconfig files.
 *
 * Why: the app starts even with a corrupt settings file (kept aside, spec §6) or a broken
 * kubeconfig (spec §1), and a desktop user reads neither stderr nor logs. The dialog names the
 * file (and line) and what was done about it. It never blocks the window and never shows
 * credentials: the messages are the loaders' own, which name files, lines and fields only.
 * Lifecycle: `problemReport` is pure; `showProblems` is called once at launch and after a
 * kubeconfig reload whose problems changed.
 */
import { dialog } from 'electron'
import type { BrowserWindow } from 'electron'
import type { KubeconfigProblem } from '../kube/kubeconfig.ts'

/** More lines than this are summarised ("and N more"): a dialog is not a log viewer. */
const MAX_LINES = 8

export interface ProblemReport {
  readonly message: string
  readonly detail: string
}

/** The dialog text for the problems, or null when there are none. */
export function problemReport(settingsProblem: string | undefined, kubeconfig: readonly KubeconfigProblem[]): ProblemReport | null {
  const lines: string[] = []
  if (settingsProblem) lines.push(`Settings: ${settingsProblem}`)
  for (const p of kubeconfig) lines.push(`Kubeconfig ${p.path}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`)
  if (lines.length === 0) return null
  const shown = lines.slice(0, MAX_LINES)
  if (lines.length > MAX_LINES) shown.push(`…and ${lines.length - MAX_LINES} more`)
  const message = settingsProblem && kubeconfig.length === 0 ? 'Periscope could not use its settings file' : 'Periscope found problems in its configuration'
  return { message, detail: `${shown.join('\n')}\n\nEverything else keeps working.` }
}

/** Show `report` as a non-blocking warning attached to `win`. */
export function showProblems(win: BrowserWindow | null, report: ProblemReport): void {
  const opts = { type: 'warning' as const, title: 'Periscope', message: report.message, detail: report.detail, buttons: ['OK'] }
  void (win ? dialog.showMessageBox(win, opts) : dialog.showMessageBox(opts)).catch(() => undefined)
}

/** A fatal launch error: a modal box, then the caller quits. */
export function showFatal(message: string): void {
  dialog.showErrorBox('Periscope cannot start', message)
}
