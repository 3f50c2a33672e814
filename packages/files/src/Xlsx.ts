/**
 * Survey records as an Excel workbook (xlsx): the first worksheet, laid out as the CSV
 * is (see `Columns`). Read and written with ExcelJS's streaming reader and writer, so a
 * workbook of any size is never held whole.
 */
import type ExcelJS from "exceljs"
import { closeSync, fstatSync, openSync, readSync } from "node:fs"
import type { Readable, Writable } from "node:stream"
import * as Households from "./Households.js"
import type { Item } from "./Item.js"
import * as Limits from "./Limits.js"
import * as Rows from "./Rows.js"
import { UnreadableFile } from "./UnreadableFile.js"

// Loaded when a workbook is read or written: ExcelJS takes a while to load, and most
// runs read CSV or NDJSON.
const excel = async (): Promise<typeof ExcelJS> => (await import("exceljs")).default

/**
 * Refuses a workbook (a zip) one of whose parts inflates far more than a workbook's do
 * (`Limits.inflatedFloor`, `Limits.maxInflation`), from the sizes its central directory
 * gives, before a byte of it is inflated: ExcelJS holds a cell whole, and one of 600 MB
 * took the memory of the import. A file that is not a zip is left for the reader to refuse.
 *
 * @throws UnreadableFile naming the part.
 */
export const checkInflation = (path: string): void => {
  const fd = openSync(path, "r")
  try {
    const size = fstatSync(fd).size
    const read = (at: number, length: number): Buffer => {
      const bytes = Buffer.alloc(Math.max(0, Math.min(length, size - at)))
      readSync(fd, bytes, 0, bytes.length, at)
      return bytes
    }
    const tailAt = Math.max(0, size - (22 + 0xffff))
    const tail = read(tailAt, size - tailAt)
    const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
    if (end < 0 || end + 22 > tail.length) return
    let directorySize = tail.readUInt32LE(end + 12)
    let directoryAt = tail.readUInt32LE(end + 16)
    if (directoryAt === 0xffffffff && end >= 20 && tail.readUInt32LE(end - 20) === 0x07064b50) {
      const zip64 = read(Number(tail.readBigUInt64LE(end - 12)), 56)
      if (zip64.length < 56 || zip64.readUInt32LE(0) !== 0x06064b50) return
      directorySize = Number(zip64.readBigUInt64LE(40))
      directoryAt = Number(zip64.readBigUInt64LE(48))
    }
    const directory = read(directoryAt, Math.min(directorySize, 64 << 20))
    for (let i = 0; i + 46 <= directory.length && directory.readUInt32LE(i) === 0x02014b50; ) {
      let compressed = directory.readUInt32LE(i + 20)
      let inflated = directory.readUInt32LE(i + 24)
      const nameLength = directory.readUInt16LE(i + 28)
      const extraLength = directory.readUInt16LE(i + 30)
      const name = directory.toString("utf8", i + 46, i + 46 + nameLength)
      // Zip64: the sizes that do not fit 32 bits are in the extra field, uncompressed first.
      for (let x = i + 46 + nameLength; x + 4 <= i + 46 + nameLength + extraLength; x += 4 + directory.readUInt16LE(x + 2)) {
        if (directory.readUInt16LE(x) !== 0x0001) continue
        let at = x + 4
        if (inflated === 0xffffffff) {
          inflated = Number(directory.readBigUInt64LE(at))
          at += 8
        }
        if (compressed === 0xffffffff) compressed = Number(directory.readBigUInt64LE(at))
      }
      if (inflated > Limits.inflatedFloor && inflated > Limits.maxInflation * Math.max(compressed, 1)) {
        throw new UnreadableFile({
          path,
          reason: `its part ${name} inflates ${Math.round(inflated / Math.max(compressed, 1))} times (to ${Math.round(inflated / 2 ** 20)} MiB): taken for a zip bomb, the workbook is not read`
        })
      }
      i += 46 + nameLength + extraLength + directory.readUInt16LE(i + 32)
    }
  } finally {
    closeSync(fd)
  }
}

const cellTooLong = Limits.tooLong(Limits.maxCellLength)

/** A cell longer than Excel allows (`Limits.maxCellLength`): text or rich text. */
const tooLong: Households.Check = (cell) => {
  if (typeof cell === "string") return cell.length > Limits.maxCellLength ? cellTooLong : undefined
  if (typeof cell !== "object" || cell === null || !("richText" in cell) || !Array.isArray(cell.richText)) return undefined
  let length = 0
  for (const run of cell.richText as ReadonlyArray<{ text?: unknown }>) length += typeof run.text === "string" ? run.text.length : 0
  return length > Limits.maxCellLength ? cellTooLong : undefined
}

/**
 * Household records from the first worksheet of a workbook. `line` is the worksheet's
 * row number. Dates may be date cells or text; citizen IDs may be number cells.
 */
export async function* read(input: Readable, path: string, round: number | undefined): AsyncGenerator<Item> {
  const { stream } = await excel()
  const workbook = new stream.xlsx.WorkbookReader(input, {
    worksheets: "emit",
    sharedStrings: "cache",
    // Styles say which number cells are dates.
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore"
  })
  let households: Households.Households | undefined
  let seen = 0
  const items: Array<Item> = []
  try {
    for await (const sheet of workbook) {
      for await (const row of sheet) {
        // ExcelJS numbers cells from 1: drop the empty slot 0.
        const cells = (row.values as Array<unknown>).slice(1)
        seen++
        if (households !== undefined) {
          households.row(cells, row.number, items, tooLong)
          if (items.length > 0) yield* items.splice(0)
          continue
        }
        const layout = Households.header(cells, path)
        if (layout !== undefined) households = new Households.Households(layout, round)
        else if (seen >= Households.maxRowsBeforeHeader) throw Households.noHeader(path, seen)
      }
      break
    }
  } catch (error) {
    if (error instanceof UnreadableFile) throw error
    throw new UnreadableFile({ path, reason: `not a readable xlsx workbook: ${(error as Error).message}` })
  }
  if (households === undefined) {
    if (seen > 0) throw Households.noHeader(path, seen)
    return
  }
  households.end(items)
  yield* items
}

const cellOf = (value: unknown): ExcelJS.CellValue =>
  value === undefined || value === null
    ? null
    : typeof value === "string" || typeof value === "number" || typeof value === "boolean"
      ? value
      : JSON.stringify(value)

/**
 * Writes records to one worksheet, one row per member, with text cells for codes and
 * dates (so Excel shows citizen IDs in full) and true/false cells for answers; then
 * ends `out`.
 */
export const write = async (records: Rows.Records, out: Writable, extras?: Rows.Extras): Promise<Rows.Written> => {
  const { stream } = await excel()
  const workbook = new stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false })
  const sheet = workbook.addWorksheet("survey", { views: [{ state: "frozen", ySplit: 1 }] })
  const table = new Rows.Table()
  const add = (row: ReadonlyArray<unknown>) => sheet.addRow(row.map(cellOf)).commit()
  let count = 0
  for await (const record of records) {
    if (!table.started) add(table.start(record, extras))
    table.rows(record, add)
    // Let the zip stream pass what it has to `out` before more rows pile up.
    if (++count % 500 === 0) await new Promise((resolve) => setImmediate(resolve))
  }
  if (!table.started) add(table.start(undefined, extras))
  sheet.commit()
  await workbook.commit()
  return table.written()
}
