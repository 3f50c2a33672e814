/**
 * A background job: a kind of big work (an import, a round's evaluation, …) with its
 * input, cut into tasks that run on their own and may run again without harm, with the
 * state everyone follows: status, tasks done of the total, rows processed, who submitted
 * it, when it started and ended, and for a failure the task, its attempts and the error.
 */
import * as Schema from "effect/Schema"

export const Kind = Schema.Literal("import", "evaluate-round", "close-from-round", "export", "fund-report", "overdue-reminders", "program-enrol")
export type Kind = typeof Kind.Type

export const Status = Schema.Literal("queued", "running", "succeeded", "failed", "cancelled")
export type Status = typeof Status.Type

/** A status a job stays in: nothing more runs for it unless it is retried. */
export const ended = (status: Status): boolean => status === "succeeded" || status === "failed" || status === "cancelled"

export const TaskStatus = Schema.Literal("queued", "running", "done", "failed")
export type TaskStatus = typeof TaskStatus.Type

/** A job's id: `JOB-` and a random part, given by the server. */
export const JobId = Schema.String.pipe(
  Schema.filter((s) => /^JOB-[0-9A-Za-z-]{1,64}$/.test(s) || "must be a job id (JOB- and up to 64 letters, digits or dashes)", { identifier: "JobId" })
)

/** Which task a worker runs: the plan (cutting the job into tasks) or the task of that index (from 0). */
export type Step = "plan" | number

/** Why a job failed: the step (`-1` for the plan), how many times it was tried, and the error. */
export const Failure = Schema.Struct({
  task: Schema.Int,
  attempts: Schema.Int,
  error: Schema.String
}).annotations({ identifier: "JobFailure" })
export type Failure = typeof Failure.Type

export const Job = Schema.Struct({
  id: Schema.String,
  kind: Kind,
  status: Status,
  /** The input as submitted (the kind's input Schema, encoded). */
  input: Schema.Unknown,
  /** The submitter's idempotency key: the same key and input give back this job. */
  key: Schema.String,
  submittedBy: Schema.String,
  /** The submitter's areas when it was submitted: who else may see it. */
  scope: Schema.Array(Schema.String),
  submittedAt: Schema.String,
  startedAt: Schema.optionalWith(Schema.String, { exact: true }),
  finishedAt: Schema.optionalWith(Schema.String, { exact: true }),
  /** Whether the job has been cut into its tasks (by the first worker to take it). */
  planned: Schema.Boolean,
  tasksTotal: Schema.Int,
  tasksDone: Schema.Int,
  /** Records, households or areas handled so far, as the kind counts them. */
  rows: Schema.Int,
  failure: Schema.optionalWith(Failure, { exact: true }),
  /** What the job produced, combined from its tasks (the kind's result, encoded). */
  result: Schema.optionalWith(Schema.Unknown, { exact: true }),
  cancelledBy: Schema.optionalWith(Schema.String, { exact: true })
}).annotations({ identifier: "Job" })
export type Job = typeof Job.Type

export const Task = Schema.Struct({
  job: Schema.String,
  index: Schema.Int,
  status: TaskStatus,
  attempts: Schema.Int,
  rows: Schema.Int,
  /** The worker running it, or that ran it last. */
  worker: Schema.optionalWith(Schema.String, { exact: true }),
  startedAt: Schema.optionalWith(Schema.String, { exact: true }),
  finishedAt: Schema.optionalWith(Schema.String, { exact: true }),
  error: Schema.optionalWith(Schema.String, { exact: true })
}).annotations({ identifier: "JobTask" })
export type Task = typeof Task.Type

/** A worker process as it reports itself (every few seconds): what is alive and what each runs. */
export const WorkerInfo = Schema.Struct({
  id: Schema.String,
  host: Schema.String,
  pid: Schema.Int,
  engine: Schema.Literal("postgres", "sqlite", "memory"),
  concurrency: Schema.Int,
  startedAt: Schema.String,
  seenAt: Schema.String,
  /** The queue engine's own ids of this process's workers (graphile-worker's), to hand its tasks back if it dies. */
  queueIds: Schema.Array(Schema.String),
  running: Schema.Array(Schema.Struct({ job: Schema.String, task: Schema.Int }))
}).annotations({ identifier: "JobWorker" })
export type WorkerInfo = typeof WorkerInfo.Type

/**
 * A job's place in the newest-first list: its submission time and id, as every store pages
 * by it (`JobStore.list`'s `before` and `next`).
 *
 * @example cursorOf({ ...job, submittedAt: "2026-12-03T10:00:00.000Z", id: "JOB-1" }) // "2026-12-03T10:00:00.000Z|JOB-1"
 */
export const cursorOf = (job: { readonly submittedAt: string; readonly id: string }): string => `${job.submittedAt}|${job.id}`

/** The submission time and id a cursor names. */
export const cursorParts = (cursor: string): { readonly submittedAt: string; readonly id: string } => {
  const bar = cursor.indexOf("|")
  return { submittedAt: cursor.slice(0, bar), id: cursor.slice(bar + 1) }
}

/** The job is over (succeeded, failed or cancelled): it cannot be cancelled. */
export class JobEnded extends Schema.TaggedError<JobEnded>()("JobEnded", { job: Schema.String, status: Status }) {
  override get message(): string {
    return `job ${this.job} has ${this.status === "cancelled" ? "been cancelled" : this.status}: nothing left to cancel`
  }
}

/** Only a failed or cancelled job is retried. */
export class JobNotRetryable extends Schema.TaggedError<JobNotRetryable>()("JobNotRetryable", { job: Schema.String, status: Status }) {
  override get message(): string {
    return `job ${this.job} is ${this.status}: only a failed or cancelled job can be retried`
  }
}

/** A job's input that its kind's Schema refuses: the field and why (never the value). */
export class InvalidJobInput extends Schema.TaggedError<InvalidJobInput>()("InvalidJobInput", {
  kind: Schema.String,
  field: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `job ${this.kind}: ${this.field} ${this.reason}`
  }
}

/** A file a job reads that cannot be read (missing, unreadable, of no known format). */
export class UnreadableSource extends Schema.TaggedError<UnreadableSource>()("UnreadableSource", {
  path: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `cannot read ${this.path}: ${this.reason}`
  }
}

/**
 * How long a failed task waits before its next attempt: exponential, as the PostgreSQL
 * queue backs off (e^attempt seconds, at most an hour).
 *
 * @example backoffMs(1) // 2718
 */
export const backoffMs = (attempt: number): number => Math.round(Math.min(3600, Math.exp(Math.min(attempt, 10))) * 1000)
