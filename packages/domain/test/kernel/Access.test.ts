import { Effect, Either, Layer } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Access, Actor, Area, FundCommands, Idempotency, JourneyCommands, JourneyMemory, JourneyStore } from "../../src/index.js"

const person = (id: string, role: Actor.Role, scope: ReadonlyArray<string>): Actor.Actor => ({ id, role, scope })
const district = person("dc-3301", "districtCentre", ["3301"])

describe("Access.table", () => {
  it("names every journey command and every fund command, so no use case goes unchecked", () => {
    for (const command of JourneyStore.Command.literals) expect(Access.actions).toContain(command)
    for (const command of Idempotency.Command.literals) expect(Access.actions).toContain(command === "configure" ? "configureFund" : command)
    expect(JourneyCommands.roles.verify).toBe(Access.table.verify)
  })

  it("lets the system's operator do everything but take a seat the fund's settings give, or set those settings", () => {
    const seats = new Set(["recordReceipt", "reverseReceipt", "approve", "reject", "pay", "configureFund", "proposeSettings", "approveSettings"])
    for (const action of Access.actions) expect(Access.permits(Actor.system(), action)).toBe(!seats.has(action))
  })

  it("leaves the fund's settings to the provincial centre, and their approval to the committee", () => {
    const centre = person("pc-1", "provincialCentre", [""])
    const member = person("m1", "fundCommittee", ["33"])
    expect([Access.permits(centre, "configureFund"), Access.permits(centre, "proposeSettings"), Access.permits(centre, "approveSettings")]).toEqual([true, true, false])
    expect([Access.permits(member, "configureFund"), Access.permits(member, "proposeSettings"), Access.permits(member, "approveSettings")]).toEqual([false, false, true])
  })

  it("refuses a role without the right with the actor and the action", async () => {
    const officer = person("officer-health", "agencyOfficer", ["33"])
    const refusal = await Effect.runPromise(Effect.flip(Access.check(officer, "exportRound")))
    expect(refusal).toMatchObject({ _tag: "NotPermitted", actorId: "officer-health", action: "exportRound" })
    expect(Either.isRight(Effect.runSync(Effect.either(Access.check(officer, "recordHelp"))))).toBe(true)
  })
})

describe("Actor.narrow", () => {
  it("narrows to an area inside the scope, and never widens it", async () => {
    expect(await Effect.runPromise(Actor.narrow(district, "330101"))).toEqual({ ...district, scope: ["330101"] })
    for (const wider of ["33", "", "3302", "330201"]) {
      const refusal = await Effect.runPromise(Effect.flip(Actor.narrow(district, wider)))
      expect(refusal).toMatchObject({ _tag: "OutOfScope", actorId: "dc-3301", villageCode: wider })
    }
  })

  it("gives an actor whose every area lies inside the one it narrowed from (property)", () => {
    const codes = fc.constantFrom("33", "3301", "3302", "330101", "330102", "330201", "33010101", "33020101", "")
    fc.assert(
      fc.property(fc.array(codes, { minLength: 1, maxLength: 3 }), codes, (scope, area) => {
        const actor = person("u", "districtCentre", scope)
        const narrowed = Effect.runSync(Effect.either(Actor.narrow(actor, area)))
        if (Either.isLeft(narrowed)) return !Actor.inScope(actor, area)
        return narrowed.right.scope.every((a) => scope.some((s) => s === "" || Area.contains(s as Area.AreaCode, a as Area.AreaCode)))
      })
    )
  })
})

describe("Access.resolve over the journey's stored users", () => {
  it("gives a stored user's role and scope, and refuses an id nobody has", async () => {
    const outcome = await Effect.runPromise(
      Effect.gen(function* () {
        yield* JourneyCommands.putUser(Actor.system(), "u1" as Idempotency.Key, { id: "m1", name: "กรรมการ หนึ่ง", role: "fundCommittee", scope: ["33"] } as never)
        const m1 = yield* Access.resolve("m1")
        const nobody = yield* Effect.flip(Access.resolve("mallory"))
        return { m1, nobody }
      }).pipe(Effect.provide(Layer.provideMerge(JourneyCommands.users, JourneyMemory.layerMemory)))
    )
    expect(outcome.m1).toEqual({ id: "m1", role: "fundCommittee", scope: ["33"] })
    expect(outcome.nobody).toMatchObject({ _tag: "UnknownUser", id: "mallory" })
  })
})

describe("the refusals every context shares", () => {
  it("are one class per tag: the fund's and the journey's NotFound are the kernel's", () => {
    expect(FundCommands.NotFound).toBe(Access.NotFound)
    expect(JourneyCommands.roles).toBe(Access.table)
  })
})
