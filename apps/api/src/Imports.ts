/**
 * Imports uploaded over HTTP, run in the background of the API process: the upload is
 * kept in a private file (0600), read by `@phungpao/files` as the CLI's `import` reads
 * a file, stored batch by batch through the domain's `SurveyImport.batch` with the
 * uploader as the acting user, and followed as a job (status, rows, counts, rejects).
 * The job lives in this process until the worker takes imports over; its rejects name the
 * line, the field and the reason, never a value.
 */
import { type Actor, SurveyImport } from "@phungpao/domain"
import { CsvCell, SurveyFile } from "@phungpao/files"
import type * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import { randomUUID } from "node:crypto"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Services } from "./Services.js"

export const Status = Schema.Literal("queued", "running", "succeeded", "failed")

export const Job = Schema.Struct({
  id: Schema.String,
  kind: Schema.Literal("import"),
  status: Status,
  round: Schema.Int,
  submittedBy: Schema.String,
  submittedAt: Schema.String,
  startedAt: Schema.optionalWith(Schema.String, { exact: true }),
  finishedAt: Schema.optionalWith(Schema.String, { exact: true }),
  /** Items of the file read so far (records and rejected rows). */
  rows: Schema.Int,
  inserted: Schema.Int,
  updated: Schema.Int,
  unchanged: Schema.Int,
  rejected: Schema.Int,
  /** Why the file could not be read at all (the rows stored before stand). */
  error: Schema.optionalWith(Schema.String, { exact: true })
}).annotations({ identifier: "ImportJob" })
export type Job = typeof Job.Type

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** The extension a file is kept under, from the upload's media type (its bytes decide otherwise). */
const extensionOf = (mediaType: string): string =>
  mediaType.includes("csv")
    ? ".csv"
    : mediaType.includes("ndjson") || mediaType.includes("jsonl")
      ? ".ndjson"
      : mediaType.includes("spreadsheetml") || mediaType.includes("excel")
        ? ".xlsx"
        : ""

const batchSize = 2000

export interface Imports {
  readonly submit: (actor: Actor.Actor, round: number, bytes: Uint8Array, mediaType: string) => Job
  /** The job, for its submitter only (to anyone else there is no such job). */
  readonly get: (actor: Actor.Actor, id: string) => Job | undefined
  /** The rejects as CSV (`line,field,reason`), for the submitter. */
  readonly rejects: (actor: Actor.Actor, id: string) => string | undefined
  /** Resolves when every job started has ended (for tests and shutdown). */
  readonly settled: () => Promise<void>
}

export const make = (run: <A, E>(program: Effect.Effect<A, E, Services>) => Exit.Exit<A, E> | Promise<Exit.Exit<A, E>>): Imports => {
  const folder = mkdtempSync(join(tmpdir(), "phungpao-uploads-"))
  const jobs = new Map<string, { job: Mutable<Job>; rejects: Array<SurveyImport.Rejection> }>()
  const running = new Set<Promise<void>>()

  const work = async (entry: { job: Mutable<Job>; rejects: Array<SurveyImport.Rejection> }, actor: Actor.Actor, file: string) => {
    const { job } = entry
    job.status = "running"
    job.startedAt = new Date().toISOString()
    try {
      let records: Array<SurveyImport.Item> = []
      const store = async () => {
        if (records.length === 0) return
        const exit = await run(SurveyImport.batch(actor, job.round, records))
        records = []
        if (Exit.isFailure(exit)) throw new Error("the registry refused the batch")
        job.inserted += exit.value.inserted
        job.updated += exit.value.updated
        job.unchanged += exit.value.unchanged
        job.rejected += exit.value.rejected.length
        entry.rejects.push(...exit.value.rejected)
      }
      for await (const item of SurveyFile.read(file, { round: job.round })) {
        job.rows++
        if (item.kind === "rejected") {
          job.rejected++
          entry.rejects.push({ line: item.line, field: item.field, reason: item.reason })
        } else {
          records.push({ line: item.line, value: item.value })
          if (records.length >= batchSize) await store()
        }
      }
      await store()
      job.status = "succeeded"
    } catch (error) {
      job.status = "failed"
      job.error = error instanceof SurveyFile.UnreadableFile ? error.reason : "the import stopped; the rows stored before stand"
    } finally {
      job.finishedAt = new Date().toISOString()
      rmSync(file, { force: true })
    }
  }

  return {
    submit: (actor, round, bytes, mediaType) => {
      const id = `IMP-${randomUUID()}`
      const file = join(folder, `${id}${extensionOf(mediaType)}`)
      writeFileSync(file, bytes, { mode: 0o600 })
      const job: Mutable<Job> = {
        id,
        kind: "import",
        status: "queued",
        round,
        submittedBy: actor.id,
        submittedAt: new Date().toISOString(),
        rows: 0,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0
      }
      const entry = { job, rejects: [] as Array<SurveyImport.Rejection> }
      jobs.set(id, entry)
      const done: Promise<void> = work(entry, actor, file).finally(() => running.delete(done))
      running.add(done)
      return { ...job }
    },
    get: (actor, id) => {
      const entry = jobs.get(id)
      return entry === undefined || entry.job.submittedBy !== actor.id ? undefined : { ...entry.job }
    },
    rejects: (actor, id) => {
      const entry = jobs.get(id)
      if (entry === undefined || entry.job.submittedBy !== actor.id) return undefined
      const sorted = [...entry.rejects].sort((a, b) => a.line - b.line)
      return `\ufeff${[CsvCell.line(["line", "field", "reason"]), ...sorted.map((r) => CsvCell.line([r.line, r.field, r.reason]))].join("\n")}\n`
    },
    settled: async () => {
      while (running.size > 0) await Promise.all([...running])
    }
  }
}
