/**
 * The lines of the fund's bank statement (รายการเดินบัญชี), as the bank exports them: a
 * day, the bank's reference, a description, money in or out and the running balance.
 * Amounts are signed from the fund's side: a deposit (ฝาก, credit) is positive, a
 * withdrawal (ถอน, debit) negative. Files become lines in `@phungpao/files`.
 */
import * as Schema from "effect/Schema"
import * as CalendarDate from "../kernel/CalendarDate.js"
import * as Satang from "../kernel/Satang.js"

export const Line = Schema.Struct({
  /** Where the line is in its file (the spreadsheet row number), for messages. */
  line: Schema.Int.pipe(Schema.positive()),
  date: CalendarDate.IsoDate,
  /** The bank's reference of the transaction; empty when the export has none. */
  reference: Schema.String,
  description: Schema.String,
  /** Money in (positive) or out (negative), never zero. */
  amount: Satang.Satang.pipe(Schema.filter((n) => n !== 0 || "a statement line moves money: the amount is 0")),
  /** The account's balance after the line, when the export gives it. */
  balance: Schema.optionalWith(Satang.Satang, { exact: true })
}).annotations({ identifier: "BankStatementLine" })
export type Line = typeof Line.Type

/**
 * A line's amount from the two columns a bank export has: withdrawal (debit, money out)
 * and deposit (credit, money in), exactly one of them filled. Either may be given as 0
 * (some banks write `0.00` in the empty column).
 *
 * @example signed(undefined, 150_000) // 150000 (a deposit)
 * @example signed(30_000, undefined) // -30000 (a withdrawal)
 */
export const signed = (debit: Satang.Satang | undefined, credit: Satang.Satang | undefined): Satang.Satang | string => {
  const out = debit ?? 0
  const into = credit ?? 0
  if (out < 0 || into < 0) return "debit and credit are written without a sign"
  if (out > 0 && into > 0) return "both debit and credit are filled: a line is one or the other"
  if (out === 0 && into === 0) return "neither debit nor credit is filled"
  return (into > 0 ? into : -out) as Satang.Satang
}

/** A stated balance that is not the previous balance plus the line's amount: a line missing or doubled. */
export interface BalanceBreak {
  readonly line: number
  readonly expected: Satang.Satang
  readonly stated: Satang.Satang
}

/**
 * Where the running balance does not follow from the line before it: each stated balance
 * should be the previous stated balance plus the line's amount. Lines without a balance
 * are carried over. Lines are taken in file order.
 *
 * @example breaks([{ amount: 100, balance: 100 }, { amount: 50, balance: 170 }]) // [{ line: 2, expected: 150, stated: 170 }]
 */
export const breaks = (lines: ReadonlyArray<Pick<Line, "line" | "amount" | "balance">>): ReadonlyArray<BalanceBreak> => {
  const found: Array<BalanceBreak> = []
  let running: number | undefined
  for (const l of lines) {
    if (running !== undefined) running += l.amount
    if (l.balance === undefined) continue
    if (running !== undefined && running !== l.balance) {
      found.push({ line: l.line, expected: running as Satang.Satang, stated: l.balance })
    }
    running = l.balance
  }
  return found
}

/** The first and last day of a statement, or `undefined` for an empty one. */
export const period = (
  lines: ReadonlyArray<Pick<Line, "date">>
): { readonly from: CalendarDate.IsoDate; readonly to: CalendarDate.IsoDate } | undefined => {
  if (lines.length === 0) return undefined
  let from = lines[0]!.date
  let to = from
  for (const l of lines) {
    if (l.date < from) from = l.date
    if (l.date > to) to = l.date
  }
  return { from, to }
}
