/**
 * The text encodings of Thai survey files: UTF-8 (with or without a byte order mark), or
 * the single-byte Thai code page TIS-620 / Windows-874 that older Thai Windows and Excel
 * save CSV files in. Files are decoded as they stream.
 */

import { TextDecoder } from "node:util"

export type Encoding = "utf-8" | "tis-620" | "windows-874"

/** Bytes after the first non-ASCII byte needed to tell the encodings apart. */
const enough = 64

const firstNonAscii = (bytes: Uint8Array): number => {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i
  return -1
}

/** Whether `bytes` are UTF-8, allowing a character cut off at the end unless `complete`. */
const isUtf8 = (bytes: Uint8Array, complete: boolean): boolean => {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: !complete })
    return true
  } catch {
    return false
  }
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const joined = new Uint8Array(a.length + b.length)
  joined.set(a)
  joined.set(b, a.length)
  return joined
}

/**
 * The text of a file, without a byte order mark. With `encoding`, the file is read in
 * it. Without, a file is UTF-8 unless its first non-ASCII bytes are not valid UTF-8;
 * then it is Windows-874 (a superset of TIS-620, whose Thai letters are 0xA1–0xFB). Only
 * the bytes from the first non-ASCII byte on decide, so a file whose first thousand rows
 * are ASCII is still told by its first Thai name.
 */
export async function* decode(source: AsyncIterable<Uint8Array>, encoding?: Encoding): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined =
    encoding === undefined ? undefined : new TextDecoder(encoding === "utf-8" ? "utf-8" : "windows-874")
  // ASCII is the same in both, so it passes before the encoding is known.
  const ascii = new TextDecoder("utf-8")
  let held: Uint8Array | undefined
  for await (const piece of source) {
    const chunk = held === undefined ? piece : concat(held, piece)
    held = undefined
    if (decoder === undefined) {
      const at = firstNonAscii(chunk)
      // A byte order mark is non-ASCII too: UTF-8.
      if (at < 0 || chunk.length - at < enough) {
        if (at < 0) yield ascii.decode(chunk, { stream: true })
        else {
          if (at > 0) yield ascii.decode(chunk.subarray(0, at), { stream: true })
          held = chunk.slice(at)
        }
        continue
      }
      decoder = new TextDecoder(isUtf8(chunk.subarray(at), false) ? "utf-8" : "windows-874")
      if (at > 0) yield ascii.decode(chunk.subarray(0, at), { stream: true })
      const text = decoder.decode(chunk.subarray(at), { stream: true })
      if (text.length > 0) yield text
      continue
    }
    const text = decoder.decode(chunk, { stream: true })
    if (text.length > 0) yield text
  }
  decoder ??= new TextDecoder(held === undefined || isUtf8(held, true) ? "utf-8" : "windows-874")
  const text = decoder.decode(held, { stream: false })
  if (text.length > 0) yield text
}
