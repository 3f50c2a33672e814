/**
 * `import`'s reader thread: it reads the survey file, decodes each record
 * (`SurveyRecord.decode`) and sends the main thread batches of records as their texts
 * (`RecordText`), which the main thread reads back (`RecordText.decodeKept`) at a fraction of the cost, while it
 * stores the batches before. Reading, parsing and checking a record is about half of an
 * import's work: on two cores it now runs beside the database's writes.
 *
 * A text crosses threads as one copy; a record as objects would cost more to send than to
 * parse again. The thread stays at most `ahead` batches in front of the main thread.
 */
import { Worker } from "node:worker_threads"
import { RecordText } from "@phungpao/db"
import { SurveyImport } from "@phungpao/domain"
import { SurveyFile } from "@phungpao/files"

const { UnreadableFile } = SurveyFile

/** What the reader thread is started with (`workerData`). */
export interface Start {
  readonly kind: "read"
  readonly file: string
  readonly options: SurveyFile.ReadOptions
  readonly batchSize: number
}

/** A batch as the main thread gets it back: the records read, checked and decoded. */
export interface Batch {
  /** Items of the file this batch covers, rejected ones included. */
  readonly read: number
  readonly records: ReadonlyArray<SurveyImport.Checked>
  readonly rejected: ReadonlyArray<SurveyImport.Rejection>
}

type Message =
  | {
      readonly kind: "batch"
      readonly read: number
      readonly lines: ReadonlyArray<number>
      readonly texts: ReadonlyArray<string>
      readonly rejected: ReadonlyArray<SurveyImport.Rejection>
    }
  | { readonly kind: "end" }
  | { readonly kind: "failed"; readonly name: string; readonly message: string; readonly path?: string; readonly reason?: string }

/**
 * The reader thread's heap, kept small: what it reads is garbage once sent, and the peak
 * RSS of a 2,000,000-household import with V8's defaults came near 512 MB (488 MB so).
 * Its young generation is 32 MB: at 16 MB, and at 24, the thread collected garbage a
 * third of its time once the program was one bundle, and the 400,000-household import
 * took 14.6–15.3 s; at 32 MB 11.9–12.7 s (48 MB no faster), with the 2,000,000-household
 * import's peak RSS at 428 MB.
 */
const resourceLimits = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 32 }

/** Batches the reader may send before the main thread has taken them. */
const ahead = 3

/** In the reader thread: reads the file and posts its batches, waiting for `more` when `ahead` wait. */
export const work = async (start: Start, post: (message: Message) => void, more: (listener: () => void) => void): Promise<void> => {
  let credit = ahead
  let wake: (() => void) | undefined
  more(() => {
    credit++
    wake?.()
    wake = undefined
  })
  let read = 0
  let lines: Array<number> = []
  let texts: Array<string> = []
  let rejected: Array<SurveyImport.Rejection> = []
  const send = async () => {
    while (credit === 0) await new Promise<void>((resolve) => (wake = resolve))
    credit--
    post({ kind: "batch", read, lines, texts, rejected })
    read = 0
    lines = []
    texts = []
    rejected = []
  }
  try {
    for await (const item of SurveyFile.read(start.file, start.options)) {
      read++
      if (item.kind === "rejected") rejected.push({ line: item.line, field: item.field, reason: item.reason })
      else {
        const decoded = SurveyImport.decodeItem(item)
        if (decoded._tag === "Left") rejected.push(decoded.left)
        else {
          lines.push(item.line)
          texts.push(RecordText.encode(decoded.right.record))
        }
      }
      if (read >= start.batchSize) await send()
    }
    if (read > 0) await send()
    post({ kind: "end" })
  } catch (error) {
    const e = error as Error
    post(
      e instanceof UnreadableFile
        ? { kind: "failed", name: e.name, message: e.message, path: e.path, reason: e.reason }
        : { kind: "failed", name: e.name, message: e.message }
    )
  }
}

/**
 * In the main thread: the file's batches, read on a thread of their own. Breaking off the
 * iteration stops the thread; a file that cannot be read throws as `SurveyFile.read` does.
 */
export async function* read(start: Omit<Start, "kind">): AsyncGenerator<Batch> {
  const worker = new Worker(new URL("./worker.js", import.meta.url), { workerData: { ...start, kind: "read" } satisfies Start, resourceLimits })
  const queue: Array<Message> = []
  let failure: Error | undefined
  let wake: (() => void) | undefined
  const arrived = () => {
    wake?.()
    wake = undefined
  }
  worker.on("message", (message: Message) => {
    queue.push(message)
    arrived()
  })
  worker.on("error", (error) => {
    failure = error
    arrived()
  })
  worker.on("exit", () => {
    failure ??= new Error("the import's reader thread stopped before the end of the file")
    arrived()
  })
  try {
    for (;;) {
      const message = queue.shift()
      if (message === undefined) {
        if (failure !== undefined) throw failure
        await new Promise<void>((resolve) => (wake = resolve))
        continue
      }
      if (message.kind === "end") return
      if (message.kind === "failed") {
        throw message.path !== undefined && message.reason !== undefined
          ? new UnreadableFile({ path: message.path, reason: message.reason })
          : Object.assign(new Error(message.message), { name: message.name })
      }
      worker.postMessage("more")
      const records = new Array<SurveyImport.Checked>(message.texts.length)
      for (let i = 0; i < records.length; i++) records[i] = { line: message.lines[i]!, record: RecordText.decodeKept(message.texts[i]!) }
      yield { read: message.read, records, rejected: message.rejected }
    }
  } finally {
    worker.removeAllListeners("exit")
    await worker.terminate()
  }
}
