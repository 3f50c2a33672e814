/**
 * The ports every route's use case may need, on one database: the registry, the journey,
 * the fund, the targeted programs, the API's tokens and the audit log, the stored users tokens act as, and the
 * background jobs (submitted here, run by `pnpm worker`). The
 * server builds them once (`live`) and runs every request on them; tests build them on
 * the memory fakes or on a real SQLite or PostgreSQL database.
 */
import { type Access, type ApiToken, type Audit, type FundStore, type JobStore, JourneyCommands, type JourneyStore, type ProgramStore, Registry } from "@phungpao/domain"
import { AccessSql, type Config, Database, FundSql, JobSql, JourneySql, Migrations, ProgramSql, RegistrySql, Setup } from "@phungpao/db"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

export type Services =
  | Registry.HouseholdRegistry
  | Registry.DecisionStore
  | Registry.AreaDirectory
  | JourneyStore.JourneyStore
  | FundStore.FundStore
  | Access.Users
  | ApiToken.Tokens
  | ApiToken.Secrets
  | Audit.AuditLog
  | JobStore.JobStore
  | ProgramStore.ProgramStore

/** Whether the database answers and its schema is the latest: what `/ready` reports. */
export class Readiness extends Effect.Service<Readiness>()("@phungpao/api/Readiness", {
  effect: Effect.gen(function* () {
    const database = yield* Database.Database
    return {
      /** The migrations not yet run: none when the database answers and its schema is current. */
      check: Effect.flatMap(
        database.use(async (db) => db),
        (db) => Migrations.pending(db)
      )
    }
  })
}) {}

/** The ports on the database `config` names, migrated (and the directory seeded) when built. */
export const live = (config: Config) => {
  const ports = Layer.mergeAll(
    RegistrySql.layer,
    JourneySql.layer,
    FundSql.layer,
    AccessSql.layer,
    JobSql.layer,
    ProgramSql.layer,
    Readiness.Default,
    JourneyCommands.users.pipe(Layer.provide(JourneySql.layer)),
    // A long-lived server sums a round's report once until something writes to the round.
    Layer.sync(Registry.TallyCache, () => Registry.tallyCache(64))
  )
  const prepared = Layer.effectDiscard(Effect.provide(Setup.prepare, RegistrySql.layer))
  return Layer.mergeAll(ports, prepared).pipe(Layer.provideMerge(Database.layer(config)))
}

/** The migrations not yet run (none when ready); a defect when the database does not answer. */
export const readiness = Effect.flatMap(Readiness, (readiness) => readiness.check)
