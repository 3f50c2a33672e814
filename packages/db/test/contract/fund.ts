/**
 * The contract of the fund's books (`FundStore`): one suite, run against the domain's
 * memory fake and every database engine, so that an adapter passes exactly when it
 * behaves as the fake does.
 */
import { type Access, AccessMemory, type Actor, Contributor, FundCommands, FundRequest, FundStore, type Idempotency, Ledger, Pledge, Pool, Receipt, type Registry, type Satang, SettingsChange } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as TestContext from "effect/TestContext"
import { describe, expect, it } from "vitest"
import { registered } from "../FundHarness.mjs"

const baht = (n: number) => (n * 100) as Satang.Satang
const key = (text: string) => text as Idempotency.Key
const t0 = Date.UTC(2022, 0, 5, 3)
const at = new Date(t0).toISOString()

export const settings: FundRequest.Settings = Schema.decodeSync(FundRequest.Settings)({
  quorum: 2,
  committee: ["m1", "m2", "m3"],
  treasurers: ["t1"],
  ceilingPerRequest: baht(3_000),
  capPerHouseholdPerFiscalYear: baht(9_000)
})
const person = (id: string, role: Actor.Actor["role"]): Actor.Actor => ({ id, role, scope: [""] })
const treasurer = person("t1", "treasurer")
const [m1, m2, m3] = ["m1", "m2", "m3"].map((id) => person(id, "fundCommittee")) as [Actor.Actor, Actor.Actor, Actor.Actor]
const mentor = person("mentor-3301", "mentor")
const province = person("pc-1", "provincialCentre")
/** The stored users the fund's seats are checked against. */
const users = AccessMemory.users([treasurer, m1, m2, m3, mentor, province])

const unrestricted: Pool.Pool = {}
const uniforms = Schema.decodeSync(Pool.Pool)({ purpose: "school-uniforms" })

const receiptInput = (amount: Satang.Satang, pool: Pool.Pool = unrestricted, bankReference = "KTB-0001") =>
  Schema.decodeSync(Receipt.Input)({ bankReference, valueDate: "2022-01-05", amount, pool })
const requestInput = (amount: Satang.Satang, houseCode = "33010000001") =>
  Schema.decodeSync(FundRequest.Input)({ houseCode, villageCode: "33010101", purpose: "school-uniforms", pool: {}, amount })

const request = (n: number, extra: Partial<ConstructorParameters<typeof FundRequest.Request>[0]> = {}) =>
  new FundRequest.Request({
    ...requestInput(baht(1_000 + n), `3301000000${n % 3}`),
    id: FundRequest.id(n),
    requester: mentor.id,
    requestedAt: at,
    requestedOn: "2022-01-05" as never,
    approvals: [],
    state: { _tag: "requested" },
    ...extra
  })

const mid = (text: string) => text as Ledger.MovementId

/** Postings of all movements, derived: what the stored balances must equal. */
const derived = Effect.flatMap(FundStore.FundStore, (store) =>
  Effect.map(store.movements(), (movements) => Ledger.balances(movements.flatMap((m) => m.postings))))

export const describeFundStore = (name: string, makeLayer: () => Layer.Layer<FundStore.FundStore | Registry.HouseholdRegistry>) => {
  const run = <A, E>(program: Effect.Effect<A, E, FundStore.FundStore | Access.Users | Registry.HouseholdRegistry>): Promise<A> =>
    Effect.runPromise(
      Effect.zipRight(Effect.zipRight(TestClock.setTime(t0), registered(Array.from({ length: 100 }, (_, i) => `33010000${String(i).padStart(3, "0")}`))), program).pipe(
        Effect.provide(makeLayer()),
        Effect.provide(users),
        Effect.provide(TestContext.TestContext)
      )
    )

  describe(`FundStore on ${name}`, () => {
    it("starts empty: no records, no movements, zero balances, no settings", () =>
      run(
        Effect.gen(function* () {
          const store = yield* FundStore.FundStore
          expect(yield* store.balances()).toEqual({ bank: 0, disbursed: 0, pools: [] })
          for (const all of [store.movements(), store.requests(), store.receipts(), store.pledges(), store.contributors(), store.entries(), store.settingsChanges()]) {
            expect(yield* all).toEqual([])
          }
          expect(yield* store.settings()).toEqual(Option.none())
        })
      ))

    it("gives back every kind of record as stored, in the order made, the last version of each", () =>
      run(
        Effect.gen(function* () {
          const store = yield* FundStore.FundStore
          const reserved = request(2, { approvals: [{ member: "m1", at }, { member: "m2", at }], state: { _tag: "reserved", reservation: mid("R-2:reservation") } })
          const receipt = Receipt.record(Receipt.id(1), { ...receiptInput(baht(500), uniforms), contributor: "otop" as never }, "t1", at).receipt
          const pledge = new Pledge.Pledge({ ...Schema.decodeSync(Pledge.Input)({ contributor: "otop", amount: baht(700), due: "2022-03-31", pledgedOn: "2022-01-05" }), id: Pledge.id(1), recordedAt: at, recordedBy: "t1" })
          const otop = Schema.decodeSync(Contributor.Contributor)({ id: "otop", kind: "network", displayName: "เครือข่าย OTOP", anonymous: false })
          const donor = Schema.decodeSync(Contributor.Contributor)({ id: "donor", kind: "person", displayName: "สมชาย", anonymous: true })
          yield* store.transact((tx) =>
            Effect.gen(function* () {
              // In the order made (numbers may skip): R-10 sorts before R-2 as text, not as a number.
              for (const n of [1, 2, 10]) yield* tx.putRequest(request(n))
              yield* tx.putRequest(reserved)
              yield* tx.putReceipt(receipt)
              yield* tx.putPledge(pledge)
              yield* tx.putContributor(otop)
              yield* tx.putContributor(donor)
              yield* tx.putContributor(new Contributor.Contributor({ ...otop, displayName: "เครือข่าย OTOP ศรีสะเกษ" }))
              yield* tx.putSettings(settings)
              yield* tx.putSettings({ ...settings, quorum: 3 })
            })
          )
          const inside = yield* store.transact((tx) =>
            Effect.all({
              r2: tx.request(FundRequest.id(2)),
              r9: tx.request(FundRequest.id(9)),
              household: tx.household("33010000001"),
              receipt: tx.receipt(Receipt.id(1)),
              pledge: tx.pledge(Pledge.id(1)),
              otop: tx.contributor(otop.id),
              nobody: tx.contributor("nobody" as Contributor.ContributorId),
              settings: tx.settings()
            })
          )
          expect(inside.r2).toEqual(Option.some(reserved))
          expect(Option.getOrThrow(inside.r2)).toBeInstanceOf(FundRequest.Request)
          expect(inside.r9).toEqual(Option.none())
          expect(inside.household.map((r) => r.id)).toEqual(["R-1", "R-10"])
          expect(inside.receipt).toEqual(Option.some(receipt))
          expect(inside.pledge).toEqual(Option.some(pledge))
          expect(Option.map(inside.otop, (c) => c.displayName)).toEqual(Option.some("เครือข่าย OTOP ศรีสะเกษ"))
          expect(inside.nobody).toEqual(Option.none())
          expect(inside.settings).toEqual(Option.some({ ...settings, quorum: 3 }))
          expect((yield* store.requests()).map((r) => r.id)).toEqual(["R-1", "R-2", "R-10"])
          expect((yield* store.contributors()).map((c) => c.id)).toEqual(["otop", "donor"])
          expect(yield* store.receipts()).toEqual([receipt])
          expect(yield* store.pledges()).toEqual([pledge])
          expect(yield* store.settings()).toEqual(Option.some({ ...settings, quorum: 3 }))
        })
      ))

    it("numbers each sequence 1, 2, 3, … on its own, across transactions", () =>
      run(
        Effect.gen(function* () {
          const store = yield* FundStore.FundStore
          const first = yield* store.transact((tx) => Effect.all([tx.next("request"), tx.next("request"), tx.next("receipt")]))
          const second = yield* store.transact((tx) => Effect.all([tx.next("request"), tx.next("pledge"), tx.next("receipt")]))
          expect([first, second]).toEqual([[1, 2, 1], [3, 1, 2]])
        })
      ))

    it("appends movements in order, keeps stored balances equal to the postings' derivation, and sees its own writes", () =>
      run(
        Effect.gen(function* () {
          const store = yield* FundStore.FundStore
          const receipt = Ledger.receipt(mid("RC-1:receipt"), unrestricted, baht(10_000), at)
          const earmarked = Ledger.receipt(mid("RC-2:receipt"), uniforms, baht(2_000), at)
          const seen = yield* store.transact((tx) =>
            Effect.gen(function* () {
              yield* tx.append(receipt)
              yield* tx.append(earmarked)
              const before = yield* tx.pool(unrestricted)
              yield* tx.append(Ledger.reservation(mid("R-1:reservation"), unrestricted, baht(3_000), at))
              return { before, after: yield* tx.pool(unrestricted) }
            })
          )
          expect(seen.before).toEqual({ pool: unrestricted, available: baht(10_000), reserved: 0, spent: 0 })
          expect(seen.after).toEqual({ pool: unrestricted, available: baht(7_000), reserved: baht(3_000), spent: 0 })
          yield* store.transact((tx) =>
            Effect.gen(function* () {
              yield* tx.append(Ledger.payment(mid("R-1:payment"), unrestricted, baht(3_000), at))
              yield* tx.append(Ledger.reverse(earmarked, mid("RC-2:reversal"), at))
            })
          )
          const movements = yield* store.movements()
          expect(movements.map((m) => m.id)).toEqual(["RC-1:receipt", "RC-2:receipt", "R-1:reservation", "R-1:payment", "RC-2:reversal"])
          expect(movements[1]).toEqual(earmarked)
          expect(movements[3]).toEqual(Ledger.payment(mid("R-1:payment"), unrestricted, baht(3_000), at))
          expect(movements[4]).toMatchObject({ kind: "reversal", reverses: "RC-2:receipt" })
          const balances = yield* store.balances()
          expect(balances).toEqual({
            bank: baht(7_000),
            disbursed: baht(3_000),
            pools: [
              { pool: uniforms, available: 0, reserved: 0, spent: 0 },
              { pool: unrestricted, available: baht(7_000), reserved: 0, spent: baht(3_000) }
            ]
          })
          expect(balances).toEqual(yield* derived)
        })
      ))

    it("keeps nothing of a transaction that fails, and passes its failure on", () =>
      run(
        Effect.gen(function* () {
          const store = yield* FundStore.FundStore
          const failure = yield* Effect.flip(
            store.transact((tx) =>
              Effect.gen(function* () {
                yield* tx.next("request")
                yield* tx.putRequest(request(1))
                yield* tx.append(Ledger.receipt(mid("RC-1:receipt"), unrestricted, baht(100), at))
                yield* tx.putSettings(settings)
                yield* tx.putContributor(Schema.decodeSync(Contributor.Contributor)({ id: "x", kind: "person", displayName: "x", anonymous: false }))
                yield* tx.record({ key: key("k"), command: "request", hash: "h", result: {}, at })
                return yield* Effect.fail("refused" as const)
              })
            )
          )
          expect(failure).toBe("refused")
          expect(yield* store.requests()).toEqual([])
          expect(yield* store.movements()).toEqual([])
          expect(yield* store.entries()).toEqual([])
          expect(yield* store.contributors()).toEqual([])
          expect(yield* store.settings()).toEqual(Option.none())
          expect(yield* store.balances()).toEqual({ bank: 0, disbursed: 0, pools: [] })
          expect(yield* store.transact((tx) => tx.next("request"))).toBe(1)
        })
      ))

    it("treats a repeated movement id or an unbalanced movement as a defect, and keeps nothing of that transaction", () =>
      run(
        Effect.gen(function* () {
          const store = yield* FundStore.FundStore
          const payment = Ledger.payment(mid("R-1:payment"), unrestricted, baht(100), at)
          yield* store.transact((tx) => tx.append(Ledger.receipt(mid("RC-1:receipt"), unrestricted, baht(1_000), at)))
          const twice = yield* Effect.exit(
            store.transact((tx) => Effect.zipRight(tx.append(Ledger.reservation(mid("R-1:reservation"), unrestricted, baht(100), at)), Effect.zipRight(tx.append(payment), tx.append(payment))))
          )
          const unbalanced = yield* Effect.exit(
            store.transact((tx) => tx.append({ ...payment, id: mid("R-2:payment"), postings: payment.postings.slice(1) }))
          )
          expect(twice._tag === "Failure" && twice.cause._tag).toBe("Die")
          expect(unbalanced._tag === "Failure" && unbalanced.cause._tag).toBe("Die")
          expect((yield* store.movements()).map((m) => m.id)).toEqual(["RC-1:receipt"])
          expect(yield* store.balances()).toEqual(yield* derived)
          expect((yield* store.balances()).bank).toBe(baht(1_000))
        })
      ))

    it("records idempotency entries in order, with their results as given", () =>
      run(
        Effect.gen(function* () {
          const store = yield* FundStore.FundStore
          const entry = (k: string, result: unknown): Idempotency.Entry => ({ key: key(k), command: "approve", hash: `h-${k}`, result, at })
          yield* store.transact((tx) => Effect.zipRight(tx.record(entry("b", { id: "R-1", nested: [1, "สอง"] })), tx.record(entry("a", null))))
          const found = yield* store.transact((tx) => Effect.all([tx.entry(key("a")), tx.entry(key("b")), tx.entry(key("c"))]))
          expect(found).toEqual([Option.some(entry("a", null)), Option.some(entry("b", { id: "R-1", nested: [1, "สอง"] })), Option.none()])
          expect((yield* store.entries()).map((e) => e.key)).toEqual(["b", "a"])
        })
      ))

    it("keeps every change of the settings, in the order proposed, the last state of each, and applies one when the quorum approves", () =>
      run(
        Effect.gen(function* () {
          const store = yield* FundStore.FundStore
          const stricter = { ...settings, quorum: 3 }
          yield* FundCommands.configure(province, key("settings"), settings)
          for (const n of [2, 3, 4, 5, 6, 7, 8, 9, 10]) yield* FundCommands.proposeSettings(province, key(`p-${n}`), { settings: { ...settings, ceilingPerRequest: baht(n) } })
          const s11 = yield* FundCommands.proposeSettings(province, key("p-11"), { settings: stricter })
          yield* FundCommands.approveSettings(m1, key("a-1"), { change: s11.id })
          const inside = yield* store.transact((tx) => Effect.all([tx.settingsChange(s11.id), tx.settingsChange(SettingsChange.id(99))]))
          expect(inside[0]).toEqual(Option.some(expect.objectContaining({ id: "S-11", approvals: [{ member: "m1", at }], state: { _tag: "open" } })))
          expect(inside[1]).toEqual(Option.none())
          const applied = yield* FundCommands.approveSettings(m2, key("a-2"), { change: s11.id })
          const replayed = yield* FundCommands.approveSettings(m2, key("a-2"), { change: s11.id })
          expect(replayed).toEqual(applied)
          expect(yield* store.settings()).toEqual(Option.some(stricter))
          const all = yield* store.settingsChanges()
          // In the order proposed: S-10 after S-9, not after S-1 as text would have it.
          expect(all.map((c) => [c.id, c.state._tag])).toEqual([
            ["S-1", "applied"],
            ...[2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => [`S-${n}`, "superseded"]),
            ["S-11", "applied"]
          ])
          expect(all.at(-1)).toEqual(applied)
          expect(yield* store.transact((tx) => tx.settingsChanges())).toEqual(all)
        })
      ))

    it("refuses a request for a house in no round of the registry, storing nothing", () =>
      run(
        Effect.gen(function* () {
          const store = yield* FundStore.FundStore
          yield* FundCommands.configure(province, key("settings"), settings)
          const error = yield* Effect.flip(FundCommands.request(mentor, key("r-x"), requestInput(baht(1_000), "33019999999")))
          const made = yield* FundCommands.request(mentor, key("r-1"), requestInput(baht(1_000), "33010000001"))
          expect(error).toMatchObject({ _tag: "NotInRegistry", houseCode: "33019999999" })
          expect((yield* store.requests()).map((r) => r.id)).toEqual([made.id])
          expect((yield* store.entries()).map((e) => e.key)).toEqual(["settings", "r-1"])
        })
      ))

    it("finds receipts by their normalised bank reference, and the commands refuse a reference booked before", () =>
      run(
        Effect.gen(function* () {
          const store = yield* FundStore.FundStore
          yield* FundCommands.configure(province, key("settings"), settings)
          yield* FundCommands.recordReceipt(treasurer, key("rc-1"), receiptInput(baht(10_000_000), unrestricted, "KTB-0001"))
          yield* FundCommands.recordReceipt(treasurer, key("rc-2"), receiptInput(baht(100), unrestricted, "KTB-0002"))
          yield* FundCommands.reverseReceipt(treasurer, key("rc-2-rev"), { receipt: Receipt.id(2), reason: "entered twice" })
          const found = yield* store.transact((tx) => tx.receiptsByReference(" ktb-0001"))
          const none = yield* store.transact((tx) => tx.receiptsByReference("KTB-0003"))
          const before = { receipts: yield* store.receipts(), movements: yield* store.movements(), balances: yield* store.balances() }
          const again = yield* Effect.flip(FundCommands.recordReceipt(treasurer, key("rc-1b"), receiptInput(baht(10_000_000), unrestricted, "ktb-0001")))
          const reversed = yield* Effect.flip(FundCommands.recordReceipt(treasurer, key("rc-2b"), receiptInput(baht(100), unrestricted, "KTB-0002")))
          expect(found.map((r) => r.id)).toEqual(["RC-1"])
          expect(none).toEqual([])
          expect(again).toMatchObject({ _tag: "DuplicateReference", receiptId: "RC-1" })
          expect(reversed).toMatchObject({ _tag: "DuplicateReference", receiptId: "RC-2" })
          expect({ receipts: yield* store.receipts(), movements: yield* store.movements(), balances: yield* store.balances() }).toEqual(before)
        })
      ))

    it("reads stored account totals, and the commands refuse a receipt past the ledger's bounds, storing nothing", () =>
      run(
        Effect.gen(function* () {
          const store = yield* FundStore.FundStore
          yield* FundCommands.configure(province, key("settings"), settings)
          for (let i = 0; i < Ledger.maxBalance / Ledger.maxAmount; i++) {
            yield* FundCommands.recordReceipt(treasurer, key(`big-${i}`), receiptInput(Ledger.maxAmount as Satang.Satang, unrestricted, `KTB-BIG-${i}`))
          }
          const totals = yield* store.transact((tx) => tx.totals([Ledger.bank, Ledger.disbursed]))
          const before = { receipts: (yield* store.receipts()).length, movements: (yield* store.movements()).length, balances: yield* store.balances() }
          const over = yield* Effect.flip(FundCommands.recordReceipt(treasurer, key("one-more"), receiptInput(1 as Satang.Satang, unrestricted, "KTB-ONE-MORE")))
          expect(totals.filter((t) => t.debits > 0 || t.credits > 0)).toEqual([{ account: Ledger.bank, debits: Ledger.maxBalance, credits: 0 }])
          expect(over).toMatchObject({ _tag: "OverLimit", account: "bank", limit: Ledger.maxBalance })
          expect(before.balances.bank).toBe(Ledger.maxBalance)
          expect({ receipts: (yield* store.receipts()).length, movements: (yield* store.movements()).length, balances: yield* store.balances() }).toEqual(before)
          expect(yield* store.balances()).toEqual(yield* derived)
        })
      ))

    it("runs a request's whole life through the commands, replays keys without writing, and balances", () =>
      run(
        Effect.gen(function* () {
          const store = yield* FundStore.FundStore
          yield* FundCommands.configure(province, key("settings"), settings)
          yield* FundCommands.recordReceipt(treasurer, key("rc-1"), receiptInput(baht(5_000)))
          yield* FundCommands.request(mentor, key("r-1"), requestInput(baht(3_000)))
          yield* FundCommands.request(mentor, key("r-2"), requestInput(baht(3_000), "33010000002"))
          for (const [member, n] of [[m1, 1], [m2, 1], [m1, 2], [m3, 2]] as const) {
            yield* Effect.either(FundCommands.approve(member, key(`a-${member.id}-${n}`), { request: FundRequest.id(n) }))
          }
          const payment = { request: FundRequest.id(1), transferReference: "KTB-TRF-1", paidOn: "2022-01-06" as never, kind: "goods", problems: [21] } as const
          const paid = yield* FundCommands.pay(treasurer, key("pay-1"), payment)
          const again = yield* FundCommands.pay(treasurer, key("pay-1"), payment)
          const twice = yield* Effect.flip(FundCommands.pay(treasurer, key("pay-1b"), { request: FundRequest.id(1), transferReference: "KTB-TRF-1", paidOn: "2022-01-06" as never }))
          const reused = yield* Effect.flip(FundCommands.cancel(m1, key("pay-1"), { request: FundRequest.id(2) }))
          expect(paid.state._tag).toBe("paid")
          expect(again).toEqual(paid)
          expect(twice).toMatchObject({ _tag: "InvalidTransition", state: "paid", action: "pay" })
          expect(reused).toMatchObject({ _tag: "KeyReused", key: "pay-1" })
          expect((yield* store.requests()).map((r) => r.state._tag)).toEqual(["paid", "requested"])
          expect((yield* store.movements()).map((m) => m.id)).toEqual(["RC-1:receipt", "R-1:reservation", "R-1:payment"])
          expect(yield* store.balances()).toEqual({ bank: baht(2_000), disbursed: baht(3_000), pools: [{ pool: unrestricted, available: baht(2_000), reserved: 0, spent: baht(3_000) }] })
          expect(yield* store.balances()).toEqual(yield* derived)
          expect((yield* store.entries()).map((e) => e.key)).toEqual(["settings", "rc-1", "r-1", "r-2", "a-m1-1", "a-m2-1", "a-m1-2", "pay-1"])
          // The payment wrote the household's logbook entry, once, in its own transaction.
          expect(yield* store.logbook()).toEqual([
            {
              id: "fund:R-1",
              houseCode: paid.houseCode,
              villageCode: paid.villageCode,
              on: "2022-01-06",
              giver: { person: treasurer.id },
              kind: "goods",
              value: baht(3_000),
              problems: [21],
              budgetSource: "fund",
              evidence: "KTB-TRF-1",
              ...(paid.reference === undefined ? {} : { note: paid.reference }),
              fundRequest: "R-1",
              recordedBy: treasurer.id,
              recordedAt: paid.state._tag === "paid" ? paid.state.at : ""
            }
          ])
        })
      ))

    it("never lets approvals racing for the same money overdraw the pool", () =>
      run(
        Effect.gen(function* () {
          const store = yield* FundStore.FundStore
          yield* FundCommands.configure(province, key("settings"), settings)
          yield* FundCommands.recordReceipt(treasurer, key("receipt-1"), receiptInput(baht(10_000)))
          const ns = Array.from({ length: 8 }, (_, i) => i + 1)
          for (const n of ns) {
            yield* FundCommands.request(mentor, key(`request-${n}`), requestInput(baht(3_000), `330100000${n}0`))
            yield* FundCommands.approve(m1, key(`a-${n}`), { request: FundRequest.id(n) })
          }
          const results = yield* Effect.all(
            ns.flatMap((n) => [m2, m3].map((m) => Effect.either(FundCommands.approve(m, key(`b-${m.id}-${n}`), { request: FundRequest.id(n) })))),
            { concurrency: "unbounded" }
          )
          const reserved = (yield* store.requests()).filter((r) => r.state._tag === "reserved").length
          expect(reserved).toBe(3)
          expect(results.filter((r) => r._tag === "Right" && r.right.state._tag === "reserved").length).toBe(3)
          expect(yield* store.balances()).toEqual({ bank: baht(10_000), disbursed: 0, pools: [{ pool: unrestricted, available: baht(1_000), reserved: baht(9_000), spent: 0 }] })
          expect(yield* store.balances()).toEqual(yield* derived)
        })
      ))
  })
}
