import { Actor, Agency, type Decision, JourneyCommands as J, JourneyStore, type Registry } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { Database, JourneySql } from "../src/index.js"
import { attempt } from "./engines.js"
import { at, entry } from "./fixtures.js"
import { journey } from "./JourneyEngines.js"


describe.each([
  ["SQLite", "sqlite"],
  ["PostgreSQL", "postgres"]
] as const)("JourneySql on %s", (_, engine) => {
  const run = <A>(program: Effect.Effect<A, never, JourneyStore.JourneyStore | Registry.HouseholdRegistry | Database.Database>) =>
    Effect.runPromise(Effect.provide(program, journey(engine)))


  it("refuses UPDATE and DELETE of logbook entries and idempotency entries at the database", () =>
    run(
      Effect.gen(function* () {
        const store = yield* JourneyStore.JourneyStore
        yield* store.transact((tx) =>
          Effect.all([
            tx.append(entry("L-1", 50_000)),
            tx.append(entry("L-2", -50_000, "L-1")),
            tx.record({ key: "k1" as never, command: "recordHelp", hash: "h", result: {}, at })
          ])
        )
        const refusals = {
          valueUpdate: yield* attempt("update journey_logbook set value = 0 where id = 'L-1'"),
          reversalUnlink: yield* attempt("update journey_logbook set reverses = null, reason = null"),
          deleteOne: yield* attempt("delete from journey_logbook where id = 'L-2'"),
          deleteAll: yield* attempt("delete from journey_logbook"),
          entryUpdate: yield* attempt("update journey_entry set hash = 'forged'"),
          entryDelete: yield* attempt("delete from journey_entry")
        }
        for (const [what, message] of Object.entries(refusals)) {
          expect([what, message]).toEqual([what, expect.stringMatching(/^journey_(logbook|entry) is append-only/)])
        }
        if (engine === "postgres") expect(yield* attempt("truncate journey_logbook")).toMatch(/journey_logbook is append-only/)
        expect((yield* store.logbook("")).map((e) => [e.id, e.value])).toEqual([["L-1", 50_000], ["L-2", -50_000]])
        // A reversal points at an entry that exists, and at most one reversal at each.
        expect(yield* attempt("insert into journey_logbook (id, house_code, village_code, given_on, kind, value, problems, budget_source, reverses, reason, recorded_by, recorded_at) values ('L-3', '33010100001', '33010101', '2022-08-13', 'cash', -50000, '[]', 'other', 'L-1', 'again', 'x', 'y')")).not.toBe("done")
        expect(yield* attempt("insert into journey_logbook (id, house_code, village_code, given_on, kind, value, problems, budget_source, reverses, reason, recorded_by, recorded_at) values ('L-4', '33010100001', '33010101', '2022-08-13', 'cash', -1, '[]', 'other', 'L-404', 'nothing', 'x', 'y')")).not.toBe("done")
        // Appending goes on as before.
        expect(yield* attempt("insert into journey_logbook (id, house_code, village_code, given_on, kind, value, problems, budget_source, recorded_by, recorded_at) values ('L-5', '33010100001', '33010101', '2022-08-13', 'cash', 1, '[]', 'other', 'x', 'y')")).toBe("done")
      })
    ))

  it("runs a batch as one transaction of savepoints: a refused command keeps nothing, a failed batch keeps nothing", () =>
    run(
      Effect.orDie(Effect.gen(function* () {
        const store = yield* JourneyStore.JourneyStore
        const actor = Actor.system("batch")
        const decision = (houseCode: string) =>
          ({ houseCode, surveyYear: 2565, ruleSet: "tpmap-2565", indicators: [{ indicator: 8, dimension: "living", status: "fail", members: [] }], failedDimensions: ["living"], deprivationScore: 0.2, surveyPoor: true, target: true, reasons: [] }) as unknown as Decision.Decision
        const evaluation = { ruleSetId: "tpmap-2565", ruleSetKey: "tpmap-2565", parameters: {} as never, evaluatedAt: at }
        yield* J.enrol(actor, 2565, ["33010100001", "33010100002"].map((h) => ({ decision: decision(h), villageCode: "33010101", persons: 2, evaluation })))
        const verify = (houseCode: string, k: string) => J.verify(actor, k as never, { houseCode: houseCode as never, outcome: "confirmed", on: "2022-08-01" as never })
        const kept = yield* JourneySql.batch(
          Effect.gen(function* () {
            yield* verify("33010100001", "v1")
            // Refused inside its savepoint after a write of its own would have been made.
            const refused = yield* Effect.flip(J.analyse(actor, "a2" as never, { houseCode: "33010100002" as never, on: "2022-08-02" as never }))
            const inBatch = yield* (yield* JourneyStore.JourneyStore).facts("")
            return { refused, verifiedInBatch: inBatch.filter((f) => f.household.verification !== undefined).length }
          })
        )
        expect(kept.refused).toMatchObject({ _tag: "StepRequired", houseCode: "33010100002" })
        expect(kept.verifiedInBatch).toBe(1)
        const failed = yield* Effect.flip(JourneySql.batch(Effect.zipRight(verify("33010100002", "v2"), Effect.fail("stop" as const))))
        expect(failed).toBe("stop")
        const facts = yield* store.facts("")
        expect(facts.map((f) => f.household.verification?.outcome ?? null)).toEqual(["confirmed", null])
        expect((yield* store.entries()).map((e) => e.key)).toEqual(["v1"])
      }))
    ))

  it("starts with the provincial agencies the domain seeds, by code", () =>
    run(
      Effect.gen(function* () {
        const store = yield* JourneyStore.JourneyStore
        const byCode = (list: ReadonlyArray<Agency.Agency>) => [...list].sort((a, b) => (a.code < b.code ? -1 : 1))
        expect(yield* store.agencies()).toEqual(byCode(Agency.seed))
      })
    ))

  it("keeps scores outside 1 to 5 and unknown steps out at the database", () =>
    run(
      Effect.gen(function* () {
        expect(yield* attempt("insert into journey_household (house_code, village_code, source, round, failed) values ('33010100001', '33010101', 'survey', 2565, '[]')")).toBe("done")
        expect(yield* attempt("insert into journey_capital (house_code, score_human) values ('33010100001', 6)")).not.toBe("done")
        expect(yield* attempt("insert into journey_household (house_code, village_code, source, round, failed) values ('33010100002', '33010101', 'rumour', 2565, '[]')")).not.toBe("done")
        expect(yield* attempt("insert into journey_problem (house_code, indicator, dimension, opened_on) values ('33019999999', 8, 'living', '2022-08-02')")).not.toBe("done")
      })
    ))
})
