/**
 * The use cases of background jobs: submit one (under an idempotency key), list, show,
 * cancel and retry them, see the workers alive, read the latest reminders, and, for a
 * worker, run one step of a job (its plan or one task) as the job's submitter. Whichever
 * engine dispatches the steps (graphile-worker on PostgreSQL, the embedded worker on
 * SQLite), every step goes through `runStep`, so the state in the job tables means the
 * same on both.
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Access from "../kernel/Access.js"
import * as Actor from "../kernel/Actor.js"
import * as Idempotency from "../kernel/Idempotency.js"
import * as Job from "./Job.js"
import { type Claimed, JobStore } from "./JobStore.js"
import * as Kinds from "./Kinds.js"

/** Attempts a task gets before it fails its job. */
export const maxAttempts = 5

const nowIso = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())

/** A parse failure as the field and the reason, without the value given (a path may be personal). */
const issueOf = (error: ParseResult.ParseError): { field: string; reason: string } => {
  const first = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  const field = first === undefined || first.path.length === 0 ? "input" : first.path.map(String).join(".")
  const reason = (first?.message ?? "is invalid").replace(/,? ?actual .*$/s, "").replace(/^Expected /, "must be ")
  return { field, reason }
}

/** Whether the actor may see the job: their own, or one submitted for areas all within theirs. */
export const visible = (actor: Actor.Actor, job: Job.Job): boolean =>
  job.submittedBy === actor.id || (job.scope.length > 0 && job.scope.every((area) => Actor.inScope(actor, area)))

/**
 * Submits a job of `kind` with `input`, as `actor`, under the idempotency key: the same key
 * and input give back the first job (`created: false`); the same key with another input is
 * refused. The kind's own right is checked now, and again as each task runs.
 *
 * @example Jobs.submit(centre, "evaluate-round", { round: 2564 }, key) // { job: { id: "JOB-…", status: "queued", … }, created: true }
 */
export const submit = (actor: Actor.Actor, kind: string, input: unknown, key: Idempotency.Key, kinds: Kinds.Registry = Kinds.all) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readJobs")
    const decodedKind = Schema.decodeUnknownEither(Job.Kind)(kind)
    if (Either.isLeft(decodedKind)) {
      return yield* new Job.InvalidJobInput({ kind: String(kind).slice(0, 40), field: "kind", reason: `must be one of ${Job.Kind.literals.join(", ")}` })
    }
    const definition = kinds[decodedKind.right]
    const decoded = Schema.decodeUnknownEither(definition.input)(input, { onExcessProperty: "error" })
    if (Either.isLeft(decoded)) return yield* new Job.InvalidJobInput({ kind: decodedKind.right, ...issueOf(decoded.left) })
    yield* Access.check(actor, definition.action(decoded.right))
    const encoded = Schema.encodeSync(definition.input)(decoded.right) as unknown
    const hash = Idempotency.hash({ kind: decodedKind.right, input: encoded })
    const store = yield* JobStore
    const submitted = yield* store.submit({
      id: `JOB-${Idempotency.hash({ by: actor.id, key })}`,
      kind: decodedKind.right,
      input: encoded,
      key,
      hash,
      submitter: actor,
      submittedAt: yield* nowIso,
      maxAttempts: definition.attempts ?? maxAttempts,
      serial: definition.serial
    })
    if (!submitted.created && submitted.hash !== hash) return yield* new Idempotency.KeyReused({ key, command: `job ${submitted.job.kind}` })
    return { job: submitted.job, created: submitted.created }
  })

const found = (actor: Actor.Actor, id: string) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readJobs")
    const job = yield* (yield* JobStore).get(id)
    if (Option.isNone(job) || !visible(actor, job.value)) return yield* new Access.NotFound({ what: "job", id })
    return job.value
  })

/** One job with its tasks, if the actor may see it (to anyone else there is no such job). */
export const show = (actor: Actor.Actor, id: string) =>
  Effect.gen(function* () {
    const job = yield* found(actor, id)
    return { job, tasks: yield* (yield* JobStore).tasks(id) }
  })

/** The jobs the actor may see, newest first, a page at a time. */
export const list = (actor: Actor.Actor, page: { readonly limit: number; readonly cursor?: string; readonly kind?: Job.Kind; readonly status?: Job.Status }) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readJobs")
    const store = yield* JobStore
    const jobs: Array<Job.Job> = []
    let before = page.cursor
    for (;;) {
      const got = yield* store.list({
        limit: page.limit,
        ...(before === undefined ? {} : { before }),
        ...(page.kind === undefined ? {} : { kind: page.kind }),
        ...(page.status === undefined ? {} : { status: page.status })
      })
      for (const job of got.jobs) if (visible(actor, job) && jobs.length < page.limit) jobs.push(job)
      if (jobs.length >= page.limit || got.next === null) {
        return { items: jobs, next: jobs.length >= page.limit && (got.next !== null || got.jobs.length > 0) ? cursorOf(jobs[jobs.length - 1]!) : null }
      }
      before = got.next
    }
  })

/** The cursor after a job in the newest-first order (`Job.cursorOf`). */
export const cursorOf = Job.cursorOf

const mayManage = (actor: Actor.Actor, job: Job.Job) => (job.submittedBy === actor.id ? Effect.void : Access.check(actor, "cancelJob"))

/** Cancels a job: no step of it starts after this; a step running finishes and is ignored. */
export const cancel = (actor: Actor.Actor, id: string) =>
  Effect.gen(function* () {
    const job = yield* found(actor, id)
    yield* mayManage(actor, job)
    if (Job.ended(job.status)) return yield* new Job.JobEnded({ job: id, status: job.status })
    yield* (yield* JobStore).cancel(id, actor.id, yield* nowIso)
    return yield* found(actor, id)
  })

/** Queues a failed or cancelled job again: the steps not done run afresh (their attempts from 0). */
export const retry = (actor: Actor.Actor, id: string) =>
  Effect.gen(function* () {
    const job = yield* found(actor, id)
    yield* mayManage(actor, job)
    if (job.status !== "failed" && job.status !== "cancelled") return yield* new Job.JobNotRetryable({ job: id, status: job.status })
    yield* (yield* JobStore).retry(id)
    return yield* found(actor, id)
  })

/** The workers alive and what each runs. */
export const workers = (actor: Actor.Actor) => Effect.zipRight(Access.check(actor, "readJobs"), Effect.flatMap(JobStore, (s) => s.workers()))

/**
 * The latest daily reminders (overdue actions and target households with no help, per
 * district), cut to the actor's areas; none before the first run.
 */
export const reminders = (actor: Actor.Actor) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readJourney")
    const store = yield* JobStore
    const latest = yield* store.list({ limit: 1, kind: "overdue-reminders", status: "succeeded" })
    const job = latest.jobs[0]
    if (job === undefined) return Option.none<Kinds.Reminders & { readonly job: string }>()
    const report = Schema.decodeUnknownSync(Kinds.Reminders)(job.result)
    const districts = report.districts.flatMap((d) => {
      const overdue = d.overdue.filter((o) => Actor.inScope(actor, o.villageCode))
      const noHelp = d.noHelp.filter((h) => Actor.inScope(actor, h.villageCode))
      return Actor.inScope(actor, d.district) || overdue.length > 0 || noHelp.length > 0 ? [{ ...d, overdue, noHelp }] : []
    })
    return Option.some({ job: job.id, on: report.on, districts })
  })

/** How a step ended: skipped (its job ended, or it was done), done, to be tried again, or failed for good (its job with it). */
export type Outcome = "skipped" | "done" | "retry" | "failed"

/** The first line of an error, short: what a job's failure records (no stack, no values of records). */
const errorText = (cause: Cause.Cause<unknown>): string => {
  const failure = Cause.failureOption(cause)
  const error: unknown = Option.isSome(failure) ? failure.value : Option.getOrUndefined(Cause.dieOption(cause))
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : Cause.isInterruptedOnly(cause) ? "interrupted" : "failed"
  const tag = typeof error === "object" && error !== null && "_tag" in error ? `${String((error as { _tag: unknown })._tag)}: ` : ""
  return `${tag}${message.split("\n")[0]!}`.slice(0, 500)
}

/**
 * Runs one step of a job as the queue handed it to `worker`: the plan (the job cut into
 * tasks, stored and queued) or one task, then, after the last task, the combined result.
 * A refusal of the domain (a right withdrawn, a file unreadable, …) fails the job at once;
 * any other failure is tried again, up to the job's attempts, then fails the job.
 */
export const runStep = (claimed: Claimed, worker: string, kinds: Kinds.Registry = Kinds.all) =>
  Effect.gen(function* () {
    const store = yield* JobStore
    const at = yield* nowIso
    if (!(yield* store.begin(claimed.job, claimed.step, worker, claimed.attempt, at))) return "skipped" as Outcome
    const job = Option.getOrThrow(yield* store.get(claimed.job))
    const definition = kinds[job.kind]
    const work = Effect.gen(function* () {
      const input = yield* Effect.orDie(Schema.decodeUnknown(definition.input)(job.input))
      const submitter = Option.getOrThrow(yield* store.submitter(job.id))
      // The submitter acts with the rights they hold now: a role or scope withdrawn since stops the job.
      const actor = submitter.role === "system" ? submitter : yield* Access.resolve(submitter.id)
      const finishJob = Effect.gen(function* () {
        const results = yield* store.results(job.id)
        const current = Option.getOrThrow(yield* store.get(job.id))
        yield* store.succeed(job.id, yield* definition.combine(input, results, current), yield* nowIso)
      })
      if (claimed.step === "plan") {
        const specs = yield* definition.plan(actor, input, { ...job, startedAt: job.startedAt ?? at })
        const encoded = specs.map((s) => Schema.encodeSync(definition.spec)(s) as unknown)
        yield* store.plan(job.id, encoded, yield* nowIso)
        if (encoded.length === 0) yield* finishJob
        return
      }
      const stored = yield* store.spec(job.id, claimed.step)
      if (Option.isNone(stored)) return yield* Effect.dieMessage(`job ${job.id} has no task ${claimed.step}`)
      const spec = yield* Effect.orDie(Schema.decodeUnknown(definition.spec)(stored.value))
      const done = yield* definition.run(actor, input, spec, job, claimed.step)
      const counts = yield* store.finish(job.id, claimed.step, done.rows, done.result, yield* nowIso)
      if (counts.done === counts.total) yield* finishJob
    })
    const exit = yield* Effect.exit(work)
    if (Exit.isSuccess(exit)) return "done" as Outcome
    const refused = Option.isSome(Cause.failureOption(exit.cause))
    const final = refused || claimed.attempt >= claimed.maxAttempts
    const failedAt = yield* Clock.currentTimeMillis
    yield* store.fail(
      claimed.job,
      claimed.step,
      claimed.attempt,
      errorText(exit.cause),
      final,
      new Date(failedAt).toISOString(),
      new Date(failedAt + Job.backoffMs(claimed.attempt)).toISOString()
    )
    return (final ? "failed" : "retry") as Outcome
  })

/**
 * An import job's refused rows (line, field, reason: never a value), in line order, for
 * those who may see the job; none for a job of another kind.
 */
export const rejects = (actor: Actor.Actor, id: string) =>
  Effect.gen(function* () {
    const job = yield* found(actor, id)
    if (job.kind !== "import") return []
    const results = yield* (yield* JobStore).results(id)
    return results
      .flatMap((r) => ((r as { rejected?: ReadonlyArray<{ line: number; field: string; reason: string }> } | undefined)?.rejected ?? []))
      .sort((a, b) => a.line - b.line)
  })
