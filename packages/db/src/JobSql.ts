/**
 * The job store (`JobStore`) on SQLite or PostgreSQL: the project's tables `job`,
 * `job_task`, `job_chunk` and `job_worker`, the same on both engines. On PostgreSQL every
 * step queued (a plan, a task) is also handed to graphile-worker in the same transaction
 * (`Queue`), which dispatches it to the workers; on SQLite the embedded worker takes the
 * steps from `job_task` itself (`claim`).
 */
import { Job, JobStore } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { type Kysely, sql } from "kysely"
import * as Database from "./Database.js"
import * as Queue from "./Queue.js"
import type { JobTable, JobTaskTable, Tables } from "./Tables.js"

const decodeJob = Schema.decodeUnknownSync(Job.Job)
const decodeTask = Schema.decodeUnknownSync(Job.Task)
const decodeWorker = Schema.decodeUnknownSync(Job.WorkerInfo)

const live = ["queued", "running"] as const

const json = (text: string | null): unknown => (text === null ? undefined : JSON.parse(text))

const jobOf = (row: JobTable): Job.Job =>
  decodeJob({
    id: row.id,
    kind: row.kind,
    status: row.status,
    input: JSON.parse(row.input),
    key: row.key,
    submittedBy: row.submitted_by,
    scope: JSON.parse(row.scope),
    submittedAt: row.submitted_at,
    ...(row.started_at === null ? {} : { startedAt: row.started_at }),
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
    planned: Number(row.planned) === 1,
    tasksTotal: Number(row.tasks_total),
    tasksDone: Number(row.tasks_done),
    rows: Number(row.rows),
    ...(row.failure === null ? {} : { failure: JSON.parse(row.failure) }),
    ...(row.result === null ? {} : { result: JSON.parse(row.result) }),
    ...(row.cancelled_by === null ? {} : { cancelledBy: row.cancelled_by })
  })

const taskOf = (row: JobTaskTable): Job.Task =>
  decodeTask({
    job: row.job_id,
    index: Number(row.idx),
    status: row.status,
    attempts: Number(row.attempts),
    rows: Number(row.rows),
    ...(row.worker === null ? {} : { worker: row.worker }),
    ...(row.started_at === null ? {} : { startedAt: row.started_at }),
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
    ...(row.error === null ? {} : { error: row.error })
  })


const make = (database: Database.Service): JobStore.JobStore["Type"] => {
  const postgres = database.engine === "postgres"
  const queueOf = (row: Pick<JobTable, "id" | "serial">) => (Number(row.serial) === 1 ? `job:${row.id}` : null)
  const enqueue = (tx: Kysely<Tables>, entries: ReadonlyArray<Queue.Entry>) => (postgres ? Queue.add(tx, entries) : Promise.resolve())
  const jobRow = (tx: Kysely<Tables>, id: string) => tx.selectFrom("job").selectAll().where("id", "=", id).executeTakeFirst()

  /** The steps of these workers handed back: queued again, for the queue or `claim` to give out. */
  const handBack = async (tx: Kysely<Tables>, ids: ReadonlyArray<string>, queueIds: ReadonlyArray<string>) => {
    if (ids.length === 0) return
    await tx.updateTable("job_task").set({ status: "queued" }).where("status", "=", "running").where("worker", "in", ids).execute()
    await tx.updateTable("job").set({ plan_status: "queued" }).where("plan_status", "=", "running").where("plan_worker", "in", ids).execute()
    if (postgres) await Queue.unlock(tx, queueIds)
  }

  return {
    submit: (job) =>
      database.transaction(async (tx) => {
        const existing = await tx.selectFrom("job").selectAll().where("submitted_by", "=", job.submitter.id).where("key", "=", job.key).executeTakeFirst()
        if (existing !== undefined) return { job: jobOf(existing), hash: existing.hash, created: false }
        const row: JobTable = {
          id: job.id,
          kind: job.kind,
          status: "queued",
          input: JSON.stringify(job.input),
          key: job.key,
          hash: job.hash,
          submitted_by: job.submitter.id,
          submitter: JSON.stringify(job.submitter),
          scope: JSON.stringify(job.submitter.scope),
          submitted_at: job.submittedAt,
          started_at: null,
          finished_at: null,
          planned: 0,
          serial: job.serial ? 1 : 0,
          max_attempts: job.maxAttempts,
          tasks_total: 0,
          tasks_done: 0,
          rows: 0,
          plan_status: "queued",
          plan_attempts: 0,
          plan_run_at: job.submittedAt,
          plan_worker: null,
          failure: null,
          result: null,
          cancelled_by: null
        }
        await tx.insertInto("job").values(row).execute()
        await enqueue(tx, [{ job: job.id, step: "plan", queue: null, maxAttempts: job.maxAttempts }])
        return { job: jobOf(row), hash: job.hash, created: true }
      }),
    get: (id) => database.use(async (db) => Option.map(Option.fromNullable(await jobRow(db, id)), jobOf)),
    submitter: (id) =>
      database.use(async (db) => {
        const row = await db.selectFrom("job").select("submitter").where("id", "=", id).executeTakeFirst()
        return Option.map(Option.fromNullable(row), (r) => JSON.parse(r.submitter))
      }),
    list: (page) =>
      database.use(async (db) => {
        let query = db.selectFrom("job").selectAll().orderBy("submitted_at", "desc").orderBy("id", "desc").limit(page.limit + 1)
        if (page.kind !== undefined) query = query.where("kind", "=", page.kind)
        if (page.status !== undefined) query = query.where("status", "=", page.status)
        if (page.before !== undefined) {
          const { submittedAt: at, id } = Job.cursorParts(page.before)
          query = query.where((eb) => eb.or([eb("submitted_at", "<", at), eb.and([eb("submitted_at", "=", at), eb("id", "<", id)])]))
        }
        const rows = await query.execute()
        const kept = rows.slice(0, page.limit)
        return { jobs: kept.map(jobOf), next: rows.length > page.limit ? Job.cursorOf({ submittedAt: kept[kept.length - 1]!.submitted_at, id: kept[kept.length - 1]!.id }) : null }
      }),
    tasks: (id) =>
      database.use(async (db) => (await db.selectFrom("job_task").selectAll().where("job_id", "=", id).orderBy("idx").execute()).map(taskOf)),
    plan: (id, specs, at) =>
      database.transaction(async (tx) => {
        const job = await jobRow(tx, id)
        if (job === undefined || Number(job.planned) === 1) return false
        const rows = specs.map(
          (spec, idx): JobTaskTable => ({
            job_id: id,
            idx,
            status: "queued",
            attempts: 0,
            rows: 0,
            spec: JSON.stringify(spec),
            result: null,
            worker: null,
            started_at: null,
            finished_at: null,
            error: null,
            run_at: at
          })
        )
        for (let i = 0; i < rows.length; i += 500) await tx.insertInto("job_task").values(rows.slice(i, i + 500)).execute()
        await tx.updateTable("job").set({ planned: 1, tasks_total: specs.length, plan_status: "done" }).where("id", "=", id).execute()
        if (!Job.ended(job.status as Job.Status)) {
          await enqueue(tx, rows.map((r) => ({ job: id, step: r.idx, queue: queueOf(job), maxAttempts: Number(job.max_attempts) })))
        }
        return true
      }),
    spec: (id, index) =>
      database.use(async (db) => {
        const row = await db.selectFrom("job_task").select("spec").where("job_id", "=", id).where("idx", "=", index).executeTakeFirst()
        return Option.map(Option.fromNullable(row), (r) => JSON.parse(r.spec) as unknown)
      }),
    putChunk: (id, index, data) =>
      database.transaction(async (tx) => {
        await tx
          .insertInto("job_chunk")
          .values({ job_id: id, idx: index, data: JSON.stringify(data) })
          .onConflict((oc) => oc.columns(["job_id", "idx"]).doUpdateSet({ data: (eb) => eb.ref("excluded.data") }))
          .execute()
      }),
    chunk: (id, index) =>
      database.use(async (db) => {
        const row = await db.selectFrom("job_chunk").select("data").where("job_id", "=", id).where("idx", "=", index).executeTakeFirst()
        return Option.map(Option.fromNullable(row), (r) => JSON.parse(r.data) as unknown)
      }),
    begin: (id, step, worker, attempt, at) =>
      database.transaction(async (tx) => {
        const job = await jobRow(tx, id)
        if (job === undefined || Job.ended(job.status as Job.Status)) return false
        if (step === "plan") {
          if (Number(job.planned) === 1) return false
          await tx.updateTable("job").set({ plan_status: "running", plan_attempts: attempt, plan_worker: worker }).where("id", "=", id).execute()
        } else {
          const task = await tx.selectFrom("job_task").select("status").where("job_id", "=", id).where("idx", "=", step).executeTakeFirst()
          if (task === undefined || task.status === "done") return false
          await tx
            .updateTable("job_task")
            .set({ status: "running", attempts: attempt, worker, started_at: at })
            .where("job_id", "=", id)
            .where("idx", "=", step)
            .execute()
        }
        await tx
          .updateTable("job")
          .set({ status: "running", started_at: job.started_at ?? at })
          .where("id", "=", id)
          .execute()
        return true
      }),
    finish: (id, index, rows, result, at) =>
      database.transaction(async (tx) => {
        const changed = await tx
          .updateTable("job_task")
          .set({ status: "done", rows, result: JSON.stringify(result ?? null), finished_at: at, error: null })
          .where("job_id", "=", id)
          .where("idx", "=", index)
          .where("status", "<>", "done")
          .executeTakeFirst()
        if (Number(changed.numUpdatedRows) === 1) {
          await tx
            .updateTable("job")
            .set({ tasks_done: sql<number>`tasks_done + 1`, rows: sql<number>`rows + ${rows}` })
            .where("id", "=", id)
            .execute()
        }
        const job = (await jobRow(tx, id))!
        return { done: Number(job.tasks_done), total: Number(job.tasks_total) }
      }),
    results: (id) =>
      database.use(async (db) =>
        (await db.selectFrom("job_task").select("result").where("job_id", "=", id).orderBy("idx").execute()).map((r) => json(r.result))
      ),
    fail: (id, step, attempt, error, final, at, retryAt) =>
      database.transaction(async (tx) => {
        if (step === "plan") {
          await tx.updateTable("job").set({ plan_status: final ? "failed" : "queued", plan_run_at: retryAt }).where("id", "=", id).execute()
        } else {
          await tx
            .updateTable("job_task")
            .set({ status: final ? "failed" : "queued", error, run_at: retryAt })
            .where("job_id", "=", id)
            .where("idx", "=", step)
            .execute()
        }
        if (final) {
          await tx
            .updateTable("job")
            .set({ status: "failed", failure: JSON.stringify({ task: step === "plan" ? -1 : step, attempts: attempt, error }), finished_at: at })
            .where("id", "=", id)
            .where("status", "in", live)
            .execute()
        }
      }),
    succeed: (id, result, at) =>
      database.transaction(async (tx) => {
        await tx
          .updateTable("job")
          .set({ status: "succeeded", result: JSON.stringify(result ?? null), finished_at: at })
          .where("id", "=", id)
          .where("status", "in", live)
          .execute()
      }),
    cancel: (id, by, at) =>
      database.transaction(async (tx) => {
        const changed = await tx
          .updateTable("job")
          .set({ status: "cancelled", cancelled_by: by, finished_at: at })
          .where("id", "=", id)
          .where("status", "in", live)
          .executeTakeFirst()
        if (postgres && Number(changed.numUpdatedRows) === 1) {
          const waiting = await tx.selectFrom("job_task").select("idx").where("job_id", "=", id).where("status", "<>", "done").execute()
          await Queue.remove(tx, [Queue.keyOf(id, "plan"), ...waiting.map((t) => Queue.keyOf(id, Number(t.idx)))])
        }
      }),
    retry: (id) =>
      database.transaction(async (tx) => {
        const job = await jobRow(tx, id)
        if (job === undefined || (job.status !== "failed" && job.status !== "cancelled")) return
        await tx
          .updateTable("job")
          .set({ status: job.started_at === null ? "queued" : "running", failure: null, finished_at: null, cancelled_by: null })
          .where("id", "=", id)
          .execute()
        const entries: Array<Queue.Entry> = []
        const maxAttempts = Number(job.max_attempts)
        if (Number(job.planned) === 0) {
          await tx.updateTable("job").set({ plan_status: "queued", plan_attempts: 0, plan_run_at: "" }).where("id", "=", id).execute()
          entries.push({ job: id, step: "plan", queue: null, maxAttempts })
        }
        const waiting = await tx.selectFrom("job_task").select("idx").where("job_id", "=", id).where("status", "<>", "done").orderBy("idx").execute()
        await tx.updateTable("job_task").set({ status: "queued", attempts: 0, run_at: "" }).where("job_id", "=", id).where("status", "<>", "done").execute()
        for (const t of waiting) entries.push({ job: id, step: Number(t.idx), queue: queueOf(job), maxAttempts })
        await enqueue(tx, entries)
      }),
    claim: (worker, at) =>
      postgres
        ? Effect.succeed(Option.none())
        : database.transaction(async (tx) => {
            const plan = await tx
              .selectFrom("job")
              .select(["id", "plan_attempts", "max_attempts"])
              .where("status", "in", live)
              .where("planned", "=", 0)
              .where("plan_status", "=", "queued")
              .where("plan_run_at", "<=", at)
              .orderBy("submitted_at")
              .orderBy("id")
              .limit(1)
              .executeTakeFirst()
            if (plan !== undefined) {
              const attempt = Number(plan.plan_attempts) + 1
              await tx.updateTable("job").set({ plan_status: "running", plan_attempts: attempt, plan_worker: worker }).where("id", "=", plan.id).execute()
              return Option.some({ job: plan.id, step: "plan" as const, attempt, maxAttempts: Number(plan.max_attempts) })
            }
            // A serial job's first task not done, or any queued task of another job, whose time has come; the oldest job first.
            const task = await tx
              .selectFrom("job_task as t")
              .innerJoin("job as j", "j.id", "t.job_id")
              .select(["t.job_id", "t.idx", "t.attempts", "j.max_attempts"])
              .where("j.status", "in", live)
              .where("t.status", "=", "queued")
              .where("t.run_at", "<=", at)
              .where((eb) =>
                eb.or([
                  eb("j.serial", "=", 0),
                  eb(
                    "t.idx",
                    "=",
                    eb.selectFrom("job_task as u").select((u) => u.fn.min("u.idx").as("first")).whereRef("u.job_id", "=", "t.job_id").where("u.status", "<>", "done")
                  )
                ])
              )
              .orderBy("j.submitted_at")
              .orderBy("j.id")
              .orderBy("t.idx")
              .limit(1)
              .executeTakeFirst()
            if (task === undefined) return Option.none()
            const attempt = Number(task.attempts) + 1
            await tx
              .updateTable("job_task")
              .set({ status: "running", attempts: attempt, worker })
              .where("job_id", "=", task.job_id)
              .where("idx", "=", task.idx)
              .execute()
            return Option.some({ job: task.job_id, step: Number(task.idx), attempt, maxAttempts: Number(task.max_attempts) })
          }),
    heartbeat: (info) =>
      database.transaction(async (tx) => {
        await tx
          .insertInto("job_worker")
          .values({ id: info.id, info: JSON.stringify(info), seen_at: info.seenAt })
          .onConflict((oc) => oc.column("id").doUpdateSet({ info: (eb) => eb.ref("excluded.info"), seen_at: (eb) => eb.ref("excluded.seen_at") }))
          .execute()
      }),
    workers: () =>
      database.use(async (db) =>
        (await db.selectFrom("job_worker").select("info").orderBy("id").execute()).map((r) => decodeWorker(JSON.parse(r.info)))
      ),
    reclaim: (before) =>
      database.transaction(async (tx) => {
        const gone = (await tx.selectFrom("job_worker").select(["id", "info"]).where("seen_at", "<", before).execute()).map((r) =>
          decodeWorker(JSON.parse(r.info))
        )
        const ids = gone.map((w) => w.id)
        if (gone.length > 0) {
          await handBack(tx, ids, gone.flatMap((w) => w.queueIds))
          await tx.deleteFrom("job_worker").where("id", "in", ids).execute()
        }
        if (postgres) {
          // What a process killed before its first report locked: ids no live worker reported.
          const live = (await tx.selectFrom("job_worker").select("info").execute()).flatMap((r) => decodeWorker(JSON.parse(r.info)).queueIds)
          await Queue.unlockOrphans(tx, before, live)
        }
        return ids
      }),
    leave: (id) =>
      database.transaction(async (tx) => {
        const row = await tx.selectFrom("job_worker").select("info").where("id", "=", id).executeTakeFirst()
        const queueIds = row === undefined ? [] : decodeWorker(JSON.parse(row.info)).queueIds
        await handBack(tx, [id], queueIds)
        await tx.deleteFrom("job_worker").where("id", "=", id).execute()
      })
  }
}

/** The job store over the `Database`. */
export const layer: Layer.Layer<JobStore.JobStore, never, Database.Database> = Layer.effect(JobStore.JobStore, Effect.map(Database.Database, make))
