/**
 * The survey files a Thai provincial office has, read as a stream of raw household
 * records and written back: NDJSON, a JSON array, CSV or an xlsx workbook, in UTF-8 or
 * TIS-620. Reading never holds a whole file, and a bad row is reported without stopping
 * the rest. Records come out unvalidated: run `SurveyRecord.decode` on each.
 *
 * @example
 * for await (const item of SurveyFile.read("survey-2564.csv", { round: 2564 })) {
 *   if (item.kind === "rejected") console.log(`row ${item.line}: ${item.field} ${item.reason}`)
 *   else SurveyRecord.decode(item.value) // Either
 * }
 */
import { createReadStream } from "node:fs"
import { Readable, type Writable } from "node:stream"
import * as Csv from "./Csv.js"
import type { Item } from "./Item.js"
import * as Json from "./Json.js"
import { end } from "./Output.js"
import * as Rows from "./Rows.js"
import type { Written } from "./Rows.js"
import * as TextEncoding from "./TextEncoding.js"
import { UnreadableFile } from "./UnreadableFile.js"
import * as Xlsx from "./Xlsx.js"

export type { Item } from "./Item.js"
export type { Written } from "./Rows.js"
export type { Encoding } from "./TextEncoding.js"
export { UnreadableFile } from "./UnreadableFile.js"
export { invalidJson } from "./Json.js"

export type Format = "ndjson" | "json" | "csv" | "xlsx"

export interface ReadOptions {
  /** Default: from the file name and first bytes (`detectFormat`). */
  readonly format?: Format
  /** Of a text file. Default: UTF-8, or Windows-874 when the bytes are not UTF-8. */
  readonly encoding?: TextEncoding.Encoding
  /**
   * The survey round (B.E. year) the file is read as: a record without surveyYear gets
   * it, and one with another surveyYear is rejected.
   */
  readonly round?: number
}

const startsWith = (bytes: Uint8Array, ...prefix: ReadonlyArray<number>) => prefix.every((b, i) => bytes[i] === b)

const extension = (path: string): string => {
  const name = path.slice(path.lastIndexOf("/") + 1).toLowerCase()
  const dot = name.lastIndexOf(".")
  return dot < 0 ? "" : name.slice(dot + 1)
}

/**
 * The format of a file from its name and first bytes: a zip is xlsx; `.csv`, `.ndjson`
 * and `.jsonl` are what they say; otherwise the first character after a byte order mark
 * and white space decides: `[` a JSON array, `{` NDJSON, anything else CSV.
 *
 * @throws UnreadableFile for a legacy `.xls` workbook or an `.ods` spreadsheet.
 * @example detectFormat("survey.json", new TextEncoder().encode("[{")) // "json"
 */
export const detectFormat = (path: string, firstBytes: Uint8Array): Format => {
  const ext = extension(path)
  if (startsWith(firstBytes, 0xd0, 0xcf, 0x11, 0xe0) || ext === "xls") {
    throw new UnreadableFile({ path, reason: "a legacy .xls workbook: save it as .xlsx (Excel Workbook) or CSV UTF-8" })
  }
  if (ext === "ods") throw new UnreadableFile({ path, reason: "an OpenDocument spreadsheet: save it as .xlsx or CSV UTF-8" })
  if (startsWith(firstBytes, 0x50, 0x4b, 0x03, 0x04) || ext === "xlsx") return "xlsx"
  if (ext === "csv" || ext === "txt") return "csv"
  if (ext === "ndjson" || ext === "jsonl") return "ndjson"
  let i = startsWith(firstBytes, 0xef, 0xbb, 0xbf) ? 3 : 0
  while (i < firstBytes.length && (firstBytes[i] === 0x20 || firstBytes[i] === 0x0a || firstBytes[i] === 0x0d || firstBytes[i] === 0x09)) i++
  return firstBytes[i] === 0x5b ? "json" : firstBytes[i] === 0x7b ? "ndjson" : "csv"
}

const isSystemError = (error: unknown): error is Error & { code: string } => {
  const code = (error as { code?: unknown } | null)?.code
  return error instanceof Error && typeof code === "string" && /^E[A-Z]+$/.test(code)
}

/**
 * Reads the survey file at `path` (`"-"`: standard input) as records and rejected rows,
 * in file order. Each record is plain JSON in the canonical shape, not yet validated;
 * `line` says where it starts (see `Item`).
 *
 * CSV and xlsx hold one row per member with the household's fields repeated, and the
 * rows of one household must be consecutive (a household seen again further down is
 * rejected). Headers may be the canonical names or their Thai aliases (`Columns.fields`).
 *
 * @throws UnreadableFile (from the iteration) when the file cannot be opened or read at
 * all; the items yielded before stand.
 */
export async function* read(path: string, options: ReadOptions = {}): AsyncGenerator<Item, void, undefined> {
  const input: Readable = path === "-" ? process.stdin : createReadStream(path, { highWaterMark: 1 << 16 })
  try {
    const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>
    const first = await chunks.next()
    const head: Buffer = first.done === true ? Buffer.alloc(0) : first.value
    const bytes = (async function* () {
      if (head.length > 0) yield head
      for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) yield next.value
    })()
    const format = options.format ?? detectFormat(path, head)
    const round = options.round
    switch (format) {
      case "xlsx":
        if (head.length > 0 && !startsWith(head, 0x50, 0x4b, 0x03, 0x04)) {
          throw new UnreadableFile({ path, reason: "not an xlsx workbook (it is not a zip file): give --file-format ndjson, json or csv if it is one of those" })
        }
        if (path !== "-") Xlsx.checkInflation(path)
        return yield* Xlsx.read(Readable.from(bytes), path, round)
      case "csv":
        return yield* Csv.read(TextEncoding.decode(bytes, options.encoding), path, round)
      case "ndjson":
        return yield* Json.readLines(TextEncoding.decode(bytes, options.encoding), round)
      case "json":
        return yield* Json.readArray(TextEncoding.decode(bytes, options.encoding), round)
    }
  } catch (error) {
    if (isSystemError(error)) throw new UnreadableFile({ path, reason: error.message })
    throw error
  } finally {
    if (input !== process.stdin) input.destroy()
  }
}

/**
 * Writes records to `out` in `format`, then ends `out` and waits until it has flushed.
 * Records are the canonical shape (a `SurveyRecord`, or plain JSON like it).
 *
 * - `ndjson`, `json`: each record as `JSON.stringify` writes it.
 * - `csv`: UTF-8 with a byte order mark, canonical English headers, one row per member with
 *   the household's fields repeated; dates as ISO C.E. `YYYY-MM-DD` (what the record
 *   holds), answers `true`/`false`, a missing answer an empty cell.
 * - `xlsx`: the same columns in one worksheet, answers as true/false cells.
 *
 * For csv and xlsx, extra fields get columns (`name` for the household's, `member.name` for
 * a member's). Given a function that gives the records afresh each call, every record's
 * extras get one: the records are read twice, first for their columns. Given the records
 * themselves, the first record's extras do, and a later record's other extras are not
 * written but listed in `Written.unwritten`. Reading a written file gives back equal records.
 */
export const write = async (records: Rows.Records | (() => Rows.Records), format: Format, out: Writable): Promise<Written> => {
  const fresh = () => (typeof records === "function" ? records() : records)
  switch (format) {
    case "csv":
    case "xlsx": {
      const extras = typeof records === "function" ? await Rows.extras(records()) : undefined
      return format === "csv" ? Csv.write(fresh(), out, extras) : Xlsx.write(fresh(), out, extras)
    }
    case "ndjson":
    case "json": {
      const count = await (format === "ndjson" ? Json.writeLines(fresh(), out) : Json.writeArray(fresh(), out))
      await end(out)
      return { records: count, rows: count, unwritten: [] }
    }
  }
}
