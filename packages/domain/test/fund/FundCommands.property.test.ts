/**
 * Random sequences of the fund's commands (receipts and their reversals, pledges,
 * requests, approvals by any member or the requester, rejections, payments,
 * cancellations, commands sent together, one key sent twice at once, replayed keys and
 * keys reused for other content) over the in-memory books, with the fund's invariants checked after every step.
 */
import { Clock, Effect, Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Actor, Contributor, FiscalYear, FundCommands, FundRequest, FundStore, Idempotency, Ledger, Pledge, Pool, Receipt, type Registry } from "../../src/index.js"
import { key, run } from "../fundFixtures.js"

const committee = ["m1", "m2", "m3", "m4"]

const actors: Record<string, Actor.Actor> = {
  m1: { id: "m1", role: "fundCommittee", scope: [""] },
  m2: { id: "m2", role: "fundCommittee", scope: [""] },
  m3: { id: "m3", role: "fundCommittee", scope: [""] },
  m4: { id: "m4", role: "fundCommittee", scope: [""] },
  t1: { id: "t1", role: "treasurer", scope: [""] },
  "mentor-3301": { id: "mentor-3301", role: "mentor", scope: ["3301"] },
  "officer-3302": { id: "officer-3302", role: "agencyOfficer", scope: ["3302"] }
}
const anyone = fc.constantFrom(...Object.keys(actors))

const settingsArb: fc.Arbitrary<FundRequest.Settings> = fc
  .integer({ min: 1, max: 4 })
  .chain((n) =>
    fc.record({
      quorum: fc.integer({ min: 1, max: n }),
      committee: fc.constant(committee.slice(0, n)),
      treasurers: fc.constant(["t1"]),
      ceilingPerRequest: fc.integer({ min: 20_000, max: 200_000 }),
      capPerHouseholdPerFiscalYear: fc.integer({ min: 20_000, max: 300_000 })
    })
  )
  .map((s) => s as unknown as FundRequest.Settings)

const households = [
  { houseCode: "33010000001", villageCode: "33010101" },
  { houseCode: "33010000002", villageCode: "33010102" },
  { houseCode: "33020000003", villageCode: "33020101" }
]
const pools = [{}, { purpose: "school-uniforms" }, { area: "3301" }, { purpose: "housing-repair", area: "3302" }] as ReadonlyArray<Pool.Pool>
// Mostly unrestricted money and requests that pass, so that requests get far in their life.
const pool = fc.oneof({ weight: 3, arbitrary: fc.constant(pools[0]!) }, { weight: 2, arbitrary: fc.constantFrom(...pools) })
const day = fc.integer({ min: 1, max: 28 }).map((d) => `2022-10-${String(d).padStart(2, "0")}`)
/**
 * A request, receipt or pledge named by a command, chosen when it runs among those that
 * exist (a number) so that most commands name something real; -1 names one that does not.
 */
const ref = fc.oneof({ weight: 12, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.constant(-1) })

/** A command as sent: its name, who sends it and its input. */
type Command =
  | { readonly _tag: "recordReceipt"; readonly actor: string; readonly input: Receipt.Input }
  | { readonly _tag: "reverseReceipt"; readonly actor: string; readonly input: FundCommands.ReverseReceipt }
  | { readonly _tag: "pledge"; readonly actor: string; readonly input: Pledge.Input }
  | { readonly _tag: "request"; readonly actor: string; readonly input: FundRequest.Input }
  | { readonly _tag: "approve"; readonly actor: string; readonly input: FundCommands.Approve }
  | { readonly _tag: "reject"; readonly actor: string; readonly input: FundCommands.Reject }
  | { readonly _tag: "pay"; readonly actor: string; readonly input: FundCommands.Pay }
  | { readonly _tag: "cancel"; readonly actor: string; readonly input: FundCommands.Cancel }

/**
 * A command before its references are chosen: `request`, `receipt` and `pledge` are `ref`s,
 * and an actor given as a number is that member of the run's committee.
 */
interface Plan {
  readonly _tag: Command["_tag"]
  readonly actor: string | number
  readonly input: Readonly<Record<string, unknown>>
}

const plan = <T extends Command["_tag"]>(_tag: T, actor: fc.Arbitrary<string | number>, input: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Plan> =>
  fc.record({ _tag: fc.constant(_tag), actor, input })

const member = fc.oneof({ weight: 4, arbitrary: fc.nat() }, { weight: 1, arbitrary: anyone })

const receiptPlan = plan(
  "recordReceipt",
  fc.constantFrom("t1", "t1", "t1", "m1"),
  fc.record(
    {
      bankReference: fc.constantFrom("KTB-1", "KTB-2", "SCB-3"),
      valueDate: day,
      amount: fc.integer({ min: 1_000, max: 400_000 }),
      pool,
      pledge: ref
    },
    { requiredKeys: ["bankReference", "valueDate", "amount", "pool"] }
  )
)

const requestPlan = plan(
  "request",
  fc.constantFrom("mentor-3301", "mentor-3301", "mentor-3301", "m1", "m2", "officer-3302"),
  fc
    .record(
      {
        household: fc.constantFrom(...households),
        purpose: fc.constantFrom("school-uniforms", "housing-repair"),
        reference: fc.constant("plan action 1"),
        pool,
        amount: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1_000, max: 60_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 300_000 }) })
      },
      { requiredKeys: ["household", "purpose", "pool", "amount"] }
    )
    .map(({ household, ...rest }) => ({ ...household, ...rest }))
)

/** A request that passes its opening checks under any settings generated here. */
const plainRequest = plan(
  "request",
  fc.constant("mentor-3301"),
  fc.record({
    household: fc.constantFrom(households[0]!, households[1]!),
    purpose: fc.constant("school-uniforms"),
    pool: fc.constant({}),
    amount: fc.integer({ min: 1_000, max: 20_000 })
  }).map(({ household, ...rest }) => ({ ...household, ...rest }))
)

const command: fc.Arbitrary<Plan> = fc.oneof(
  { weight: 3, arbitrary: receiptPlan },
  { weight: 1, arbitrary: plan("reverseReceipt", fc.constantFrom("t1", "t1", "m2"), fc.record({ receipt: ref, reason: fc.constant("recorded twice") })) },
  {
    weight: 1,
    arbitrary: plan(
      "pledge",
      anyone,
      fc.record({ contributor: fc.constantFrom("c-1", "c-2"), amount: fc.integer({ min: 1, max: 1_000_000 }), due: day, pledgedOn: fc.constant("2022-09-20") })
    )
  },
  { weight: 4, arbitrary: requestPlan },
  { weight: 8, arbitrary: plan("approve", member, fc.record({ request: ref })) },
  {
    weight: 1,
    arbitrary: plan("reject", member, fc.record({ request: ref, reason: fc.constantFrom("not a target household", "paid by another agency") }))
  },
  {
    weight: 3,
    arbitrary: plan(
      "pay",
      fc.constantFrom("t1", "t1", "m1"),
      fc.record({ request: ref, transferReference: fc.constantFrom("TRF-1", "TRF-2"), paidOn: day })
    )
  },
  { weight: 2, arbitrary: plan("cancel", fc.oneof(member, fc.constant("mentor-3301")), fc.record({ request: ref })) }
)

type Step =
  | { readonly _tag: "fresh"; readonly command: Plan; readonly hours: number }
  | { readonly _tag: "together"; readonly commands: ReadonlyArray<Plan>; readonly hours: number }
  /** One command sent twice at once under one key, as a client retrying too early would. */
  | { readonly _tag: "twice"; readonly command: Plan; readonly hours: number }
  | { readonly _tag: "replay"; readonly pick: number; readonly hours: number }
  | { readonly _tag: "reuse"; readonly pick: number; readonly command: Plan; readonly hours: number }

const hours = fc.integer({ min: 0, max: 72 })
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ _tag: fc.constant("fresh" as const), command, hours }) },
  { weight: 2, arbitrary: fc.record({ _tag: fc.constant("together" as const), commands: fc.array(command, { minLength: 2, maxLength: 4 }), hours }) },
  { weight: 1, arbitrary: fc.record({ _tag: fc.constant("twice" as const), command, hours }) },
  { weight: 3, arbitrary: fc.record({ _tag: fc.constant("replay" as const), pick: fc.nat(), hours }) },
  { weight: 2, arbitrary: fc.record({ _tag: fc.constant("reuse" as const), pick: fc.nat(), command, hours }) }
)

/** The plan with its references chosen among the requests, receipts and pledges there are now. */
const resolve = (settings: FundRequest.Settings, p: Plan) =>
  Effect.gen(function* () {
    const store = yield* FundStore.FundStore
    const counts = {
      request: (yield* store.requests()).length,
      receipt: (yield* store.receipts()).length,
      pledge: (yield* store.pledges()).length
    }
    const prefix = { request: "R", receipt: "RC", pledge: "P" } as const
    const input: Record<string, unknown> = { ...p.input }
    for (const what of ["request", "receipt", "pledge"] as const) {
      const n = input[what]
      if (typeof n !== "number") continue
      const count = counts[what]
      input[what] = `${prefix[what]}-${n < 0 || count === 0 ? count + 1 : (n % count) + 1}`
    }
    const actor = typeof p.actor === "number" ? settings.committee[p.actor % settings.committee.length]! : p.actor
    return { ...p, actor, input } as Command
  })

/** Some money and some requests first, so that most runs get requests far in their life; then anything. */
const steps: fc.Arbitrary<ReadonlyArray<Step>> = fc
  .tuple(fc.array(receiptPlan, { minLength: 1, maxLength: 3 }), fc.array(plainRequest, { minLength: 1, maxLength: 3 }), fc.array(step, { maxLength: 50, size: "max" }))
  .map(([receipts, requests, rest]) => [...[...receipts, ...requests].map((command) => ({ _tag: "fresh" as const, command, hours: 0 })), ...rest])

const exec = (settings: FundRequest.Settings, c: Command, k: Idempotency.Key): Effect.Effect<unknown, { readonly _tag: string }, FundStore.FundStore | Registry.HouseholdRegistry> => {
  const actor = actors[c.actor]!
  switch (c._tag) {
    case "recordReceipt":
      return FundCommands.recordReceipt(actor, k, c.input)
    case "reverseReceipt":
      return FundCommands.reverseReceipt(actor, k, c.input)
    case "pledge":
      return FundCommands.pledge(actor, k, c.input)
    case "request":
      return FundCommands.request(actor, k, c.input)
    case "approve":
      return FundCommands.approve(actor, k, c.input)
    case "reject":
      return FundCommands.reject(actor, k, c.input)
    case "pay":
      return FundCommands.pay(actor, k, c.input)
    case "cancel":
      return FundCommands.cancel(actor, k, c.input)
  }
}

const content = (c: Command) => Idempotency.hash({ command: c._tag, actor: c.actor, input: c.input })

/** Everything a command could write, so "wrote nothing" is one comparison. */
const snapshot = Effect.gen(function* () {
  const store = yield* FundStore.FundStore
  return {
    movements: (yield* store.movements()).length,
    requests: yield* store.requests(),
    receipts: yield* store.receipts(),
    pledges: (yield* store.pledges()).length,
    entries: (yield* store.entries()).length,
    balances: yield* store.balances()
  }
})

/** How often the interesting paths were taken, over all runs: a generator that never reaches them would prove nothing. */
const seen = new Map<string, number>()
const count = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1)

const sum = (values: ReadonlyArray<number>) => values.reduce((n, v) => n + v, 0)

const checkInvariants = (settings: FundRequest.Settings, firstRuns: number) =>
  Effect.gen(function* () {
    const store = yield* FundStore.FundStore
    const movements = yield* store.movements()
    const requests = yield* store.requests()
    const receipts = yield* store.receipts()
    const entries = yield* store.entries()
    const postings = movements.flatMap((m) => m.postings)

    // Double entry: every movement balanced, and so the whole ledger.
    for (const m of movements) expect(Ledger.balanced(m), m.id).toBe(true)
    expect(sum(postings.filter((p) => p.side === "debit").map((p) => p.amount))).toBe(sum(postings.filter((p) => p.side === "credit").map((p) => p.amount)))
    expect(new Set(movements.map((m) => m.id)).size).toBe(movements.length)

    // Stored balances are the derivation from postings, and nothing is overdrawn.
    const derived = Ledger.balances(postings)
    expect(yield* FundCommands.balances).toEqual(derived)
    expect(derived.bank).toBeGreaterThanOrEqual(0)
    for (const p of derived.pools) {
      expect(p.available, Pool.key(p.pool)).toBeGreaterThanOrEqual(0)
      expect(p.reserved).toBeGreaterThanOrEqual(0)
    }

    // The books agree with the requests and receipts: reserved, spent and available per pool.
    for (const p of derived.pools) {
      const k = Pool.key(p.pool)
      const of = (state: string) => sum(requests.filter((r) => Pool.key(r.pool) === k && r.state._tag === state).map((r) => r.amount))
      const received = sum(receipts.filter((r) => Pool.key(r.pool) === k && r.reversal === undefined).map((r) => r.amount))
      expect({ reserved: p.reserved, spent: p.spent, available: p.available }).toEqual({
        reserved: of("reserved"),
        spent: of("paid"),
        available: received - of("reserved") - of("paid")
      })
    }

    // No request paid twice: one payment movement per paid request, none for any other.
    const payments = movements.filter((m) => m.kind === "payment").map((m) => m.id)
    expect(payments.sort()).toEqual(requests.filter((r) => r.state._tag === "paid").map((r) => `${r.id}:payment`).sort())

    // Every reversal nets to zero with what it reverses.
    for (const r of movements.filter((m) => m.kind === "reversal")) {
      const original = movements.find((m) => m.id === r.reverses)
      expect(original, r.id).toBeDefined()
      for (const t of Ledger.totals([...original!.postings, ...r.postings])) expect(t.debits).toBe(t.credits)
    }

    // Money was reserved only at a quorum of distinct members, never counting the requester,
    // within the ceiling and the household's cap for the fiscal year.
    const committed = new Map<string, number>()
    for (const r of requests) {
      const members = r.approvals.map((a) => a.member)
      expect(new Set(members).size).toBe(members.length)
      expect(members).not.toContain(r.requester)
      for (const m of members) expect(settings.committee).toContain(m)
      if (r.state._tag === "requested" || (r.state._tag === "rejected" && r.state.release === undefined)) continue
      expect(members.length, r.id).toBeGreaterThanOrEqual(settings.quorum)
      expect(r.amount).toBeLessThanOrEqual(settings.ceilingPerRequest)
      if (r.state._tag === "reserved" || r.state._tag === "paid") {
        const k = `${r.houseCode}/${FiscalYear.of(r.requestedOn)}`
        committed.set(k, (committed.get(k) ?? 0) + r.amount)
      }
    }
    for (const [k, amount] of committed) expect(amount, k).toBeLessThanOrEqual(settings.capPerHouseholdPerFiscalYear)

    // One entry per key, one per command that did something.
    expect(new Set(entries.map((e) => e.key)).size).toBe(entries.length)
    expect(entries.length).toBe(firstRuns)
  })

/**
 * A clock moved by hand. `TestClock.adjust` also runs the scheduled sleeps of every fiber,
 * which costs milliseconds a step; nothing here sleeps.
 */
const handClock = (start: number) => {
  let now = start
  const clock: Clock.Clock = {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => now,
    currentTimeMillis: Effect.sync(() => now),
    unsafeCurrentTimeNanos: () => BigInt(now) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(now) * 1_000_000n),
    sleep: () => Effect.void
  }
  return { clock, advance: (hours: number) => Effect.sync(() => void (now += hours * 3_600_000)) }
}

const simulate = (settings: FundRequest.Settings, steps: ReadonlyArray<Step>) =>
  Effect.gen(function* () {
    const { advance, clock } = handClock(Date.UTC(2022, 8, 20, 2))
    const done: Array<{ readonly key: Idempotency.Key; readonly command: Command; readonly result: unknown }> = []
    let next = 0
    const send = (c: Command, k: Idempotency.Key) => Effect.either(Effect.withClock(exec(settings, c, k), clock))
    yield* (yield* FundStore.FundStore).transact((tx) => tx.putSettings(settings))
    // c-1 is known; pledges to c-2, which is not, are refused.
    yield* FundCommands.addContributor(Actor.system(), key("contributor-c-1"), new Contributor.Contributor({ id: "c-1" as Contributor.ContributorId, kind: "company", displayName: "บริษัท ศรีสะเกษรุ่งเรือง จำกัด", anonymous: false }))
    const fresh = (p: Plan) =>
      Effect.gen(function* () {
        const k = key(`k${next++}`)
        const c = yield* resolve(settings, p)
        const result = yield* send(c, k)
        if (Either.isRight(result)) done.push({ key: k, command: c, result: result.right })
        count(Either.isRight(result) ? `${c._tag} done` : result.left._tag)
      })
    for (const s of steps) {
      yield* advance(s.hours)
      const before = yield* snapshot
      switch (s._tag) {
        case "fresh": {
          yield* fresh(s.command)
          // A pledge never moves a balance, whether it was taken or refused.
          if (s.command._tag === "pledge") expect((yield* snapshot).balances).toEqual(before.balances)
          break
        }
        case "together": {
          yield* Effect.all(s.commands.map(fresh), { concurrency: "unbounded", discard: true })
          count("together")
          break
        }
        case "twice": {
          const k = key(`k${next++}`)
          const c = yield* resolve(settings, s.command)
          const [a, b] = yield* Effect.all([send(c, k), send(c, k)], { concurrency: "unbounded" })
          // Both get the one result, or both the same refusal (a refusal records nothing).
          expect(Either.isRight(a) ? a.right : a.left._tag).toEqual(Either.isRight(b) ? b.right : b.left._tag)
          if (Either.isRight(a)) done.push({ key: k, command: c, result: a.right })
          count("twice")
          break
        }
        case "replay": {
          const first = done[s.pick % Math.max(done.length, 1)]
          if (first === undefined) break
          const again = yield* send(first.command, first.key)
          expect(Either.isRight(again) && again.right).toEqual(first.result)
          expect(yield* snapshot).toEqual(before)
          count("replay")
          break
        }
        case "reuse": {
          const first = done[s.pick % Math.max(done.length, 1)]
          const other = yield* resolve(settings, s.command)
          if (first === undefined || content(first.command) === content(other)) break
          const again = yield* send(other, first.key)
          expect(Either.isLeft(again) && again.left).toMatchObject({ _tag: "KeyReused", key: first.key, command: first.command._tag })
          expect(yield* snapshot).toEqual(before)
          count("reuse")
          break
        }
      }
      yield* checkInvariants(settings, done.length + 1) // and the contributor's
    }
    const requests = yield* (yield* FundStore.FundStore).requests()
    for (const r of requests) count(`state ${r.state._tag}`)
  })

describe("FundCommands over random sequences", () => {
  it("never overdraws a pool, keeps the books balanced and equal to their derivation, and does one thing per key", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(settingsArb, steps, (settings, steps) => run(simulate(settings, steps))),
      { numRuns: 200 }
    )
    // Each path the invariants speak of was taken somewhere.
    for (const what of [
      "state paid",
      "state reserved",
      "state cancelled",
      "state rejected",
      "pay done",
      "reverseReceipt done",
      "pledge done",
      "replay",
      "reuse",
      "together",
      "twice",
      "InsufficientFunds",
      "SelfApproval",
      "AlreadyApproved",
      "OverCeiling",
      "OverHouseholdCap",
      "PoolRestricted",
      "OutOfScope",
      "InvalidTransition",
      "NotPermitted",
      "AlreadyReversed",
      "NotFound"
    ]) {
      expect(seen.get(what) ?? 0, what).toBeGreaterThan(0)
    }
  })
})
