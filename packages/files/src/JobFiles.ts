/**
 * The files background jobs read and write, as the domain's ports: `source`, survey files
 * read in batches for an `import` job's plan (any format `SurveyFile.read` takes), and
 * `sink`, an `export` job's parts written side by side as NDJSON and joined, in order,
 * into the file asked for (readable by its owner only: it holds personal data).
 */
import { JobStore, Job } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { createReadStream, createWriteStream, rmSync, statSync } from "node:fs"
import { pipeline } from "node:stream/promises"
import { end, privateFile } from "./Output.js"
import * as SurveyFile from "./SurveyFile.js"

/** Where part `index` of an export to `path` is written until the parts are joined. */
export const partPath = (path: string, index: number): string => `${path}.part-${String(index).padStart(5, "0")}`

const unreadable = (path: string, error: unknown) =>
  new Job.UnreadableSource({
    path,
    reason: error instanceof SurveyFile.UnreadableFile ? error.reason : error instanceof Error ? error.message.split("\n")[0]! : "cannot be read"
  })

export const source: JobStore.SurveySource["Type"] = {
  batches: (path, round, size, each) =>
    Effect.gen(function* () {
      const iterator = SurveyFile.read(path, { round })[Symbol.asyncIterator]()
      // One promise a batch, not one an item: reading stays in plain async code.
      const next = Effect.tryPromise({
        try: async () => {
          const items: Array<{ line: number; value: unknown }> = []
          const rejected: Array<{ line: number; field: string; reason: string }> = []
          let ended = false
          while (items.length + rejected.length < size) {
            const item = await iterator.next()
            if (item.done === true) {
              ended = true
              break
            }
            const v = item.value
            if (v.kind === "rejected") rejected.push({ line: v.line, field: v.field, reason: v.reason })
            else items.push({ line: v.line, value: v.value })
          }
          return { items, rejected, ended }
        },
        catch: (error) => unreadable(path, error)
      })
      let index = 0
      let rows = 0
      for (;;) {
        const { items, rejected, ended } = yield* next
        if (items.length + rejected.length > 0) {
          yield* each({ items, rejected }, index)
          index++
          rows += items.length + rejected.length
        }
        if (ended) return { batches: index, rows }
      }
    })
}

export const sink: JobStore.ExportSink["Type"] = {
  write: (path, index, records, first) =>
    Effect.promise(async () => {
      const part = partPath(path, index)
      const out = first ? privateFile(part) : createWriteStream(part, { flags: "a", mode: 0o600 })
      await SurveyFile.write(records, "ndjson", out)
    }),
  join: (path, parts) =>
    Effect.promise(async () => {
      const out = privateFile(path)
      for (let i = 0; i < parts; i++) await pipeline(createReadStream(partPath(path, i)), out, { end: false })
      await end(out)
      for (let i = 0; i < parts; i++) rmSync(partPath(path, i), { force: true })
      return statSync(path).size
    })
}

/** Both ports, for a worker. */
export const layer: Layer.Layer<JobStore.SurveySource | JobStore.ExportSink> = Layer.merge(
  Layer.succeed(JobStore.SurveySource, source),
  Layer.succeed(JobStore.ExportSink, sink)
)
