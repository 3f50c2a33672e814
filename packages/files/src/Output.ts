/**
 * Writing a file's text to a stream at the pace the stream takes it, so that writing a
 * large file holds a batch in memory, not the file.
 */
import { once } from "node:events"
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
