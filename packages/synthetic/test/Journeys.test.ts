import { Actor, JourneyCommands, JourneyMemory, JourneyStore, RegistryMemory, RoundEvaluation, RuleSet, SurveyImport } from "@phungpao/domain"
import { Effect, TestContext } from "effect"
import { describe, expect, it } from "vitest"
import { generate, Journeys } from "../src/index.js"

const system = Actor.system()

/** The memory store's adapter: a program runs as it is, and the store numbers on by itself. */
const memory: Journeys.Adapter<JourneyStore.JourneyStore> = { batch: (program) => program, raiseSequences: () => Effect.void }

/**
 * 2,000 households of Sisaket imported into round 2564 and evaluated, the agencies seeded
 * (as a database's migration does), then the journey walked with `seed`: what the walk
 * says it did, and what the store holds after it.
 */
const walk = (seed: number, onDatabase = false) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const records = [...generate({ province: "33", households: 2000, seed: 1 })].map((value, i) => ({ line: i + 1, value }))
      yield* SurveyImport.batch(system, 2564, records)
      yield* RoundEvaluation.run(system, 2564, RuleSet.tpmap2565)
      yield* JourneyCommands.seedAgencies(system)
      const walked = yield* Journeys.run(system, 2564, "33", seed, memory, onDatabase)
      const store = yield* JourneyStore.JourneyStore
      return { walked, facts: yield* store.facts(""), logbook: yield* store.logbook(""), teams: yield* store.teams(""), users: yield* store.users() }
    }).pipe(Effect.provide(JourneyMemory.layerMemory), Effect.provide(RegistryMemory.layerMemory), Effect.provide(TestContext.TestContext))
  )

describe("Journeys.run", () => {
  it("enrols the round's targets and takes them along the journey through the domain's commands", async () => {
    const { walked, facts, logbook, teams } = await walk(7)
    expect(walked.households).toBeGreaterThan(0)
    expect(walked.enrolled).toBe(walked.households)
    expect(facts).toHaveLength(walked.households)
    expect(walked.commands).toBeGreaterThan(walked.households)
    expect(logbook).toHaveLength(walked.entries)
    expect(logbook.filter((e) => e.reverses !== undefined)).toHaveLength(walked.reversals)
    expect(facts.flatMap((f) => f.visits)).toHaveLength(walked.visits)
    expect(teams.map((t) => t.kind)).toContain("mentor")
  })

  it("walks the same way for the same seed, and another way for another seed", async () => {
    const [a, again, other] = [await walk(7), await walk(7), await walk(8)]
    expect(again).toEqual(a)
    expect(other.logbook).not.toEqual(a.logbook)
  })

  it("ends in the same journey walked on the memory store and copied in as walked on the store itself", async () => {
    const [copied, direct] = [await walk(7), await walk(7, true)]
    expect(direct).toEqual(copied)
  })
})
