/**
 * Background jobs over HTTP: submit one under an `Idempotency-Key` (202: the worker runs
 * it), list, follow, cancel and retry them, see the workers alive, and read the latest
 * overdue reminders. Each route calls one `Jobs` use case with the acting user; a job the
 * caller may not see answers 404, as one that does not exist.
 */
import { Access, Job, Jobs, Kinds } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Imports from "../Imports.js"
import { define } from "../Route.js"
import { afterOf, cursorOf, Limit, Page } from "./common.js"

const kinds = Job.Kind.literals.map((k) => `\`${k}\``).join(", ")

const Submission = Schema.Struct({
  kind: Job.Kind,
  input: Schema.Record({ key: Schema.String, value: Schema.Unknown }).annotations({
    description:
      "The kind's input: `import` {round, path, batch?}, `evaluate-round` {round, partSize?}, `close-from-round` {round, on, partSize?}, " +
      "`export` {round, out, partSize?}, `fund-report` {audience: committee | public}, `overdue-reminders` {on}, `program-enrol` {program, round?}"
  })
}).annotations({ identifier: "JobSubmission" })

const JobWithTasks = Schema.Struct({ job: Job.Job, tasks: Schema.Array(Job.Task) }).annotations({ identifier: "JobWithTasks" })

const RemindersReport = Schema.Struct({ job: Schema.String, ...Kinds.Reminders.fields }).annotations({ identifier: "RemindersReport" })

const Id = Schema.Struct({ id: Job.JobId })

/** A position in the newest-first list of jobs (`Jobs.cursorOf`: submitted at, `|`, id), as the `next` of a page gave it. */
const JobCursor = Schema.optionalWith(
  Schema.String.pipe(
    Schema.maxLength(200),
    Schema.filter((c) => /^[0-9T:.Z-]{10,40}\|JOB-[0-9A-Za-z-]{1,64}$/.test(afterOf(c) ?? "") || "must be the `next` of the page before"),
    Schema.annotations({ description: "The `next` of the page before" })
  ),
  { exact: true }
)

/** The input fields of a kind that name a file on the workers' storage. */
const files: Partial<Record<Job.Kind, string>> = { import: "path", export: "out" }

/**
 * A file an import reads or an export writes, sent over HTTP, must lie in the uploads
 * folder: a caller names no other file of the workers' machines.
 */
const withinUploads = (uploads: string, kind: Job.Kind, input: Readonly<Record<string, unknown>>) => {
  const field = files[kind]
  const path = field === undefined ? undefined : input[field]
  return field === undefined || typeof path !== "string" || Imports.inside(uploads, path)
    ? Effect.void
    : Effect.fail(new Job.InvalidJobInput({ kind, field, reason: "must be an absolute path in the server's uploads folder (PHUNGPAO_UPLOADS)" }))
}

export const routes = [
  define({
    method: "post",
    path: "/v1/jobs",
    operationId: "submitJob",
    tag: "jobs",
    summary: "Submits a background job; answers 202 with the job, queued for `pnpm worker`",
    description:
      `Kinds: ${kinds}. Submitting needs the right the kind's own work needs (an import \`importSurvey\`, an evaluation \`evaluateRound\`, …). ` +
      "The `Idempotency-Key` header is required: the same key and body give back the first job. " +
      "A file an `import` reads or an `export` writes must lie in the server's uploads folder.",
    action: "readJobs",
    idempotency: "required",
    body: Submission,
    response: Job.Job,
    status: 202,
    handler: ({ actor, key, body, uploads }) =>
      Effect.gen(function* () {
        yield* Access.check(actor, "readJobs")
        yield* withinUploads(uploads, body.kind, body.input)
        return (yield* Jobs.submit(actor, body.kind, body.input, key)).job
      })
  }),
  define({
    method: "get",
    path: "/v1/jobs",
    operationId: "listJobs",
    tag: "jobs",
    summary: "The jobs the caller may see (their own, and those submitted for areas within theirs), newest first",
    action: "readJobs",
    query: Schema.Struct({
      limit: Limit,
      cursor: JobCursor,
      kind: Schema.optionalWith(Job.Kind, { exact: true }),
      status: Schema.optionalWith(Job.Status, { exact: true })
    }),
    response: Page(Job.Job, "JobPage"),
    handler: ({ actor, query }) =>
      Effect.map(
        Jobs.list(actor, {
          limit: query.limit ?? 50,
          ...(query.cursor === undefined ? {} : { cursor: afterOf(query.cursor)! }),
          ...(query.kind === undefined ? {} : { kind: query.kind }),
          ...(query.status === undefined ? {} : { status: query.status })
        }),
        (page) => ({ items: page.items, next: cursorOf(page.next ?? undefined) })
      )
  }),
  define({
    method: "get",
    path: "/v1/jobs/{id}",
    operationId: "getJob",
    tag: "jobs",
    summary: "A job and its tasks: status, tasks done of the total, rows, and for a failure the task, its attempts and the error",
    action: "readJobs",
    scoped: true,
    params: Id,
    response: JobWithTasks,
    handler: ({ actor, params }) => Jobs.show(actor, params.id)
  }),
  define({
    method: "post",
    path: "/v1/jobs/{id}/cancel",
    operationId: "cancelJob",
    tag: "jobs",
    summary: "Cancels a job: no task of it starts after this (a task running finishes and is ignored)",
    description: "The submitter may cancel their own job; anyone else needs `cancelJob`. A job that has ended answers 409.",
    action: "cancelJob",
    scoped: true,
    idempotency: "none",
    params: Id,
    response: Job.Job,
    status: 200,
    handler: ({ actor, params }) => Jobs.cancel(actor, params.id)
  }),
  define({
    method: "post",
    path: "/v1/jobs/{id}/retry",
    operationId: "retryJob",
    tag: "jobs",
    summary: "Queues a failed or cancelled job again: its tasks not done run afresh",
    description: "The submitter may retry their own job; anyone else needs `cancelJob`. A job queued, running or succeeded answers 409.",
    action: "cancelJob",
    scoped: true,
    idempotency: "none",
    params: Id,
    response: Job.Job,
    status: 200,
    handler: ({ actor, params }) => Jobs.retry(actor, params.id)
  }),
  define({
    method: "get",
    path: "/v1/workers",
    operationId: "listWorkers",
    tag: "jobs",
    summary: "The workers alive (seen in the last seconds) and the tasks each runs",
    action: "readJobs",
    response: Schema.Array(Job.WorkerInfo),
    handler: ({ actor }) => Jobs.workers(actor)
  }),
  define({
    method: "get",
    path: "/v1/reminders",
    operationId: "getReminders",
    tag: "jobs",
    summary: "The latest overdue reminders (plan actions past due, target households with no help), per district, cut to the caller's areas",
    description: "Made by the daily `overdue-reminders` job; 404 until that job has succeeded once.",
    action: "readJourney",
    response: RemindersReport,
    handler: ({ actor }) =>
      Effect.flatMap(Jobs.reminders(actor), (report) =>
        Option.match(report, { onNone: () => Effect.fail(new Access.NotFound({ what: "record", id: "reminders" })), onSome: Effect.succeed })
      )
  })
]
