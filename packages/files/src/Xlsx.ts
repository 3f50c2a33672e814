/**
 * Survey records as an Excel workbook (xlsx): the first worksheet, laid out as the CSV
 * is (see `Columns`). Read and written with ExcelJS's streaming reader and writer, so a
 * workbook of any size is never held whole.
 */
import type ExcelJS from "exceljs"
import type { Readable, Writable } from "node:stream"
import * as Households from "./Households.js"
import type { Item } from "./Item.js"
import * as Rows from "./Rows.js"
import { UnreadableFile } from "./UnreadableFile.js"

// Loaded when a workbook is read or written: ExcelJS takes a while to load, and most
// runs read CSV or NDJSON.
const excel = async (): Promise<typeof ExcelJS> => (await import("exceljs")).default

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
          households.row(cells, row.number, items)
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
