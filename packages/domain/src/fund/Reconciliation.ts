/**
 * Reconciling the fund's books with its bank statement (กระทบยอด): each money-in line is
 * matched to a receipt by the bank reference and amount, each money-out line to a paid
 * request by the transfer reference and amount. What is left on either side is listed,
 * and so is a reference found with another amount.
 *
 * Rules, in this order, for each statement line in file order:
 *
 * 1. References compare without case and spaces (`ktb 0001` is `KTB0001`). A line names a
 *    record when its reference column is the record's reference, or, for exports without
 *    one, when its description holds the record's reference as a word.
 * 2. A line in (positive) looks among receipts not yet matched and not reversed; a line out
 *    (negative) among paid requests not yet matched. A line is never matched twice, nor a
 *    record.
 * 3. Among the records it names, the line takes one of the same amount, the nearest in date
 *    (the receipt's value date, the payment's day); a tie goes to the earlier record.
 * 4. A line that names records, none of its amount, is a mismatch with the nearest of
 *    them: both are reported together, and neither is listed as unmatched.
 * 5. Records left over are unmatched when their day falls within the statement's period
 *    (its first to last line); those outside it are only counted.
 */
import type * as BankStatement from "./BankStatement.js"
import { breaks, period as periodOf } from "./BankStatement.js"
import type * as CalendarDate from "../kernel/CalendarDate.js"
import type * as FundRequest from "./FundRequest.js"
import type * as Receipt from "./Receipt.js"
import type * as Satang from "../kernel/Satang.js"

/** A receipt or a paid request, as reconciliation sees it: the money as the books have it. */
export interface Entry {
  readonly kind: "receipt" | "payment"
  /** `RC-n` or `R-n`. */
  readonly id: string
  readonly reference: string
  /** The receipt's value date or the payment's day. */
  readonly date: CalendarDate.IsoDate
  /** Positive: money in for a receipt, out for a payment. */
  readonly amount: Satang.Satang
}

export interface Match {
  readonly line: BankStatement.Line
  readonly entry: Entry
}

/** A line naming a record of another amount. */
export interface Mismatch {
  readonly line: BankStatement.Line
  readonly entry: Entry
  /** The statement's amount less the books': what the bank moved more (or less, when negative). */
  readonly difference: Satang.Satang
}

export interface Result {
  /** The statement's first and last day; `undefined` for an empty statement. */
  readonly period: { readonly from: CalendarDate.IsoDate; readonly to: CalendarDate.IsoDate } | undefined
  readonly matched: ReadonlyArray<Match>
  readonly mismatched: ReadonlyArray<Mismatch>
  /** Statement lines that name no record of the books. */
  readonly unmatchedLines: ReadonlyArray<BankStatement.Line>
  /** Receipts and payments within the period that no line names. */
  readonly unmatchedEntries: ReadonlyArray<Entry>
  /** Unmatched receipts and payments dated outside the statement's period, not listed. */
  readonly outsidePeriod: number
  /** Where the stated running balance does not follow line to line. */
  readonly balanceBreaks: ReadonlyArray<BankStatement.BalanceBreak>
  readonly totals: {
    readonly statementIn: Satang.Satang
    readonly statementOut: Satang.Satang
    readonly matchedIn: Satang.Satang
    readonly matchedOut: Satang.Satang
  }
}

/**
 * The entries of the books: receipts that were not reversed (a reversed receipt's money
 * never was) and paid requests.
 */
export const entries = (
  receipts: ReadonlyArray<Receipt.Receipt>,
  requests: ReadonlyArray<FundRequest.Request>
): ReadonlyArray<Entry> => [
  ...receipts
    .filter((r) => r.reversal === undefined)
    .map((r): Entry => ({ kind: "receipt", id: r.id, reference: r.bankReference, date: r.valueDate, amount: r.amount })),
  ...requests.flatMap((r): ReadonlyArray<Entry> =>
    r.state._tag === "paid"
      ? [{ kind: "payment", id: r.id, reference: r.state.transferReference, date: r.state.paidOn, amount: r.amount }]
      : []
  )
]

/** A reference as compared: upper case, without white space. @example normalize(" ktb 0001 ") // "KTB0001" */
export const normalize = (reference: string): string => reference.normalize("NFC").toUpperCase().replace(/\s+/g, "")

const words = (description: string): ReadonlyArray<string> =>
  description
    .split(/[\s,;:()[\]/]+/)
    .map(normalize)
    .filter((w) => w.length > 0)

const days = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000

/**
 * Matches a statement's lines against the books' receipts and payments (see the module's
 * rules).
 *
 * @example
 * const result = match(lines, entries(receipts, requests))
 * result.unmatchedLines // money the bank moved that the books do not have
 */
export const match = (lines: ReadonlyArray<BankStatement.Line>, books: ReadonlyArray<Entry>): Result => {
  const byReference = new Map<string, Array<Entry>>()
  const order = new Map<Entry, number>()
  for (const e of books) {
    order.set(e, order.size)
    const k = `${e.kind}:${normalize(e.reference)}`
    const list = byReference.get(k)
    if (list === undefined) byReference.set(k, [e])
    else list.push(e)
  }
  const taken = new Set<Entry>()
  const matched: Array<Match> = []
  const mismatched: Array<Mismatch> = []
  const unmatchedLines: Array<BankStatement.Line> = []
  let statementIn = 0
  let statementOut = 0
  let matchedIn = 0
  let matchedOut = 0
  for (const line of lines) {
    const kind = line.amount > 0 ? "receipt" : "payment"
    const size = Math.abs(line.amount)
    if (kind === "receipt") statementIn += size
    else statementOut += size
    const keys = new Set([normalize(line.reference), ...words(line.description)])
    keys.delete("")
    const named: Array<Entry> = []
    for (const k of keys) for (const e of byReference.get(`${kind}:${k}`) ?? []) if (!taken.has(e)) named.push(e)
    if (named.length === 0) {
      unmatchedLines.push(line)
      continue
    }
    const at = days(line.date)
    const nearest = (candidates: ReadonlyArray<Entry>) =>
      candidates.reduce((best, e) => {
        const d = Math.abs(days(e.date) - at)
        const b = Math.abs(days(best.date) - at)
        return d < b || (d === b && order.get(e)! < order.get(best)!) ? e : best
      })
    const same = named.filter((e) => e.amount === size)
    if (same.length > 0) {
      const entry = nearest(same)
      taken.add(entry)
      matched.push({ line, entry })
      if (kind === "receipt") matchedIn += size
      else matchedOut += size
    } else {
      const entry = nearest(named)
      taken.add(entry)
      mismatched.push({ line, entry, difference: (size - entry.amount) as Satang.Satang })
    }
  }
  const period = periodOf(lines)
  const left = books.filter((e) => !taken.has(e))
  const within = (e: Entry) => period !== undefined && e.date >= period.from && e.date <= period.to
  return {
    period,
    matched,
    mismatched,
    unmatchedLines,
    unmatchedEntries: left.filter(within),
    outsidePeriod: left.filter((e) => !within(e)).length,
    balanceBreaks: breaks(lines),
    totals: {
      statementIn: statementIn as Satang.Satang,
      statementOut: statementOut as Satang.Satang,
      matchedIn: matchedIn as Satang.Satang,
      matchedOut: matchedOut as Satang.Satang
    }
  }
}

/** Whether the statement and the books agree entirely: everything matched, no break. */
export const clean = (result: Result): boolean =>
  result.mismatched.length === 0 &&
  result.unmatchedLines.length === 0 &&
  result.unmatchedEntries.length === 0 &&
  result.balanceBreaks.length === 0
