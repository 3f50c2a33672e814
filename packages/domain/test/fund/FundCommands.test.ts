import { Effect, Schema, TestClock } from "effect"
import { describe, expect, it } from "vitest"
import * as Option from "effect/Option"
import { Actor, CalendarDate, Contributor, FundCommands, FundRequest, FundStore, Ledger, Pledge, Receipt } from "../../src/index.js"
import { baht, district3301, key, m1, m2, m3, m4, mentor, province, receiptInput, requestInput, run, runUnconfigured, settings, treasurer, unrestricted } from "../fundFixtures.js"

const r1 = { request: FundRequest.id(1) }
const payInput = { ...r1, transferReference: "KTB-TRF-0042", paidOn: "2022-01-07" as CalendarDate.IsoDate }

/** What the books hold, counted: a command that writes nothing leaves it equal. */
const counts = Effect.gen(function* () {
  const store = yield* FundStore.FundStore
  return {
    movements: (yield* store.movements()).length,
    requests: (yield* store.requests()).length,
    receipts: (yield* store.receipts()).length,
    pledges: (yield* store.pledges()).length,
    entries: (yield* store.entries()).length,
    balances: yield* store.balances()
  }
})

/** 10,000 baht in the unrestricted pool and a 1,500 baht request from the mentor team. */
const funded = Effect.gen(function* () {
  yield* FundCommands.recordReceipt(treasurer, key("receipt-1"), receiptInput(baht(10_000)))
  return yield* FundCommands.request(mentor, key("request-1"), requestInput(baht(1_500)))
})

describe("FundCommands.recordReceipt", () => {
  it("records the receipt and puts its money in its pool", async () => {
    const { receipt, balances } = await run(
      Effect.gen(function* () {
        const receipt = yield* FundCommands.recordReceipt(treasurer, key("k1"), receiptInput(baht(2_500), district3301))
        return { receipt, balances: yield* FundCommands.balances }
      })
    )
    expect(receipt).toMatchObject({ id: "RC-1", amount: baht(2_500), pool: district3301, movement: "RC-1:receipt", recordedBy: "t1", recordedAt: "2022-01-05T03:00:00.000Z" })
    expect(balances).toEqual({ bank: baht(2_500), disbursed: 0, pools: [{ pool: district3301, available: baht(2_500), reserved: 0, spent: 0 }] })
  })

  it("lets only a treasurer record money in", async () => {
    const error = await run(Effect.flip(FundCommands.recordReceipt(m1, key("k1"), receiptInput(baht(2_500)))))
    expect(error).toMatchObject({ _tag: "NotPermitted", actorId: "m1", action: "recordReceipt" })
  })

  it("refuses a receipt naming a pledge that does not exist", async () => {
    const error = await run(Effect.flip(FundCommands.recordReceipt(treasurer, key("k1"), receiptInput(baht(2_500), unrestricted, { pledge: Pledge.id(7) }))))
    expect(error).toMatchObject({ _tag: "NotFound", what: "pledge", id: "P-7" })
  })
})

describe("FundCommands.recordReceipt and bank references", () => {
  it("refuses with DuplicateReference a bank reference booked before under another key, trimmed and case-folded, and stores nothing", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* FundCommands.recordReceipt(treasurer, key("k1"), receiptInput(baht(10_000_000), unrestricted, { bankReference: "KTB-0001" }))
        const before = yield* counts
        const same = yield* Effect.flip(FundCommands.recordReceipt(treasurer, key("k2"), receiptInput(baht(10_000_000), unrestricted, { bankReference: "KTB-0001" })))
        const folded = yield* Effect.flip(FundCommands.recordReceipt(treasurer, key("k3"), receiptInput(baht(5), unrestricted, { bankReference: "ktb-0001" })))
        const replay = yield* FundCommands.recordReceipt(treasurer, key("k1"), receiptInput(baht(10_000_000), unrestricted, { bankReference: "KTB-0001" }))
        return { same, folded, replay, before, after: yield* counts }
      })
    )
    expect(outcome.same).toMatchObject({ _tag: "DuplicateReference", bankReference: "KTB-0001", receiptId: "RC-1" })
    expect(outcome.folded).toMatchObject({ _tag: "DuplicateReference", bankReference: "ktb-0001", receiptId: "RC-1" })
    expect(outcome.replay.id).toBe("RC-1")
    expect(outcome.after).toEqual(outcome.before)
  })

  it("keeps a reversed receipt's reference taken", async () => {
    const error = await run(
      Effect.gen(function* () {
        yield* FundCommands.recordReceipt(treasurer, key("k1"), receiptInput(baht(100), unrestricted, { bankReference: "KTB-0005" }))
        yield* FundCommands.reverseReceipt(treasurer, key("k1-rev"), { receipt: Receipt.id(1), reason: "entered twice" })
        return yield* Effect.flip(FundCommands.recordReceipt(treasurer, key("k2"), receiptInput(baht(100), unrestricted, { bankReference: "KTB-0005" })))
      })
    )
    expect(error).toMatchObject({ _tag: "DuplicateReference", receiptId: "RC-1" })
  })

  it("normalises a reference by trimming, case-folding and NFKC", () => {
    expect(Receipt.referenceKey("  KTB-0001 ")).toBe("ktb-0001")
    expect(Receipt.referenceKey("ＫＴＢ-０００１")).toBe("ktb-0001")
    expect(Receipt.referenceKey("KTB-0001")).not.toBe(Receipt.referenceKey("KTB-0002"))
  })
})

describe("FundCommands.request and the registry", () => {
  it("refuses with NotInRegistry a request for a house in no round of the registry, and stores nothing", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const error = yield* Effect.flip(FundCommands.request(mentor, key("q-x"), requestInput(baht(1_000), { houseCode: "33019999999" })))
        return { error, after: yield* counts }
      })
    )
    expect(outcome.error).toMatchObject({ _tag: "NotInRegistry", houseCode: "33019999999" })
    expect(outcome.after).toMatchObject({ requests: 0, entries: 0 })
  })

  it("still refuses a key reused for another request first, and a house outside the actor's areas", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* FundCommands.request(mentor, key("q-1"), requestInput(baht(1_000)))
        const reused = yield* Effect.flip(FundCommands.request(mentor, key("q-1"), requestInput(baht(1_000), { houseCode: "33019999999" })))
        const outside = yield* Effect.flip(FundCommands.request(mentor, key("q-2"), requestInput(baht(1_000), { houseCode: "33029999999", villageCode: "33020101" })))
        return { reused, outside }
      })
    )
    expect(outcome.reused).toMatchObject({ _tag: "KeyReused" })
    expect(outcome.outside).toMatchObject({ _tag: "OutOfScope" })
  })
})

describe("FundCommands bounds", () => {
  it("refuses with OverLimit a receipt that would take the bank past 10^14 satang, and stores nothing", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        for (let i = 0; i < Ledger.maxBalance / Ledger.maxAmount; i++) {
          yield* FundCommands.recordReceipt(treasurer, key(`big-${i}`), receiptInput(Ledger.maxAmount as never, unrestricted, { bankReference: `KTB-BIG-${i}` }))
        }
        const before = yield* counts
        const error = yield* Effect.flip(FundCommands.recordReceipt(treasurer, key("one-more"), receiptInput(baht(1), unrestricted, { bankReference: "KTB-ONE-MORE" })))
        return { error, before, after: yield* counts }
      })
    )
    expect(outcome.error).toMatchObject({ _tag: "OverLimit", account: "bank", limit: Ledger.maxBalance })
    expect(outcome.before.balances.bank).toBe(Ledger.maxBalance)
    expect(outcome.after).toEqual(outcome.before)
  })

  it("refuses a receipt amount over 10^12 satang at decoding", () => {
    expect(() => receiptInput(9_007_199_254_740_991 as never)).toThrow()
    expect(() => receiptInput((Ledger.maxAmount + 1) as never)).toThrow()
  })
})

describe("FundCommands.configure", () => {
  it("keeps the fund's first settings in the books, with their record, and refuses a second configure", async () => {
    const outcome = await runUnconfigured(
      Effect.gen(function* () {
        const store = yield* FundStore.FundStore
        const before = yield* store.settings()
        const missing = yield* Effect.flip(FundCommands.settings)
        yield* FundCommands.configure(province, key("c1"), settings)
        const again = yield* FundCommands.configure(province, key("c1"), settings)
        const second = yield* Effect.flip(FundCommands.configure(province, key("c2"), { ...settings, quorum: 3 }))
        return {
          before,
          missing,
          again,
          second,
          loaded: yield* FundCommands.settings,
          changes: yield* store.settingsChanges(),
          entries: (yield* store.entries()).map((e) => e.command)
        }
      })
    )
    expect(outcome.before).toEqual(Option.none())
    expect(outcome.missing._tag).toBe("NotConfigured")
    expect(outcome.again).toEqual(settings)
    expect(outcome.second._tag).toBe("AlreadyConfigured")
    expect(outcome.loaded).toEqual(settings)
    expect(outcome.changes).toMatchObject([{ id: "S-1", settings, proposedBy: "pc-1", approvals: [], state: { _tag: "applied" } }])
    expect(outcome.entries).toEqual(["configure"])
  })

  it("lets only the provincial centre configure the fund (not the operator, not a member), and stores nothing when refused", async () => {
    const outcome = await runUnconfigured(
      Effect.gen(function* () {
        const member = yield* Effect.flip(FundCommands.configure(m1, key("c1"), settings))
        const operator = yield* Effect.flip(FundCommands.configure(Actor.system(), key("c2"), settings))
        return { member, operator, stored: yield* (yield* FundStore.FundStore).settings() }
      })
    )
    expect(outcome.member).toMatchObject({ _tag: "NotPermitted", actorId: "m1", action: "configureFund" })
    expect(outcome.operator).toMatchObject({ _tag: "NotPermitted", actorId: "system", action: "configureFund" })
    expect(outcome.stored).toEqual(Option.none())
  })

  it("refuses a quorum of one, a seat held twice, a seat nobody stored holds and a seat of the wrong role", async () => {
    const outcome = await runUnconfigured(
      Effect.gen(function* () {
        const attempt = (k: string, s: unknown) => Effect.flip(FundCommands.configure(province, key(k), s as FundRequest.Settings))
        return {
          alone: yield* attempt("c1", { ...settings, quorum: 1 }),
          twice: yield* attempt("c2", { ...settings, treasurers: ["m1"] }),
          unknown: yield* attempt("c3", { ...settings, committee: ["m1", "m2", "mallory"] }),
          treasurerOnCommittee: yield* attempt("c4", { ...settings, committee: ["m1", "m2", "t2"] }),
          memberAsTreasurer: yield* attempt("c5", { ...settings, treasurers: ["m4"] }),
          stored: yield* (yield* FundStore.FundStore).settings()
        }
      })
    )
    expect(outcome.alone).toMatchObject({ _tag: "InvalidSettings", reason: "quorumBelowTwo" })
    expect(outcome.twice).toMatchObject({ _tag: "InvalidSettings", reason: "seatTwice", user: "m1" })
    expect(outcome.unknown).toMatchObject({ _tag: "UnknownUser", id: "mallory" })
    expect(outcome.treasurerOnCommittee).toMatchObject({ _tag: "SeatRoleMismatch", user: "t2", seat: "committee", role: "treasurer" })
    expect(outcome.memberAsTreasurer).toMatchObject({ _tag: "SeatRoleMismatch", user: "m4", seat: "treasurer", role: "fundCommittee" })
    expect(outcome.stored).toEqual(Option.none())
  })
})

describe("FundCommands.proposeSettings and approveSettings", () => {
  const wider = { ...settings, quorum: 3, committee: ["m1", "m2", "m3", "m4", "m5"], treasurers: ["t2"] } as FundRequest.Settings

  it("applies a change when the current committee's quorum approves it, and keeps every step in the books", async () => {
    const outcome = await runUnconfigured(
      Effect.gen(function* () {
        const store = yield* FundStore.FundStore
        yield* FundCommands.configure(province, key("c1"), settings)
        const proposed = yield* FundCommands.proposeSettings(province, key("p1"), { settings: wider })
        const once = yield* FundCommands.approveSettings(m1, key("a1"), { change: proposed.id })
        const still = yield* FundCommands.settings
        const twice = yield* Effect.flip(FundCommands.approveSettings(m1, key("a1b"), { change: proposed.id }))
        // m4 sits on the proposed committee, not on the current one: their word does not count yet
        const newcomer = yield* Effect.flip(FundCommands.approveSettings(m4, key("a4"), { change: proposed.id }))
        const applied = yield* FundCommands.approveSettings(m2, key("a2"), { change: proposed.id })
        const late = yield* Effect.flip(FundCommands.approveSettings(m3, key("a3"), { change: proposed.id }))
        return { proposed, once, still, twice, newcomer, applied, late, now: yield* FundCommands.settings, changes: yield* store.settingsChanges() }
      })
    )
    expect(outcome.proposed).toMatchObject({ id: "S-2", settings: wider, proposedBy: "pc-1", approvals: [], state: { _tag: "open" } })
    expect(outcome.once.approvals.map((a) => a.member)).toEqual(["m1"])
    expect(outcome.still).toEqual(settings)
    expect(outcome.twice).toMatchObject({ _tag: "AlreadyApprovedChange", changeId: "S-2", memberId: "m1" })
    expect(outcome.newcomer).toMatchObject({ _tag: "NotPermitted", actorId: "m4", action: "approveSettings" })
    expect(outcome.applied.state._tag).toBe("applied")
    expect(outcome.late).toMatchObject({ _tag: "ProposalClosed", changeId: "S-2", state: "applied" })
    expect(outcome.now).toEqual(wider)
    expect(outcome.changes.map((c) => [c.id, c.state._tag, c.approvals.map((a) => a.member)])).toEqual([
      ["S-1", "applied", []],
      ["S-2", "applied", ["m1", "m2"]]
    ])
  })

  it("closes the other open proposals when one is applied: their approvals were given under other rules", async () => {
    const outcome = await runUnconfigured(
      Effect.gen(function* () {
        yield* FundCommands.configure(province, key("c1"), settings)
        const a = yield* FundCommands.proposeSettings(province, key("p1"), { settings: wider })
        const b = yield* FundCommands.proposeSettings(province, key("p2"), { settings: { ...settings, ceilingPerRequest: baht(2_000) } })
        yield* FundCommands.approveSettings(m1, key("a1"), { change: a.id })
        yield* FundCommands.approveSettings(m1, key("b1"), { change: b.id })
        yield* FundCommands.approveSettings(m2, key("b2"), { change: b.id })
        return yield* Effect.flip(FundCommands.approveSettings(m2, key("a2"), { change: a.id }))
      })
    )
    expect(outcome).toMatchObject({ _tag: "ProposalClosed", changeId: "S-2", state: "superseded" })
  })

  it("lets only the provincial centre propose, only a member of the current committee approve, and checks the proposed seats", async () => {
    const outcome = await runUnconfigured(
      Effect.gen(function* () {
        const unconfigured = yield* Effect.flip(FundCommands.proposeSettings(province, key("p0"), { settings: wider }))
        yield* FundCommands.configure(province, key("c1"), settings)
        const proposed = yield* FundCommands.proposeSettings(province, key("p1"), { settings: wider })
        return {
          unconfigured,
          byMember: yield* Effect.flip(FundCommands.proposeSettings(m1, key("p2"), { settings: wider })),
          byOperator: yield* Effect.flip(FundCommands.proposeSettings(Actor.system(), key("p3"), { settings: wider })),
          badSeat: yield* Effect.flip(FundCommands.proposeSettings(province, key("p4"), { settings: { ...settings, treasurers: ["mentor-3301"] } })),
          byTreasurer: yield* Effect.flip(FundCommands.approveSettings(treasurer, key("a1"), { change: proposed.id })),
          byOperatorApproval: yield* Effect.flip(FundCommands.approveSettings(Actor.system(), key("a2"), { change: proposed.id })),
          missing: yield* Effect.flip(FundCommands.approveSettings(m1, key("a3"), { change: "S-9" as never }))
        }
      })
    )
    expect(outcome.unconfigured._tag).toBe("NotConfigured")
    expect(outcome.byMember).toMatchObject({ _tag: "NotPermitted", action: "proposeSettings" })
    expect(outcome.byOperator).toMatchObject({ _tag: "NotPermitted", action: "proposeSettings" })
    expect(outcome.badSeat).toMatchObject({ _tag: "SeatRoleMismatch", user: "mentor-3301", seat: "treasurer", role: "mentor" })
    expect(outcome.byTreasurer).toMatchObject({ _tag: "NotPermitted", action: "approveSettings" })
    expect(outcome.byOperatorApproval).toMatchObject({ _tag: "NotPermitted", action: "approveSettings" })
    expect(outcome.missing).toMatchObject({ _tag: "NotFound", what: "settingsChange", id: "S-9" })
  })
})

describe("FundCommands.addContributor", () => {
  const otop = Schema.decodeSync(Contributor.Contributor)({ id: "otop-sisaket", kind: "network", displayName: "เครือข่าย OTOP ศรีสะเกษ", anonymous: false })

  it("adds contributors in order and gives a known one new details under a new key", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const store = yield* FundStore.FundStore
        yield* FundCommands.addContributor(treasurer, key("k1"), otop)
        const donor = Schema.decodeSync(Contributor.Contributor)({ id: "donor-7", kind: "person", displayName: "สมชาย ใจดี", anonymous: false })
        yield* FundCommands.addContributor(treasurer, key("k2"), donor)
        const replay = yield* FundCommands.addContributor(treasurer, key("k2"), donor)
        yield* FundCommands.addContributor(treasurer, key("k3"), new Contributor.Contributor({ ...donor, anonymous: true }))
        const found = yield* store.transact((tx) => tx.contributor(donor.id))
        return { replay, found, all: yield* store.contributors(), entries: (yield* store.entries()).length }
      })
    )
    expect(outcome.replay).toBeInstanceOf(Contributor.Contributor)
    expect(outcome.all.map((c) => [c.id, c.anonymous])).toEqual([["otop-sisaket", false], ["donor-7", true]])
    expect(Option.map(outcome.found, Contributor.publicName)).toEqual(Option.some("ผู้ไม่ประสงค์ออกนาม"))
    expect(outcome.entries).toBe(3)
  })

  it("refuses a key reused for another contributor", async () => {
    const error = await run(
      Effect.gen(function* () {
        yield* FundCommands.addContributor(treasurer, key("k1"), otop)
        return yield* Effect.flip(FundCommands.addContributor(treasurer, key("k1"), new Contributor.Contributor({ ...otop, displayName: "อื่น" })))
      })
    )
    expect(error).toMatchObject({ _tag: "KeyReused", key: "k1", command: "addContributor" })
  })
})

describe("FundCommands.pledge", () => {
  it("refuses a pledge or a receipt naming a contributor the fund does not know, writing nothing", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const before = yield* counts
        const pledge = yield* Effect.flip(
          FundCommands.pledge(treasurer, key("k1"), Schema.decodeSync(Pledge.Input)({ contributor: "c-9", amount: baht(5_000), due: "2022-03-31", pledgedOn: "2022-01-05" }))
        )
        const receipt = yield* Effect.flip(FundCommands.recordReceipt(treasurer, key("k2"), { ...receiptInput(baht(5_000)), contributor: "c-9" as Contributor.ContributorId }))
        return { before, after: yield* counts, pledge, receipt }
      })
    )
    expect(outcome.pledge).toMatchObject({ _tag: "NotFound", what: "contributor", id: "c-9" })
    expect(outcome.receipt).toMatchObject({ _tag: "NotFound", what: "contributor", id: "c-9" })
    expect(outcome.pledge.message).toBe("no contributor c-9")
    expect(outcome.after).toEqual(outcome.before)
  })

  it("records a pledge without moving any balance, and receipts naming it fulfil it", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* FundCommands.recordReceipt(treasurer, key("k0"), receiptInput(baht(1_000)))
        yield* FundCommands.addContributor(treasurer, key("c"), Schema.decodeSync(Contributor.Contributor)({ id: "c-1", kind: "company", displayName: "บริษัท ศรีสะเกษรุ่งเรือง จำกัด", anonymous: false }))
        const before = yield* FundCommands.balances
        const pledge = yield* FundCommands.pledge(treasurer, key("k1"), Schema.decodeSync(Pledge.Input)({ contributor: "c-1", amount: baht(5_000), due: "2022-03-31", pledgedOn: "2022-01-05" }))
        const after = yield* FundCommands.balances
        yield* FundCommands.recordReceipt(treasurer, key("k2"), receiptInput(baht(5_000), unrestricted, { pledge: pledge.id, bankReference: "KTB-0002" }))
        const receipts = yield* (yield* FundStore.FundStore).receipts()
        return { before, after, pledge, state: Pledge.state(pledge, receipts, "2022-01-05" as CalendarDate.IsoDate), movements: yield* (yield* FundStore.FundStore).movements() }
      })
    )
    expect(outcome.pledge).toMatchObject({ id: "P-1", contributor: "c-1", amount: baht(5_000) })
    expect(outcome.after).toEqual(outcome.before)
    expect(outcome.movements.map((m) => m.kind)).toEqual(["receipt", "receipt"])
    expect(outcome.state).toEqual({ _tag: "fulfilled", received: baht(5_000) })
  })
})

describe("FundCommands.request", () => {
  it("opens a request dated by Thai time: late on 30 September UTC is already the next fiscal year", async () => {
    const request = await run(
      Effect.gen(function* () {
        yield* TestClock.setTime(Date.UTC(2022, 8, 30, 18))
        return yield* FundCommands.request(mentor, key("k1"), requestInput(baht(1_500)))
      })
    )
    expect(request).toMatchObject({ id: "R-1", requester: mentor.id, requestedAt: "2022-09-30T18:00:00.000Z", requestedOn: "2022-10-01", state: { _tag: "requested" } })
  })

  it("refuses a household outside the actor's areas", async () => {
    const error = await run(Effect.flip(FundCommands.request(mentor, key("k1"), requestInput(baht(1_500), { villageCode: "33020101" }))))
    expect(error).toMatchObject({ _tag: "OutOfScope", actorId: mentor.id, villageCode: "33020101" })
  })

  it("counts the household's reserved and paid requests of the fiscal year against its cap", async () => {
    const error = await run(
      Effect.gen(function* () {
        yield* FundCommands.recordReceipt(treasurer, key("k0"), receiptInput(baht(100_000)))
        for (const n of [1, 2, 3]) {
          yield* FundCommands.request(mentor, key(`r${n}`), requestInput(baht(3_000)))
          yield* FundCommands.approve(m1, key(`a${n}`), { request: FundRequest.id(n) })
          yield* FundCommands.approve(m2, key(`b${n}`), { request: FundRequest.id(n) })
        }
        return yield* Effect.flip(FundCommands.request(mentor, key("r4"), requestInput(baht(1))))
      })
    )
    expect(error).toMatchObject({ _tag: "OverHouseholdCap", fiscalYear: 2565, cap: baht(9_000), committed: baht(9_000), amount: 100 })
  })
})

describe("FundCommands: a request's life", () => {
  it("answers NotFound, as for no request, to a member, treasurer or requester whose areas do not hold the household", async () => {
    const elsewhere = { ...m1, id: "m-3302", scope: ["3302"] }
    const outcome = await run(
      Effect.gen(function* () {
        yield* funded
        const before = yield* counts
        const refused = [
          yield* Effect.flip(FundCommands.approve(elsewhere, key("o1"), r1)),
          yield* Effect.flip(FundCommands.reject(elsewhere, key("o2"), { ...r1, reason: "no" })),
          yield* Effect.flip(FundCommands.pay({ ...treasurer, scope: ["3302"] }, key("o3"), payInput)),
          yield* Effect.flip(FundCommands.cancel({ ...mentor, scope: ["3302"] }, key("o4"), r1))
        ]
        const missing = yield* Effect.flip(FundCommands.approve(m1, key("o5"), { request: FundRequest.id(99) }))
        return { refused, missing, before, after: yield* counts }
      })
    )
    expect(outcome.refused.map((e) => [e._tag, e.message])).toEqual(Array(4).fill(["NotFound", "no request R-1"]))
    expect(outcome.missing._tag).toBe("NotFound")
    expect(outcome.after).toEqual(outcome.before)
  })

  it("reserves at the quorum and pays out of the bank", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* funded
        const once = yield* FundCommands.approve(m1, key("a1"), r1)
        const quorum = yield* FundCommands.approve(m2, key("a2"), r1)
        const reservedBalances = yield* FundCommands.balances
        const paid = yield* FundCommands.pay(treasurer, key("p1"), payInput)
        return { once, quorum, reservedBalances, paid, balances: yield* FundCommands.balances, movements: yield* (yield* FundStore.FundStore).movements() }
      })
    )
    expect(outcome.once.state._tag).toBe("requested")
    expect(outcome.quorum.state).toEqual({ _tag: "reserved", reservation: "R-1:reservation" })
    expect(outcome.reservedBalances.pools).toEqual([{ pool: unrestricted, available: baht(8_500), reserved: baht(1_500), spent: 0 }])
    expect(outcome.paid.state).toMatchObject({ _tag: "paid", payment: "R-1:payment", transferReference: "KTB-TRF-0042", paidOn: "2022-01-07" })
    expect(outcome.balances).toEqual({ bank: baht(8_500), disbursed: baht(1_500), pools: [{ pool: unrestricted, available: baht(8_500), reserved: 0, spent: baht(1_500) }] })
    expect(outcome.movements.map((m) => m.id)).toEqual(["RC-1:receipt", "R-1:reservation", "R-1:payment"])
  })

  it("releases the reservation when an approved request is cancelled or rejected", async () => {
    const balances = await run(
      Effect.gen(function* () {
        yield* funded
        yield* FundCommands.request(mentor, key("request-2"), requestInput(baht(2_000)))
        for (const [actor, request, k] of [[m1, 1, "a1"], [m2, 1, "a2"], [m1, 2, "a3"], [m3, 2, "a4"]] as const) {
          yield* FundCommands.approve(actor, key(k), { request: FundRequest.id(request) })
        }
        const cancelled = yield* FundCommands.cancel(mentor, key("c1"), r1)
        const rejected = yield* FundCommands.reject(m2, key("x1"), { request: FundRequest.id(2), reason: "paid by the subdistrict already" })
        return { cancelled, rejected, balances: yield* FundCommands.balances }
      })
    )
    expect(balances.cancelled.state).toMatchObject({ _tag: "cancelled", release: "R-1:release" })
    expect(balances.rejected.state).toMatchObject({ _tag: "rejected", release: "R-2:release", reason: "paid by the subdistrict already" })
    expect(balances.balances.pools).toEqual([{ pool: unrestricted, available: baht(10_000), reserved: 0, spent: 0 }])
  })

  it("refuses to pay a rejected request, and to pay a request twice", async () => {
    const errors = await run(
      Effect.gen(function* () {
        yield* funded
        yield* FundCommands.reject(m3, key("x1"), { ...r1, reason: "not a target household" })
        const rejected = yield* Effect.flip(FundCommands.pay(treasurer, key("p1"), payInput))
        yield* FundCommands.request(mentor, key("request-2"), requestInput(baht(1_000)))
        const r2 = { request: FundRequest.id(2) }
        yield* FundCommands.approve(m1, key("a1"), r2)
        yield* FundCommands.approve(m2, key("a2"), r2)
        yield* FundCommands.pay(treasurer, key("p2"), { ...payInput, ...r2 })
        const twice = yield* Effect.flip(FundCommands.pay(treasurer, key("p3"), { ...payInput, ...r2 }))
        return { rejected, twice }
      })
    )
    expect(errors.rejected).toMatchObject({ _tag: "InvalidTransition", requestId: "R-1", state: "rejected", action: "pay" })
    expect(errors.twice).toMatchObject({ _tag: "InvalidTransition", requestId: "R-2", state: "paid", action: "pay" })
  })

  it("refuses the approval reaching the quorum when the pool lacks the money, naming pool and amounts", async () => {
    const error = await run(
      Effect.gen(function* () {
        yield* FundCommands.recordReceipt(treasurer, key("k0"), receiptInput(baht(1_000)))
        yield* FundCommands.request(mentor, key("request-1"), requestInput(baht(1_500)))
        yield* FundCommands.approve(m1, key("a1"), r1)
        return yield* Effect.flip(FundCommands.approve(m2, key("a2"), r1))
      })
    )
    expect(error).toMatchObject({ _tag: "InsufficientFunds", pool: "unrestricted", available: baht(1_000), amount: baht(1_500), movementId: "R-1:reservation" })
  })

  it("names a request that does not exist", async () => {
    const error = await run(Effect.flip(FundCommands.approve(m1, key("a1"), { request: FundRequest.id(99) })))
    expect(error).toMatchObject({ _tag: "NotFound", what: "request", id: "R-99" })
  })
})

describe("FundCommands.reverseReceipt", () => {
  it("reverses a wrong receipt with a movement pointing at it, netting the pool to zero", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* FundCommands.recordReceipt(treasurer, key("k1"), receiptInput(baht(700), district3301))
        const receipt = yield* FundCommands.reverseReceipt(treasurer, key("k2"), { receipt: "RC-1" as Receipt.ReceiptId, reason: "recorded twice" })
        const again = yield* Effect.flip(FundCommands.reverseReceipt(treasurer, key("k3"), { receipt: "RC-1" as Receipt.ReceiptId, reason: "again" }))
        return { receipt, again, balances: yield* FundCommands.balances, movements: yield* (yield* FundStore.FundStore).movements() }
      })
    )
    expect(outcome.receipt.reversal).toMatchObject({ movement: "RC-1:reversal", by: "t1", reason: "recorded twice" })
    expect(outcome.movements[1]).toMatchObject({ kind: "reversal", reverses: "RC-1:receipt" })
    expect(outcome.balances).toEqual({ bank: 0, disbursed: 0, pools: [Ledger.emptyPool(district3301)] })
    expect(outcome.again).toMatchObject({ _tag: "AlreadyReversed", receiptId: "RC-1" })
  })

  it("refuses to reverse a receipt whose money is reserved, and lets only a treasurer reverse", async () => {
    const errors = await run(
      Effect.gen(function* () {
        yield* funded
        yield* FundCommands.approve(m1, key("a1"), r1)
        yield* FundCommands.approve(m2, key("a2"), r1)
        const reserved = yield* Effect.flip(FundCommands.reverseReceipt(treasurer, key("k2"), { receipt: "RC-1" as Receipt.ReceiptId, reason: "wrong" }))
        const member = yield* Effect.flip(FundCommands.reverseReceipt(m1, key("k3"), { receipt: "RC-1" as Receipt.ReceiptId, reason: "wrong" }))
        const missing = yield* Effect.flip(FundCommands.reverseReceipt(treasurer, key("k4"), { receipt: "RC-9" as Receipt.ReceiptId, reason: "wrong" }))
        return { reserved, member, missing }
      })
    )
    expect(errors.reserved).toMatchObject({ _tag: "InsufficientFunds", pool: "unrestricted", available: baht(8_500), amount: baht(10_000) })
    expect(errors.member).toMatchObject({ _tag: "NotPermitted", actorId: "m1", action: "reverseReceipt" })
    expect(errors.missing).toMatchObject({ _tag: "NotFound", what: "receipt", id: "RC-9" })
  })
})

describe("FundCommands idempotency", () => {
  it("returns the first result for a replayed key and writes nothing", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const first = yield* funded
        const before = yield* counts
        yield* TestClock.adjust("1 hour")
        const again = yield* FundCommands.request(mentor, key("request-1"), requestInput(baht(1_500)))
        const receipt = yield* FundCommands.recordReceipt(treasurer, key("receipt-1"), receiptInput(baht(10_000)))
        return { first, again, receipt, before, after: yield* counts }
      })
    )
    expect(outcome.again).toEqual(outcome.first)
    expect(outcome.again).toBeInstanceOf(FundRequest.Request)
    expect(outcome.receipt).toMatchObject({ id: "RC-1", recordedAt: "2022-01-05T03:00:00.000Z" })
    expect(outcome.after).toEqual(outcome.before)
    expect(outcome.before.entries).toBe(2)
  })

  it("returns the first result of a transition even after the request moved on", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* funded
        const first = yield* FundCommands.approve(m1, key("a1"), r1)
        yield* FundCommands.approve(m2, key("a2"), r1)
        const before = yield* counts
        return { first, again: yield* FundCommands.approve(m1, key("a1"), r1), before, after: yield* counts }
      })
    )
    expect(outcome.again).toEqual(outcome.first)
    expect(outcome.again.state._tag).toBe("requested")
    expect(outcome.after).toEqual(outcome.before)
  })

  it("refuses a key reused for different content, or by a different actor, and writes nothing", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* funded
        const before = yield* counts
        const amount = yield* Effect.flip(FundCommands.request(mentor, key("request-1"), requestInput(baht(1_600))))
        const command = yield* Effect.flip(FundCommands.approve(m1, key("request-1"), r1))
        const actor = yield* Effect.flip(FundCommands.recordReceipt({ ...treasurer, id: "t2" }, key("receipt-1"), receiptInput(baht(10_000))))
        return { amount, command, actor, before, after: yield* counts }
      })
    )
    expect(outcome.amount).toMatchObject({ _tag: "KeyReused", key: "request-1", command: "request" })
    expect(outcome.amount.message).toBe("idempotency key request-1 was already used for a different request")
    expect(outcome.command).toMatchObject({ _tag: "KeyReused", key: "request-1", command: "request" })
    expect(outcome.actor).toMatchObject({ _tag: "KeyReused", key: "receipt-1", command: "recordReceipt" })
    expect(outcome.after).toEqual(outcome.before)
  })

  it("records nothing for a refused command, so its key can be retried once the books allow it", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* FundCommands.request(mentor, key("request-1"), requestInput(baht(1_500)))
        yield* FundCommands.approve(m1, key("a1"), r1)
        const refused = yield* Effect.flip(FundCommands.approve(m2, key("a2"), r1))
        const afterRefusal = yield* counts
        yield* FundCommands.recordReceipt(treasurer, key("receipt-1"), receiptInput(baht(2_000)))
        const retried = yield* FundCommands.approve(m2, key("a2"), r1)
        return { refused, afterRefusal, retried }
      })
    )
    expect(outcome.refused._tag).toBe("InsufficientFunds")
    expect(outcome.afterRefusal).toMatchObject({ movements: 0, entries: 2 })
    expect(outcome.retried.state._tag).toBe("reserved")
  })

  it("runs the same key sent twice at once only once", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const results = yield* Effect.all(
          [1, 2, 3].map(() => FundCommands.recordReceipt(treasurer, key("receipt-1"), receiptInput(baht(500)))),
          { concurrency: "unbounded" }
        )
        return { results, counts: yield* counts }
      })
    )
    expect(outcome.results.map((r) => r.id)).toEqual(["RC-1", "RC-1", "RC-1"])
    expect(outcome.counts).toMatchObject({ receipts: 1, movements: 1, entries: 1, balances: { bank: baht(500) } })
  })
})

describe("FundCommands under concurrency", () => {
  it("never lets approvals racing for the same money overdraw the pool", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* FundCommands.recordReceipt(treasurer, key("receipt-1"), receiptInput(baht(10_000)))
        for (const n of [1, 2, 3, 4, 5]) {
          yield* FundCommands.request(mentor, key(`request-${n}`), requestInput(baht(3_000), { houseCode: `3301000000${n}` }))
          yield* FundCommands.approve(m1, key(`a-${n}`), { request: FundRequest.id(n) })
        }
        const results = yield* Effect.all(
          [1, 2, 3, 4, 5].map((n) => Effect.either(FundCommands.approve(m2, key(`b-${n}`), { request: FundRequest.id(n) }))),
          { concurrency: "unbounded" }
        )
        return { results, balances: yield* FundCommands.balances }
      })
    )
    const tags = outcome.results.map((r) => (r._tag === "Right" ? r.right.state._tag : r.left._tag)).sort()
    expect(tags).toEqual(["InsufficientFunds", "InsufficientFunds", "reserved", "reserved", "reserved"])
    expect(outcome.balances.pools).toEqual([{ pool: unrestricted, available: baht(1_000), reserved: baht(9_000), spent: 0 }])
  })
})

describe("the fund's reads and the access policy", () => {
  it("give the committee's report, contributors, pledges and reconciliation to the fund's people only; the public report to anyone", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* FundCommands.recordReceipt(treasurer, key("k0"), receiptInput(baht(2_000)))
        const refused = yield* Effect.all([
          Effect.flip(FundCommands.committeeReport(mentor)),
          Effect.flip(FundCommands.contributors(mentor)),
          Effect.flip(FundCommands.pledges(mentor, "2022-03-01" as never)),
          Effect.flip(FundCommands.reconcile(mentor, []))
        ])
        const committee = yield* FundCommands.committeeReport(m1)
        const reconciled = yield* FundCommands.reconcile(treasurer, [])
        const published = yield* FundCommands.publicReport
        return { refused, committee, reconciled, published }
      })
    )
    expect(outcome.refused.map((e) => [e._tag, "action" in e ? e.action : ""])).toEqual([
      ["NotPermitted", "readFund"],
      ["NotPermitted", "readFund"],
      ["NotPermitted", "readFund"],
      ["NotPermitted", "reconcile"]
    ])
    expect(outcome.committee.pending).toEqual([])
    expect(outcome.reconciled).toMatchObject({ matched: [], mismatched: [], unmatchedLines: [] })
    expect(JSON.stringify(outcome.published)).not.toMatch(/330\d{8}/)
  })
})

describe("FundCommands.requests and receipts", () => {
  it("mask a citizen ID written into a request's reference, a rejection's or a reversal's reason; the books keep them as written", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const receipt = yield* FundCommands.recordReceipt(treasurer, key("rc-1"), receiptInput(baht(10_000)))
        yield* FundCommands.reverseReceipt(treasurer, key("rc-1-x"), { receipt: receipt.id, reason: "โอนจาก 1101700230708 ผิดบัญชี" })
        yield* FundCommands.request(mentor, key("r-1"), requestInput(baht(1_000), { reference: "ชุดนักเรียนของ 1-1017-00230-70-8" }))
        yield* FundCommands.reject(m1, key("x-1"), { request: FundRequest.id(1), reason: "ซ้ำกับ 1 1017 00230 70 8" })
        const store = yield* FundStore.FundStore
        return {
          requests: yield* FundCommands.requests(m1),
          receipts: yield* FundCommands.receipts(treasurer),
          stored: (yield* store.requests())[0]!,
          refused: yield* Effect.flip(FundCommands.requests(mentor))
        }
      })
    )
    const [request] = outcome.requests
    expect(request!.reference).toBe("ชุดนักเรียนของ x-xxxx-xxxxx-70-8")
    expect(request!.state).toMatchObject({ _tag: "rejected", reason: "ซ้ำกับ x-xxxx-xxxxx-70-8" })
    expect(outcome.receipts[0]!.reversal?.reason).toBe("โอนจาก x-xxxx-xxxxx-70-8 ผิดบัญชี")
    expect(outcome.stored.reference).toBe("ชุดนักเรียนของ 1-1017-00230-70-8")
    expect(outcome.refused).toMatchObject({ _tag: "NotPermitted", action: "readFund" })
  })
})
