/**
 * Newline-delimited JSON reader for watch streams.
 *
 * Why: a watch body arrives in arbitrary chunks; one event may span many chunks and one chunk may
 * hold many events. client-node's Watch drops lines that fail to parse; we report them instead,
 * so the reflector reconnects rather than silently losing a delta. Lifecycle: `push(chunk)` for
 * every decoded text chunk, `end()` once the body ends (a trailing line without a newline is
 * still an event). Chunks must be whole characters (use `setEncoding('utf8')` on the stream).
 */

/** A line longer than this is not a watch event (etcd objects are ≤ 1.5 MB); refuse to buffer it. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024

export class MalformedLineError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MalformedLineError'
  }
}

/** Splits text chunks into parsed JSON values, one per non-empty line. */
export class JsonLineReader {
  private buf = ''
  private readonly onValue: (value: unknown) => void
  private readonly maxLine: number

  /**
   * @param onValue called synchronously, in order, for every parsed line.
   * @param maxLine longest line accepted, in characters (default MAX_LINE_CHARS).
   */
  constructor(onValue: (value: unknown) => void, maxLine = MAX_LINE_CHARS) {
    this.onValue = onValue
    this.maxLine = maxLine
  }

  /** Characters of the incomplete line held so far. */
  get buffered(): number {
    return this.buf.length
  }

  /**
   * Feed one chunk.
   * @throws MalformedLineError for a line that is not JSON, or an over-long line.
   */
  push(chunk: string): void {
    let nl = chunk.indexOf('\n')
    if (nl < 0) {
      if (this.buf.length + chunk.length > this.maxLine) {
        this.buf = ''
        throw new MalformedLineError(`watch line longer than ${this.maxLine} characters`)
      }
      this.buf += chunk
      return
    }
    if (this.buf.length + nl > this.maxLine) {
      this.buf = ''
      throw new MalformedLineError(`watch line longer than ${this.maxLine} characters`)
    }
    // The first line completes whatever was buffered; later lines lie wholly inside the chunk.
    this.emit(this.buf + chunk.slice(0, nl))
    this.buf = ''
    let start = nl + 1
    while ((nl = chunk.indexOf('\n', start)) >= 0) {
      if (nl - start > this.maxLine) throw new MalformedLineError(`watch line longer than ${this.maxLine} characters`)
      this.emit(chunk.slice(start, nl))
      start = nl + 1
    }
    if (chunk.length - start > this.maxLine) throw new MalformedLineError(`watch line longer than ${this.maxLine} characters`)
    this.buf = chunk.slice(start)
  }

  /** The body ended: parse a trailing line that had no newline. */
  end(): void {
    const rest = this.buf
    this.buf = ''
    this.emit(rest)
  }

  private emit(line: string): void {
    if (line.trim() === '') return
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch (err) {
      throw new MalformedLineError(`malformed watch line (${line.length} characters): ${(err as Error).message.slice(0, 120)}`)
    }
    this.onValue(value)
  }
}
