import { Registry } from "@phungpao/domain"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { sql } from "kysely"
import { describe, expect, it } from "vitest"
import { Database } from "../src/index.js"
import { type EngineName, registry } from "./engines.js"
import { byHouseCode, record, synthetic } from "./fixtures.js"

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

describe.each<[string, EngineName]>([
  ["SQLite", "sqlite"],
  ["PostgreSQL", "postgres"]
])("RegistrySql on %s", (_, engine) => {
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
