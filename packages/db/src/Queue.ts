/**
 * The PostgreSQL queue of background jobs: graphile-worker 0.17 (its own schema,
 * `graphile_worker`, installed by its migrations at start-up). Every step of a job (its
 * plan, each task) is one graphile-worker job of the task `phungpao_step`, keyed by the job
 * and step so that queueing it twice queues it once, added in the same transaction as the
 * project's own job tables change. On SQLite there is no queue: the embedded worker takes
 * steps from the job tables (`JobStore.claim`).
 */
import type { Logger } from "graphile-worker"
import { type Kysely, sql } from "kysely"
import type pg from "pg"

/** The graphile-worker task every step of every job runs as. */
export const task = "phungpao_step"

/** The queue key of a job's step: a step queued twice is queued once. */
export const keyOf = (job: string, step: "plan" | number): string => `${job}:${step}`

/** Installs or upgrades graphile-worker's schema (it takes its own lock: several processes may start at once). */
export const install = async (pgPool: pg.Pool): Promise<void> => {
  // Loaded when needed: a program on SQLite never loads the queue.
  const { runMigrations } = await import("graphile-worker")
  await runMigrations({ pgPool, logger: await quietLogger() })
}

/** A step to queue: its job, which step, the queue it must wait its turn in (a serial job's), its attempts. */
export interface Entry {
  readonly job: string
  readonly step: "plan" | number
  readonly queue: string | null
  readonly maxAttempts: number
}

/** Queues steps in the caller's transaction (graphile-worker's `add_job`, one statement for them all). */
export const add = async (tx: Kysely<any>, entries: ReadonlyArray<Entry>): Promise<void> => {
  for (let i = 0; i < entries.length; i += 500) {
    const part = entries.slice(i, i + 500)
    await sql`select graphile_worker.add_job(${task}, payload := x.p::json, queue_name := x.q, max_attempts := x.m, job_key := x.k)
      from unnest(${part.map((e) => JSON.stringify({ job: e.job, step: e.step }))}::text[], ${part.map((e) => e.queue)}::text[],
        ${part.map((e) => e.maxAttempts)}::int[], ${part.map((e) => keyOf(e.job, e.step))}::text[]) as x(p, q, m, k)`.execute(tx)
  }
}

/** Takes queued steps off the queue (a step running is let finish). */
export const remove = async (tx: Kysely<any>, keys: ReadonlyArray<string>): Promise<void> => {
  if (keys.length === 0) return
  await sql`select graphile_worker.remove_job(k) from unnest(${keys}::text[]) as k`.execute(tx)
}

/** Hands the steps locked by these graphile-worker workers (of a process that died) back to the queue. */
export const unlock = async (tx: Kysely<any>, workerIds: ReadonlyArray<string>): Promise<void> => {
  if (workerIds.length === 0) return
  await sql`select graphile_worker.force_unlock_workers(${workerIds}::text[])`.execute(tx)
}

/**
 * Hands back the steps locked since before `before` by graphile-worker workers that no live
 * process reported (`live`: the queue ids of the workers seen since then). A process
 * reports its queue ids with its next heartbeat, so one killed before that heartbeat
 * leaves locks under ids nobody knows: a live process reports its ids within a heartbeat,
 * so a lock older than the stale time under an unreported id is a dead process's. Returns
 * the ids unlocked.
 */
export const unlockOrphans = async (tx: Kysely<any>, before: string, live: ReadonlyArray<string>): Promise<ReadonlyArray<string>> => {
  const rows = await sql<{ locked_by: string }>`
    select locked_by from graphile_worker._private_jobs
      where locked_by is not null and locked_at < ${before}::timestamptz and not (locked_by = any(${[...live]}::text[]))
    union
    select locked_by from graphile_worker._private_job_queues
      where locked_by is not null and locked_at < ${before}::timestamptz and not (locked_by = any(${[...live]}::text[]))`.execute(tx)
  const ids = rows.rows.map((r) => r.locked_by)
  await unlock(tx, ids)
  return ids
}

/** graphile-worker's log through ours: warnings and errors only, on standard error, without payloads. */
export const quietLogger = async (): Promise<Logger> => {
  const { Logger } = await import("graphile-worker")
  return new Logger(() => (level, message) => {
    if (level === "error" || level === "warning") process.stderr.write(`phungpao worker: queue ${level}: ${message.split("\n")[0]}\n`)
  })
}
