/**
 * The job store in memory, for tests of the domain and the apps: the same rules as the
 * tables (a key used once per submitter, a task counted done once, steps dispatched by
 * `claim` in order of submission, a failed step waiting for its time), with no queue
 * engine behind it.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Actor from "../kernel/Actor.js"
import * as Job from "./Job.js"
import { type Claimed, JobStore } from "./JobStore.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

interface StoredTask extends Mutable<Job.Task> {
  spec: unknown
  result?: unknown
  runAt: string
}

interface Stored {
  job: Mutable<Job.Job>
  hash: string
  submitter: Actor.Actor
  maxAttempts: number
  serial: boolean
  /** The plan's own state: queued until a worker has planned the job. */
  plan: { status: Job.TaskStatus; attempts: number; runAt: string; worker?: string }
  tasks: Array<StoredTask>
  chunks: Map<number, unknown>
}

/** A copy through JSON: what a table gives back is never the object stored. */
const structuredClone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T))

const cursorOf = Job.cursorOf

export const make = () => {
  const jobs = new Map<string, Stored>()
  const byKey = new Map<string, string>()
  const workers = new Map<string, Job.WorkerInfo>()
  const get = (id: string) => jobs.get(id)
  const snapshot = (s: Stored): Job.Job => structuredClone(s.job)

  const handBack = (worker: string) => {
    for (const s of jobs.values()) {
      if (s.plan.status === "running" && s.plan.worker === worker) s.plan.status = "queued"
      for (const t of s.tasks) if (t.status === "running" && t.worker === worker) t.status = "queued"
    }
  }

  const service: JobStore["Type"] = {
    submit: (input) =>
      Effect.sync(() => {
        const keyOf = `${input.submitter.id}\u0000${input.key}`
        const existing = byKey.get(keyOf)
        if (existing !== undefined) {
          const s = jobs.get(existing)!
          return { job: snapshot(s), hash: s.hash, created: false }
        }
        const s: Stored = {
          job: {
            id: input.id,
            kind: input.kind,
            status: "queued",
            input: structuredClone(input.input),
            key: input.key,
            submittedBy: input.submitter.id,
            scope: [...input.submitter.scope],
            submittedAt: input.submittedAt,
            planned: false,
            tasksTotal: 0,
            tasksDone: 0,
            rows: 0
          },
          hash: input.hash,
          submitter: input.submitter,
          maxAttempts: input.maxAttempts,
          serial: input.serial,
          plan: { status: "queued", attempts: 0, runAt: input.submittedAt },
          tasks: [],
          chunks: new Map()
        }
        jobs.set(input.id, s)
        byKey.set(keyOf, input.id)
        return { job: snapshot(s), hash: s.hash, created: true }
      }),
    get: (id) => Effect.sync(() => Option.map(Option.fromNullable(get(id)), snapshot)),
    submitter: (id) => Effect.sync(() => Option.map(Option.fromNullable(get(id)), (s) => s.submitter)),
    list: (page) =>
      Effect.sync(() => {
        const all = [...jobs.values()]
          .map((s) => s.job)
          .filter((j) => (page.kind === undefined || j.kind === page.kind) && (page.status === undefined || j.status === page.status))
          .sort((a, b) => (cursorOf(a) < cursorOf(b) ? 1 : -1))
          .filter((j) => page.before === undefined || cursorOf(j) < page.before)
        const items = all.slice(0, page.limit).map((j) => structuredClone(j))
        return { jobs: items, next: all.length > page.limit ? cursorOf(items[items.length - 1]!) : null }
      }),
    tasks: (id) =>
      Effect.sync(() =>
        (get(id)?.tasks ?? []).map(({ spec: _s, result: _r, runAt: _a, ...task }) => ({ ...task }))
      ),
    plan: (id, specs, at) =>
      Effect.sync(() => {
        const s = get(id)
        if (s === undefined || s.job.planned) return false
        s.tasks = specs.map((spec, index) => ({ job: id, index, status: "queued", attempts: 0, rows: 0, spec, runAt: at }))
        s.job.planned = true
        s.job.tasksTotal = specs.length
        s.plan.status = "done"
        return true
      }),
    spec: (id, index) => Effect.sync(() => Option.fromNullable(get(id)?.tasks[index]?.spec)),
    putChunk: (id, index, data) => Effect.sync(() => void get(id)?.chunks.set(index, structuredClone(data))),
    chunk: (id, index) => Effect.sync(() => Option.fromNullable(get(id)?.chunks.get(index))),
    begin: (id, step, worker, attempt, at) =>
      Effect.sync(() => {
        const s = get(id)
        if (s === undefined || Job.ended(s.job.status)) return false
        if (step === "plan") {
          if (s.job.planned) return false
          s.plan = { ...s.plan, status: "running", attempts: attempt, worker }
        } else {
          const t = s.tasks[step]
          if (t === undefined || t.status === "done") return false
          t.status = "running"
          t.attempts = attempt
          t.worker = worker
          t.startedAt = at
        }
        if (s.job.status === "queued") s.job.status = "running"
        s.job.startedAt ??= at
        return true
      }),
    finish: (id, index, rows, result, at) =>
      Effect.sync(() => {
        const s = get(id)!
        const t = s.tasks[index]!
        if (t.status !== "done") {
          t.status = "done"
          t.rows = rows
          t.result = structuredClone(result)
          t.finishedAt = at
          delete t.error
          s.job.tasksDone++
          s.job.rows += rows
        }
        return { done: s.job.tasksDone, total: s.job.tasksTotal }
      }),
    results: (id) => Effect.sync(() => (get(id)?.tasks ?? []).map((t) => t.result)),
    fail: (id, step, attempt, error, final, at, retryAt) =>
      Effect.sync(() => {
        const s = get(id)!
        const target = step === "plan" ? s.plan : s.tasks[step]!
        target.status = final ? "failed" : "queued"
        target.runAt = retryAt
        if (step !== "plan") s.tasks[step]!.error = error
        if (final && !Job.ended(s.job.status)) {
          s.job.status = "failed"
          s.job.failure = { task: step === "plan" ? -1 : step, attempts: attempt, error }
          s.job.finishedAt = at
        }
      }),
    succeed: (id, result, at) =>
      Effect.sync(() => {
        const s = get(id)!
        if (s.job.status !== "running" && s.job.status !== "queued") return
        s.job.status = "succeeded"
        s.job.result = structuredClone(result)
        s.job.finishedAt = at
      }),
    cancel: (id, by, at) =>
      Effect.sync(() => {
        const s = get(id)!
        if (Job.ended(s.job.status)) return
        s.job.status = "cancelled"
        s.job.cancelledBy = by
        s.job.finishedAt = at
      }),
    retry: (id) =>
      Effect.sync(() => {
        const s = get(id)!
        if (s.job.status !== "failed" && s.job.status !== "cancelled") return
        s.job.status = s.job.startedAt === undefined ? "queued" : "running"
        delete s.job.failure
        delete s.job.finishedAt
        delete s.job.cancelledBy
        if (!s.job.planned) s.plan = { status: "queued", attempts: 0, runAt: "" }
        for (const t of s.tasks) {
          if (t.status !== "done") {
            t.status = "queued"
            t.attempts = 0
            t.runAt = ""
          }
        }
      }),
    claim: (worker, at) =>
      Effect.sync(() => {
        const order = [...jobs.values()].sort((a, b) => (cursorOf(a.job) < cursorOf(b.job) ? -1 : 1))
        for (const s of order) {
          if (Job.ended(s.job.status)) continue
          if (!s.job.planned) {
            if (s.plan.status === "queued" && s.plan.runAt <= at) {
              s.plan = { ...s.plan, status: "running", attempts: s.plan.attempts + 1, worker }
              return Option.some<Claimed>({ job: s.job.id, step: "plan", attempt: s.plan.attempts, maxAttempts: s.maxAttempts })
            }
            continue
          }
          // A serial job's tasks go one at a time, in order: only its first task not done may start.
          const next = s.serial ? s.tasks.find((t) => t.status !== "done") : undefined
          const t = s.serial
            ? next?.status === "queued" && next.runAt <= at ? next : undefined
            : s.tasks.find((t) => t.status === "queued" && t.runAt <= at)
          if (t !== undefined) {
            t.status = "running"
            t.attempts++
            t.worker = worker
            return Option.some<Claimed>({ job: s.job.id, step: t.index, attempt: t.attempts, maxAttempts: s.maxAttempts })
          }
        }
        return Option.none()
      }),
    heartbeat: (info) => Effect.sync(() => void workers.set(info.id, structuredClone(info))),
    workers: () => Effect.sync(() => [...workers.values()].sort((a, b) => (a.id < b.id ? -1 : 1))),
    reclaim: (before) =>
      Effect.sync(() => {
        const gone = [...workers.values()].filter((w) => w.seenAt < before).map((w) => w.id)
        for (const id of gone) {
          workers.delete(id)
          handBack(id)
        }
        return gone
      }),
    leave: (id) =>
      Effect.sync(() => {
        workers.delete(id)
        handBack(id)
      })
  }
  return service
}

/** A fresh job store in memory. */
export const layerMemory: Layer.Layer<JobStore> = Layer.sync(JobStore, make)
