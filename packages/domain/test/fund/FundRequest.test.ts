import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { CalendarDate, FundRequest, Ledger } from "../../src/index.js"
import { at, baht, district3301, holding, mentor, ok, opened, refused, requestInput, settings, uniforms } from "../fundFixtures.js"

const later = "2022-01-06T02:00:00.000Z"
const plenty = { balance: holding(baht(100_000)), household: [] }
const payment: FundRequest.Payment = { transferReference: "KTB-TRF-0042", paidOn: "2022-01-07" as CalendarDate.IsoDate }

/** A request after these members' approvals, with plenty of money in its pool. */
const approvedBy = (request: FundRequest.Request, ...members: Array<string>) =>
  members.reduce((r, member) => ok(FundRequest.approve(settings, r, member, at, plenty)).request, request)

const reserved = approvedBy(opened(baht(1_500)), "m1", "m2")
const paid = ok(FundRequest.pay(settings, reserved, "t1", payment, later)).request
const rejected = ok(FundRequest.reject(settings, opened(baht(1_500)), "m3", "not a target household", later)).request
const cancelled = ok(FundRequest.cancel(settings, reserved, mentor.id, later)).request

describe("FundRequest.Settings", () => {
  const decode = Schema.decodeUnknownSync(FundRequest.Settings)
  const base = { quorum: 2, committee: ["m1", "m2", "m3"], treasurers: ["t1"], ceilingPerRequest: 300_000, capPerHouseholdPerFiscalYear: 900_000 }

  it("takes a quorum of k of n members and positive limits", () => {
    expect(decode(base)).toEqual(base)
  })

  it("refuses a quorum larger than the committee, a member listed twice, or a limit of zero", () => {
    expect(() => decode({ ...base, quorum: 4 })).toThrow(/quorum 4 is more than the committee's 3 members/)
    expect(() => decode({ ...base, committee: ["m1", "m1", "m2"] })).toThrow(/a member twice/)
    expect(() => decode({ ...base, quorum: 0 })).toThrow()
    expect(() => decode({ ...base, ceilingPerRequest: 0 })).toThrow()
  })
})

describe("FundRequest.open", () => {
  const fields = { ...requestInput(baht(1_500)), id: FundRequest.id(1), requester: mentor.id, requestedAt: at, requestedOn: "2022-01-05" as CalendarDate.IsoDate }

  it("opens a request with no approvals", () => {
    const request = ok(FundRequest.open(settings, fields, []))
    expect(request).toMatchObject({ id: "R-1", amount: baht(1_500), requester: mentor.id, approvals: [], state: { _tag: "requested" } })
    expect(request.reference).toBe("plan action 2: school uniforms for two children")
  })

  it("draws on earmarked money only for its purpose and area", () => {
    expect(ok(FundRequest.open(settings, { ...fields, pool: uniforms }, [])).pool).toEqual(uniforms)
    expect(ok(FundRequest.open(settings, { ...fields, pool: district3301 }, [])).pool).toEqual(district3301)
    expect(refused(FundRequest.open(settings, { ...fields, ...requestInput(baht(1_500), { purpose: "housing-repair", pool: uniforms }) }, []))).toMatchObject({
      _tag: "PoolRestricted",
      pool: "purpose=school-uniforms",
      purpose: "housing-repair",
      villageCode: "33010101"
    })
    expect(refused(FundRequest.open(settings, { ...fields, ...requestInput(baht(1_500), { villageCode: "33020101", pool: district3301 }) }, []))).toMatchObject({
      _tag: "PoolRestricted",
      pool: "area=3301",
      villageCode: "33020101"
    })
  })

  it("refuses an amount over the ceiling per request, naming both", () => {
    const error = refused(FundRequest.open(settings, { ...fields, amount: baht(3_000.01) as never }, []))
    expect(error).toMatchObject({ _tag: "OverCeiling", amount: 300_001, ceiling: baht(3_000) })
    expect(error.message).toBe("3,000.01 baht is over the ceiling per request of 3,000.00 baht")
    expect(ok(FundRequest.open(settings, { ...fields, amount: baht(3_000) }, [])).amount).toBe(baht(3_000))
  })

  it("refuses what would take the household over its cap for the fiscal year, naming the cap and the amounts", () => {
    const household = [
      new FundRequest.Request({ ...paid, id: FundRequest.id(10), amount: baht(3_000) }),
      new FundRequest.Request({ ...reserved, id: FundRequest.id(11), amount: baht(3_000) }),
      new FundRequest.Request({ ...reserved, id: FundRequest.id(12), amount: baht(2_000) })
    ]
    const error = refused(FundRequest.open(settings, fields, household))
    expect(error).toMatchObject({ _tag: "OverHouseholdCap", houseCode: "33010000001", fiscalYear: 2565, cap: baht(9_000), committed: baht(8_000), amount: baht(1_500) })
    expect(error.message).toBe("household 33010000001 has 8,000.00 baht in fiscal 2565; 1,500.00 baht more is over the cap of 9,000.00 baht")
    expect(ok(FundRequest.open(settings, { ...fields, amount: baht(1_000) }, household)).amount).toBe(baht(1_000))
  })

  it("counts against the cap only reserved or paid requests of the same household dated in the same fiscal year", () => {
    const big = (extra: Partial<ConstructorParameters<typeof FundRequest.Request>[0]>) =>
      new FundRequest.Request({ ...reserved, id: FundRequest.id(20), amount: baht(3_000), ...extra })
    const household = [
      big({ id: FundRequest.id(21), state: { _tag: "requested" } }),
      big({ id: FundRequest.id(22), state: rejected.state }),
      big({ id: FundRequest.id(23), state: cancelled.state }),
      big({ id: FundRequest.id(24), requestedOn: "2021-09-30" as CalendarDate.IsoDate }),
      big({ id: FundRequest.id(25), requestedOn: "2022-10-01" as CalendarDate.IsoDate }),
      big({ id: FundRequest.id(26), houseCode: "33010000002" as never }),
      big({ id: FundRequest.id(27) }),
      big({ id: FundRequest.id(28), state: paid.state, requestedOn: "2021-10-01" as CalendarDate.IsoDate })
    ]
    expect(FundRequest.committed(household, "33010000001", 2565)).toBe(baht(6_000))
    expect(FundRequest.committed(household, "33010000001", 2565, FundRequest.id(27))).toBe(baht(3_000))
  })
})

describe("FundRequest.approve", () => {
  it("counts an approval below the quorum without moving money", () => {
    const { request, movements } = ok(FundRequest.approve(settings, opened(baht(1_500)), "m1", at, plenty))
    expect(request.approvals).toEqual([{ member: "m1", at }])
    expect(request.state).toEqual({ _tag: "requested" })
    expect(movements).toEqual([])
  })

  it("reserves the amount against the pool at the quorum", () => {
    const once = approvedBy(opened(baht(1_500)), "m1")
    const { request, movements } = ok(FundRequest.approve(settings, once, "m3", later, plenty))
    expect(request.approvals.map((a) => a.member)).toEqual(["m1", "m3"])
    expect(request.state).toEqual({ _tag: "reserved", reservation: "R-1:reservation" })
    expect(movements).toEqual([Ledger.reservation("R-1:reservation" as Ledger.MovementId, request.pool, baht(1_500), later)])
  })

  it("never lets the requester approve their own request", () => {
    const own = opened(baht(1_500), { requester: "m2" })
    expect(refused(FundRequest.approve(settings, own, "m2", at, plenty))).toMatchObject({ _tag: "SelfApproval", requestId: "R-1", memberId: "m2" })
    // The other two members still make the quorum.
    expect(approvedBy(own, "m1", "m3").state._tag).toBe("reserved")
  })

  it("lets a member approve only once", () => {
    const once = approvedBy(opened(baht(1_500)), "m1")
    expect(refused(FundRequest.approve(settings, once, "m1", later, plenty))).toMatchObject({ _tag: "AlreadyApproved", requestId: "R-1", memberId: "m1" })
  })

  it("refuses an approval by someone not on the committee", () => {
    expect(refused(FundRequest.approve(settings, opened(baht(1_500)), "t1", at, plenty))).toMatchObject({ _tag: "NotPermitted", actorId: "t1", action: "approve", requestId: "R-1" })
  })

  it("refuses the approval reaching the quorum when the pool's available money would go below zero, and does not count it", () => {
    const once = approvedBy(opened(baht(1_500)), "m1")
    const error = refused(FundRequest.approve(settings, once, "m2", later, { balance: holding(baht(1_499.99)), household: [] }))
    expect(error).toMatchObject({ _tag: "InsufficientFunds", movementId: "R-1:reservation", pool: "unrestricted", available: 149_999, amount: baht(1_500) })
    expect(ok(FundRequest.approve(settings, once, "m2", later, { balance: holding(baht(1_500)), household: [] })).request.state._tag).toBe("reserved")
  })

  it("checks the household cap again at the quorum: pending requests cannot together pass it", () => {
    const once = approvedBy(opened(baht(1_500)), "m1")
    const household = [new FundRequest.Request({ ...reserved, id: FundRequest.id(9), amount: baht(8_000) })]
    expect(refused(FundRequest.approve(settings, once, "m2", later, { ...plenty, household }))).toMatchObject({
      _tag: "OverHouseholdCap",
      committed: baht(8_000),
      amount: baht(1_500),
      cap: baht(9_000)
    })
  })

  it("refuses to approve a request that is no longer awaiting approval", () => {
    for (const request of [reserved, paid, rejected, cancelled]) {
      expect(refused(FundRequest.approve(settings, request, "m3", later, plenty))).toMatchObject({
        _tag: "InvalidTransition",
        requestId: "R-1",
        state: request.state._tag,
        action: "approve"
      })
    }
  })

  it("reserves at once with a quorum of one", () => {
    const one = { ...settings, quorum: 1 }
    expect(ok(FundRequest.approve(one, opened(baht(1_500)), "m1", at, plenty)).request.state._tag).toBe("reserved")
  })
})

describe("FundRequest.reject", () => {
  it("rejects an awaiting request with the member and the reason, moving no money", () => {
    const { request, movements } = ok(FundRequest.reject(settings, opened(baht(1_500)), "m3", "not a target household", later))
    expect(request.state).toEqual({ _tag: "rejected", by: "m3", reason: "not a target household", at: later })
    expect(movements).toEqual([])
  })

  it("releases the reservation of a request rejected after its quorum", () => {
    const { request, movements } = ok(FundRequest.reject(settings, reserved, "m3", "household moved away", later))
    expect(request.state).toEqual({ _tag: "rejected", by: "m3", reason: "household moved away", at: later, release: "R-1:release" })
    expect(movements).toEqual([Ledger.release("R-1:release" as Ledger.MovementId, reserved.pool, baht(1_500), later)])
  })

  it("makes rejection final, and refuses to reject a paid or cancelled request", () => {
    for (const request of [rejected, paid, cancelled]) {
      expect(refused(FundRequest.reject(settings, request, "m1", "again", later))).toMatchObject({ _tag: "InvalidTransition", state: request.state._tag, action: "reject" })
    }
  })

  it("refuses a rejection by someone not on the committee", () => {
    expect(refused(FundRequest.reject(settings, opened(baht(1_500)), mentor.id, "changed my mind", later))).toMatchObject({ _tag: "NotPermitted", actorId: mentor.id, action: "reject" })
  })
})

describe("FundRequest.pay", () => {
  it("pays a reserved request: the reservation becomes spending", () => {
    const { request, movements } = ok(FundRequest.pay(settings, reserved, "t1", payment, later))
    expect(request.state).toEqual({
      _tag: "paid",
      reservation: "R-1:reservation",
      payment: "R-1:payment",
      by: "t1",
      transferReference: "KTB-TRF-0042",
      paidOn: "2022-01-07",
      at: later
    })
    expect(movements).toEqual([Ledger.payment("R-1:payment" as Ledger.MovementId, reserved.pool, baht(1_500), later)])
  })

  it("refuses to pay a rejected request", () => {
    const error = refused(FundRequest.pay(settings, rejected, "t1", payment, later))
    expect(error).toMatchObject({ _tag: "InvalidTransition", requestId: "R-1", state: "rejected", action: "pay" })
    expect(error.message).toBe("request R-1 is rejected: it cannot pay")
  })

  it("refuses to pay a request twice, before its quorum, or after its cancellation", () => {
    for (const request of [paid, opened(baht(1_500)), approvedBy(opened(baht(1_500)), "m1"), cancelled]) {
      expect(refused(FundRequest.pay(settings, request, "t1", payment, later))).toMatchObject({ _tag: "InvalidTransition", state: request.state._tag })
    }
  })

  it("lets only a treasurer pay", () => {
    expect(refused(FundRequest.pay(settings, reserved, "m1", payment, later))).toMatchObject({ _tag: "NotPermitted", actorId: "m1", action: "pay" })
  })
})

describe("FundRequest.cancel", () => {
  it("cancels an approved unpaid request and releases its reservation", () => {
    const { request, movements } = ok(FundRequest.cancel(settings, reserved, "m2", later))
    expect(request.state).toEqual({ _tag: "cancelled", reservation: "R-1:reservation", release: "R-1:release", by: "m2", at: later })
    expect(movements).toEqual([Ledger.release("R-1:release" as Ledger.MovementId, reserved.pool, baht(1_500), later)])
    expect(cancelled.state).toMatchObject({ _tag: "cancelled", by: mentor.id })
  })

  it("refuses to cancel a request not approved yet, paid, rejected or cancelled", () => {
    for (const request of [opened(baht(1_500)), paid, rejected, cancelled]) {
      expect(refused(FundRequest.cancel(settings, request, "m1", later))).toMatchObject({ _tag: "InvalidTransition", state: request.state._tag, action: "cancel" })
    }
  })

  it("lets only the requester or a committee member cancel", () => {
    expect(refused(FundRequest.cancel(settings, reserved, "t1", later))).toMatchObject({ _tag: "NotPermitted", actorId: "t1", action: "cancel" })
  })
})
