/** A worker thread that runs batches (see Batch.ts) for the main thread's pool, or a part of a round (RoundParts.ts). */
import { parentPort, workerData } from "node:worker_threads"
import { RuleSet } from "@phungpao/domain"
import * as Batch from "./Batch.js"
import type * as ImportReader from "./ImportReader.js"
import type * as RoundParts from "./RoundParts.js"

interface Job {
  readonly id: number
  readonly bytes?: Uint8Array
  readonly texts?: ReadonlyArray<string>
}

type Data = { mode: Batch.Mode; parameters: Partial<RuleSet.RuleSet["parameters"]> } | RoundParts.Start | ImportReader.Start

const data = workerData as Data
if ("kind" in data && data.kind === "read") {
  // `import`'s reader: it reads the file and ends.
  const ImportReader = await import("./ImportReader.js")
  await ImportReader.work(data, (message) => parentPort!.postMessage(message), (listener) => parentPort!.on("message", listener))
  parentPort!.removeAllListeners("message")
} else if ("kind" in data) {
  // A part of `evaluate --round`: the registry's modules are loaded for it alone, then the
  // part is awaited; the thread ends when it is done.
  const RoundParts = await import("./RoundParts.js")
  parentPort!.once("message", (job: RoundParts.Job) => void RoundParts.work(job, (message) => parentPort!.postMessage(message)))
} else {
  const ruleSet = RuleSet.resolve(data.parameters)
  const decoder = new TextDecoder()
  parentPort!.on("message", (job: Job) => {
    const records: Batch.Records = job.texts !== undefined ? { texts: job.texts } : { ndjson: decoder.decode(job.bytes) }
    parentPort!.postMessage({ id: job.id, result: Batch.run(records, data.mode, ruleSet) })
  })
}
