/**
 * The fund's bank statement as a CSV file: the canonical columns (`date, reference,
 * description, debit, credit, balance`, or a signed `amount` instead of debit and credit)
 * or the headers Thai banks export (วันที่ทำรายการ, รายการ, เลขที่อ้างอิง, ถอน/เดบิต,
 * ฝาก/เครดิต, คงเหลือ, …), in UTF-8 (with or without BOM) or TIS-620. Lines above the
 * header (the account's name and number, the period) are skipped; dates may be B.E.
 * (`15/03/2565`) or C.E. (`2022-03-15`), with a time after them; amounts may have
 * thousands separators (`1,500.00`). A bad line is rejected with its row, field and
 * reason, and reading goes on.
 *
 * @example
 * for await (const item of BankStatementFile.read("statement-2565-03.csv")) {
 *   if (item.kind === "rejected") console.log(`row ${item.line}: ${item.field}: ${item.reason}`)
 *   else lines.push(item.value)
 * }
 */
import { BankStatement, Satang } from "@phungpao/domain"
import type { CalendarDate } from "@phungpao/domain"
import { createReadStream } from "node:fs"
import * as Columns from "./Columns.js"
import { Tokenizer } from "./Csv.js"
import * as TextEncoding from "./TextEncoding.js"
import { UnreadableFile } from "./UnreadableFile.js"

export type Field = "date" | "reference" | "description" | "debit" | "credit" | "amount" | "balance"

/**
 * Every column read, with the headers that name it besides its own name. Headers compare
 * as `Columns.normalize` does (case, spaces and underscores ignored). Several columns may
 * be descriptions (รายการ and รายละเอียด): they are joined. Other columns are ignored.
 */
export const columns: ReadonlyArray<{ readonly field: Field; readonly headers: ReadonlyArray<string> }> = [
  { field: "date", headers: ["วันที่", "วันที่ทำรายการ", "วันทำรายการ", "วันที่รายการ", "วันที่มีผล", "transaction date", "value date", "posting date"] },
  { field: "reference", headers: ["เลขที่อ้างอิง", "อ้างอิง", "เลขอ้างอิง", "หมายเลขอ้างอิง", "เลขที่รายการ", "ref", "ref no", "reference no"] },
  { field: "description", headers: ["รายการ", "รายละเอียด", "คำอธิบาย", "รายละเอียดรายการ", "details", "narrative"] },
  { field: "debit", headers: ["ถอน", "เดบิต", "ถอน/เดบิต", "ถอนเงิน", "จำนวนเงินถอน", "withdrawal", "withdrawals"] },
  { field: "credit", headers: ["ฝาก", "เครดิต", "ฝาก/เครดิต", "ฝากเงิน", "จำนวนเงินฝาก", "deposit", "deposits"] },
  { field: "amount", headers: ["จำนวนเงิน", "ยอดเงิน"] },
  { field: "balance", headers: ["คงเหลือ", "ยอดคงเหลือ", "ยอดเงินคงเหลือ", "balance"] }
]

const byHeader = new Map<string, Field>()
for (const { field, headers } of columns) for (const h of [field, ...headers]) byHeader.set(Columns.normalize(h), field)

/** Rows above the header allowed before the file is taken for something else. */
export const maxRowsBeforeHeader = 30

/** What reading a statement yields, in file order; `line` is the spreadsheet row (the header's is 1 when nothing is above it). */
export type Item =
  | { readonly kind: "line"; readonly value: BankStatement.Line }
  | { readonly kind: "rejected"; readonly line: number; readonly field: string; readonly reason: string }

interface Layout {
  readonly at: ReadonlyMap<Field, number>
  readonly descriptions: ReadonlyArray<number>
}

/** The layout a row gives when it is a header: it names a date and either debit and credit or an amount. */
const header = (cells: ReadonlyArray<string>, path: string): Layout | undefined => {
  const at = new Map<Field, number>()
  const descriptions: Array<number> = []
  cells.forEach((cell, i) => {
    const field = byHeader.get(Columns.normalize(cell))
    if (field === undefined) return
    if (field === "description") descriptions.push(i)
    else if (at.has(field)) throw new UnreadableFile({ path, reason: `the header names the ${field} column twice (${JSON.stringify(cell)})` })
    else at.set(field, i)
  })
  if (!at.has("date")) return undefined
  const split = at.has("debit") || at.has("credit")
  if (split && at.has("amount")) throw new UnreadableFile({ path, reason: "the header has both debit/credit columns and an amount column: keep one way" })
  if (split && !(at.has("debit") && at.has("credit"))) {
    throw new UnreadableFile({ path, reason: `the header has a ${at.has("debit") ? "debit" : "credit"} column without its ${at.has("debit") ? "credit" : "debit"} column` })
  }
  return split || at.has("amount") ? { at, descriptions } : undefined
}

const quote = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)

/** A money cell: satang, `undefined` when empty (or a lone dash), or why not. */
const money = (cell: string): Satang.Satang | undefined | { readonly problem: string } => {
  const text = cell.trim().replace(/^\+/, "").replace(/[\u0e50-\u0e59]/g, (d) => String(d.charCodeAt(0) - 0x0e50))
  if (text === "" || text === "-") return undefined
  const parsed = Satang.parse(text)
  return parsed === undefined ? { problem: `${quote(cell)} is not an amount in baht: write 1,500.00 or 1500` } : parsed
}

/** The date at the start of a cell (a time may follow), or why not. */
const date = (cell: string): CalendarDate.IsoDate | { readonly problem: string } => {
  const day = cell.trim().split(/\s+/)[0] ?? ""
  const read = Columns.read("date", day)
  if (typeof read === "string") return read as CalendarDate.IsoDate
  return { problem: read === undefined ? "the date is missing" : `${quote(cell)} is not a date: write 15/03/2565 or 2022-03-15` }
}

const isProblem = (value: unknown): value is { readonly problem: string } => typeof value === "object" && value !== null && "problem" in value

/** The statement line of a data row, or the first thing wrong with it; `undefined` for a row that moves no money. */
const lineOf = (layout: Layout, cells: ReadonlyArray<string>, row: number): Item | undefined => {
  const cell = (field: Field) => {
    const i = layout.at.get(field)
    return i === undefined ? "" : (cells[i] ?? "")
  }
  const rejected = (field: string, reason: string): Item => ({ kind: "rejected", line: row, field, reason })
  const amounts: Partial<Record<Field, Satang.Satang | undefined>> = {}
  for (const field of ["debit", "credit", "amount", "balance"] as const) {
    const value = money(cell(field))
    if (isProblem(value)) return rejected(field, value.problem)
    amounts[field] = value
  }
  let amount: Satang.Satang | undefined
  if (layout.at.has("amount")) amount = amounts.amount === 0 ? undefined : amounts.amount
  else if ((amounts.debit ?? 0) !== 0 || (amounts.credit ?? 0) !== 0) {
    const signed = BankStatement.signed(amounts.debit, amounts.credit)
    if (typeof signed === "string") return rejected("debit/credit", signed)
    amount = signed
  }
  // A line that moves nothing (a balance brought forward, ยอดยกมา) is not a transaction.
  if (amount === undefined) return undefined
  const day = date(cell("date"))
  if (isProblem(day)) return rejected("date", day.problem)
  const description = layout.descriptions.map((i) => (cells[i] ?? "").trim()).filter((d) => d !== "").join(" ")
  return {
    kind: "line",
    value: {
      line: row,
      date: day,
      reference: cell("reference").trim(),
      description,
      amount,
      ...(amounts.balance === undefined ? {} : { balance: amounts.balance })
    }
  }
}

/**
 * Statement lines from the text of a CSV file, as it streams. Blank rows and rows that
 * move no money are skipped.
 *
 * @throws UnreadableFile when no header is found in the first `maxRowsBeforeHeader` rows.
 */
export async function* fromText(text: AsyncIterable<string>, path: string): AsyncGenerator<Item> {
  const tokenizer = new Tokenizer()
  const rows: Array<Array<string> | string> = []
  let row = 0
  let layout: Layout | undefined
  const take = function* (): Generator<Item> {
    for (const cells of rows.splice(0)) {
      row++
      if (typeof cells === "string") {
        yield { kind: "rejected", line: row, field: "(row)", reason: cells }
        continue
      }
      if (layout === undefined) {
        layout = header(cells, path)
        if (layout === undefined && row >= maxRowsBeforeHeader) throw noHeader(path, row)
        continue
      }
      if (cells.every((c) => c.trim() === "")) continue
      const item = lineOf(layout, cells, row)
      if (item !== undefined) yield item
    }
  }
  for await (const chunk of text) {
    tokenizer.push(chunk, false, rows)
    yield* take()
  }
  tokenizer.push("", true, rows)
  yield* take()
  if (layout === undefined && row > 0) throw noHeader(path, row)
}

const noHeader = (path: string, rows: number) =>
  new UnreadableFile({
    path,
    reason: `no header row in the first ${Math.min(rows, maxRowsBeforeHeader)} rows: a statement needs a date column (date, วันที่) and debit and credit (ถอน, ฝาก) or amount (จำนวนเงิน) columns`
  })

/**
 * Reads the bank statement CSV at `path` (`"-"`: standard input), in UTF-8 or TIS-620
 * (detected, or `encoding`).
 *
 * @throws UnreadableFile (from the iteration) when the file cannot be read or has no header.
 */
export async function* read(path: string, options: { readonly encoding?: TextEncoding.Encoding } = {}): AsyncGenerator<Item> {
  const input = path === "-" ? process.stdin : createReadStream(path)
  try {
    yield* fromText(TextEncoding.decode(input as AsyncIterable<Uint8Array>, options.encoding), path)
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code
    if (error instanceof Error && typeof code === "string" && /^E[A-Z]+$/.test(code)) throw new UnreadableFile({ path, reason: error.message })
    throw error
  } finally {
    if (input !== process.stdin) input.destroy()
  }
}

/** A statement already in memory (an upload), as `read` reads a file: UTF-8 or TIS-620, detected. */
export async function* fromBytes(bytes: Uint8Array, name: string): AsyncGenerator<Item> {
  yield* fromText(TextEncoding.decode((async function* () { yield bytes })()), name)
}

/** A rejected row: where, which field, why (never a value). */
export interface Rejected {
  readonly line: number
  readonly field: string
  readonly reason: string
}

/** A statement's readable lines and its rows that could not be read, in file order. */
export const collect = async (items: AsyncIterable<Item>): Promise<{ readonly lines: ReadonlyArray<BankStatement.Line>; readonly rejected: ReadonlyArray<Rejected> }> => {
  const lines: Array<BankStatement.Line> = []
  const rejected: Array<Rejected> = []
  for await (const item of items) {
    if (item.kind === "line") lines.push(item.value)
    else rejected.push({ line: item.line, field: item.field, reason: item.reason })
  }
  return { lines, rejected }
}
