// One client of the fund's concurrency harness, in its own worker thread: opens its own
// database handle, says it is ready, waits for the others, runs its operations
// `concurrency` at a time and posts back what came of each, with when it started and ended.
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { parentPort, workerData } from "node:worker_threads"
import { books, outcome } from "./FundHarness.mjs"

const { config, naive, ops, concurrency } = workerData
const runtime = ManagedRuntime.make(books(config, naive))
await runtime.runPromise(Effect.void)
const go = new Promise((resolve) => parentPort.once("message", resolve))
parentPort.postMessage("ready")
await go
const now = () => performance.timeOrigin + performance.now()
const start = now()
const outcomes = await runtime.runPromise(Effect.forEach(ops, outcome, { concurrency }))
const end = now()
await runtime.dispose()
parentPort.postMessage({ outcomes, start, end })
