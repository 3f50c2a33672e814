/**
 * The text encodings of Thai survey files: UTF-8 (with or without a byte order mark), or
 * the single-byte Thai code page TIS-620 / Windows-874 that older Thai Windows and Excel
 * save CSV files in. Files are decoded as they stream; a byte that is not text in the
 * file's encoding is kept in the text as a mark (`isClean` tells), so that the row holding
 * it is rejected rather than read with U+FFFD in place of a letter.
 */

import { TextDecoder } from "node:util"

export type Encoding = "utf-8" | "tis-620" | "windows-874"

/** The reason given for a row or field holding a byte that is not text in the file's encoding. */
export const undecodable = "holds bytes that are not text in the file's encoding (UTF-8, or TIS-620 when detected or given)"

/** Bytes after the first non-ASCII byte needed to tell the encodings apart. */
const enough = 64

const firstNonAscii = (bytes: Uint8Array): number => {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i
  return -1
}

/**
 * An undecodable byte as it stands in the text: a lone low surrogate, U+DC80–U+DCFF (as
 * Python's `surrogateescape`), which no decoded UTF-8 or Windows-874 text can hold.
 */
const mark = (byte: number): string => String.fromCharCode(0xdc00 + byte)

/** Whether `text` holds no undecodable byte (no lone surrogate). */
export const isClean = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed()

/**
 * The length of the UTF-8 sequence at `i` (WHATWG's rules: no overlong forms, no
 * surrogates, nothing past U+10FFFF): 0 when it is not one, -1 when it runs past `end`.
 */
const sequence = (bytes: Uint8Array, i: number, end: number): number => {
  const b = bytes[i]!
  if (b < 0x80) return 1
  let length: number
  let low = 0x80
  let high = 0xbf
  if (b >= 0xc2 && b <= 0xdf) length = 2
  else if (b >= 0xe0 && b <= 0xef) {
    length = 3
    if (b === 0xe0) low = 0xa0
    if (b === 0xed) high = 0x9f
  } else if (b >= 0xf0 && b <= 0xf4) {
    length = 4
    if (b === 0xf0) low = 0x90
    if (b === 0xf4) high = 0x8f
  } else return 0
  for (let k = 1; k < length; k++) {
    if (i + k >= end) return -1
    const c = bytes[i + k]!
    if (c < low || c > high) return 0
    low = 0x80
    high = 0xbf
  }
  return length
}

/**
 * Whether a sample of a file (from its first non-ASCII byte) is UTF-8: it is when its
 * well-formed multi-byte characters are at least as many as its stray bytes. Thai in
 * TIS-620 is nearly all stray bytes to UTF-8, while a UTF-8 file with a bad byte or two
 * in it (a pasted `\xff\xfe`) is still mostly Thai letters of three bytes each.
 */
const looksUtf8 = (sample: Uint8Array): boolean => {
  let characters = 0
  let stray = 0
  for (let i = 0; i < sample.length; ) {
    const n = sequence(sample, i, sample.length)
    if (n < 0) break
    if (n === 0) {
      stray++
      i++
    } else {
      if (n > 1) characters++
      i += n
    }
  }
  return characters >= stray
}

/** Decodes UTF-8 chunk by chunk, marking the bytes that are not UTF-8 and holding a character cut off at a chunk's end. */
class Utf8 {
  private readonly fast = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })
  private readonly lenient = new TextDecoder("utf-8", { ignoreBOM: true })
  private held: Uint8Array | undefined

  decode(piece: Uint8Array, final: boolean): string {
    const bytes = this.held === undefined ? piece : concat(this.held, piece)
    this.held = undefined
    const end = final ? bytes.length : completeEnd(bytes)
    if (end < bytes.length) this.held = bytes.slice(end)
    const whole = bytes.subarray(0, end)
    try {
      return this.fast.decode(whole)
    } catch {
      return this.marked(whole)
    }
  }

  /** The text of bytes that are not all UTF-8, each stray byte marked. */
  private marked(bytes: Uint8Array): string {
    let text = ""
    let run = 0
    for (let i = 0; i < bytes.length; ) {
      const n = sequence(bytes, i, bytes.length)
      if (n > 0) {
        i += n
        continue
      }
      text += this.lenient.decode(bytes.subarray(run, i)) + mark(bytes[i]!)
      run = ++i
    }
    return text + this.lenient.decode(bytes.subarray(run))
  }
}

/** Where a UTF-8 character cut off by the end of `bytes` starts, or `bytes.length`. */
const completeEnd = (bytes: Uint8Array): number => {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back]!
    if (b < 0x80) return bytes.length
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2
      return back < length ? bytes.length - back : bytes.length
    }
  }
  return bytes.length
}

/** A byte Windows-874 has no character for: 0x81–0x9F but for …, ‘ ’ “ ” • – —, then 0xDB–0xDE and 0xFC–0xFF. */
const unassigned = (b: number): boolean =>
  (b >= 0x81 && b <= 0x9f && b !== 0x85 && (b < 0x91 || b > 0x97)) || (b >= 0xdb && b <= 0xde) || b >= 0xfc

/**
 * What Node's decoder gives those bytes: C1 controls, and private-use characters
 * U+F8C1–U+F8C8 (Microsoft's "best fit"), or U+FFFD.
 */
const unassignedText = /[\u0081-\u009f\uf8c1-\uf8c8\ufffd]/

/** Decodes Windows-874, a byte a character, marking the bytes it has no character for. */
class Windows874 {
  private readonly decoder = new TextDecoder("windows-874")

  decode(bytes: Uint8Array): string {
    const text = this.decoder.decode(bytes)
    if (!unassignedText.test(text)) return text
    let marked = ""
    for (let i = 0; i < text.length; i++) marked += unassigned(bytes[i]!) ? mark(bytes[i]!) : text[i]
    return marked
  }
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const joined = new Uint8Array(a.length + b.length)
  joined.set(a)
  joined.set(b, a.length)
  return joined
}

const startsWithBom = (bytes: Uint8Array) => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf

/**
 * The text of a file, without a byte order mark. With `encoding`, the file is read in
 * it. Without, the bytes from the first non-ASCII byte on (a sample of up to a read chunk)
 * decide: UTF-8 when they are mostly well-formed UTF-8 (see `looksUtf8`), else
 * Windows-874 (a superset of TIS-620, whose Thai letters are 0xA1–0xFB). So a file whose
 * first thousand rows are ASCII is still told by its first Thai name, and one bad byte
 * does not turn a UTF-8 file into mojibake. Either way a byte that is not text in the
 * encoding stays in the text as a mark: see `isClean`.
 */
export async function* decode(source: AsyncIterable<Uint8Array>, encoding?: Encoding): AsyncGenerator<string> {
  let decoder: Utf8 | Windows874 | undefined =
    encoding === undefined ? undefined : encoding === "utf-8" ? new Utf8() : new Windows874()
  let first = true
  let held: Uint8Array | undefined
  const text = (d: Utf8 | Windows874, bytes: Uint8Array, final: boolean) => (d instanceof Utf8 ? d.decode(bytes, final) : d.decode(bytes))
  for await (const piece of source) {
    let chunk = held === undefined ? piece : concat(held, piece)
    held = undefined
    if (first) {
      // Too short to tell a byte order mark yet.
      if (chunk.length < 3) {
        held = chunk
        continue
      }
      first = false
      if (startsWithBom(chunk)) {
        chunk = chunk.subarray(3)
        decoder ??= new Utf8()
      }
    }
    if (decoder === undefined) {
      const at = firstNonAscii(chunk)
      if (at < 0 || chunk.length - at < enough) {
        // ASCII is the same in both, so it passes before the encoding is known.
        if (at < 0) yield asciiOf(chunk)
        else {
          if (at > 0) yield asciiOf(chunk.subarray(0, at))
          held = chunk.slice(at)
        }
        continue
      }
      decoder = looksUtf8(chunk.subarray(at)) ? new Utf8() : new Windows874()
    }
    const decoded = text(decoder, chunk, false)
    if (decoded.length > 0) yield decoded
  }
  if (held === undefined && decoder === undefined) return
  const rest = held ?? new Uint8Array(0)
  if (first && startsWithBom(rest)) {
    const decoded = new Utf8().decode(rest.subarray(3), true)
    if (decoded.length > 0) yield decoded
    return
  }
  decoder ??= looksUtf8(rest) ? new Utf8() : new Windows874()
  const decoded = text(decoder, rest, true)
  if (decoded.length > 0) yield decoded
}

const ascii = new TextDecoder("utf-8", { ignoreBOM: true })
const asciiOf = (bytes: Uint8Array): string => ascii.decode(bytes)
