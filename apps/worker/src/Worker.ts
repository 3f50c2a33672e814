/**
 * The worker process: runs the steps of background jobs (`Jobs.runStep`, the same on
 * both engines) as they come.
 *
 * - On PostgreSQL, graphile-worker dispatches them: any number of workers, on one machine
 *   or many, share the queue; each step runs once at a time, a failed one is retried with
 *   graphile-worker's back-off, and a worker that dies (no report for `staleMs`) has its
 *   locked steps handed to the others by the first live worker to notice (graphile-worker's
 *   `force_unlock_workers`), instead of after its own four hours.
 * - On SQLite (one writer), one worker process takes the steps from the job tables
 *   (`JobStore.claim`) with `concurrency` steps at a time; a second is refused while the
 *   first reports itself alive, and a restarted one takes back what its predecessor left.
 *
 * Every `heartbeatMs` a worker reports itself (what it runs), hands back the steps of
 * workers not seen for `staleMs`, and submits the day's `overdue-reminders` job (one a
 * Thai day, whatever the number of workers: it is keyed by the day).
 */
import { type Idempotency, Actor, Job, Jobs, JobStore, JourneyCommands, type Kinds } from "@phungpao/domain"
import { AccessSql, type Config, Database, FundSql, JobSql, JourneySql, ProgramSql, Queue, RegistrySql, Setup, Verify } from "@phungpao/db"
import { JobFiles } from "@phungpao/files"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import { run as runQueue, type Runner, type WorkerEvents } from "graphile-worker"
import { EventEmitter } from "node:events"
import { randomBytes } from "node:crypto"
import { hostname } from "node:os"

export interface Options {
  readonly config: Config
  /** Steps run at once by this process. Default 1. */
  readonly concurrency?: number
  /** How often the worker reports itself. Default 2 s. */
  readonly heartbeatMs?: number
  /** A worker not heard from for this long is taken for dead. Default 15 s. */
  readonly staleMs?: number
  /** How often an idle SQLite worker looks for a step (PostgreSQL is told). Default 250 ms. */
  readonly pollMs?: number
  /** Whether to submit the daily reminders. Default true. */
  readonly reminders?: boolean
  /** The kinds of job (tests give some of their own). */
  readonly kinds?: Kinds.Registry
  /** One line a step, and the worker's own news. */
  readonly log?: (line: string) => void
}

export interface Worker {
  readonly id: string
  readonly engine: Config["engine"]
  /** Runs a program on the worker's ports (the job store among them): for tests and tools. */
  readonly run: <A, E>(effect: Effect.Effect<A, E, JobStore.JobStore | Database.Database>) => Promise<A>
  /** Lets running steps finish (on PostgreSQL the queue takes back any it cannot), leaves the list, closes the database. */
  readonly stop: () => Promise<void>
}

/** Another worker runs on this SQLite database: it has one writer, so one worker. */
export class WorkerRunning extends Error {
  constructor(readonly other: Job.WorkerInfo) {
    super(`another worker (${other.id}, pid ${other.pid} on ${other.host}) runs on this SQLite database; SQLite takes one worker: stop it first, or use PostgreSQL to run several`)
  }
}

/** The books do not verify: the worker does not start (`db verify` tells more). */
export class BooksDoNotVerify extends Error {
  constructor(readonly findings: ReadonlyArray<unknown>) {
    super(`the books do not verify (${findings.length} finding(s)); run 'db verify'`)
  }
}

const ports = (config: Config) => {
  const stores = Layer.mergeAll(
    RegistrySql.layer,
    JourneySql.layer,
    FundSql.layer,
    AccessSql.layer,
    JobSql.layer,
    ProgramSql.layer,
    JourneyCommands.users.pipe(Layer.provide(JourneySql.layer)),
    JobFiles.layer
  )
  return stores.pipe(Layer.provideMerge(Database.layer(config)))
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref())

/**
 * Starts a worker on the database `config` names: migrates it (and the queue's schema),
 * verifies the books, then runs steps until `stop`.
 */
export const start = async (options: Options): Promise<Worker> => {
  const log = options.log ?? (() => undefined)
  const concurrency = Math.max(1, options.concurrency ?? 1)
  const heartbeatMs = options.heartbeatMs ?? 2000
  const staleMs = options.staleMs ?? 15_000
  const pollMs = options.pollMs ?? 250
  const kinds = options.kinds
  const runtime = ManagedRuntime.make(ports(options.config))
  const run = <A, E>(effect: Effect.Effect<A, E, ManagedRuntime.ManagedRuntime.Context<typeof runtime>>) => runtime.runPromise(effect)
  const fail = async (error: Error): Promise<never> => {
    await runtime.dispose()
    throw error
  }

  const checked = await run(Effect.zipRight(Setup.prepare, Verify.verify))
  if (checked.findings.length > 0) return fail(new BooksDoNotVerify(checked.findings))
  const database = await run(Database.Database)
  const store = await run(JobStore.JobStore)
  const id = `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`
  const startedAt = new Date().toISOString()
  const running = new Map<string, { job: string; task: number }>()
  const queueIds: Array<string> = []

  if (database.engine === "sqlite") {
    const since = new Date(Date.now() - staleMs).toISOString()
    const alive = (await run(store.workers())).find((w) => w.seenAt >= since)
    if (alive !== undefined) return fail(new WorkerRunning(alive))
    // One worker on SQLite: what any earlier one was running is handed back now.
    await run(store.reclaim(new Date(Date.now() + 1000).toISOString()))
  }

  const runStep = async (claimed: JobStore.Claimed) => {
    const slot = `${claimed.job}:${claimed.step}`
    running.set(slot, { job: claimed.job, task: claimed.step === "plan" ? -1 : claimed.step })
    const began = Date.now()
    try {
      const outcome = await run(Jobs.runStep(claimed, id, kinds))
      log(JSON.stringify({ at: new Date().toISOString(), worker: id, job: claimed.job, step: claimed.step, attempt: claimed.attempt, outcome, ms: Date.now() - began }))
      return outcome
    } finally {
      running.delete(slot)
    }
  }

  const report = async () => {
    const now = new Date()
    await run(
      store.heartbeat({
        id,
        host: hostname(),
        pid: process.pid,
        engine: database.engine,
        concurrency,
        startedAt,
        seenAt: now.toISOString(),
        queueIds: [...queueIds],
        running: [...running.values()]
      })
    )
    const gone = await run(store.reclaim(new Date(now.getTime() - staleMs).toISOString()))
    if (gone.length > 0) log(JSON.stringify({ at: now.toISOString(), worker: id, reclaimed: gone }))
    if (options.reminders ?? true) {
      const day = await run(JourneyCommands.today)
      await run(
        Effect.either(Jobs.submit(Actor.system("scheduler"), "overdue-reminders", { on: day }, `overdue-reminders-${day}` as Idempotency.Key))
      )
    }
  }

  let stopping = false
  let beating: Promise<void> = Promise.resolve()
  const heartbeat = setInterval(() => {
    beating = beating.then(report).catch((error: Error) => log(JSON.stringify({ worker: id, heartbeatFailed: error.message.split("\n")[0] })))
  }, heartbeatMs)
  await report()

  let stopEngine: () => Promise<void>
  if (database.engine === "postgres") {
    const events = new EventEmitter() as WorkerEvents
    // graphile-worker locks a step with its pool's id or a worker's, as it fetched it: both are handed back if this process dies.
    events.on("pool:create", ({ workerPool }) => queueIds.push(workerPool.id))
    events.on("worker:create", ({ worker }) => queueIds.push(worker.workerId))
    const runner: Runner = await runQueue({
      pgPool: database.pgPool!,
      events,
      concurrency,
      noHandleSignals: true,
      pollInterval: Math.max(pollMs, 500),
      logger: await Queue.quietLogger(),
      taskList: {
        [Queue.task]: async (payload, helpers) => {
          const { job, step } = payload as { job: string; step: Job.Step }
          const outcome = await runStep({ job, step, attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts })
          // graphile-worker tries the step again, after its back-off.
          if (outcome === "retry") throw new Error(`step ${step} of ${job} failed; it will be tried again`)
        }
      }
    })
    stopEngine = () => runner.stop()
  } else {
    const slots = Array.from({ length: concurrency }, async () => {
      while (!stopping) {
        const claimed = await run(store.claim(id, new Date().toISOString()))
        if (Option.isNone(claimed)) await sleep(pollMs)
        else await runStep(claimed.value)
      }
    })
    stopEngine = async () => {
      await Promise.all(slots)
    }
  }
  log(JSON.stringify({ at: new Date().toISOString(), worker: id, ready: database.engine, concurrency }))

  return {
    id,
    engine: database.engine,
    run: (effect) => run(effect),
    stop: async () => {
      stopping = true
      clearInterval(heartbeat)
      await stopEngine()
      await beating
      await run(store.leave(id))
      await runtime.dispose()
    }
  }
}
