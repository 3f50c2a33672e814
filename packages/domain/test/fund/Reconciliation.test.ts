import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { BankStatement, CalendarDate, FundRequest, Receipt, Reconciliation, Satang } from "../../src/index.js"
import { at, baht, opened, receiptInput } from "../fundFixtures.js"

type Line = BankStatement.Line
type Entry = Reconciliation.Entry

const line = (n: number, date: string, reference: string, amount: number, description = ""): Line => ({
  line: n,
  date: date as CalendarDate.IsoDate,
  reference,
  description,
  amount: amount as Satang.Satang
})
const entry = (kind: Entry["kind"], id: string, reference: string, date: string, amount: number): Entry => ({
  kind,
  id,
  reference,
  date: date as CalendarDate.IsoDate,
  amount: amount as Satang.Satang
})

describe("Reconciliation.entries", () => {
  it("takes receipts not reversed and paid requests, with their references", () => {
    const kept = Receipt.record(Receipt.id(1), receiptInput(baht(500), {}, { bankReference: "KTB-1" }), "t1", at).receipt
    const reversed = new Receipt.Receipt({
      ...Receipt.record(Receipt.id(2), receiptInput(baht(700)), "t1", at).receipt,
      reversal: { movement: "RC-2:reversal" as never, by: "t1", reason: "typo", at }
    })
    const paid = opened(baht(1_500), {
      id: FundRequest.id(3),
      state: { _tag: "paid", reservation: "R-3:reservation" as never, payment: "R-3:payment" as never, by: "t1", transferReference: "TRF-9", paidOn: "2022-01-07" as never, at }
    })
    const waiting = opened(baht(900), { id: FundRequest.id(4) })
    expect(Reconciliation.entries([kept, reversed], [paid, waiting])).toEqual([
      { kind: "receipt", id: "RC-1", reference: "KTB-1", date: "2022-01-05", amount: baht(500) },
      { kind: "payment", id: "R-3", reference: "TRF-9", date: "2022-01-07", amount: baht(1_500) }
    ])
  })
})

describe("Reconciliation.match", () => {
  const books = [
    entry("receipt", "RC-1", "KTB-0001", "2022-03-01", 500_000),
    entry("receipt", "RC-2", "KTB-0002", "2022-03-02", 100_000),
    entry("payment", "R-1", "TRF-0042", "2022-03-05", 150_000),
    entry("receipt", "RC-3", "KTB-0003", "2022-03-20", 20_000),
    entry("receipt", "RC-4", "KTB-0004", "2022-05-01", 70_000)
  ]

  it("matches money in to receipts and money out to payments by reference and amount", () => {
    const result = Reconciliation.match(
      [line(2, "2022-03-01", "ktb 0001", 500_000), line(3, "2022-03-05", "TRF-0042", -150_000)],
      [entry("receipt", "RC-1", "KTB 0001", "2022-03-01", 500_000), entry("payment", "R-1", "TRF-0042", "2022-03-05", 150_000)]
    )
    expect(result.matched.map((m) => [m.line.line, m.entry.id])).toEqual([[2, "RC-1"], [3, "R-1"]])
    expect(Reconciliation.clean(result)).toBe(true)
    expect(result.totals).toEqual({ statementIn: 500_000, statementOut: 150_000, matchedIn: 500_000, matchedOut: 150_000 })
  })

  it("lists a reference found with another amount as a mismatch, and unmatched lines and records on both sides", () => {
    const result = Reconciliation.match(
      [
        line(2, "2022-03-01", "KTB-0001", 500_000),
        line(3, "2022-03-02", "KTB-0002", 90_000),
        line(4, "2022-03-06", "", -150_000, "โอนเงิน TRF-0042 ค่าชุดนักเรียน"),
        line(5, "2022-03-10", "KTB-9999", 1_000),
        line(6, "2022-03-31", "", -25, "ค่าธรรมเนียม")
      ],
      books
    )
    expect(result.matched.map((m) => [m.line.line, m.entry.id])).toEqual([[2, "RC-1"], [4, "R-1"]])
    expect(result.mismatched.map((m) => [m.line.line, m.entry.id, m.difference])).toEqual([[3, "RC-2", -10_000]])
    expect(result.unmatchedLines.map((l) => l.line)).toEqual([5, 6])
    expect(result.unmatchedEntries.map((e) => e.id)).toEqual(["RC-3"])
    expect(result.outsidePeriod).toBe(1)
    expect(Reconciliation.clean(result)).toBe(false)
  })

  it("does not take a payment's reference for money in, nor match one record twice", () => {
    const result = Reconciliation.match(
      [line(2, "2022-03-05", "TRF-0042", 150_000), line(3, "2022-03-05", "TRF-0042", -150_000), line(4, "2022-03-06", "TRF-0042", -150_000)],
      books
    )
    expect(result.matched.map((m) => m.line.line)).toEqual([3])
    expect(result.unmatchedLines.map((l) => l.line)).toEqual([2, 4])
  })

  it("takes, among records of one reference and amount, the nearest in date", () => {
    const twice = [entry("receipt", "RC-1", "MONTHLY", "2022-01-31", 1_000), entry("receipt", "RC-2", "MONTHLY", "2022-02-28", 1_000)]
    const result = Reconciliation.match([line(2, "2022-02-27", "monthly", 1_000)], twice)
    expect(result.matched[0]!.entry.id).toBe("RC-2")
    expect(result.outsidePeriod).toBe(1)
  })

  const referenceArb = fc.stringMatching(/^[A-Z]{3}-\d{4}$/)
  const booksArb = fc
    .uniqueArray(fc.record({ reference: referenceArb, kind: fc.constantFrom("receipt" as const, "payment" as const) }), {
      selector: (r) => `${r.kind}:${r.reference}`,
      maxLength: 25
    })
    .chain((refs) =>
      fc.tuple(
        ...refs.map((r, i) =>
          fc.record({ day: fc.integer({ min: 1, max: 28 }), amount: fc.integer({ min: 1, max: 10_000_000 }) }).map(({ day, amount }) =>
            entry(r.kind, `${r.kind === "receipt" ? "RC" : "R"}-${i + 1}`, r.reference, `2022-03-${String(day).padStart(2, "0")}`, amount)
          )
        )
      )
    )

  it("matches every record of a statement made from the books, however its lines are ordered or written", () => {
    fc.assert(
      fc.property(booksArb, fc.boolean(), fc.context(), (entries, shuffle, ctx) => {
        const lines = entries.map((e, i) =>
          line(i + 2, e.date, i % 2 === 0 ? e.reference.toLowerCase() : "", e.kind === "receipt" ? e.amount : -e.amount, i % 2 === 0 ? "" : `โอน ${e.reference}`)
        )
        if (shuffle) lines.reverse()
        const result = Reconciliation.match(lines, entries)
        ctx.log(JSON.stringify(result.unmatchedLines))
        expect(result.matched).toHaveLength(entries.length)
        expect(result.matched.every((m) => m.entry.amount === Math.abs(m.line.amount))).toBe(true)
        expect(Reconciliation.clean(result)).toBe(true)
      })
    )
  })

  it("accounts for every line once and every record at most once, whatever the statement", () => {
    const linesArb = fc.array(
      fc.record({
        reference: fc.oneof(referenceArb, fc.constant("")),
        day: fc.integer({ min: 1, max: 28 }),
        amount: fc.integer({ min: -10_000_000, max: 10_000_000 }).filter((n) => n !== 0)
      }),
      { maxLength: 25 }
    )
    fc.assert(
      fc.property(booksArb, linesArb, (entries, raw) => {
        const lines = raw.map((l, i) => line(i + 2, `2022-03-${String(l.day).padStart(2, "0")}`, l.reference, l.amount))
        const result = Reconciliation.match(lines, entries)
        const seenLines = [...result.matched.map((m) => m.line.line), ...result.mismatched.map((m) => m.line.line), ...result.unmatchedLines.map((l) => l.line)]
        expect(seenLines.sort((a, b) => a - b)).toEqual(lines.map((l) => l.line))
        const used = [...result.matched, ...result.mismatched].map((m) => m.entry.id)
        expect(new Set(used).size).toBe(used.length)
        expect(used.length + result.unmatchedEntries.length + result.outsidePeriod).toBe(entries.length)
        for (const m of result.matched) {
          expect(Reconciliation.normalize(m.line.reference)).toBe(Reconciliation.normalize(m.entry.reference))
          expect(m.line.amount > 0 ? "receipt" : "payment").toBe(m.entry.kind)
          expect(Math.abs(m.line.amount)).toBe(m.entry.amount)
        }
      })
    )
  })
})
