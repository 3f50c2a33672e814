/**
 * The contract of the job store, run against the memory fake, SQLite and PostgreSQL:
 * a key used once per submitter, a plan stored once, a task counted done once however
 * often it runs, failures recorded, cancel and retry, pages newest first, and the workers'
 * reports. Where the store dispatches itself (memory, SQLite), `claim` too.
 */
import { type Actor, Job, JobStore } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { describe, expect, it } from "vitest"

const submitter: Actor.Actor = { id: "pc-33", role: "provincialCentre", scope: ["33"] }

const newJob = (n: number, extra: Partial<JobStore.NewJob> = {}): JobStore.NewJob => ({
  id: `JOB-${n}`,
  kind: "evaluate-round",
  input: { round: 2564 },
  key: `k-${n}`,
  hash: `h-${n}`,
  submitter,
  submittedAt: `2026-12-03T10:00:0${n % 10}.000Z`,
  maxAttempts: 3,
  serial: false,
  ...extra
})

const at = "2026-12-03T11:00:00.000Z"
const later = "2026-12-03T12:00:00.000Z"

const worker = (id: string, seenAt: string): Job.WorkerInfo => ({
  id,
  host: "host-a",
  pid: 100,
  engine: "sqlite",
  concurrency: 2,
  startedAt: "2026-12-03T09:00:00.000Z",
  seenAt,
  queueIds: [],
  running: []
})

export const describeJobs = (name: string, makeLayer: () => Layer.Layer<JobStore.JobStore>, options: { readonly dispatches: boolean }) => {
  const run = <A, E>(program: Effect.Effect<A, E, JobStore.JobStore>) => Effect.runPromise(Effect.provide(Effect.orDie(program), makeLayer()))

  describe(`the job store on ${name}`, () => {
    it("stores a job once per submitter and key, and gives back the first with its hash", () =>
      run(
        Effect.gen(function* () {
          const store = yield* JobStore.JobStore
          const first = yield* store.submit(newJob(1))
          const again = yield* store.submit(newJob(2, { key: "k-1", hash: "other" }))
          const otherUser = yield* store.submit(newJob(3, { key: "k-1", submitter: { ...submitter, id: "pc-34" } }))
          expect(first).toMatchObject({ created: true, hash: "h-1" })
          expect(first.job).toEqual({
            id: "JOB-1",
            kind: "evaluate-round",
            status: "queued",
            input: { round: 2564 },
            key: "k-1",
            submittedBy: "pc-33",
            scope: ["33"],
            submittedAt: "2026-12-03T10:00:01.000Z",
            planned: false,
            tasksTotal: 0,
            tasksDone: 0,
            rows: 0
          })
          expect(again).toEqual({ job: first.job, hash: "h-1", created: false })
          expect(otherUser.created).toBe(true)
          expect(Option.getOrThrow(yield* store.submitter("JOB-1"))).toEqual(submitter)
          expect(Option.isNone(yield* store.get("JOB-9"))).toBe(true)
        })
      ))

    it("plans once, counts a task done once, adds the rows, and keeps each task's result", () =>
      run(
        Effect.gen(function* () {
          const store = yield* JobStore.JobStore
          yield* store.submit(newJob(1))
          expect(yield* store.begin("JOB-1", "plan", "w-1", 1, at)).toBe(true)
          expect(yield* store.plan("JOB-1", [{ part: 0 }, { part: 1 }], at)).toBe(true)
          expect(yield* store.plan("JOB-1", [{ part: 9 }], at)).toBe(false)
          expect(yield* store.begin("JOB-1", "plan", "w-1", 2, at)).toBe(false)
          expect(Option.getOrThrow(yield* store.spec("JOB-1", 1))).toEqual({ part: 1 })
          expect(yield* store.begin("JOB-1", 0, "w-1", 1, at)).toBe(true)
          expect(yield* store.finish("JOB-1", 0, 40, { n: 0 }, at)).toEqual({ done: 1, total: 2 })
          expect(yield* store.finish("JOB-1", 0, 40, { n: 0 }, at)).toEqual({ done: 1, total: 2 })
          expect(yield* store.begin("JOB-1", 0, "w-2", 2, at)).toBe(false)
          expect(yield* store.begin("JOB-1", 1, "w-2", 1, at)).toBe(true)
          expect(yield* store.finish("JOB-1", 1, 2, { n: 1 }, later)).toEqual({ done: 2, total: 2 })
          expect(yield* store.results("JOB-1")).toEqual([{ n: 0 }, { n: 1 }])
          yield* store.succeed("JOB-1", { total: 42 }, later)
          expect(Option.getOrThrow(yield* store.get("JOB-1"))).toMatchObject({
            status: "succeeded",
            planned: true,
            tasksTotal: 2,
            tasksDone: 2,
            rows: 42,
            startedAt: at,
            finishedAt: later,
            result: { total: 42 }
          })
          expect((yield* store.tasks("JOB-1")).map((t) => [t.index, t.status, t.attempts, t.rows, t.worker])).toEqual([
            [0, "done", 1, 40, "w-1"],
            [1, "done", 1, 2, "w-2"]
          ])
          expect(yield* store.begin("JOB-1", 1, "w-3", 2, later)).toBe(false)
        })
      ))

    it("keeps a task waiting after a passing failure, fails the job on a final one, and retries it", () =>
      run(
        Effect.gen(function* () {
          const store = yield* JobStore.JobStore
          yield* store.submit(newJob(1))
          yield* store.plan("JOB-1", [{}, {}], at)
          yield* store.begin("JOB-1", 0, "w-1", 1, at)
          yield* store.fail("JOB-1", 0, 1, "connection lost", false, at, later)
          expect((yield* store.tasks("JOB-1"))[0]).toMatchObject({ status: "queued", attempts: 1, error: "connection lost" })
          expect(Option.getOrThrow(yield* store.get("JOB-1")).status).toBe("running")
          yield* store.begin("JOB-1", 0, "w-1", 3, at)
          yield* store.fail("JOB-1", 0, 3, "connection lost again", true, later, later)
          expect(Option.getOrThrow(yield* store.get("JOB-1"))).toMatchObject({
            status: "failed",
            failure: { task: 0, attempts: 3, error: "connection lost again" },
            finishedAt: later
          })
          expect(yield* store.begin("JOB-1", 1, "w-1", 1, later)).toBe(false)
          yield* store.retry("JOB-1")
          const retried = Option.getOrThrow(yield* store.get("JOB-1"))
          expect(retried.status).toBe("running")
          expect(retried.failure).toBeUndefined()
          expect((yield* store.tasks("JOB-1")).map((t) => [t.status, t.attempts])).toEqual([["queued", 0], ["queued", 0]])
        })
      ))

    it("cancels a live job once, and keeps its parts of input by index", () =>
      run(
        Effect.gen(function* () {
          const store = yield* JobStore.JobStore
          yield* store.submit(newJob(1))
          yield* store.putChunk("JOB-1", 0, { items: [{ line: 1, value: { a: "ก" } }], rejected: [] })
          yield* store.putChunk("JOB-1", 0, { items: [], rejected: [{ line: 1, field: "x", reason: "y" }] })
          expect(Option.getOrThrow(yield* store.chunk("JOB-1", 0))).toEqual({ items: [], rejected: [{ line: 1, field: "x", reason: "y" }] })
          expect(Option.isNone(yield* store.chunk("JOB-1", 1))).toBe(true)
          yield* store.cancel("JOB-1", "pc-33", at)
          yield* store.cancel("JOB-1", "other", later)
          expect(Option.getOrThrow(yield* store.get("JOB-1"))).toMatchObject({ status: "cancelled", cancelledBy: "pc-33", finishedAt: at })
          expect(yield* store.begin("JOB-1", "plan", "w-1", 1, at)).toBe(false)
        })
      ))

    it("lists jobs newest first, by kind and status, a page at a time", () =>
      run(
        Effect.gen(function* () {
          const store = yield* JobStore.JobStore
          for (let n = 1; n <= 5; n++) yield* store.submit(newJob(n, n === 3 ? { kind: "export" } : {}))
          const first = yield* store.list({ limit: 2 })
          expect(first.jobs.map((j) => j.id)).toEqual(["JOB-5", "JOB-4"])
          const second = yield* store.list({ limit: 2, before: first.next! })
          expect(second.jobs.map((j) => j.id)).toEqual(["JOB-3", "JOB-2"])
          const last = yield* store.list({ limit: 2, before: second.next! })
          expect([last.jobs.map((j) => j.id), last.next]).toEqual([["JOB-1"], null])
          expect((yield* store.list({ limit: 10, kind: "export" })).jobs.map((j) => j.id)).toEqual(["JOB-3"])
          expect((yield* store.list({ limit: 10, status: "succeeded" })).jobs).toEqual([])
        })
      ))

    it("keeps the workers' reports, and hands back what a worker not seen since ran", () =>
      run(
        Effect.gen(function* () {
          const store = yield* JobStore.JobStore
          yield* store.submit(newJob(1))
          yield* store.plan("JOB-1", [{}, {}], at)
          yield* store.begin("JOB-1", 0, "w-dead", 1, at)
          yield* store.begin("JOB-1", 1, "w-alive", 1, at)
          yield* store.heartbeat(worker("w-dead", at))
          yield* store.heartbeat(worker("w-alive", at))
          yield* store.heartbeat({ ...worker("w-alive", later), running: [{ job: "JOB-1", task: 1 }] })
          expect((yield* store.workers()).map((w) => [w.id, w.seenAt, w.running.length])).toEqual([
            ["w-alive", later, 1],
            ["w-dead", at, 0]
          ])
          expect(yield* store.reclaim("2026-12-03T11:30:00.000Z")).toEqual(["w-dead"])
          expect((yield* store.tasks("JOB-1")).map((t) => t.status)).toEqual(["queued", "running"])
          yield* store.leave("w-alive")
          expect(yield* store.workers()).toEqual([])
          expect((yield* store.tasks("JOB-1")).map((t) => t.status)).toEqual(["queued", "queued"])
        })
      ))

    if (options.dispatches) {
      it("gives out plans and tasks oldest job first, a waiting task when its time has come, a serial job's tasks one at a time", () =>
        run(
          Effect.gen(function* () {
            const store = yield* JobStore.JobStore
            yield* store.submit(newJob(1, { serial: true, kind: "import" }))
            yield* store.submit(newJob(2))
            const claims: Array<string> = []
            const take = (when: string) =>
              Effect.map(store.claim("w-1", when), (c) => (Option.isSome(c) ? `${c.value.job}:${c.value.step}:${c.value.attempt}` : "none"))
            claims.push(yield* take(at), yield* take(at), yield* take(at))
            yield* store.plan("JOB-1", [{}, {}], at)
            yield* store.plan("JOB-2", [{}, {}], at)
            claims.push(yield* take(at), yield* take(at))
            yield* store.fail("JOB-1", 0, 1, "lost", false, at, later)
            claims.push(yield* take(at), yield* take(at), yield* take(later))
            expect(claims).toEqual([
              "JOB-1:plan:1",
              "JOB-2:plan:1",
              "none",
              // JOB-1 is serial: its task 1 waits for task 0.
              "JOB-1:0:1",
              "JOB-2:0:1",
              "JOB-2:1:1",
              "none",
              "JOB-1:0:2"
            ])
          })
        ))
    }
  })
}
