/**
 * Survey records as CSV: one row per member, the household's fields repeated on each of
 * its rows, the rows of one household consecutive, and a header row naming the columns
 * (see `Columns`). RFC 4180 text: comma-separated, `"`-quoted cells with `""` for a
 * quote, LF or CRLF line ends. Read a chunk at a time; written with csv-stringify.
 */
import { stringify } from "csv-stringify/sync"
import type { Writable } from "node:stream"
import * as CsvCell from "./CsvCell.js"
import * as Households from "./Households.js"
import * as Limits from "./Limits.js"
import { type Item, rejected } from "./Item.js"
import { end, writeText } from "./Output.js"
import * as Rows from "./Rows.js"
import * as TextEncoding from "./TextEncoding.js"

/** A quoted cell longer than this is taken for a quote that was never closed. */
export const maxQuotedRecord = Limits.maxRecordLength

/** Why a row was given up: a quote opened on it is never closed. */
export const unclosedQuote = 'a quote (") opened on this row is never closed'

const tooLong = Limits.tooLong(Limits.maxRecordLength)

const comma = 0x2c
const quote = 0x22
const cr = 0x0d
const lf = 0x0a

/**
 * Splits CSV text into rows of cells as it streams by. A line without a quote is split
 * natively (the common case, and fast); a line with one is scanned cell by cell and may
 * run over several lines. A quote that is never closed (by the end of the file, or
 * within `maxQuotedRecord` characters) spoils its own row only: the row is reported and
 * reading goes on from the next line. The speed matters: a province's file has millions
 * of rows, and this reads several hundred thousand a second where a general parser
 * (csv-parse, tried first) managed about 140,000.
 */
export class Tokenizer {
  private rest = ""
  private cells: Array<string> = []
  /** In a line too long, already reported: its text is dropped up to its end. */
  private skipping = false

  /**
   * Pushes the complete rows of `rest + text` to `out`; a string instead of cells is a
   * row given up, and why: a quote never closed (`unclosedQuote`), or a record longer than
   * `Limits.maxRecordLength`, which is dropped as it streams by, not held. At the end of
   * the file, call once more with `final`.
   */
  push(text: string, final: boolean, out: Array<Array<string> | string>): void {
    let s = this.rest + text
    if (this.skipping) {
      const nl = s.indexOf("\n")
      this.rest = ""
      if (nl < 0) {
        if (final) this.skipping = false
        return
      }
      s = s.slice(nl + 1)
      this.skipping = false
    }
    if (final && s.length > 0 && s.charCodeAt(s.length - 1) !== lf) s += "\n"
    let i = 0
    let q = -2
    for (;;) {
      const nl = s.indexOf("\n", i)
      if (nl < 0) break
      if (q !== -1 && q < i) q = s.indexOf('"', i)
      if (q < 0 || q > nl) {
        out.push(nl - i > Limits.maxRecordLength ? tooLong : s.slice(i, nl > i && s.charCodeAt(nl - 1) === cr ? nl - 1 : nl).split(","))
        i = nl + 1
        continue
      }
      const next = this.quoted(s, i)
      if (next >= 0) {
        out.push(next - i > Limits.maxRecordLength ? tooLong : this.cells)
        i = next
      } else if (final || s.length - i > maxQuotedRecord) {
        // The quote is not closed: give up this line, and read on from the next.
        out.push(unclosedQuote)
        i = nl + 1
      } else break
    }
    this.rest = s.slice(i)
    if (this.rest.length > Limits.maxRecordLength && !this.rest.includes("\n")) {
      out.push(tooLong)
      this.rest = ""
      this.skipping = true
    }
  }

  /** Reads the row at `i`, which has a quote; the index after its line end, or -1 when the text ends first. */
  private quoted(s: string, i: number): number {
    const cells: Array<string> = []
    const n = s.length
    for (;;) {
      let cell = ""
      if (s.charCodeAt(i) === quote) {
        let from = i + 1
        for (;;) {
          const close = s.indexOf('"', from)
          if (close < 0 || close + 1 >= n) return -1
          cell += s.slice(from, close)
          if (s.charCodeAt(close + 1) === quote) {
            cell += '"'
            from = close + 2
            continue
          }
          i = close + 1
          break
        }
      }
      // Unquoted text, or text after a closing quote: up to the next comma or line end.
      let k = i
      for (let c = s.charCodeAt(k); k < n && c !== comma && c !== lf && c !== cr; c = s.charCodeAt(++k));
      cell += s.slice(i, k)
      cells.push(cell)
      if (k >= n) return -1
      i = k + 1
      if (s.charCodeAt(k) === comma) continue
      if (s.charCodeAt(k) === cr) {
        if (i >= n) return -1
        if (s.charCodeAt(i) === lf) i++
      }
      this.cells = cells
      return i
    }
  }
}

/**
 * Household records from the text of a CSV file. `line` is the row number as a
 * spreadsheet shows the file: the header is row 1 (when nothing is above it) and each
 * CSV record is a row, blank ones included, even when a quoted cell spans lines.
 */
export async function* read(text: AsyncIterable<string>, path: string, round: number | undefined): AsyncGenerator<Item> {
  const tokenizer = new Tokenizer()
  let row = 0
  let households: Households.Households | undefined
  const rows: Array<Array<string> | string> = []
  const items: Array<Item> = []
  const take = () => {
    for (let r = 0; r < rows.length; r++) {
      const cells = rows[r]!
      row++
      if (typeof cells === "string") {
        if (households === undefined) items.push(rejected(row, "(row)", cells))
        else households.spoiled(row, "(row)", cells, items)
      } else if (households !== undefined) {
        for (let c = 0; c < cells.length; c++) if (cells[c]!.charCodeAt(0) === 0x27) cells[c] = CsvCell.read(cells[c]!)
        households.row(cells, row, items, tainted ? Households.undecodable : undefined)
      } else {
        const layout = Households.header(cells, path)
        if (layout !== undefined) households = new Households.Households(layout, round)
        else if (row >= Households.maxRowsBeforeHeader) throw Households.noHeader(path, row)
      }
    }
    rows.length = 0
  }
  // Once the text has held an undecodable byte, each row's cells are checked for one.
  let tainted = false
  for await (const chunk of text) {
    tainted ||= !TextEncoding.isClean(chunk)
    tokenizer.push(chunk, false, rows)
    take()
    if (items.length > 0) yield* items.splice(0)
  }
  tokenizer.push("", true, rows)
  take()
  if (households === undefined) {
    if (row > 0) throw Households.noHeader(path, row)
    return
  }
  households.end(items)
  yield* items
}

const cell = (value: unknown): string =>
  value === undefined || value === null
    ? ""
    : typeof value === "string"
      ? CsvCell.text(value)
      : typeof value === "object"
        ? CsvCell.text(JSON.stringify(value))
        : String(value)

/**
 * Writes records as CSV with a UTF-8 byte order mark (so that Excel shows the Thai), one
 * row per member, cells neutralised against formula injection (`CsvCell.text`; reading
 * undoes it); then ends `out`.
 */
export const write = async (records: Rows.Records, out: Writable, extras?: Rows.Extras): Promise<Rows.Written> => {
  const table = new Rows.Table()
  await writeText(out, "\ufeff")
  let batch: Array<ReadonlyArray<unknown>> = []
  const flush = async () => {
    if (batch.length === 0) return
    await writeText(out, stringify(batch.map((r) => r.map(cell))))
    batch = []
  }
  for await (const record of records) {
    if (!table.started) batch.push(table.start(record, extras))
    table.rows(record, (row) => batch.push(row))
    if (batch.length >= 1000) await flush()
  }
  if (!table.started) batch.push(table.start(undefined, extras))
  await flush()
  await end(out)
  return table.written()
}
