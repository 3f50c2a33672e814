/**
 * Survey records as JSON: NDJSON (one record a line, blank lines skipped) or a JSON array
 * of records. Both stream: a line or an array element is parsed on its own, so a file of
 * any size reads in the memory of one record, and a line of bad JSON rejects that line.
 */
import { type Item, rejected } from "./Item.js"
import type { Writable } from "node:stream"
import * as Limits from "./Limits.js"
import { writeText } from "./Output.js"
import * as TextEncoding from "./TextEncoding.js"

/**
 * Why a text is not JSON, from `JSON.parse`'s error: where in it when the parser says so,
 * never the text, which V8's messages quote (`Unexpected token 'x', "{"citizenId": 33…"
 * is not valid JSON`).
 *
 * @example invalidJson(error) // "not valid JSON at character 16"
 */
export const invalidJson = (error: unknown): string => {
  const at = /at position (\d+)/.exec((error as Error).message)
  return at === null ? "not valid JSON" : `not valid JSON at character ${Number(at[1]) + 1}`
}

/** The path of the first string (`members[0].firstName`) holding an undecodable byte; `(record)` for a key. */
const undecodablePath = (value: unknown, path: string): string | undefined => {
  if (typeof value === "string") return TextEncoding.isClean(value) ? undefined : path
  if (typeof value !== "object" || value === null) return undefined
  for (const [key, inner] of Object.entries(value)) {
    if (!TextEncoding.isClean(key)) return "(record)"
    const found = undecodablePath(inner, Array.isArray(value) ? `${path}[${key}]` : path === "(record)" ? key : `${path}.${key}`)
    if (found !== undefined) return found
  }
  return undefined
}

const parse = (text: string, line: number, round: number | undefined): Item | undefined => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    if (text.trim() === "") return undefined
    return rejected(line, "(record)", TextEncoding.isClean(text) ? invalidJson(error) : TextEncoding.undecodable)
  }
  // Deeper than a record goes: it would overflow the stack of what reads it next.
  if (Limits.tooDeep(value)) return rejected(line, "(record)", `is nested deeper than ${Limits.maxDepth} levels`)
  if (!TextEncoding.isClean(text)) return rejected(line, undecodablePath(value, "(record)") ?? "(record)", TextEncoding.undecodable)
  if (round !== undefined && typeof value === "object" && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>
    const year = record["surveyYear"]
    if (year === undefined || year === null) record["surveyYear"] = round
    else if (year !== round) return rejected(line, "surveyYear", `is not the round the file is read as (${round})`)
  }
  return { kind: "record", line, value }
}

/**
 * NDJSON records from a file's text; `line` is the 1-based line number. Blank lines are
 * skipped. A line longer than `Limits.maxRecordLength` is rejected without being held.
 */
export async function* readLines(text: AsyncIterable<string>, round: number | undefined): AsyncGenerator<Item> {
  let line = 0
  let pending = ""
  /** In a line too long, already rejected: its text is dropped up to its end. */
  let skipping = false
  const items: Array<Item> = []
  for await (const chunk of text) {
    let joined = pending + chunk
    if (skipping) {
      const end = joined.indexOf("\n")
      if (end < 0) {
        pending = ""
        continue
      }
      joined = joined.slice(end + 1)
      skipping = false
    }
    let start = 0
    let end: number
    while ((end = joined.indexOf("\n", start)) >= 0) {
      const item = end - start > Limits.maxRecordLength ? long(++line) : parse(joined.slice(start, end), ++line, round)
      if (item !== undefined) items.push(item)
      start = end + 1
    }
    pending = joined.slice(start)
    if (pending.length > Limits.maxRecordLength) {
      items.push(long(++line))
      pending = ""
      skipping = true
    }
    yield* items.splice(0)
  }
  if (skipping) return
  const last = parse(pending, line + 1, round)
  if (last !== undefined) yield last
}

const long = (line: number): Item => rejected(line, "(record)", Limits.tooLong(Limits.maxRecordLength))

/**
 * Records of a JSON array from a file's text, split into top-level elements as the text
 * streams by, without holding the array; `line` is the 1-based element number.
 */
export async function* readArray(text: AsyncIterable<string>, round: number | undefined): AsyncGenerator<Item> {
  let depth = 0
  let inString = false
  let escaped = false
  /** The start of the current element, carried over from earlier chunks. */
  let carried = ""
  let element = 0
  let state = "before" as "before" | "inside" | "after"
  let trailing = false
  const items: Array<Item> = []

  /** The current element grew past `Limits.maxRecordLength`: it is rejected, its text no longer kept. */
  let overlong = false
  const finish = (piece: string) => {
    if (overlong || piece.length > Limits.maxRecordLength) items.push(long(++element))
    else if (piece.trim() !== "") items.push(parse(piece, ++element, round)!)
    overlong = false
  }

  const scan = (text: string) => {
    let from = 0
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (state !== "inside") {
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue
        if (state === "before" && c === 0x5b /* [ */) {
          state = "inside"
          depth = 1
          from = i + 1
        } else if (!trailing) {
          trailing = true
          items.push(
            rejected(element + 1, "(record)", state === "before" ? "the file is not a JSON array: it must start with [" : "text after the closing ] of the array")
          )
        }
        continue
      }
      if (inString) {
        if (escaped) escaped = false
        else if (c === 0x5c /* \ */) escaped = true
        else if (c === 0x22 /* " */) inString = false
        continue
      }
      if (c === 0x22) inString = true
      else if (c === 0x5b || c === 0x7b) depth++
      else if (c === 0x5d || c === 0x7d) {
        depth--
        if (depth === 0) {
          finish(carried + text.slice(from, i))
          carried = ""
          state = "after"
        }
      } else if (c === 0x2c /* , */ && depth === 1) {
        finish(carried + text.slice(from, i))
        carried = ""
        from = i + 1
      }
    }
    if (state === "inside" && !overlong) {
      carried += text.slice(from)
      if (carried.length > Limits.maxRecordLength) {
        overlong = true
        carried = ""
      }
    }
  }

  for await (const chunk of text) {
    scan(chunk)
    yield* items.splice(0)
  }
  if (state === "inside") {
    finish(carried)
    items.push(rejected(element + 1, "(record)", "the array is not closed with ]: the file may be cut short"))
  }
  yield* items
}

/** Writes records as NDJSON, one a line. */
export const writeLines = async (records: AsyncIterable<object> | Iterable<object>, out: Writable): Promise<number> => {
  let count = 0
  let batch = ""
  for await (const record of records) {
    batch += `${JSON.stringify(record)}\n`
    count++
    if (batch.length >= 1 << 16) {
      await writeText(out, batch)
      batch = ""
    }
  }
  await writeText(out, batch)
  return count
}

/** Writes records as one JSON array, an element a line. */
export const writeArray = async (records: AsyncIterable<object> | Iterable<object>, out: Writable): Promise<number> => {
  let count = 0
  let batch = "["
  for await (const record of records) {
    batch += `${count === 0 ? "\n" : ",\n"}${JSON.stringify(record)}`
    count++
    if (batch.length >= 1 << 16) {
      await writeText(out, batch)
      batch = ""
    }
  }
  await writeText(out, `${batch}\n]\n`)
  return count
}
