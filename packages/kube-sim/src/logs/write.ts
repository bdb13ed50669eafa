/**
 * Writing log lines to a response as the kubelet does: an optional timestamp prefix, and
 * `limitBytes` cutting the output (mid-line) once reached.
 */
import type { ServerResponse } from 'node:http'
import type { GenLine, RunLog } from './generate.ts'
import { formatTs } from './time.ts'

export interface LineWriter {
  /** Write `lines` of `run`. @returns false once `limitBytes` is reached (the response must end). */
  write(run: RunLog, lines: readonly GenLine[]): boolean
}

/** Count of lines every response of the simulator has written (the benchmark reads it). */
export const written = { lines: 0 }

/** A writer of `res` with the request's options. */
export function lineWriter(res: ServerResponse, timestamps: boolean, limitBytes: number | undefined): LineWriter {
  let remain = limitBytes ?? Infinity
  return {
    write(run, lines) {
      if (lines.length === 0) return remain > 0
      let chunk = ''
      for (const l of lines) chunk += timestamps ? `${formatTs(run.startMs, l.off)} ${l.text}\n` : `${l.text}\n`
      written.lines += lines.length
      if (remain !== Infinity) {
        const buf = Buffer.from(chunk)
        if (buf.length >= remain) {
          res.write(buf.subarray(0, remain))
          remain = 0
          return false
        }
        remain -= buf.length
      }
      res.write(chunk)
      return true
    }
  }
}
