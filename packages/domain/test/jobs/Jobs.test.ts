import { Effect, Layer, Option, TestContext } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  AccessMemory,
  Actor,
  FundMemory,
  Idempotency,
  Job,
  JobMemory,
  Jobs,
  JobStore,
  JourneyCommands,
  JourneyMemory,
  Kinds,
  Registry,
  RegistryMemory,
  RoundEvaluation,
  RuleSet,
  SurveyImport
} from "../../src/index.js"
import { citizenId, head, household } from "../fixtures.js"

const ports = Layer.mergeAll(
  RegistryMemory.layerMemory,
  AccessMemory.layerMemory,
  JobMemory.layerMemory,
  FundMemory.layerMemory,
  JourneyCommands.users.pipe(Layer.provideMerge(JourneyMemory.layerMemory)),
  // The kinds' file ports: the tests' kinds need none of them.
  Layer.succeed(JobStore.SurveySource, { batches: () => Effect.die("no files here") }),
  Layer.succeed(JobStore.ExportSink, { write: () => Effect.void, join: () => Effect.succeed(0) })
)

const run = <A, E>(program: Effect.Effect<A, E, any>): Promise<A> =>
  Effect.runPromise(program.pipe(Effect.provide(ports), Effect.provide(TestContext.TestContext)) as Effect.Effect<A, E, never>)

const key = (k: string) => k as Idempotency.Key
const system = Actor.system()
const district: Actor.Actor = { id: "dc-3302", role: "districtCentre", scope: ["3302"] }

/** `n` households of round 2564 spread over two districts, each with its own head. */
const households = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    line: i + 1,
    value: household({
      houseCode: `33${i % 2 === 0 ? "01" : "02"}${String(i).padStart(7, "0")}`,
      villageCode: i % 2 === 0 ? "33010101" : "33020101",
      annualIncomeBaht: i % 3 === 0 ? 20_000 : 500_000,
      members: [head({ citizenId: citizenId(i + 1) })]
    })
  }))

/** Runs every step the store hands out, as one worker would, until none is left; the outcomes in order. */
const drain = (kinds: Kinds.Registry = Kinds.all, at = "9999-12-31T00:00:00.000Z") =>
  Effect.gen(function* () {
    const store = yield* JobStore.JobStore
    const outcomes: Array<Jobs.Outcome> = []
    for (;;) {
      const claimed = yield* store.claim("w-1", at)
      if (Option.isNone(claimed)) return outcomes
      outcomes.push(yield* Jobs.runStep(claimed.value, "w-1", kinds))
    }
  })

describe("Jobs.submit", () => {
  it("gives back the first job for the same key and input, and refuses the key with another input", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const first = yield* Jobs.submit(system, "evaluate-round", { round: 2564 }, key("k-1"))
        const again = yield* Jobs.submit(system, "evaluate-round", { round: 2564 }, key("k-1"))
        const other = yield* Effect.flip(Jobs.submit(system, "evaluate-round", { round: 2565 }, key("k-1")))
        const otherKey = yield* Jobs.submit(system, "evaluate-round", { round: 2564 }, key("k-2"))
        return { first, again, other, otherKey }
      })
    )
    expect(outcome.first.created).toBe(true)
    expect(outcome.first.job).toMatchObject({ kind: "evaluate-round", status: "queued", submittedBy: "system", tasksTotal: 0, planned: false })
    expect(outcome.again).toEqual({ job: outcome.first.job, created: false })
    expect(outcome.other).toMatchObject({ _tag: "KeyReused", key: "k-1" })
    expect(outcome.otherKey.job.id).not.toBe(outcome.first.job.id)
  })

  it("refuses an unknown kind, a bad input (field and reason, never the value) and a kind the role may not run", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const kind = yield* Effect.flip(Jobs.submit(system, "reboot", {}, key("a")))
        const round = yield* Effect.flip(Jobs.submit(system, "evaluate-round", { round: "1234567890123" }, key("b")))
        const extra = yield* Effect.flip(Jobs.submit(system, "evaluate-round", { round: 2564, status: "succeeded" }, key("c")))
        const role = yield* Effect.flip(Jobs.submit(district, "export", { round: 2564, out: "/tmp/x.ndjson" }, key("d")))
        return { kind, round, extra, role }
      })
    )
    expect(outcome.kind).toMatchObject({ _tag: "InvalidJobInput", field: "kind" })
    expect(outcome.round).toMatchObject({ _tag: "InvalidJobInput", kind: "evaluate-round", field: "round" })
    expect(outcome.round.message).not.toContain("1234567890123")
    expect(outcome.extra).toMatchObject({ _tag: "InvalidJobInput", field: "status" })
    expect(outcome.role).toMatchObject({ _tag: "NotPermitted", action: "exportRound" })
  })
})

describe("Jobs.runStep", () => {
  it("plans an evaluation into parts, stores the same decisions as one evaluation in-process, and combines the figures", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* SurveyImport.batch(system, 2564, households(300))
        const { job } = yield* Jobs.submit(system, "evaluate-round", { round: 2564, partSize: 100 }, key("eval"))
        const outcomes = yield* drain()
        const shown = yield* Jobs.show(system, job.id)
        const store = yield* Registry.DecisionStore
        const stored = yield* store.page(2564, RuleSet.resolve().key, { limit: 1000 })
        const direct = yield* RoundEvaluation.run(system, 2564, RuleSet.resolve(), { evaluatedAt: stored[0]!.evaluation.evaluatedAt })
        const again = yield* store.page(2564, RuleSet.resolve().key, { limit: 1000 })
        return { outcomes, shown, stored, again, direct }
      })
    )
    expect(outcome.outcomes).toEqual(["done", "done", "done", "done"])
    expect(outcome.shown.job).toMatchObject({ status: "succeeded", planned: true, tasksTotal: 3, tasksDone: 3, rows: 300 })
    expect(outcome.shown.job.result).toMatchObject({ round: 2564, households: 300, target: outcome.direct.tally.target })
    expect(outcome.shown.tasks.map((t) => [t.status, t.attempts, t.worker])).toEqual([["done", 1, "w-1"], ["done", 1, "w-1"], ["done", 1, "w-1"]])
    expect(outcome.stored).toHaveLength(300)
    expect(outcome.again).toEqual(outcome.stored)
  })

  it("counts a task run twice once, and skips the steps of a job that has ended", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* SurveyImport.batch(system, 2564, households(30))
        const { job } = yield* Jobs.submit(system, "evaluate-round", { round: 2564, partSize: 100 }, key("twice"))
        yield* drain()
        const rerun = yield* Jobs.runStep({ job: job.id, step: 0, attempt: 2, maxAttempts: 5 }, "w-2")
        const replan = yield* Jobs.runStep({ job: job.id, step: "plan", attempt: 2, maxAttempts: 5 }, "w-2")
        return { rerun, replan, shown: yield* Jobs.show(system, job.id) }
      })
    )
    expect([outcome.rerun, outcome.replan]).toEqual(["skipped", "skipped"])
    expect(outcome.shown.job).toMatchObject({ status: "succeeded", tasksDone: 1, tasksTotal: 1, rows: 30 })
  })

  // Kinds of the tests' own: the fund report's steps made to fail as asked.
  const failing = (fails: (index: number, attempt: number) => boolean, tasks = 3): Kinds.Registry => {
    const attempts = new Map<number, number>()
    return {
      ...Kinds.all,
      "fund-report": {
        ...Kinds.all["fund-report"],
        plan: () => Effect.succeed(Array.from({ length: tasks }, () => ({}))),
        run: (_actor, _input, _spec, _job, index) =>
          Effect.suspend(() => {
            const attempt = (attempts.get(index) ?? 0) + 1
            attempts.set(index, attempt)
            return fails(index, attempt) ? Effect.die(new Error(`part ${index} lost its connection`)) : Effect.succeed({ rows: 1, result: { index } })
          }),
        combine: (_input, results) => Effect.succeed(results)
      }
    }
  }

  it("tries a task that fails for a passing reason again, after its back-off, and it succeeds", async () => {
    const kinds = failing((index, attempt) => index === 1 && attempt === 1)
    const outcome = await run(
      Effect.gen(function* () {
        const { job } = yield* Jobs.submit(system, "fund-report", { audience: "public" }, key("flaky"))
        const store = yield* JobStore.JobStore
        const early = yield* drain(kinds, "1970-01-01T00:00:01.000Z")
        const beforeBackoff = yield* Jobs.show(system, job.id)
        const late = yield* drain(kinds)
        return { early, beforeBackoff, late, shown: yield* Jobs.show(system, job.id), results: yield* store.results(job.id) }
      })
    )
    // TestClock's time is 0: one second later the failed task's back-off (e seconds) has not passed.
    expect(outcome.early).toEqual(["done", "done", "retry", "done"])
    expect(outcome.beforeBackoff.tasks[1]).toMatchObject({ status: "queued", attempts: 1, error: "part 1 lost its connection" })
    expect(outcome.late).toEqual(["done"])
    expect(outcome.shown.job).toMatchObject({ status: "succeeded", tasksDone: 3 })
    expect(outcome.shown.job.result).toEqual([{ index: 0 }, { index: 1 }, { index: 2 }])
    expect(outcome.shown.tasks[1]).toMatchObject({ status: "done", attempts: 2 })
  })

  it("fails the job after the last attempt of a poison task, with the task, attempts and error, and other jobs run on", async () => {
    const kinds = failing((index) => index === 2)
    const outcome = await run(
      Effect.gen(function* () {
        yield* SurveyImport.batch(system, 2564, households(10))
        const poison = yield* Jobs.submit(system, "fund-report", { audience: "public" }, key("poison"))
        const other = yield* Jobs.submit(system, "evaluate-round", { round: 2564 }, key("other"))
        const outcomes = yield* drain(kinds)
        return { outcomes, poison: yield* Jobs.show(system, poison.job.id), other: yield* Jobs.show(system, other.job.id) }
      })
    )
    expect(outcome.outcomes.filter((o) => o === "retry")).toHaveLength(Jobs.maxAttempts - 1)
    expect(outcome.outcomes.filter((o) => o === "failed")).toHaveLength(1)
    expect(outcome.poison.job).toMatchObject({
      status: "failed",
      failure: { task: 2, attempts: Jobs.maxAttempts, error: "part 2 lost its connection" }
    })
    expect(outcome.other.job).toMatchObject({ status: "succeeded", rows: 10 })
  })

  it("fails the job at once on a refusal of the domain (a right the submitter no longer holds is not tried again)", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const { job } = yield* Jobs.submit(system, "fund-report", { audience: "committee" }, key("refused"))
        const outcomes = yield* drain()
        return { outcomes, shown: yield* Jobs.show(system, job.id) }
      })
    )
    // The fund is not configured: its committee report is refused, once.
    expect(outcome.outcomes).toEqual(["done", "failed"])
    expect(outcome.shown.job).toMatchObject({ status: "failed", failure: { task: 0, attempts: 1 } })
    expect(outcome.shown.job.failure?.error).toMatch(/^NotConfigured: /)
  })
})

describe("Jobs.cancel and Jobs.retry", () => {
  it("stops dispatching a cancelled job's steps, refuses to cancel it twice, and a retry runs it to the end", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* SurveyImport.batch(system, 2564, households(300))
        const { job } = yield* Jobs.submit(system, "evaluate-round", { round: 2564, partSize: 100 }, key("cancel"))
        const store = yield* JobStore.JobStore
        const plan = yield* store.claim("w-1", "9999")
        yield* Jobs.runStep(Option.getOrThrow(plan), "w-1")
        const first = yield* store.claim("w-1", "9999")
        yield* Jobs.runStep(Option.getOrThrow(first), "w-1")
        const cancelled = yield* Jobs.cancel(system, job.id)
        const afterCancel = yield* drain()
        const twice = yield* Effect.flip(Jobs.cancel(system, job.id))
        const retried = yield* Jobs.retry(system, job.id)
        const notAgain = yield* Effect.flip(Jobs.retry(system, job.id))
        const afterRetry = yield* drain()
        return { cancelled, afterCancel, twice, retried, notAgain, afterRetry, shown: yield* Jobs.show(system, job.id) }
      })
    )
    expect(outcome.cancelled).toMatchObject({ status: "cancelled", cancelledBy: "system", tasksDone: 1, tasksTotal: 3 })
    expect(outcome.afterCancel).toEqual([])
    expect(outcome.twice).toMatchObject({ _tag: "JobEnded", status: "cancelled" })
    expect(outcome.retried.status).toBe("running")
    expect(outcome.notAgain).toMatchObject({ _tag: "JobNotRetryable", status: "running" })
    expect(outcome.afterRetry).toEqual(["done", "done"])
    expect(outcome.shown.job).toMatchObject({ status: "succeeded", tasksDone: 3, rows: 300 })
  })
})

describe("who sees a job", () => {
  it("shows a job to its submitter and to users whose areas hold all of its areas; to anyone else there is none", async () => {
    const centre: Actor.Actor = { id: "pc-33", role: "provincialCentre", scope: ["33"] }
    const outcome = await run(
      Effect.gen(function* () {
        const mine = yield* Jobs.submit(district, "evaluate-round", { round: 2564 }, key("d-1"))
        const province = yield* Jobs.submit(centre, "evaluate-round", { round: 2564 }, key("p-1"))
        const byCentre = yield* Jobs.list(centre, { limit: 10 })
        const byDistrict = yield* Jobs.list(district, { limit: 10 })
        const hidden = yield* Effect.flip(Jobs.show(district, province.job.id))
        const cancelOther = yield* Effect.flip(Jobs.cancel({ ...district, id: "mentor-1", role: "mentor" }, mine.job.id))
        return { mine, byCentre, byDistrict, hidden, cancelOther }
      })
    )
    expect(outcome.byCentre.items.map((j) => j.submittedBy).sort()).toEqual(["dc-3302", "pc-33"])
    expect(outcome.byDistrict.items.map((j) => j.id)).toEqual([outcome.mine.job.id])
    expect(outcome.hidden).toMatchObject({ _tag: "NotFound", what: "job" })
    expect(outcome.cancelOther).toMatchObject({ _tag: "NotPermitted", action: "cancelJob" })
  })

  it("pages every visible job once, newest first, whatever the page size", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 5 }), async (count, limit) => {
        const pages = await run(
          Effect.gen(function* () {
            for (let i = 0; i < count; i++) yield* Jobs.submit(i % 3 === 0 ? district : system, "evaluate-round", { round: 2564 }, key(`k-${i}`))
            const seen: Array<string> = []
            let cursor: string | undefined
            for (let guard = 0; guard < 50; guard++) {
              const page = yield* Jobs.list(system, { limit, ...(cursor === undefined ? {} : { cursor }) })
              seen.push(...page.items.map((j) => j.id))
              if (page.next === null) break
              cursor = page.next
            }
            return seen
          })
        )
        expect(new Set(pages).size).toBe(pages.length)
        // The system's scope is the country: it sees every job.
        expect(pages).toHaveLength(count)
      }),
      { numRuns: 25 }
    )
  })
})

describe("Job.backoffMs", () => {
  it("grows with every attempt and stays within an hour", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), (attempt) => {
        expect(Job.backoffMs(attempt + 1)).toBeGreaterThanOrEqual(Job.backoffMs(attempt))
        expect(Job.backoffMs(attempt)).toBeLessThanOrEqual(3_600_000)
      })
    )
  })
})
