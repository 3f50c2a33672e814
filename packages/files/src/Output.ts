/**
 * Writing a file's text to a stream at the pace the stream takes it, so that writing a
 * large file holds a batch in memory, not the file; and the files of personal data
 * (exports, rejects) readable by their owner only.
 */
import { once } from "node:events"
import { createWriteStream, fchmodSync, type WriteStream } from "node:fs"
import type { Writable } from "node:stream"

/** Writes `text`, waiting while the stream's buffer is full. */
export const writeText = async (out: Writable, text: string | Uint8Array): Promise<void> => {
  if (text.length === 0) return
  // `once` rejects when the stream fails while we wait.
  if (!out.write(text)) await once(out, "drain")
}

/** Ends the stream and waits until everything written has been flushed. */
export const end = async (out: Writable): Promise<void> => {
  if (out.writableFinished) return
  const finished = once(out, "finish")
  out.end()
  await finished
}

/**
 * A stream writing the file at `path` (created or emptied) that only its owner may read
 * or write (mode 0600), an existing file included: a survey export or a rejects file
 * holds personal data, and the umask alone leaves new files world-readable (0644).
 */
export const privateFile = (path: string): WriteStream => {
  const stream = createWriteStream(path, { mode: 0o600 })
  // Before the first write: the mode above applies to a new file only.
  stream.once("open", (fd: number) => fchmodSync(fd, 0o600))
  return stream
}
