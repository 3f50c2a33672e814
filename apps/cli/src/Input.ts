/**
 * Reading survey records from a file or standard input as batches, whatever the size:
 * NDJSON (one record a line) is cut at line ends into byte batches; a JSON array is
 * split into its top-level elements without holding the whole array.
 */
import { createReadStream } from "node:fs"
import type { Readable } from "node:stream"

/** A batch: whole NDJSON lines as bytes, or the JSON texts of array elements. */
export type Batch = { readonly bytes: Uint8Array } | { readonly texts: ReadonlyArray<string> }

const batchBytes = 1 << 20
const batchTexts = 1000

export const open = (file: string): Readable =>
  file === "-" ? process.stdin : createReadStream(file, { highWaterMark: batchBytes })

const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09

/** Yields batches of records from a byte stream, detecting NDJSON or a JSON array. */
export async function* batches(stream: Readable): AsyncGenerator<Batch> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  let head = Buffer.alloc(0)
  // Look at the first meaningful byte (after a UTF-8 BOM and white space) to pick the format.
  for (;;) {
    let start = 0
    if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) start = 3
    while (start < head.length && isSpace(head[start]!)) start++
    if (start < head.length) {
      head = head.subarray(start)
      break
    }
    const next = await iterator.next()
    if (next.done) return
    head = Buffer.concat([head.subarray(start), next.value])
  }
  const rest = { [Symbol.asyncIterator]: () => iterator }
  if (head[0] === 0x5b /* [ */) yield* arrayBatches(head, rest)
  else yield* lineBatches(head, rest)
}

async function* lineBatches(head: Buffer, rest: AsyncIterable<Buffer>): AsyncGenerator<Batch> {
  let pending: Buffer = head
  for await (const chunk of rest) {
    const joined = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
    const cut = joined.lastIndexOf(0x0a)
    if (cut < 0) {
      pending = joined
      continue
    }
    yield { bytes: Uint8Array.prototype.slice.call(joined, 0, cut + 1) }
    pending = joined.subarray(cut + 1)
  }
  if (pending.length > 0) yield { bytes: Uint8Array.prototype.slice.call(pending) }
}

async function* arrayBatches(head: Buffer, rest: AsyncIterable<Buffer>): AsyncGenerator<Batch> {
  const decoder = new TextDecoder()
  let depth = 0
  let inString = false
  let escaped = false
  let element = ""
  let texts: Array<string> = []
  let closed = false
  const scan = function* (text: string): Generator<Batch> {
    let from = 0
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (inString) {
        if (escaped) escaped = false
        else if (c === 0x5c) escaped = true
        else if (c === 0x22) inString = false
        continue
      }
      if (c === 0x22) inString = true
      else if (c === 0x5b || c === 0x7b) {
        depth++
        if (depth === 1) from = i + 1
      } else if (c === 0x5d || c === 0x7d || (c === 0x2c && depth === 1)) {
        if (depth === 1) {
          const piece = (element + text.slice(from, i)).trim()
          element = ""
          from = i + 1
          if (piece !== "") texts.push(piece)
          if (texts.length >= batchTexts) {
            yield { texts }
            texts = []
          }
          if (c === 0x5d) closed = true
        }
        if (c !== 0x2c) depth--
      }
    }
    if (depth >= 1) element += text.slice(from)
  }
  yield* scan(decoder.decode(head, { stream: true }))
  for await (const chunk of rest) yield* scan(decoder.decode(chunk, { stream: true }))
  yield* scan(decoder.decode())
  if (!closed) {
    const tail = element.trim()
    texts.push(tail === "" ? "]" : tail) // an unterminated array: let the last element be reported as invalid JSON
  }
  if (texts.length > 0) yield { texts }
}
