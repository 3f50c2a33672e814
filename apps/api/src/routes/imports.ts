/**
 * Survey files uploaded over HTTP: `POST /v1/imports` answers 202 with the import's job at
 * once and stores the file in the background (`Imports`); the job and its rejects are the
 * uploader's to read.
 */
import { Access } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Imports from "../Imports.js"
import { define } from "../Route.js"
import { Round } from "./common.js"

/** The largest survey file one upload takes (a province's round as CSV is about 150 MB). */
export const maxUploadBytes = 256 * 1024 * 1024

const JobId = Schema.String.pipe(Schema.pattern(/^IMP-[0-9a-f-]{36}$/))

const found = <A>(value: A | undefined, id: string) =>
  value === undefined ? Effect.fail(new Access.NotFound({ what: "record", id })) : Effect.succeed(value)

export const routes = [
  define({
    method: "post",
    path: "/v1/imports",
    operationId: "importSurvey",
    tag: "registry",
    summary: "Uploads a survey file (NDJSON, JSON, CSV or xlsx, as `import` reads them) into a round; answers 202 with the job to follow",
    description: `At most ${maxUploadBytes / 1024 / 1024} MiB. Records outside the caller's areas or of another round are rejected, by line and field.`,
    action: "importSurvey",
    upload: {
      mediaTypes: ["text/csv", "application/x-ndjson", "application/json", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
      maxBytes: maxUploadBytes
    },
    query: Schema.Struct({ round: Round }),
    response: Imports.Job,
    status: 202,
    handler: ({ actor, query, upload, imports }) =>
      Effect.zipRight(
        Access.check(actor, "importSurvey"),
        Effect.sync(() => imports.submit(actor, query.round, upload!.bytes, upload!.mediaType))
      )
  }),
  define({
    method: "get",
    path: "/v1/imports/{id}",
    operationId: "getImport",
    tag: "registry",
    summary: "An import's job: status, rows read, households inserted, updated, unchanged, rows rejected",
    action: "importSurvey",
    params: Schema.Struct({ id: JobId }),
    response: Imports.Job,
    handler: ({ actor, params, imports }) => Effect.zipRight(Access.check(actor, "importSurvey"), found(imports.get(actor, params.id), params.id))
  }),
  define({
    method: "get",
    path: "/v1/imports/{id}/rejects",
    operationId: "getImportRejects",
    tag: "registry",
    summary: "An import's rejected rows as CSV: line, field, reason (never a value)",
    action: "importSurvey",
    params: Schema.Struct({ id: JobId }),
    response: Schema.String,
    csv: true,
    handler: ({ actor, params, imports }) =>
      Effect.zipRight(
        Access.check(actor, "importSurvey"),
        Effect.map(found(imports.rejects(actor, params.id), params.id), (body) => ({ _file: true as const, mediaType: "text/csv; charset=utf-8", body, name: `${params.id}-rejects.csv` }))
      )
  })
]
