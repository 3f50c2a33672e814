/**
 * `phungpao import FILE [--round R]`: survey files into the registry, in batches of one
 * transaction each (on SQLite committed together about once a second), the file read on a
 * thread of its own when it is big. Rejected rows go to FILE.rejects.csv with their line,
 * field and reason; re-running a file changes nothing and says so.
 */
import { closeSync, openSync, readSync, rmSync, statSync } from "node:fs"
import { availableParallelism } from "node:os"
import { finished } from "node:stream/promises"
import { Database } from "@phungpao/db"
import { type Access, SurveyImport } from "@phungpao/domain"
import { CsvCell, Output, SurveyFile } from "@phungpao/files"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Cli from "../Cli.js"
import * as Heap from "../Heap.js"
import * as ImportReader from "../ImportReader.js"
import * as Lang from "../Lang.js"
import * as Registry from "../Registry.js"
import * as Table from "../Table.js"

export const options = {
  round: { type: "string" },
  format: { type: "string" },
  "file-format": { type: "string" },
  encoding: { type: "string" },
  rejects: { type: "string" },
  "batch-size": { type: "string" },
  jobs: { type: "string" },
  lang: { type: "string" },
  help: { type: "boolean", short: "h" }
} as const

const formats = ["ndjson", "json", "csv", "xlsx"] as const
const encodings = ["utf-8", "tis-620", "windows-874"] as const

/**
 * Households per transaction. Batches of 5,000 and 10,000 were tried (on a busy two-core
 * machine): 5,000 was no faster than this and held some 30 MB more.
 */
const defaultBatchSize = 2000

/**
 * The most this thread's heap may use between batches before it is collected (see Heap),
 * a little below the 115–155 MB at which V8 collects it in most runs and far below the
 * 400 MB it sometimes lets it reach. Measured, 400,000 households: peak RSS 315–322 MB
 * at 100 MB, 358–371 MB at 160 MB, 282 MB at 60 MB, in the same time (12.3–12.8 s).
 */
const heapCeilingMb = 100

/** A file this big or bigger is read on a thread of its own by default: below it, starting the thread costs more than it saves. */
const readerThreadFrom = 4 << 20

/**
 * Whether the file is read on a reader thread (see ImportReader): `--jobs 2` says yes,
 * `--jobs 1` no; by default yes for a file of `readerThreadFrom` bytes or more on a
 * machine with two cores or more. Standard input, and a workbook (whose shared strings
 * ExcelJS holds, beyond the reader thread's small heap), are read in this thread.
 */
const readerThread = (jobs: string | undefined, file: string, format: SurveyFile.Format | undefined): boolean => {
  const n = jobs === undefined ? undefined : Cli.wholeNumber("jobs", jobs, 1)
  if (n !== undefined && n > 2) throw new Cli.UsageError(`--jobs ${jobs}: expected 1 (all in this thread) or 2 (the file read on a thread of its own)`)
  if (file === "-" || n === 1) return false
  let first = new Uint8Array(8)
  try {
    const fd = openSync(file, "r")
    try {
      first = first.subarray(0, readSync(fd, first, 0, first.length, 0))
    } finally {
      closeSync(fd)
    }
    if ((format ?? SurveyFile.detectFormat(file, first)) === "xlsx") return false
  } catch {
    // The reader says what is wrong with the file, in whichever thread.
  }
  return n === 2 || (availableParallelism() >= 2 && statSync(file).size >= readerThreadFrom)
}

const rejectsHeader = "line,field,reason\n"

/**
 * Removes the rejects file an earlier run left at `path`, which would tell of rows this
 * run found good; a file there that is not a rejects file (`--rejects notes.txt`) is left
 * alone.
 */
const removeStaleRejects = (path: string): void => {
  let start = ""
  try {
    const fd = openSync(path, "r")
    try {
      const bytes = Buffer.alloc(rejectsHeader.length)
      start = bytes.subarray(0, readSync(fd, bytes, 0, bytes.length, 0)).toString("utf8")
    } finally {
      closeSync(fd)
    }
  } catch {
    return
  }
  if (start === rejectsHeader) rmSync(path, { force: true })
}

export interface Summary {
  read: number
  inserted: number
  updated: number
  unchanged: number
  rejected: number
}

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const { values, positionals } = Cli.parse(args, options)
  const { format, lang } = Cli.output(values)
  const fileFormat = values["file-format"]
  if (fileFormat !== undefined && !formats.includes(fileFormat as never)) {
    throw new Cli.UsageError(`--file-format ${fileFormat}: expected ${formats.join(", ")}`)
  }
  const encoding = values.encoding?.toLowerCase()
  if (encoding !== undefined && !encodings.includes(encoding as never)) {
    throw new Cli.UsageError(`--encoding ${values.encoding}: expected ${encodings.join(", ")}`)
  }
  const round = values.round === undefined ? undefined : Cli.wholeNumber("round", values.round, 0)
  const batchSize = values["batch-size"] === undefined ? defaultBatchSize : Cli.wholeNumber("batch-size", values["batch-size"], 1)
  if (positionals.length > 1) throw new Cli.UsageError(`expected one FILE, got ${positionals.length}`)
  const file = Cli.readable(positionals[0])
  const rejectsPath = values.rejects ?? (file === "-" ? "rejects.csv" : `${file}.rejects.csv`)

  const summary: Summary = { read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 }
  let rejects: ReturnType<typeof Output.privateFile> | undefined
  const reject = (line: number, field: string, reason: string) => {
    if (rejects === undefined) {
      rejects = Output.privateFile(rejectsPath)
      rejects.write(rejectsHeader)
    }
    rejects.write(`${CsvCell.line([line, field, reason])}\n`)
    summary.rejected++
  }
  const progress = Cli.progress((n) => `${Table.count(n)} ${lang === "th" ? "ครัวเรือน" : "households"}…`)
  const readOptions: SurveyFile.ReadOptions = {
    ...(fileFormat === undefined ? {} : { format: fileFormat as SurveyFile.Format }),
    ...(encoding === undefined ? {} : { encoding: encoding as SurveyFile.Encoding }),
    ...(round === undefined ? {} : { round })
  }
  // The records of a batch are garbage once stored: see Heap.
  const heapCheck = Heap.ceiling(heapCeilingMb)
  // The operator acts, and `Access.table` lets the operator import: a refusal here is a defect.
  const outcome = (stored: Effect.Effect<SurveyImport.Outcome, Access.NotPermitted, Registry.Ports>) =>
    Effect.asVoid(
      Effect.tap(Effect.orDie(stored), (outcome) =>
        Effect.sync(() => {
          summary.inserted += outcome.inserted
          summary.updated += outcome.updated
          summary.unchanged += outcome.unchanged
          for (const r of outcome.rejected) reject(r.line, r.field, r.reason)
          progress.tick(summary.read)
          heapCheck()
        })
      )
    )

  // Batches are stored one after another, in file order, while the next ones are read:
  // on PostgreSQL the server writes while this thread parses, and with a reader thread
  // the file is read and checked there while this one stores. At most `ahead` batches
  // wait, so memory stays bounded.
  const ahead = 2
  const pending: Array<Fiber.RuntimeFiber<void>> = []
  const send = (store: Effect.Effect<void, never, Registry.Ports>) =>
    Effect.gen(function* () {
      if (pending.length >= ahead) yield* Fiber.join(pending.shift()!)
      const previous = pending.at(-1)
      pending.push(yield* Effect.fork(Effect.zipRight(previous === undefined ? Effect.void : Fiber.join(previous), store)))
    })
  // Gives the database's replies their turn: promises that resolve as microtasks (the
  // reader's) would otherwise starve them while batches are being stored.
  const yieldToIo = Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))

  const inThisThread = Effect.gen(function* () {
    const items = SurveyFile.read(file, readOptions)[Symbol.asyncIterator]()
    let batch: Array<SurveyImport.Item> = []
    for (;;) {
      const next = yield* Effect.promise(() => items.next())
      if (next.done === true) break
      const item = next.value
      summary.read++
      if (item.kind === "rejected") reject(item.line, item.field, item.reason)
      else batch.push({ line: item.line, value: item.value })
      if (batch.length >= batchSize) {
        yield* send(outcome(SurveyImport.batch(Registry.actor, round, batch)))
        batch = []
      }
      if (pending.length > 0 && summary.read % 64 === 0) yield* yieldToIo
    }
    if (batch.length > 0) yield* send(outcome(SurveyImport.batch(Registry.actor, round, batch)))
    for (const fiber of pending) yield* Fiber.join(fiber)
  })

  // The thread is stopped however the import ends (a failed batch included).
  const onReaderThread = Effect.acquireUseRelease(
    Effect.sync(() => ImportReader.read({ file, options: readOptions, batchSize })[Symbol.asyncIterator]()),
    (batches) =>
      Effect.gen(function* () {
        for (;;) {
          const next = yield* Effect.promise(() => batches.next())
          if (next.done === true) break
          const { read, records, rejected } = next.value
          summary.read += read
          yield* send(outcome(SurveyImport.batchDecoded(Registry.actor, round, records, rejected)))
          yield* yieldToIo
        }
        for (const fiber of pending) yield* Fiber.join(fiber)
      }),
    (batches) => Effect.promise(async () => void (await batches.return(undefined)))
  )

  const batches = readerThread(values.jobs, file, fileFormat as SurveyFile.Format | undefined) ? onReaderThread : inThisThread
  // On SQLite the batches commit together about once a second (see `Database.grouped`).
  const program = Effect.flatMap(Database.Database, (database) => database.grouped(batches))
  try {
    await Registry.run(program)
  } finally {
    progress.done()
    if (rejects !== undefined) {
      rejects.end()
      await finished(rejects)
    }
  }
  if (rejects === undefined) removeStaleRejects(rejectsPath)
  process.stdout.write(format === "json" ? `${JSON.stringify({ ...summary, rejects: rejects === undefined ? null : rejectsPath })}\n` : human(summary, lang, rejectsPath))
  return summary.rejected > 0 ? 1 : 0
}

const human = (s: Summary, lang: Lang.Lang, rejectsPath: string): string => {
  const c = Table.count
  const th = lang === "th"
  const counts = th
    ? `อ่าน ${c(s.read)} · เพิ่ม ${c(s.inserted)} · แก้ไข ${c(s.updated)} · ไม่เปลี่ยน ${c(s.unchanged)} · ปฏิเสธ ${c(s.rejected)}`
    : `read ${c(s.read)} · inserted ${c(s.inserted)} · updated ${c(s.updated)} · unchanged ${c(s.unchanged)} · rejected ${c(s.rejected)}`
  const notes: Array<string> = []
  if (s.inserted + s.updated === 0 && s.unchanged > 0) {
    notes.push(th ? "ไม่มีการเปลี่ยนแปลง: ทุกครัวเรือนอยู่ในทะเบียนแล้ว" : "nothing changed: every household was already in the registry")
  }
  if (s.rejected > 0) notes.push(th ? `รายการที่ถูกปฏิเสธอยู่ใน ${rejectsPath}` : `rejected rows are listed in ${rejectsPath}`)
  return `${counts}\n${notes.map((n) => `${n}\n`).join("")}`
}
