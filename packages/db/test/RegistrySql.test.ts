import { Registry, SurveyRecord } from "@phungpao/domain"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { sql } from "kysely"
import { createHash } from "node:crypto"
import { describe, expect, it } from "vitest"
import { Database } from "../src/index.js"
import { type EngineName, registry } from "./engines.js"
import { byHouseCode, record, synthetic, unusual } from "./fixtures.js"

/** Makes the database refuse one member mid-batch, as a full disk or a lost connection would. */
const poison = (engine: EngineName, citizenId: string) =>
  Effect.flatMap(Database.Database, (database) =>
    database.use(async (db) => {
      if (engine === "sqlite") {
        await sql`create trigger poison before insert on member when new.citizen_id = ${sql.lit(citizenId)}
          begin select raise(abort, 'poisoned member'); end`.execute(db)
      } else {
        await sql`create function poison() returns trigger language plpgsql as $$
          begin if new.citizen_id = ${sql.lit(citizenId)} then raise exception 'poisoned member'; end if; return new; end $$`.execute(db)
        await sql`create trigger poison before insert on member for each row execute function poison()`.execute(db)
      }
    })
  )

/** A member's fields split as its row keeps them: answers the rule set names, and the others. */
const columnFields = new Set(["citizenId", "title", "firstName", "lastName", "sex", "birthDate", "relation"])
const split = (member: object) => {
  const answers: Record<string, unknown> = {}
  const others: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(member)) {
    if (value === undefined || columnFields.has(field)) continue
    if (field in SurveyRecord.Member.fields) answers[field] = value
    else others[field] = value
  }
  return { answers, extra: Object.keys(others).length === 0 ? null : others }
}

describe.each<[string, EngineName]>([
  ["SQLite", "sqlite"],
  ["PostgreSQL", "postgres"]
])("RegistrySql on %s", (_, engine) => {
  it("keeps each household's record as JSON and its members as rows of their own", async () => {
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
    expect(households.map((h) => JSON.parse(h.record))).toEqual(sorted)
    expect(households.map((h) => h.content_hash)).toEqual(households.map((h) => createHash("sha1").update(h.record).digest("base64")))
    expect(households.map((h) => [h.village_code, h.house_number, h.survey_year, h.surveyed_on, h.welfare_card, h.persons])).toEqual(
      sorted.map((r) => [r.villageCode, r.houseNumber ?? null, r.surveyYear, r.surveyedOn, r.welfareCard, r.members.length])
    )
    expect(
      members.map((m) => ({
        houseCode: m.house_code,
        ordinal: m.ordinal,
        columns: [m.citizen_id, m.title, m.first_name, m.last_name, m.sex, m.birth_date, m.relation],
        answers: JSON.parse(m.answers),
        extra: m.extra === null ? null : JSON.parse(m.extra)
      }))
    ).toEqual(
      sorted.flatMap((r) =>
        r.members.map((m, ordinal) => ({
          houseCode: r.houseCode,
          ordinal,
          columns: [m.citizenId, m.title ?? null, m.firstName, m.lastName, m.sex, m.birthDate, m.relation],
          ...split(m)
        }))
      )
    )
    // The unusual member with fields of its own keeps them as its extra.
    expect(members.find((m) => m.citizen_id === unusual[0]!.members[0]!.citizenId)?.extra).toBe('{"phone":"0812345678","disabilityCard":null}')
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
