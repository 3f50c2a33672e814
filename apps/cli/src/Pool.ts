/**
 * Runs batches on worker threads and hands their results back in input order, with at
 * most a few batches in flight so memory stays flat however large the input is. With no
 * workers the batches run in the main thread, one by one.
 */
import { Worker } from "node:worker_threads"
import { RuleSet } from "@phungpao/domain"
import * as Batch from "./Batch.js"
import type * as Input from "./Input.js"

export interface Options {
  readonly workers: number
  readonly mode: Batch.Mode
  readonly parameters: Partial<RuleSet.RuleSet["parameters"]>
}

export const run = async (
  input: AsyncIterable<Input.Batch>,
  options: Options,
  handle: (result: Batch.Result) => void | Promise<void>
): Promise<void> => {
  if (options.workers <= 0) {
    const ruleSet = RuleSet.resolve(options.parameters)
    const decoder = new TextDecoder()
    for await (const batch of input) {
      const records: Batch.Records = "texts" in batch ? { texts: batch.texts } : { ndjson: decoder.decode(batch.bytes) }
      await handle(Batch.run(records, options.mode, ruleSet))
    }
    return
  }
  const workers = Array.from(
    { length: options.workers },
    () => new Worker(new URL("./worker.js", import.meta.url), { workerData: { mode: options.mode, parameters: options.parameters } })
  )
  const waiting = new Map<number, (result: Batch.Result) => void>()
  let failure: Error | undefined
  for (const worker of workers) {
    worker.on("message", (message: { id: number; result: Batch.Result }) => {
      const resolve = waiting.get(message.id)
      waiting.delete(message.id)
      resolve?.(message.result)
    })
    worker.on("error", (error) => {
      failure = error
      for (const resolve of waiting.values()) resolve({ records: 0, rejections: [], decisions: "", tallies: [] })
    })
  }
  const inFlight: Array<Promise<Batch.Result>> = []
  const limit = options.workers * 2
  let id = 0
  try {
    for await (const batch of input) {
      const worker = workers[id % workers.length]!
      const job = id++
      inFlight.push(new Promise((resolve) => waiting.set(job, resolve)))
      if ("bytes" in batch) worker.postMessage({ id: job, bytes: batch.bytes }, [batch.bytes.buffer as ArrayBuffer])
      else worker.postMessage({ id: job, texts: batch.texts })
      while (inFlight.length >= limit) {
        await handle(await inFlight.shift()!)
        if (failure !== undefined) throw failure
      }
    }
    while (inFlight.length > 0) {
      await handle(await inFlight.shift()!)
      if (failure !== undefined) throw failure
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
  }
}
