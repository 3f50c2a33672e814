import { Effect, Layer, Option, TestClock, TestContext } from "effect"
import { describe, expect, it } from "vitest"
import { AccessMemory, Actor, ApiToken, Audit, type Idempotency, JourneyCommands, JourneyMemory } from "../../src/index.js"

const province = { id: "pc-33", role: "provincialCentre", scope: ["33"] } as const satisfies Actor.Actor
const district = { id: "dc-3301", role: "districtCentre", scope: ["3301"] } as const satisfies Actor.Actor
const auditor = { id: "auditor-33", role: "auditor", scope: ["33"] } as const satisfies Actor.Actor

const ports = Layer.mergeAll(AccessMemory.layerMemory, Layer.provideMerge(JourneyCommands.users, JourneyMemory.layerMemory))
const run = <A, E>(program: Effect.Effect<A, E, Layer.Layer.Success<typeof ports>>) =>
  Effect.runPromise(
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.UTC(2022, 7, 10))
      yield* JourneyCommands.putUser(Actor.system(), "u" as Idempotency.Key, { id: "dc-3301", name: "ศจพ.อ.", role: "districtCentre", scope: ["3301"] } as never)
      return yield* program
    }).pipe(Effect.provide(ports), Effect.provide(TestContext.TestContext))
  )

describe("ApiToken", () => {
  it("issues a token for a stored user that acts as them, keeping only its hash", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const issued = yield* ApiToken.issue(province, { user: "dc-3301", expiresDays: 30 })
        const stored = yield* (yield* ApiToken.Tokens).list()
        return { issued, stored, acting: yield* ApiToken.authenticate(issued.secret), listed: yield* ApiToken.list(province) }
      })
    )
    expect(outcome.issued.token).toEqual({ id: "T-1", user: "dc-3301", createdAt: "2022-08-10T00:00:00.000Z", createdBy: "pc-33", expiresAt: "2022-09-09T00:00:00.000Z" })
    expect(JSON.stringify(outcome.stored)).not.toContain(outcome.issued.secret)
    expect(outcome.stored[0]!.hash).not.toBe(outcome.issued.secret)
    expect(outcome.acting).toEqual(district)
    expect(outcome.listed).toEqual([outcome.issued.token])
  })

  it("acts as nobody without a token, or with an unknown, expired or revoked one", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const short = yield* ApiToken.issue(province, { user: "dc-3301", expiresDays: 1 })
        const other = yield* ApiToken.issue(province, { user: "dc-3301" })
        yield* ApiToken.revoke(province, other.token.id)
        yield* TestClock.adjust("25 hours")
        return yield* Effect.all([undefined, "", "nobody's", short.secret, other.secret].map((s) => Effect.flip(ApiToken.authenticate(s))))
      })
    )
    expect(outcome.map((e) => e.reason)).toEqual(["missing", "missing", "unknown", "expired", "revoked"])
  })

  it("is the provincial centre's to issue, list and revoke, for stored users only", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const byDistrict = yield* Effect.flip(ApiToken.issue(district, { user: "dc-3301" }))
        const nobody = yield* Effect.flip(ApiToken.issue(province, { user: "mallory" }))
        const listing = yield* Effect.flip(ApiToken.list(district))
        const unknown = yield* Effect.flip(ApiToken.revoke(province, "T-9" as ApiToken.TokenId))
        return { byDistrict, nobody, listing, unknown, stored: yield* (yield* ApiToken.Tokens).list() }
      })
    )
    expect(outcome.byDistrict).toMatchObject({ _tag: "NotPermitted", action: "manageTokens" })
    expect(outcome.nobody).toMatchObject({ _tag: "UnknownUser", id: "mallory" })
    expect(outcome.listing).toMatchObject({ _tag: "NotPermitted" })
    expect(outcome.unknown).toMatchObject({ _tag: "NotFound", what: "token", id: "T-9" })
    expect(outcome.stored).toEqual([])
  })
})

describe("Audit", () => {
  it("keeps who read personal data, when, through what and why, for the auditors to read", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* Audit.record(district, { action: "unmask", what: "GET /v1/households/{houseCode}", houseCodes: ["33010100001"], reason: "เยี่ยมบ้าน" })
        yield* TestClock.adjust("1 day")
        yield* Audit.record(province, { action: "unmask", what: "evaluate --round", houseCodes: [] })
        const all = yield* Audit.list(auditor)
        const since = yield* Audit.list(auditor, { since: "2022-08-11" })
        const byDistrict = yield* Audit.list(auditor, { actor: "dc-3301" })
        const refused = yield* Effect.flip(Audit.list(district))
        return { all, since, byDistrict, refused }
      })
    )
    expect(outcome.all).toEqual([
      { at: "2022-08-10T00:00:00.000Z", actor: "dc-3301", action: "unmask", what: "GET /v1/households/{houseCode}", houseCodes: ["33010100001"], reason: "เยี่ยมบ้าน" },
      { at: "2022-08-11T00:00:00.000Z", actor: "pc-33", action: "unmask", what: "evaluate --round", houseCodes: [] }
    ])
    expect(outcome.since.map((e) => e.actor)).toEqual(["pc-33"])
    expect(outcome.byDistrict.map((e) => e.actor)).toEqual(["dc-3301"])
    expect(outcome.refused).toMatchObject({ _tag: "NotPermitted", action: "readAudit" })
  })
})

describe("ApiToken.claim", () => {
  it("acts as the token's user, refuses a named user without their token or with another's, and leaves no token and no name to the app", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const issued = yield* ApiToken.issue(province, { user: "dc-3301" })
        return {
          token: yield* ApiToken.claim(issued.secret, undefined),
          checked: yield* ApiToken.claim(issued.secret, "dc-3301"),
          nameAlone: yield* Effect.flip(ApiToken.claim(undefined, "dc-3301")),
          another: yield* Effect.flip(ApiToken.claim(issued.secret, "m1")),
          forged: yield* Effect.flip(ApiToken.claim("php_forged", "dc-3301")),
          nobody: yield* ApiToken.claim(undefined, undefined)
        }
      })
    )
    expect(outcome.token).toEqual(Option.some(district))
    expect(outcome.checked).toEqual(Option.some(district))
    expect(outcome.nameAlone).toMatchObject({ _tag: "IdentityUnproven", claimed: "dc-3301" })
    expect(outcome.nameAlone).not.toHaveProperty("tokenUser")
    expect(outcome.another).toMatchObject({ _tag: "IdentityUnproven", claimed: "m1", tokenUser: "dc-3301" })
    expect(outcome.forged).toMatchObject({ _tag: "Unauthenticated", reason: "unknown" })
    expect(outcome.nobody).toEqual(Option.none())
  })
})
