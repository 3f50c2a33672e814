/**
 * The ports of background jobs: the store of jobs, their tasks and the workers alive
 * (tables of the project's own on both engines; where a queue engine dispatches the
 * tasks, as graphile-worker on PostgreSQL does, the store hands them to it in the same
 * transaction), and what jobs read and write outside the database: survey files for an
 * import, files for an export. Adapters live in `@phungpao/db` and `@phungpao/files`;
 * `JobMemory` fakes are for tests.
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type { Actor } from "../kernel/Actor.js"
import type { Item, Rejection } from "../registry/SurveyImport.js"
import type { SurveyRecord } from "../survey/SurveyRecord.js"
import type { Job, Kind, Step, Task, UnreadableSource, WorkerInfo } from "./Job.js"

/** A job as submitted, before the store has it. */
export interface NewJob {
  readonly id: string
  readonly kind: Kind
  readonly input: unknown
  readonly key: string
  /** `Idempotency.hash` of the kind and input: a replay of the key must match it. */
  readonly hash: string
  readonly submitter: Actor
  readonly submittedAt: string
  /** Attempts a task gets before it fails the job. */
  readonly maxAttempts: number
  /** Whether its tasks run one at a time, in order (`Kinds.Definition.serial`). */
  readonly serial: boolean
}

/** A step a worker took to run: which, the attempt it is (from 1), and the job's limit. */
export interface Claimed {
  readonly job: string
  readonly step: Step
  readonly attempt: number
  readonly maxAttempts: number
}

/** A page of jobs, newest first: `before` is the cursor the last page ended with. */
export interface JobPage {
  readonly limit: number
  readonly before?: string
  readonly kind?: Kind
  readonly status?: Job["status"]
}

export class JobStore extends Context.Tag("@phungpao/domain/JobStore")<
  JobStore,
  {
    /**
     * Stores a new job, queued, with its plan queued, unless its submitter used the key
     * before: then the first job is returned (with its input's hash) and nothing is written.
     */
    readonly submit: (job: NewJob) => Effect.Effect<{ readonly job: Job; readonly hash: string; readonly created: boolean }>
    readonly get: (id: string) => Effect.Effect<Option.Option<Job>>
    /** The job's submitter as submitted (role and areas): who its tasks act as. */
    readonly submitter: (id: string) => Effect.Effect<Option.Option<Actor>>
    /** Jobs newest first, with the cursor of the page's last job. */
    readonly list: (page: JobPage) => Effect.Effect<{ readonly jobs: ReadonlyArray<Job>; readonly next: string | null }>
    readonly tasks: (id: string) => Effect.Effect<ReadonlyArray<Task>>
    /**
     * Stores the plan's tasks (their specs, in order) and queues them; false, and nothing
     * written, when the job was planned before (a plan run twice plans once).
     */
    readonly plan: (id: string, specs: ReadonlyArray<unknown>, at: string) => Effect.Effect<boolean>
    readonly spec: (id: string, index: number) => Effect.Effect<Option.Option<unknown>>
    /** Keeps a part of a job's input (an import's batch of records) for its task; replaces one stored before. */
    readonly putChunk: (id: string, index: number, data: unknown) => Effect.Effect<void>
    readonly chunk: (id: string, index: number) => Effect.Effect<Option.Option<unknown>>
    /**
     * Marks the step running on `worker` as attempt `attempt`, and the job running; false
     * when the step need not run: its job has ended, or the task is done.
     */
    readonly begin: (id: string, step: Step, worker: string, attempt: number, at: string) => Effect.Effect<boolean>
    /**
     * Marks a task done with its rows and result, counting it once however often it runs;
     * the job's tasks done and total after it.
     */
    readonly finish: (id: string, index: number, rows: number, result: unknown, at: string) => Effect.Effect<{ readonly done: number; readonly total: number }>
    /** The results of the job's tasks, by index. */
    readonly results: (id: string) => Effect.Effect<ReadonlyArray<unknown>>
    /**
     * A step that failed: when `final`, the task fails and the job with it (its failure
     * recorded); otherwise the step waits for its next attempt (from `retryAt` where the
     * store dispatches).
     */
    readonly fail: (id: string, step: Step, attempt: number, error: string, final: boolean, at: string, retryAt: string) => Effect.Effect<void>
    /** The job succeeded with its combined result (if it was still running). */
    readonly succeed: (id: string, result: unknown, at: string) => Effect.Effect<void>
    /** The job is cancelled: its queued steps are taken off the queue; running ones finish and are ignored. */
    readonly cancel: (id: string, by: string, at: string) => Effect.Effect<void>
    /** A failed or cancelled job queued again: its steps not done are queued afresh, with their attempts from 0. */
    readonly retry: (id: string) => Effect.Effect<void>
    /**
     * The embedded engine's dispatch: the next step whose time has come, marked as taken
     * by `worker`; none where a queue engine dispatches.
     */
    readonly claim: (worker: string, at: string) => Effect.Effect<Option.Option<Claimed>>
    /** A worker's report of itself (every few seconds). */
    readonly heartbeat: (info: WorkerInfo) => Effect.Effect<void>
    readonly workers: () => Effect.Effect<ReadonlyArray<WorkerInfo>>
    /**
     * Workers not seen since `before` are taken off the list and what they were running is
     * handed back to the queue (a crashed worker's task is retried by another); their ids.
     */
    readonly reclaim: (before: string) => Effect.Effect<ReadonlyArray<string>>
    /** A worker that stops: off the list, its running steps handed back. */
    readonly leave: (id: string) => Effect.Effect<void>
  }
>() {}

/** A batch of an import's file: the records read and the rows refused while reading. */
export interface ImportChunk {
  readonly items: ReadonlyArray<Item>
  readonly rejected: ReadonlyArray<Rejection>
}

/** Survey files as an import job reads them (CSV, NDJSON, xlsx), a batch at a time. */
export class SurveySource extends Context.Tag("@phungpao/domain/SurveySource")<
  SurveySource,
  {
    /**
     * Reads the file in batches of `size` items and hands each to `each` in order before
     * reading on; how many batches and rows there were.
     */
    readonly batches: <E>(
      path: string,
      round: number,
      size: number,
      each: (chunk: ImportChunk, index: number) => Effect.Effect<void, E>
    ) => Effect.Effect<{ readonly batches: number; readonly rows: number }, UnreadableSource | E>
  }
>() {}

/** Files an export job writes: parts side by side, then joined into the file asked for. */
export class ExportSink extends Context.Tag("@phungpao/domain/ExportSink")<
  ExportSink,
  {
    /** Writes records to part `index` of `path` (NDJSON); the first page of a part starts it afresh. */
    readonly write: (path: string, index: number, records: ReadonlyArray<SurveyRecord>, first: boolean) => Effect.Effect<void>
    /** Joins the parts 0…parts-1 into `path` in order (private to its owner), removing them; the bytes written. */
    readonly join: (path: string, parts: number) => Effect.Effect<number>
  }
>() {}
