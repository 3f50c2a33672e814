/**
 * Test builders for the fund: settings (2 of 3), the people who act on it, decoded inputs,
 * and a runner over the in-memory books with a pinned clock.
 */
import { Effect, Either, Schema, TestClock, TestContext } from "effect"
import { Access, Actor, AccessMemory, FundMemory, FundRequest, FundStore, Idempotency, Ledger, Pool, Receipt, Registry, RegistryMemory, Satang } from "../src/index.js"
import { citizenId, head, household, valid } from "./fixtures.js"

export const baht = (n: number) => (n * 100) as Satang.Satang

export const settings: FundRequest.Settings = Schema.decodeSync(FundRequest.Settings)({
  quorum: 2,
  committee: ["m1", "m2", "m3"],
  treasurers: ["t1"],
  ceilingPerRequest: baht(3_000),
  capPerHouseholdPerFiscalYear: baht(9_000)
})

const person = (id: string, role: Actor.Role, scope: ReadonlyArray<string> = [""]): Actor.Actor => ({ id, role, scope })

export const treasurer = person("t1", "treasurer")
export const m1 = person("m1", "fundCommittee")
export const m2 = person("m2", "fundCommittee")
export const m3 = person("m3", "fundCommittee")
/** A mentor team of district 3301. */
export const mentor = person("mentor-3301", "mentor", ["3301"])
/** The provincial centre: sets the fund's first settings and proposes changes. */
export const province = person("pc-1", "provincialCentre")
/** Stored users who may take new seats: two more committee members and a treasurer. */
export const m4 = person("m4", "fundCommittee")
export const m5 = person("m5", "fundCommittee")
export const t2 = person("t2", "treasurer")

/** The stored users the fund's seats are checked against. */
export const users = AccessMemory.users([treasurer, m1, m2, m3, m4, m5, t2, mentor, province])

export const key = (text: string) => text as Idempotency.Key

/** Thursday 5 January 2022, 10:00 in Thailand: fiscal 2565. */
export const t0 = Date.UTC(2022, 0, 5, 3)
export const at = new Date(t0).toISOString()

export const unrestricted: Pool.Pool = {}
export const uniforms = Schema.decodeSync(Pool.Pool)({ purpose: "school-uniforms" })
export const district3301 = Schema.decodeSync(Pool.Pool)({ area: "3301" })

export const receiptInput = (amount: Satang.Satang, pool: Pool.Pool = unrestricted, extra: Partial<Receipt.Input> = {}): Receipt.Input =>
  Schema.decodeSync(Receipt.Input)({ bankReference: "KTB-0001", valueDate: "2022-01-05", amount, pool, ...extra })

export const requestInput = (amount: Satang.Satang, extra: Record<string, unknown> = {}): FundRequest.Input =>
  Schema.decodeSync(FundRequest.Input)({
    houseCode: "33010000001",
    villageCode: "33010101",
    purpose: "school-uniforms",
    reference: "plan action 2: school uniforms for two children",
    pool: {},
    amount,
    ...extra
  })

/** A request as `FundRequest.open` makes it, without the store. */
export const opened = (amount: Satang.Satang, extra: Partial<ConstructorParameters<typeof FundRequest.Request>[0]> = {}) =>
  new FundRequest.Request({
    ...requestInput(amount),
    id: FundRequest.id(1),
    requester: mentor.id,
    requestedAt: at,
    requestedOn: "2022-01-05" as never,
    approvals: [],
    state: { _tag: "requested" },
    ...extra
  })

/** A pool balance with `available` money. */
export const holding = (available: Satang.Satang, pool: Pool.Pool = unrestricted): Ledger.PoolBalance => ({
  ...Ledger.emptyPool(pool),
  available
})

/** The right side of a rule's result, or a failed test. */
export const ok = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected success, got ${String(result.left)}`)
  return result.right
}

/** The refusal of a rule's result, or a failed test. */
export const refused = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error("expected a refusal")
  return result.left
}

/** The households the fund's tests ask for, each in round 2564 of the registry (a request for a house in no round is refused). */
export const registered: ReadonlyArray<readonly [houseCode: string, villageCode: string]> = [
  ["33010000001", "33010101"],
  ["33010000002", "33010102"],
  ["33010000003", "33010101"],
  ["33010000004", "33010101"],
  ["33010000005", "33010101"],
  ["33020000003", "33020101"]
]

const seedRegistry = Effect.flatMap(Registry.HouseholdRegistry, (registry) =>
  registry.upsert(
    2564,
    registered.map(([houseCode, villageCode], i) => valid(household({ houseCode, villageCode, members: [head({ citizenId: citizenId(9_000 + i) })] })))
  ))

/** Runs a program over fresh, never configured in-memory books (and a registry holding `registered`) with the clock at `t0`. */
export const runUnconfigured = <A, E>(program: Effect.Effect<A, E, FundStore.FundStore | Access.Users | Registry.HouseholdRegistry>): Promise<A> =>
  Effect.runPromise(
    Effect.zipRight(Effect.zipRight(TestClock.setTime(t0), seedRegistry), program).pipe(
      Effect.provide(FundMemory.layerMemory),
      Effect.provide(RegistryMemory.layerMemory),
      Effect.provide(users),
      Effect.provide(TestContext.TestContext)
    )
  )

/** Runs a program over fresh in-memory books holding `settings` (put straight in: no command, no key used), the clock at `t0`. */
export const run = <A, E>(program: Effect.Effect<A, E, FundStore.FundStore | Access.Users | Registry.HouseholdRegistry>): Promise<A> =>
  runUnconfigured(Effect.zipRight(Effect.flatMap(FundStore.FundStore, (store) => store.transact((tx) => tx.putSettings(settings))), program))
