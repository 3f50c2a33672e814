import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Ledger, Pool, Satang } from "../../src/index.js"
import { at, baht, district3301, holding, ok, refused, uniforms, unrestricted } from "../fundFixtures.js"

const id = (text: string) => text as Ledger.MovementId
const s = (n: number) => n as Satang.Satang

describe("Ledger accounts", () => {
  it("names every account by its kind and pool, and no two accounts alike", () => {
    expect(Ledger.accountKey(Ledger.bank)).toBe("bank")
    expect(Ledger.accountKey(Ledger.disbursed)).toBe("disbursed")
    expect(Ledger.accountKey(Ledger.available(unrestricted))).toBe("available/unrestricted")
    expect(Ledger.accountKey(Ledger.reserved(district3301))).toBe("reserved/area=3301")
    expect(Ledger.accountKey(Ledger.paidOut(uniforms))).toBe("paidOut/purpose=school-uniforms")
  })

  it("keeps money accounts on the debit side and pool stages on the credit side", () => {
    expect(Ledger.normalSide(Ledger.bank)).toBe("debit")
    expect(Ledger.normalSide(Ledger.disbursed)).toBe("debit")
    expect(Ledger.normalSide(Ledger.available(unrestricted))).toBe("credit")
    expect(Ledger.normalSide(Ledger.reserved(unrestricted))).toBe("credit")
    expect(Ledger.normalSide(Ledger.paidOut(unrestricted))).toBe("credit")
  })

  it("decodes accounts as data, as a database row would give them", () => {
    expect(Schema.decodeUnknownSync(Ledger.Account)({ _tag: "available", pool: { purpose: "school-uniforms", area: "3301" } })).toEqual(
      Ledger.available({ purpose: "school-uniforms", area: "3301" } as Pool.Pool)
    )
    expect(() => Schema.decodeUnknownSync(Ledger.Account)({ _tag: "available", pool: { area: "33x" } })).toThrow()
  })
})

describe("Ledger movements", () => {
  it("books a receipt as money in the bank and available in its pool", () => {
    const m = Ledger.receipt(id("RC-1:receipt"), uniforms, baht(500), at)
    expect(m).toEqual({
      id: "RC-1:receipt",
      kind: "receipt",
      at,
      postings: [
        { account: Ledger.bank, side: "debit", amount: baht(500) },
        { account: Ledger.available(uniforms), side: "credit", amount: baht(500) }
      ]
    })
    expect(Ledger.balanced(m)).toBe(true)
  })

  it("books a payment as reserved turned paid out and money leaving the bank", () => {
    const m = Ledger.payment(id("R-1:payment"), unrestricted, baht(300), at)
    expect(m.postings).toEqual([
      { account: Ledger.reserved(unrestricted), side: "debit", amount: baht(300) },
      { account: Ledger.paidOut(unrestricted), side: "credit", amount: baht(300) },
      { account: Ledger.disbursed, side: "debit", amount: baht(300) },
      { account: Ledger.bank, side: "credit", amount: baht(300) }
    ])
    expect(Ledger.balanced(m)).toBe(true)
  })

  it("books a reservation and a release as opposite moves between available and reserved", () => {
    const reserve = Ledger.reservation(id("R-1:reservation"), unrestricted, baht(300), at)
    const release = Ledger.release(id("R-1:release"), unrestricted, baht(300), at)
    expect(reserve.postings.map((p) => [Ledger.accountKey(p.account), p.side])).toEqual([
      ["available/unrestricted", "debit"],
      ["reserved/unrestricted", "credit"]
    ])
    expect(release.postings.map((p) => [Ledger.accountKey(p.account), p.side])).toEqual([
      ["reserved/unrestricted", "debit"],
      ["available/unrestricted", "credit"]
    ])
  })

  it("names a subject's movement by the subject and the kind", () => {
    expect(Ledger.movementId("R-7", "payment")).toBe("R-7:payment")
  })

  it("calls unbalanced a movement whose debits and credits differ, that moves nothing, or moves no whole satang", () => {
    const good = Ledger.receipt(id("RC-1:receipt"), unrestricted, baht(5), at)
    const [debit, credit] = good.postings as [Ledger.Posting, Ledger.Posting]
    expect(Ledger.balanced({ ...good, postings: [debit, { ...credit, amount: s(499) }] })).toBe(false)
    expect(Ledger.balanced({ ...good, postings: [] })).toBe(false)
    expect(Ledger.balanced({ ...good, postings: [{ ...debit, amount: s(0) }, { ...credit, amount: s(0) }] })).toBe(false)
    expect(Ledger.balanced({ ...good, postings: [{ ...debit, amount: s(-5) }, { ...credit, amount: s(-5) }] })).toBe(false)
    expect(Ledger.balanced({ ...good, postings: [{ ...debit, amount: s(0.5) }, { ...credit, amount: s(0.5) }] })).toBe(false)
  })

  it("refuses an unbalanced movement naming it and both sums", () => {
    const good = Ledger.receipt(id("RC-1:receipt"), unrestricted, baht(5), at)
    expect(ok(Ledger.check(good))).toBe(good)
    const [debit, credit] = good.postings as [Ledger.Posting, Ledger.Posting]
    const error = refused(Ledger.check({ ...good, postings: [debit, debit, credit] }))
    expect(error).toMatchObject({ _tag: "Unbalanced", movementId: "RC-1:receipt", debits: 1000, credits: 500 })
    expect(error.message).toBe("movement RC-1:receipt is unbalanced: debits 10.00 baht, credits 5.00 baht")
  })

  it("reverses a movement with the same postings on the opposite sides, pointing at it", () => {
    const original = Ledger.receipt(id("RC-1:receipt"), uniforms, baht(500), at)
    const reversal = Ledger.reverse(original, id("RC-1:reversal"), "2022-01-06T00:00:00.000Z")
    expect(reversal).toEqual({
      id: "RC-1:reversal",
      kind: "reversal",
      reverses: "RC-1:receipt",
      at: "2022-01-06T00:00:00.000Z",
      postings: [
        { account: Ledger.bank, side: "credit", amount: baht(500) },
        { account: Ledger.available(uniforms), side: "debit", amount: baht(500) }
      ]
    })
  })
})

describe("Ledger.balances", () => {
  it("derives available, reserved and spent per pool and the bank total from postings", () => {
    const movements = [
      Ledger.receipt(id("RC-1:receipt"), unrestricted, baht(1_000), at),
      Ledger.receipt(id("RC-2:receipt"), uniforms, baht(500), at),
      Ledger.reservation(id("R-1:reservation"), unrestricted, baht(300), at),
      Ledger.payment(id("R-1:payment"), unrestricted, baht(300), at),
      Ledger.reservation(id("R-2:reservation"), uniforms, baht(200), at),
      Ledger.reservation(id("R-3:reservation"), uniforms, baht(100), at),
      Ledger.release(id("R-3:release"), uniforms, baht(100), at)
    ]
    expect(Ledger.balances(movements.flatMap((m) => m.postings))).toEqual({
      bank: baht(1_200),
      disbursed: baht(300),
      pools: [
        { pool: uniforms, available: baht(300), reserved: baht(200), spent: 0 },
        { pool: unrestricted, available: baht(700), reserved: 0, spent: baht(300) }
      ]
    })
  })

  it("is empty for no postings, and zero for a pool never posted to", () => {
    const empty = Ledger.balances([])
    expect(empty).toEqual({ bank: 0, disbursed: 0, pools: [] })
    expect(Ledger.poolBalance(empty, uniforms)).toEqual({ pool: uniforms, available: 0, reserved: 0, spent: 0 })
  })

  it("adds up account totals given in several rows, as paged database sums would be", () => {
    const rows: Array<Ledger.AccountTotal> = [
      { account: Ledger.bank, debits: baht(100), credits: 0 as Satang.Satang },
      { account: Ledger.bank, debits: baht(50), credits: baht(30) },
      { account: Ledger.available(unrestricted), debits: 0 as Satang.Satang, credits: baht(150) },
      { account: Ledger.available(unrestricted), debits: baht(30), credits: 0 as Satang.Satang }
    ]
    expect(Ledger.report(rows)).toEqual({ bank: baht(120), disbursed: 0, pools: [{ pool: unrestricted, available: baht(120), reserved: 0, spent: 0 }] })
  })
})

describe("Ledger.cover", () => {
  it("lets a movement take a pool's available money down to exactly zero", () => {
    const m = Ledger.reservation(id("R-1:reservation"), unrestricted, baht(300), at)
    expect(ok(Ledger.cover(holding(baht(300)), m))).toBe(m)
  })

  it("refuses a movement that would take the pool's available money below zero, naming pool and amounts", () => {
    const m = Ledger.reservation(id("R-1:reservation"), district3301, baht(300), at)
    const error = refused(Ledger.cover(holding(baht(299), district3301), m))
    expect(error).toMatchObject({ _tag: "InsufficientFunds", movementId: "R-1:reservation", pool: "area=3301", available: baht(299), amount: baht(300) })
    expect(error.message).toBe("pool area=3301 has 299.00 baht available, R-1:reservation needs 300.00 baht")
  })

  it("ignores postings to other pools", () => {
    const m = Ledger.reservation(id("R-1:reservation"), uniforms, baht(300), at)
    expect(ok(Ledger.cover(holding(0 as Satang.Satang, unrestricted), m))).toBe(m)
  })
})

const pools = fc.constantFrom<Pool.Pool>(unrestricted, uniforms, district3301, { purpose: "school-uniforms", area: "3301" } as Pool.Pool)
const amounts = fc.integer({ min: 1, max: 10_000_000 }).map(s)
const movements = fc.array(
  fc.tuple(fc.constantFrom(Ledger.receipt, Ledger.reservation, Ledger.release, Ledger.payment), pools, amounts),
  { maxLength: 40 }
).map((list) => list.map(([make, pool, amount], i) => make(id(`M-${i}`), pool, amount, at)))

describe("Ledger properties", () => {
  it("keeps every movement balanced, and debits equal credits over any set of movements", () => {
    fc.assert(
      fc.property(movements, (list) => {
        const postings = list.flatMap((m) => m.postings)
        expect(list.every(Ledger.balanced)).toBe(true)
        const sum = (side: Ledger.Side) => postings.filter((p) => p.side === side).reduce((n, p) => n + p.amount, 0)
        expect(sum("debit")).toBe(sum("credit"))
      })
    )
  })

  it("keeps the equation: bank + disbursed = what the pools hold available, reserved and spent", () => {
    fc.assert(
      fc.property(movements, (list) => {
        const b = Ledger.balances(list.flatMap((m) => m.postings))
        const pools = b.pools.reduce((n, p) => n + p.available + p.reserved + p.spent, 0)
        expect(b.bank + b.disbursed).toBe(pools)
        expect(b.disbursed).toBe(b.pools.reduce((n, p) => n + p.spent, 0))
      })
    )
  })

  it("nets every reversal with its movement to zero on every account", () => {
    fc.assert(
      fc.property(movements, (list) => {
        for (const m of list) {
          const r = Ledger.reverse(m, id(`${m.id}:reversal`), at)
          expect(Ledger.balanced(r)).toBe(true)
          expect(r.reverses).toBe(m.id)
          for (const t of Ledger.totals([...m.postings, ...r.postings])) expect(t.debits).toBe(t.credits)
        }
        const all = list.flatMap((m) => [...m.postings, ...Ledger.reverse(m, id(`${m.id}:reversal`), at).postings])
        expect(Ledger.balances(all)).toEqual({ bank: 0, disbursed: 0, pools: Ledger.balances(list.flatMap((m) => m.postings)).pools.map((p) => Ledger.emptyPool(p.pool)) })
      })
    )
  })

  it("derives the same balances whatever order the postings come in", () => {
    fc.assert(
      fc.property(movements, fc.func(fc.integer()), (list, rank) => {
        const postings = list.flatMap((m) => m.postings)
        const shuffled = [...postings].sort((a, b) => rank(a) - rank(b))
        expect(Ledger.balances(shuffled)).toEqual(Ledger.balances(postings))
      })
    )
  })
})

describe("Ledger bounds", () => {
  const decodeAmount = Schema.decodeUnknownEither(Ledger.Amount)

  it("moves at most 10^12 satang (10,000,000,000 baht) in one amount", () => {
    expect(Ledger.maxAmount).toBe(1_000_000_000_000)
    expect(Either.isRight(decodeAmount(Ledger.maxAmount))).toBe(true)
    expect(Either.isLeft(decodeAmount(Ledger.maxAmount + 1))).toBe(true)
    expect(Either.isLeft(decodeAmount(9_007_199_254_740_991))).toBe(true)
  })

  it("refuses with OverLimit a movement that would take a balance past 10^14 satang", () => {
    const none: ReadonlyArray<Ledger.AccountTotal> = []
    const m = Ledger.receipt(id("RC-1:receipt"), unrestricted, s(Ledger.maxAmount), at)
    expect(ok(Ledger.within(none, m))).toBe(m)
    const full: ReadonlyArray<Ledger.AccountTotal> = [
      { account: Ledger.bank, debits: s(Ledger.maxBalance), credits: s(0) },
      { account: Ledger.available(unrestricted), debits: s(0), credits: s(Ledger.maxBalance) }
    ]
    const error = refused(Ledger.within(full, Ledger.receipt(id("RC-2:receipt"), unrestricted, s(1), at)))
    expect(error).toMatchObject({ _tag: "OverLimit", movementId: "RC-2:receipt", account: "bank", limit: Ledger.maxBalance })
    // Taking money out of a full account is fine.
    const out = Ledger.reservation(id("R-1:reservation"), unrestricted, s(5), at)
    expect(ok(Ledger.within(full, out))).toBe(out)
  })

  it("refuses a movement that would take an account's debits or credits past 10^15 satang", () => {
    const churned: ReadonlyArray<Ledger.AccountTotal> = [
      { account: Ledger.bank, debits: s(Satang.maxAbs), credits: s(Satang.maxAbs) },
      { account: Ledger.available(unrestricted), debits: s(Satang.maxAbs), credits: s(Satang.maxAbs) }
    ]
    const error = refused(Ledger.within(churned, Ledger.receipt(id("RC-9:receipt"), unrestricted, s(1), at)))
    expect(error).toMatchObject({ _tag: "OverLimit", movementId: "RC-9:receipt", limit: Satang.maxAbs })
  })

  it("keeps every balance a safe integer equal to the sum of its postings, for any sequence of bounded postings", () => {
    const big = fc.oneof(fc.integer({ min: 1, max: Ledger.maxAmount }), fc.constant(Ledger.maxAmount)).map(s)
    const kinds = fc.constantFrom(Ledger.receipt, Ledger.reservation, Ledger.release, Ledger.payment, Ledger.receipt, Ledger.receipt)
    const sequence = fc.array(fc.tuple(kinds, pools, big), { minLength: 1, maxLength: 400 })
    fc.assert(
      fc.property(sequence, (list) => {
        const kept: Array<Ledger.Posting> = []
        let refusals = 0
        for (const [i, [make, pool, amount]] of list.entries()) {
          const m = make(id(`M-${i}`), pool, amount, at)
          const checked = Ledger.within(Ledger.totals(kept), m)
          if (Either.isLeft(checked)) {
            refusals++
            continue
          }
          kept.push(...m.postings)
        }
        const exact = new Map<string, bigint>()
        for (const p of kept) {
          const k = Ledger.accountKey(p.account)
          const signed = BigInt(p.amount) * (p.side === Ledger.normalSide(p.account) ? 1n : -1n)
          exact.set(k, (exact.get(k) ?? 0n) + signed)
        }
        const b = Ledger.balances(kept)
        const reported = new Map<string, number>([["bank", b.bank], ["disbursed", b.disbursed]])
        for (const p of b.pools) {
          reported.set(Ledger.accountKey(Ledger.available(p.pool)), p.available)
          reported.set(Ledger.accountKey(Ledger.reserved(p.pool)), p.reserved)
          reported.set(Ledger.accountKey(Ledger.paidOut(p.pool)), p.spent)
        }
        for (const [k, value] of reported) {
          expect(Number.isSafeInteger(value)).toBe(true)
          expect(Math.abs(value)).toBeLessThanOrEqual(Ledger.maxBalance)
          expect(BigInt(value)).toBe(exact.get(k) ?? 0n)
        }
        for (const t of Ledger.totals(kept)) {
          expect(Number.isSafeInteger(t.debits) && Number.isSafeInteger(t.credits)).toBe(true)
        }
        expect(refusals).toBeGreaterThanOrEqual(0)
      }),
      { numRuns: 200 }
    )
  })
})
