import { FundMemory, FundStore, JourneyStore, Ledger, Logbook, type Registry, RegistryMemory, type Satang } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as TestContext from "effect/TestContext"
import { describe, expect, it } from "vitest"
import { Database, FundSql, JourneySql } from "../src/index.js"
import { attempt } from "./engines.js"
import { fundBooks } from "./FundEngines.js"
import { outcome, plan, setup } from "./FundHarness.mjs"

const at = "2022-01-05T03:00:00.000Z"
const receipt = Ledger.receipt("RC-1:receipt" as Ledger.MovementId, {}, 100_000 as Satang.Satang, at)

describe.each([
  ["SQLite", "sqlite"],
  ["PostgreSQL", "postgres"]
] as const)("FundSql on %s", (_, engine) => {
  const run = <A>(program: Effect.Effect<A, never, FundStore.FundStore | Database.Database>) =>
    Effect.runPromise(Effect.provide(program, fundBooks(engine)))


  it("refuses UPDATE and DELETE of movements, postings and idempotency entries at the database", () =>
    run(
      Effect.gen(function* () {
        const store = yield* FundStore.FundStore
        yield* store.transact((tx) =>
          Effect.zipRight(tx.append(receipt), tx.record({ key: "k1" as never, command: "recordReceipt", hash: "h", result: {}, at }))
        )
        const refusals = {
          postingAmount: yield* attempt("update fund_posting set amount = amount * 2"),
          postingDelete: yield* attempt("delete from fund_posting"),
          movementUpdate: yield* attempt("update fund_movement set kind = 'reversal'"),
          movementDelete: yield* attempt("delete from fund_movement"),
          entryUpdate: yield* attempt("update fund_entry set hash = 'forged'"),
          entryDelete: yield* attempt("delete from fund_entry")
        }
        for (const [what, message] of Object.entries(refusals)) {
          expect([what, message]).toEqual([what, expect.stringMatching(/^fund_(posting|movement|entry) is append-only/)])
        }
        if (engine === "postgres") expect(yield* attempt("truncate fund_posting")).toMatch(/fund_posting is append-only/)
        expect(yield* store.movements()).toEqual([receipt])
        // Appending goes on as before.
        expect(yield* attempt("insert into fund_sequence (name, value) values ('x', 1)")).toBe("done")
      })
    ))

  it("writes a payment's logbook entry into the journey's logbook in the fund's transaction, or not at all", () => {
    const entry = (request: string): Logbook.Entry =>
      Schema.decodeSync(Logbook.Entry)({
        id: Logbook.fundEntryId(request),
        houseCode: "33010100001",
        villageCode: "33010101",
        on: "2022-01-06",
        giver: { person: "t1" },
        kind: "cash",
        value: 150_000,
        problems: [21],
        budgetSource: "fund",
        evidence: "KTB-TRF-1",
        fundRequest: request,
        recordedBy: "t1",
        recordedAt: at
      })
    return Effect.runPromise(
      Effect.gen(function* () {
        const store = yield* FundStore.FundStore
        const journey = yield* JourneyStore.JourneyStore
        yield* store.transact((tx) => tx.log(entry("R-1")))
        const failed = yield* Effect.either(store.transact((tx) => Effect.zipRight(tx.log(entry("R-2")), Effect.fail("refused" as const))))
        expect(failed._tag).toBe("Left")
        expect(yield* journey.logbook("33")).toEqual([entry("R-1")])
        expect(yield* store.logbook()).toEqual([entry("R-1")])
        expect(yield* attempt("update journey_logbook set value = 0")).toMatch(/append-only/)
      }).pipe(Effect.provide(JourneySql.layer.pipe(Layer.provideMerge(fundBooks(engine)))))
    )
  })

  it("commits transactions that arrive together as one batch, each kept or undone on its own", () =>
    run(
      Effect.gen(function* () {
        const store = yield* FundStore.FundStore
        const receiptOf = (n: number) => Ledger.receipt(`RC-${n}:receipt` as Ledger.MovementId, {}, (n * 1_000) as Satang.Satang, at)
        // 2 writes, then reads (its writes go to the database ahead of the read), then fails;
        // 4 fails at its end, after a write that never left the buffer.
        const commands = [1, 2, 3, 4, 5].map((n) =>
          store.transact((tx) =>
            n === 2
              ? tx.append(receiptOf(n)).pipe(Effect.zipRight(tx.pool({})), Effect.zipRight(Effect.fail(`refused ${n}`)))
              : n === 4
                ? tx.append(receiptOf(n)).pipe(Effect.zipRight(Effect.fail(`refused ${n}`)))
                : Effect.as(tx.append(receiptOf(n)), n)
          ).pipe(Effect.either))
        const results = yield* Effect.all(commands, { concurrency: "unbounded" })
        expect(results.map((r) => (r._tag === "Right" ? r.right : r.left))).toEqual([1, "refused 2", 3, "refused 4", 5])
        expect((yield* store.movements()).map((m) => m.id)).toEqual(["RC-1:receipt", "RC-3:receipt", "RC-5:receipt"])
        expect((yield* store.balances()).bank).toBe(9_000)
        expect(yield* store.balances()).toEqual(Ledger.balances((yield* store.movements()).flatMap((m) => m.postings)))
      })
    ))

  it("stores amounts beyond 32 bits and sums them exactly", () =>
    run(
      Effect.gen(function* () {
        const store = yield* FundStore.FundStore
        const big = 3_000_000_000_00 as Satang.Satang
        yield* store.transact((tx) => tx.append(Ledger.receipt("RC-1:receipt" as Ledger.MovementId, {}, big, at)))
        yield* store.transact((tx) => tx.append(Ledger.receipt("RC-2:receipt" as Ledger.MovementId, {}, big, at)))
        expect((yield* store.balances()).bank).toBe(2 * big)
        expect((yield* store.movements())[1]!.postings[0]!.amount).toBe(big)
      })
    ))
})

describe("FundSql.accountOf", () => {
  it("reads back every account's key", () => {
    const pools = [{}, { purpose: "school-uniforms" }, { area: "3301" }, { purpose: "school-uniforms", area: "330101" }] as const
    const accounts = [Ledger.bank, Ledger.disbursed, ...pools.flatMap((p) => [Ledger.available(p as never), Ledger.reserved(p as never), Ledger.paidOut(p as never)])]
    for (const account of accounts) expect(FundSql.accountOf(Ledger.accountKey(account))).toEqual(account)
  })

  it("refuses a key that names no account", () => {
    expect(() => FundSql.accountOf("available/colour=red")).toThrow()
    expect(() => FundSql.accountOf("vault")).toThrow()
  })
})

/**
 * A seeded plan of the concurrency suite (requests beyond the money, approvals, two
 * payments each, cancellations, rejections, replayed and reused keys), run one command
 * after another with the clock pinned, and everything the books hold afterwards.
 */
const replay = (seed: number, layer: Layer.Layer<FundStore.FundStore | Registry.HouseholdRegistry>) => {
  const thePlan = plan({ seed, clients: 1 })
  return Effect.runPromise(
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.UTC(2022, 0, 5, 3))
      yield* setup(thePlan)
      const outcomes = yield* Effect.forEach(thePlan.clients[0]!, outcome)
      const store = yield* FundStore.FundStore
      return {
        outcomes,
        requests: yield* store.requests(),
        receipts: yield* store.receipts(),
        movements: yield* store.movements(),
        balances: yield* store.balances(),
        entries: yield* store.entries(),
        settings: yield* store.settings()
      }
    }).pipe(Effect.provide(layer), Effect.provide(TestContext.TestContext))
  )
}

describe.each([
  ["SQLite", "sqlite"],
  ["PostgreSQL", "postgres"]
] as const)("FundSql on %s against the memory books", (_, engine) => {
  it("answers every command of a long random plan as the memory books do, and ends holding the same", { timeout: 120_000 }, async () => {
    for (const seed of [1, 2]) {
      const expected = await replay(seed, Layer.merge(FundMemory.layerMemory, RegistryMemory.layerMemory))
      const got = await replay(seed, fundBooks(engine))
      expect(new Set(expected.outcomes.map((o) => o.outcome))).toEqual(new Set(["ok", "InvalidTransition", "InsufficientFunds", "KeyReused"]))
      expect(got).toEqual(expected)
    }
  })
})
