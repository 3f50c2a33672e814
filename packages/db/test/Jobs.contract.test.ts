import { JobMemory, JobStore } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { sql } from "kysely"
import { describe, expect, it } from "vitest"
import { Database, JobSql, Migrations, Queue } from "../src/index.js"
import { describeJobs } from "./contract/jobs.js"
import { type EngineName, freshDatabase } from "./engines.js"

const installQueue = Layer.effectDiscard(
  Effect.flatMap(Database.Database, (database) => (database.pgPool === undefined ? Effect.void : Effect.promise(() => Queue.install(database.pgPool!))))
)

const onDatabase = (engine: EngineName) =>
  Layer.mergeAll(JobSql.layer, Migrations.layer, installQueue).pipe(Layer.orDie, Layer.provideMerge(freshDatabase(engine)))

describeJobs("memory", () => JobMemory.layerMemory, { dispatches: true })
describeJobs("SQLite", () => onDatabase("sqlite"), { dispatches: true })
describeJobs("PostgreSQL", () => onDatabase("postgres"), { dispatches: false })

/** A job as `Jobs.submit` hands it to the store, by a provincial centre. */
const submitted = (id: string, kind: JobStore.NewJob["kind"], input: unknown, options: { readonly maxAttempts: number; readonly serial: boolean }): JobStore.NewJob => ({
  id,
  kind,
  input,
  key: id,
  hash: "h",
  submitter: { id: "pc-33", role: "provincialCentre" as const, scope: ["33"] },
  submittedAt: "2026-12-03T10:00:00.000Z",
  ...options
})

/** A test's program on a fresh PostgreSQL job store, with the database and a job id of its own. */
const onPostgres = <A>(prefix: string, body: (store: JobStore.JobStore["Type"], database: Database.Database["Type"], id: string) => Effect.Effect<A>) =>
  Effect.runPromise(
    Effect.gen(function* () {
      return yield* body(yield* JobStore.JobStore, yield* Database.Database, `JOB-${prefix}${Date.now()}`)
    }).pipe(Effect.provide(onDatabase("postgres")))
  )

describe("the job store on PostgreSQL hands its steps to graphile-worker", () => {
  it("queues a job's plan with it, its tasks with the plan (a serial job's in its own queue), and takes them off when cancelled", () =>
    onPostgres("q", (store, database, id) =>
      Effect.gen(function* () {
        const queued = () =>
          database.use(async (db) =>
            (await sql<{ key: string; queue_name: string | null; max_attempts: number }>`select key, queue_name, max_attempts from graphile_worker.jobs
              where key like ${`${id}:%`} order by key`.execute(db)).rows)
        yield* store.submit(submitted(id, "import", { round: 2564, path: "/x" }, { maxAttempts: 4, serial: true }))
        expect(yield* queued()).toEqual([{ key: `${id}:plan`, queue_name: null, max_attempts: 4 }])
        yield* store.plan(id, [{ chunk: 0 }, { chunk: 1 }], "2026-12-03T10:00:01.000Z")
        expect((yield* queued()).map((j) => [j.key, j.queue_name])).toEqual([
          [`${id}:0`, `job:${id}`],
          [`${id}:1`, `job:${id}`],
          [`${id}:plan`, null]
        ])
        yield* store.cancel(id, "pc-33", "2026-12-03T10:00:02.000Z")
        expect(yield* queued()).toEqual([])
      })
    ))

  it("hands back a step locked long ago under a queue id no live worker reported (a process killed before its first report), and no other", () =>
    onPostgres("o", (store, database, id) =>
      Effect.gen(function* () {
        yield* store.submit(submitted(id, "evaluate-round", { round: 2564 }, { maxAttempts: 3, serial: false }))
        yield* store.plan(id, [{}, {}, {}], "2026-12-03T10:00:01.000Z")
        const locks = () =>
          database.use(async (db) =>
            (await sql<{ key: string; locked_by: string | null }>`select key, locked_by from graphile_worker.jobs where key like ${`${id}:%`} order by key`.execute(db)).rows)
        // The queue ids are the test's own: graphile-worker's schema is the whole test database's,
        // and a lock left by an earlier run under a shared id would be unlocked with ours.
        const [ghost, live, young] = ["ghost", "live", "young"].map((name) => `${name}-${id}`) as [string, string, string]
        const lock = (key: string, by: string, minutesAgo: number) =>
          database.use((db) =>
            sql`update graphile_worker._private_jobs set locked_by = ${by}, locked_at = now() - make_interval(mins => ${minutesAgo}) where key = ${key}`.execute(db))
        // A ghost's old lock; a live worker's old lock (its id reported); a ghost's lock too young to judge.
        yield* lock(`${id}:0`, ghost, 60)
        yield* lock(`${id}:1`, live, 60)
        yield* lock(`${id}:2`, young, 0)
        const now = new Date()
        yield* store.heartbeat({
          id: "w-live",
          host: "h",
          pid: 1,
          engine: "postgres",
          concurrency: 1,
          startedAt: now.toISOString(),
          seenAt: now.toISOString(),
          queueIds: [live],
          running: []
        })
        expect(yield* store.reclaim(new Date(now.getTime() - 15 * 60_000).toISOString())).toEqual([])
        expect(yield* locks()).toEqual([
          { key: `${id}:0`, locked_by: null },
          { key: `${id}:1`, locked_by: live },
          { key: `${id}:2`, locked_by: young },
          { key: `${id}:plan`, locked_by: null }
        ])
      }).pipe(
        // Nothing of the test stays in the shared queue: its locks are let go and its steps taken off.
        Effect.ensuring(
          database.use((db) => sql`update graphile_worker._private_jobs set locked_by = null, locked_at = null where key like ${`${id}:%`}`.execute(db)).pipe(
            Effect.zipRight(store.cancel(id, "pc-33", "2026-12-03T10:00:02.000Z")),
            Effect.orDie
          )
        )
      )
    ))
})
