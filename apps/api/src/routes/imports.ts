/**
 * Survey files uploaded over HTTP: `POST /v1/imports` keeps the file in the uploads folder
 * and submits an `import` job for it, answering 202 with the job at once; `pnpm worker`
 * reads and stores it. The job and its rejects are for those who may see the job.
 */
import { Access, Job, Jobs } from "@phungpao/domain"
import { CsvCell } from "@phungpao/files"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Imports from "../Imports.js"
import { define } from "../Route.js"
import { Round } from "./common.js"

/** The largest survey file one upload takes (a province's round as CSV is about 150 MB). */
export const maxUploadBytes = 256 * 1024 * 1024

const Id = Schema.Struct({ id: Job.JobId })

/** An import's job, for those who may see it: a job of another kind is none at this address. */
const importJob = (actor: Parameters<typeof Jobs.show>[0], id: string) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "importSurvey")
    const { job } = yield* Jobs.show(actor, id)
    if (job.kind !== "import") return yield* new Access.NotFound({ what: "job", id })
    return job
  })

export const routes = [
  define({
    method: "post",
    path: "/v1/imports",
    operationId: "importSurvey",
    tag: "registry",
    summary: "Uploads a survey file (NDJSON, JSON, CSV or xlsx, as `import` reads them) into a round; answers 202 with the `import` job to follow",
    description:
      `At most ${maxUploadBytes / 1024 / 1024} MiB. The file is kept in the server's uploads folder and read by \`pnpm worker\`. ` +
      "Records outside the caller's areas or of another round are rejected, by line and field. " +
      "The same `Idempotency-Key`, file and round give back the first job.",
    action: "importSurvey",
    upload: {
      mediaTypes: ["text/csv", "application/x-ndjson", "application/json", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
      maxBytes: maxUploadBytes
    },
    query: Schema.Struct({ round: Round }),
    response: Job.Job,
    status: 202,
    handler: ({ actor, key, query, upload, uploads }) =>
      Effect.gen(function* () {
        yield* Access.check(actor, "importSurvey")
        const path = yield* Imports.keep(uploads, actor.id, key, query.round, upload!.bytes, upload!.mediaType)
        const submitted = yield* Effect.tapError(Jobs.submit(actor, "import", { round: query.round, path }, key), () => Imports.discard(path))
        return submitted.job
      })
  }),
  define({
    method: "get",
    path: "/v1/imports/{id}",
    operationId: "getImport",
    tag: "registry",
    summary: "An import's job: status, rows read, tasks done; once it has succeeded, households inserted, updated, unchanged and rows rejected (`result`)",
    action: "importSurvey",
    scoped: true,
    params: Id,
    response: Job.Job,
    handler: ({ actor, params }) => importJob(actor, params.id)
  }),
  define({
    method: "get",
    path: "/v1/imports/{id}/rejects",
    operationId: "getImportRejects",
    tag: "registry",
    summary: "An import's rejected rows as CSV: line, field, reason (never a value)",
    action: "importSurvey",
    scoped: true,
    params: Id,
    response: Schema.String,
    csv: true,
    handler: ({ actor, params }) =>
      Effect.gen(function* () {
        yield* importJob(actor, params.id)
        const rejects = yield* Jobs.rejects(actor, params.id)
        const body = `\ufeff${[CsvCell.line(["line", "field", "reason"]), ...rejects.map((r) => CsvCell.line([r.line, r.field, r.reason]))].join("\n")}\n`
        return { _file: true as const, mediaType: "text/csv; charset=utf-8", body, name: `${params.id}-rejects.csv` }
      })
  })
]
