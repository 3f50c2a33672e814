import { Registry, RuleSet } from "@phungpao/domain"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { sql } from "kysely"
import pg from "pg"
import { describe, expect, it } from "vitest"
import { Database, RecordText, RegistrySql } from "../src/index.js"
import { type EngineName, postgresUrl, registry } from "./engines.js"
import { byHouseCode, record, synthetic, unusual } from "./fixtures.js"

/** Makes the database refuse one member mid-batch, as a full disk or a lost connection would. */
const poison = (engine: EngineName, citizenId: string) =>
  Effect.flatMap(Database.Database, (database) =>
    database.use(async (db) => {
      if (engine === "sqlite") {
        await sql`create trigger poison before insert on member when new.citizen_id = ${sql.lit(Number(citizenId))}
          begin select raise(abort, 'poisoned member'); end`.execute(db)
      } else {
        await sql`create function poison() returns trigger language plpgsql as $$
          begin if new.citizen_id = ${sql.lit(citizenId)} then raise exception 'poisoned member'; end if; return new; end $$`.execute(db)
        await sql`create trigger poison before insert on member for each row execute function poison()`.execute(db)
      }
    })
  )

describe.each<[string, EngineName]>([
  ["SQLite", "sqlite"],
  ["PostgreSQL", "postgres"]
])("RegistrySql on %s", (_, engine) => {
  it("keeps each household's record as one text and finds its members by citizen ID", async () => {
    const records = [...unusual, ...synthetic(5, { seed: 17 })]
    const { households, members } = await Effect.runPromise(
      Effect.gen(function* () {
        yield* Effect.flatMap(Registry.HouseholdRegistry, (registry) => registry.upsert(2564, records))
        const database = yield* Database.Database
        return yield* database.use(async (db) => ({
          households: await db.selectFrom("household").selectAll().orderBy("house_code").execute(),
          members: await db.selectFrom("member").selectAll().orderBy("house_code").orderBy("ordinal").execute()
        }))
      }).pipe(Effect.provide(registry(engine)))
    )
    const sorted = [...records].sort(byHouseCode)
    expect(households.map((h) => h.record)).toEqual(sorted.map(RecordText.encode))
    expect(households.map((h) => RecordText.decode(h.record))).toEqual(sorted)
    expect(households.map((h) => [h.village_code, h.house_number, h.survey_year, h.surveyed_on, h.welfare_card, h.persons])).toEqual(
      sorted.map((r) => [r.villageCode, r.houseNumber ?? null, r.surveyYear, r.surveyedOn, r.welfareCard, r.members.length])
    )
    // A member row says where a person is, and nothing else about them.
    expect(members.map((m) => ({ ...m, citizen_id: RegistrySql.citizenIdOf(m.citizen_id) }))).toEqual(
      sorted.flatMap((r) => r.members.map((m, ordinal) => ({ citizen_id: m.citizenId, round: 2564, house_code: r.houseCode, ordinal })))
    )
  })

  it("moves a person's row with their household when a re-import changes it", async () => {
    const [first, second] = synthetic(2, { seed: 23 })
    const moved = record({ ...second!, members: [...second!.members, { ...first!.members.at(-1)!, relation: "other" }] })
    const shrunk = record({ ...first!, members: first!.members.length > 1 ? first!.members.slice(0, -1) : first!.members })
    const members = await Effect.runPromise(
      Effect.gen(function* () {
        const households = yield* Registry.HouseholdRegistry
        yield* households.upsert(2564, [first!, second!])
        yield* households.upsert(2564, [shrunk, moved])
        const database = yield* Database.Database
        return yield* database.use((db) => db.selectFrom("member").selectAll().orderBy("house_code").orderBy("ordinal").execute())
      }).pipe(Effect.provide(registry(engine)))
    )
    expect(members.map((m) => [m.house_code, m.ordinal, RegistrySql.citizenIdOf(m.citizen_id)])).toEqual(
      [shrunk, moved].sort(byHouseCode).flatMap((r) => r.members.map((m, ordinal) => [r.houseCode, ordinal, m.citizenId]))
    )
  })

  it("reads and re-imports records stored before layouts, as their JSON", async () => {
    const records = synthetic(3, { seed: 29 })
    const { page, counts } = await Effect.runPromise(
      Effect.gen(function* () {
        const households = yield* Registry.HouseholdRegistry
        yield* households.upsert(2564, records)
        const database = yield* Database.Database
        // As the schema's first migration wrote them: the record's own JSON.
        for (const r of records) {
          yield* database.use((db) =>
            db.updateTable("household").set({ record: JSON.stringify(r) }).where("round", "=", 2564).where("house_code", "=", r.houseCode).execute())
        }
        const page = yield* households.page(2564, { limit: 10 })
        const counts = yield* households.upsert(2564, records)
        return { page, counts }
      }).pipe(Effect.provide(registry(engine)))
    )
    expect(page).toEqual([...records].sort(byHouseCode))
    expect(counts).toEqual({ inserted: 0, updated: 0, unchanged: 3 })
  })

  it("leaves nothing half-written when a batch fails midway", async () => {
    const exit = await Effect.runPromiseExit(
      Effect.gen(function* () {
        const households = yield* Registry.HouseholdRegistry
        const before = synthetic(2000, { seed: 21 })
        yield* households.upsert(2564, before)
        // Changed households are deleted before the new rows go in; new ones follow, and
        // the poisoned member is in the last statement of the batch.
        const changed = before.slice(0, 500).map((r) => record({ ...r, welfareCard: r.welfareCard === "none" ? "verified" : "none" }))
        const added = synthetic(2000, { seed: 21, offset: 2000 })
        yield* poison(engine, added.at(-1)!.members.at(-1)!.citizenId)
        const failed = yield* Effect.exit(households.upsert(2564, [...changed, ...added]))
        const after = yield* households.page(2564, { limit: 10_000 })
        const rounds = yield* households.rounds()
        return { before, failed, after, rounds }
      }).pipe(Effect.provide(registry(engine)))
    )
    const { before, failed, after, rounds } = Exit.getOrElse(exit, (cause) => expect.fail(Cause.pretty(cause)))
    expect(Exit.isFailure(failed) && Cause.isDie(failed.cause)).toBe(true)
    expect(Exit.isFailure(failed) && String(Cause.squash(failed.cause))).toMatch(/poisoned member/)
    expect(after).toEqual([...before].sort(byHouseCode))
    expect(rounds).toEqual([{ round: 2564, households: 2000, persons: before.reduce((n, r) => n + r.members.length, 0) }])
  })
})

describe("RegistrySql's decisions on PostgreSQL", () => {
  it("writes a page of decisions while another writer holds the write lock, and two parts side by side", async () => {
    const ruleSet = RuleSet.resolve()
    const records = [...synthetic(40, { seed: 31 })].sort(byHouseCode)
    const at: Registry.Evaluation = { ruleSetId: ruleSet.id, ruleSetKey: ruleSet.key, parameters: ruleSet.parameters, evaluatedAt: "2026-12-03T03:00:00.000Z" }
    const stored = (part: ReadonlyArray<(typeof records)[number]>) =>
      part.map((r): Registry.StoredDecision => ({ decision: RuleSet.evaluate(ruleSet, r), villageCode: r.villageCode, persons: r.members.length, evaluation: at }))
    // Another session holds the lock every locked write transaction of this database waits for.
    const holder = new pg.Client({ connectionString: postgresUrl })
    await holder.connect()
    await holder.query("select pg_advisory_lock($1)", [0x50687067])
    try {
      const got = await Effect.runPromise(
        Effect.gen(function* () {
          const store = yield* Registry.DecisionStore
          yield* Effect.all([store.put(2564, at, stored(records.slice(0, 20))), store.put(2564, at, stored(records.slice(20)))], { concurrency: 2 }).pipe(
            Effect.timeoutFail({ duration: "10 seconds", onTimeout: () => new Error("the decisions waited for the write lock") })
          )
          return { page: yield* store.page(2564, ruleSet.key, { limit: 100 }), evaluations: yield* store.evaluations(2564) }
        }).pipe(Effect.provide(registry("postgres")))
      )
      expect(got.page).toEqual(stored(records))
      expect(got.evaluations).toEqual([{ ...at, households: records.length }])
    } finally {
      await holder.end()
    }
  })
})
