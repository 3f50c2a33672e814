/** A worker thread that runs batches (see Batch.ts) for the main thread's pool. */
import { parentPort, workerData } from "node:worker_threads"
import { RuleSet } from "@phungpao/domain"
import * as Batch from "./Batch.js"

interface Job {
  readonly id: number
  readonly bytes?: Uint8Array
  readonly texts?: ReadonlyArray<string>
}

const { mode, parameters } = workerData as { mode: Batch.Mode; parameters: Partial<RuleSet.RuleSet["parameters"]> }
const ruleSet = RuleSet.withParameters(RuleSet.tpmap2565, parameters)
const decoder = new TextDecoder()

parentPort!.on("message", (job: Job) => {
  const records: Batch.Records = job.texts !== undefined ? { texts: job.texts } : { ndjson: decoder.decode(job.bytes) }
  parentPort!.postMessage({ id: job.id, result: Batch.run(records, mode, ruleSet) })
})
