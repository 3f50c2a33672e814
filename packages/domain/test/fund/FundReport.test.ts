import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Contributor, FundReport, FundRequest, Ledger, Receipt, Satang } from "../../src/index.js"
import { at, baht, opened, receiptInput, settings } from "../fundFixtures.js"

interface Paid {
  readonly houseCode: string
  readonly villageCode: string
  readonly purpose: string
  readonly paidOn: string
  readonly amount: number
}

let n = 0
const paid = (p: Paid) =>
  opened(p.amount as Satang.Satang, {
    id: FundRequest.id(++n),
    houseCode: p.houseCode as never,
    villageCode: p.villageCode as never,
    purpose: p.purpose as never,
    state: { _tag: "paid", reservation: `R-${n}:reservation` as never, payment: `R-${n}:payment` as never, by: "t1", transferReference: `TRF-${n}`, paidOn: p.paidOn as never, at }
  })

const report = (payments: ReadonlyArray<Paid>) =>
  FundReport.publicReport({ receipts: [], requests: payments.map(paid), balances: Ledger.balances([]), contributors: [] })

/** `count` households of a village, each paid `amount` once. */
const households = (village: string, count: number, from: number, extra: Partial<Paid> = {}): Array<Paid> =>
  Array.from({ length: count }, (_, i) => ({
    houseCode: `${village.slice(0, 4)}${String(from + i).padStart(7, "0")}`,
    villageCode: village,
    purpose: "school-uniforms",
    paidOn: "2022-03-10",
    amount: baht(1_000),
    ...extra
  }))

describe("FundReport.publicReport", () => {
  it("suppresses a district of fewer than 5 households, and the smallest other one so the total does not give it away", () => {
    const payments = [...households("33010101", 3, 1), ...households("33020101", 6, 100), ...households("33030101", 7, 200)]
    const out = report(payments).moneyOut
    expect(out.total).toEqual({ key: "total", suppressed: false, households: 16, requests: 16, amount: baht(16_000) })
    expect(out.byDistrict).toEqual([
      { key: "3301", suppressed: true },
      { key: "3302", suppressed: true },
      { key: "3303", suppressed: false, households: 7, requests: 7, amount: baht(7_000) }
    ])
  })

  it("suppresses a subdistrict that its published district less its published siblings would reveal", () => {
    const payments = [...households("33010101", 6, 1), ...households("33010201", 2, 50), ...households("33010301", 8, 100)]
    const out = report(payments).moneyOut
    expect(out.byDistrict).toEqual([{ key: "3301", suppressed: false, households: 16, requests: 16, amount: baht(16_000) }])
    expect(out.bySubdistrict).toEqual([
      { key: "330101", suppressed: true },
      { key: "330102", suppressed: true },
      { key: "330103", suppressed: false, households: 8, requests: 8, amount: baht(8_000) }
    ])
  })

  it("counts distinct households: one household paid five times is still one", () => {
    const payments = Array.from({ length: 5 }, () => households("33010101", 1, 1)[0]!)
    const out = report(payments).moneyOut
    expect(out.total).toEqual({ key: "total", suppressed: true })
    expect(out.byMonth).toEqual([{ key: "2022-03", suppressed: true }])
  })

  it("names contributors unless they asked not to be, and leaves out reversed receipts", () => {
    const people = [
      new Contributor.Contributor({ id: "c-1" as never, kind: "company", displayName: "บริษัท ศรีสะเกษรุ่งเรือง จำกัด", anonymous: false }),
      new Contributor.Contributor({ id: "c-2" as never, kind: "person", displayName: "นางสาวสมศรี ใจดี", anonymous: true }),
      new Contributor.Contributor({ id: "c-3" as never, kind: "person", displayName: "นายสมชาย ใจงาม", anonymous: true })
    ]
    const receipt = (i: number, amount: number, contributor?: string, reversed = false) => {
      const made = Receipt.record(Receipt.id(i), receiptInput(baht(amount), {}, contributor === undefined ? {} : { contributor: contributor as never }), "t1", at).receipt
      return reversed ? new Receipt.Receipt({ ...made, reversal: { movement: `RC-${i}:reversal` as never, by: "t1", reason: "wrong amount", at } }) : made
    }
    const receipts = [receipt(1, 5_000, "c-1"), receipt(2, 1_000, "c-2"), receipt(3, 2_000, "c-3"), receipt(4, 300), receipt(5, 9_999, "c-1", true)]
    const result = FundReport.publicReport({ receipts, requests: [], balances: Ledger.balances([]), contributors: people })
    expect(result.contributors).toEqual({
      named: [{ name: "บริษัท ศรีสะเกษรุ่งเรือง จำกัด", kind: "company", receipts: 1, amount: baht(5_000) }],
      anonymous: { contributors: 2, receipts: 2, amount: baht(3_000) },
      unattributed: { receipts: 1, amount: baht(300) }
    })
    expect(result.moneyIn.total).toEqual({ key: "total", receipts: 4, amount: baht(8_300) })
    expect(JSON.stringify(result)).not.toContain("สมศรี")
  })

  it("hides what a pool holds for and paid to fewer than 5 households, and another pool that paid some so the total does not tell", () => {
    const pools = [{}, { purpose: "school-uniforms" }, { purpose: "housing-repair" }] as const
    const movements = [
      Ledger.receipt("RC-1:receipt" as never, pools[0], baht(50_000), at),
      Ledger.receipt("RC-2:receipt" as never, pools[1] as never, baht(20_000), at),
      Ledger.receipt("RC-3:receipt" as never, pools[2] as never, baht(30_000), at)
    ]
    const requests = [
      ...households("33010101", 6, 1).map((p) => paid(p)),
      ...households("33010101", 2, 50, { purpose: "housing-repair" }).map((p) => paid(p))
    ].map((r) => new FundRequest.Request({ ...r, pool: r.purpose === "housing-repair" ? (pools[2] as never) : {} }))
    for (const r of requests) {
      movements.push(Ledger.reservation(`${r.id}:reservation` as never, r.pool, r.amount, at), Ledger.payment(`${r.id}:payment` as never, r.pool, r.amount, at))
    }
    const result = FundReport.publicReport({ receipts: [], requests, balances: Ledger.balances(movements.flatMap((m) => m.postings)), contributors: [] })
    expect(result.pools).toEqual([
      { key: "purpose=housing-repair", received: baht(30_000), suppressed: true },
      { key: "purpose=school-uniforms", received: baht(20_000), suppressed: false, available: baht(20_000), reserved: 0, spent: 0 },
      { key: "unrestricted", received: baht(50_000), suppressed: true },
      { key: "total", received: baht(100_000), suppressed: false, available: baht(92_000), reserved: 0, spent: baht(8_000) }
    ])
  })

  // The suppression property. Within each table, what a reader can work out is any sum of
  // cells whose indicator lies in the span of the published cells' indicators (a published
  // cell, a total less published parts, …). Checked by rank, independently of the rule's
  // own residue walk: every such sum covers no household or at least five.
  const villages = ["33010101", "33010201", "33010202", "33020101", "33020301"]
  const houses = Array.from({ length: 16 }, (_, i) => ({ houseCode: `3301${String(i).padStart(7, "0")}`, villageCode: villages[i % villages.length]! }))
  const paymentsArb = fc.array(
    fc.record({
      house: fc.constantFrom(...houses),
      purpose: fc.constantFrom("school-uniforms", "housing-repair", "occupation", "health-care"),
      month: fc.integer({ min: 1, max: 6 }),
      amount: fc.integer({ min: 1, max: 500_000 })
    }).map((p): Paid => ({ ...p.house, purpose: p.purpose, paidOn: `2022-0${p.month}-15`, amount: p.amount })),
    { maxLength: 40 }
  )

  const rank = (rows: ReadonlyArray<ReadonlyArray<number>>): number => {
    const m = rows.map((r) => [...r])
    let r = 0
    const width = m[0]?.length ?? 0
    for (let c = 0; c < width && r < m.length; c++) {
      const pivot = m.findIndex((row, i) => i >= r && Math.abs(row[c]!) > 1e-9)
      if (pivot < 0) continue
      ;[m[r], m[pivot]] = [m[pivot]!, m[r]!]
      for (let i = 0; i < m.length; i++) {
        if (i === r) continue
        const f = m[i]![c]! / m[r]![c]!
        if (f !== 0) m[i] = m[i]!.map((v, j) => v - f * m[r]![j]!)
      }
      r++
    }
    return r
  }

  /** Every set of leaves a reader can sum from the published cells covers 0 or ≥ 5 households. */
  const undisclosing = (leaves: ReadonlyArray<{ key: string; households: ReadonlySet<string> }>, published: ReadonlyArray<ReadonlySet<string>>) => {
    const vectors = published.map((keys) => leaves.map((l) => (keys.has(l.key) ? 1 : 0)))
    const base = rank(vectors)
    for (let mask = 1; mask < 1 << leaves.length; mask++) {
      const v = leaves.map((_, i) => ((mask >> i) & 1))
      if (rank([...vectors, v]) !== base) continue
      const covered = new Set(leaves.filter((_, i) => v[i] === 1).flatMap((l) => [...l.households]))
      if (covered.size > 0 && covered.size < FundReport.minimumHouseholds) return leaves.filter((_, i) => v[i] === 1).map((l) => l.key)
    }
    return undefined
  }

  it("publishes no figure about 1–4 households, and no subtraction of published figures gives one", () => {
    fc.assert(
      fc.property(paymentsArb, (payments) => {
        const result = report(payments).moneyOut
        const text = JSON.stringify(result)
        for (const h of houses) expect(text).not.toContain(h.houseCode)
        const tables = [
          { cells: result.byMonth, keyOf: (p: Paid) => p.paidOn.slice(0, 7), parentOf: undefined },
          { cells: result.byPurpose, keyOf: (p: Paid) => p.purpose, parentOf: undefined },
          { cells: result.bySubdistrict, keyOf: (p: Paid) => p.villageCode.slice(0, 6), parentOf: (k: string) => k.slice(0, 4) }
        ]
        for (const { cells, keyOf, parentOf } of tables) {
          const leaves = [...new Set(payments.map(keyOf))].sort().map((key) => {
            const mine = payments.filter((p) => keyOf(p) === key)
            return { key, households: new Set(mine.map((p) => p.houseCode)), requests: mine.length, amount: mine.reduce((t, p) => t + p.amount, 0) }
          })
          expect(cells.map((c) => c.key)).toEqual(leaves.map((l) => l.key))
          for (const [i, cell] of cells.entries()) {
            if (cell.suppressed) continue
            const leaf = leaves[i]!
            expect(cell).toEqual({ key: leaf.key, suppressed: false, households: leaf.households.size, requests: leaf.requests, amount: leaf.amount })
            expect(leaf.households.size).toBeGreaterThanOrEqual(FundReport.minimumHouseholds)
          }
          const published: Array<ReadonlySet<string>> = cells.filter((c) => !c.suppressed).map((c) => new Set([c.key]))
          if (!result.total.suppressed) published.push(new Set(leaves.map((l) => l.key)))
          if (parentOf !== undefined) {
            for (const d of result.byDistrict) {
              if (d.suppressed) continue
              const members = new Set(leaves.filter((l) => parentOf(l.key) === d.key).map((l) => l.key))
              const households = new Set(payments.filter((p) => members.has(keyOf(p))).map((p) => p.houseCode))
              expect(d.suppressed === false && d.households).toBe(households.size)
              expect(households.size).toBeGreaterThanOrEqual(FundReport.minimumHouseholds)
              published.push(members)
            }
          }
          expect(undisclosing(leaves, published)).toBeUndefined()
        }
        const all = new Set(payments.map((p) => p.houseCode))
        expect(result.total.suppressed).toBe(all.size > 0 && all.size < FundReport.minimumHouseholds)
      }),
      { numRuns: 300 }
    )
  })
})

describe("FundReport.committee", () => {
  it("lists requests waiting for approval or payment, and each household's money per fiscal year against the cap", () => {
    const reserved = opened(baht(2_000), { id: FundRequest.id(1), approvals: [{ member: "m1", at }, { member: "m2", at }], state: { _tag: "reserved", reservation: "R-1:reservation" as never } })
    const waiting = opened(baht(1_000), { id: FundRequest.id(2), approvals: [{ member: "m1", at }] })
    const lastYear = paid({ houseCode: "33010000001", villageCode: "33010101", purpose: "school-uniforms", paidOn: "2021-09-01", amount: baht(3_000) })
    const old = new FundRequest.Request({ ...lastYear, requestedOn: "2021-08-20" as never })
    const thisYear = paid({ houseCode: "33010000001", villageCode: "33010101", purpose: "school-uniforms", paidOn: "2022-01-07", amount: baht(2_500) })
    const rejected = opened(baht(700), { id: FundRequest.id(9), state: { _tag: "rejected", by: "m3", reason: "duplicate", at } })
    const movements = [Ledger.receipt("RC-1:receipt" as never, {}, baht(10_000), at), Ledger.reservation("R-1:reservation" as never, {}, baht(2_000), at)]
    const result = FundReport.committee(settings, movements, [reserved, waiting, old, thisYear, rejected])
    expect(result.pending.map((p) => [p.id, p.state, p.approvals, p.quorum])).toEqual([["R-1", "reserved", 2, 2], ["R-2", "requested", 1, 2]])
    expect(result.households).toEqual([
      { houseCode: "33010000001", fiscalYear: 2564, requests: 1, reserved: 0, paid: baht(3_000), cap: baht(9_000), remaining: baht(6_000) },
      { houseCode: "33010000001", fiscalYear: 2565, requests: 4, reserved: baht(2_000), paid: baht(2_500), cap: baht(9_000), remaining: baht(4_500) }
    ])
    expect(result.balances.bank).toBe(baht(10_000))
    expect(result.balances.pools).toEqual([{ pool: {}, available: baht(8_000), reserved: baht(2_000), spent: 0 }])
    expect(result.movements).toHaveLength(2)
  })
})
