/**
 * `evaluate --round` on worker threads: the round cut into ranges of house codes, each
 * evaluated and stored by its own thread over its own connection (reading, parsing and
 * evaluating side by side; SQLite takes their writes one transaction at a time), as one
 * evaluation with one time. The main thread adds up their tallies.
 *
 * The threads are started first (`start`), before the round is cut, and wait for their
 * part: loading the program takes a thread about 0.2 s (half a second before it was one
 * bundle, ADR 0012), which the main thread's own start-up (migrations, the cut) then overlaps.
 */
import { Worker } from "node:worker_threads"
import { AreaFigures, RoundEvaluation, RuleSet } from "@phungpao/domain"
import { Database, fromEnv, RegistrySql } from "@phungpao/db"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Registry from "./Registry.js"

/** What a worker is started with (`workerData`): it then waits for its `Job`. */
export interface Start {
  readonly kind: "round"
}

/** What a worker is given: the round, the rule set's what-ifs, its part and the evaluation time. */
export interface Job {
  readonly round: number
  readonly parameters: Partial<RuleSet.RuleSet["parameters"]>
  readonly part: RoundEvaluation.Part
  readonly evaluatedAt: string
}

type Message =
  | { readonly kind: "progress"; readonly done: number }
  | { readonly kind: "done"; readonly households: number; readonly tally: AreaFigures.Tally }
  | { readonly kind: "failed"; readonly message: string }

/** In a worker: evaluates its part and reports progress and the outcome to the main thread. */
export const work = async (job: Job, post: (message: Message) => void): Promise<void> => {
  const ruleSet = RuleSet.resolve(job.parameters)
  try {
    // The main thread has migrated the database: a part only reads and writes it.
    const ports = RegistrySql.layer.pipe(Layer.provideMerge(Database.layer(fromEnv(process.env))))
    const { households, tally } = await Effect.runPromise(
      RoundEvaluation.run(Registry.actor, job.round, ruleSet, {
        ...job.part,
        evaluatedAt: job.evaluatedAt,
        onProgress: (p) => Effect.sync(() => post({ kind: "progress", done: p.done }))
      }).pipe(Effect.provide(ports), Effect.scoped)
    )
    post({ kind: "done", households, tally })
  } catch (error) {
    post({ kind: "failed", message: (error as Error).message })
  }
}

/**
 * A part parses a page of records and makes its decisions, all young garbage: twice V8's
 * default young generation (semi-spaces of 32 MB, not 16) collects it less often and
 * promotes less of it. Measured on 400,000 households in two parts on a quiet two-core
 * machine: 4.22–4.32 s with the default, 3.89–3.97 s with 96 MB (192 MB: 4.00 s), some
 * 50 MB more peak RSS.
 */
const resourceLimits = { maxYoungGenerationSizeMb: 96 }

/** Threads started and waiting for their parts. */
export interface Crew {
  /**
   * Evaluates the parts (at most `size`), one thread each, and stops the threads left
   * over; resolves with the households evaluated and the round's tally. A part that fails
   * fails the whole (the parts stored stay, as a rerun replaces them).
   */
  readonly run: (
    round: number,
    parameters: Job["parameters"],
    parts: ReadonlyArray<RoundEvaluation.Part>,
    evaluatedAt: string,
    onProgress: (done: number) => void
  ) => Promise<{ households: number; tally: AreaFigures.Tally }>
  /** Stops every thread (when the parts are not needed after all). */
  readonly stop: () => Promise<void>
}

/** Starts `size` threads, each loading the program and then waiting for its part. */
export const start = (size: number): Crew => {
  const start: Start = { kind: "round" }
  let onProgress: (done: number) => void = () => undefined
  const done = Array.from({ length: size }, () => 0)
  // Listened to from the start, so that a thread failing while it loads is heard.
  const threads = Array.from({ length: size }, (_, i) => {
    const worker = new Worker(new URL("./worker.js", import.meta.url), { workerData: start, resourceLimits })
    let outcome: Message | undefined
    let stopped = false
    const finished = new Promise<{ households: number; tally: AreaFigures.Tally }>((resolve, reject) => {
      worker.on("message", (message: Message) => {
        if (message.kind === "progress") {
          done[i] = message.done
          onProgress(done.reduce((a, b) => a + b, 0))
        } else outcome = message
      })
      worker.on("error", reject)
      worker.on("exit", (code) => {
        if (outcome?.kind === "done") resolve({ households: outcome.households, tally: outcome.tally })
        else if (outcome?.kind === "failed") reject(new Error(outcome.message))
        else reject(new Error(stopped ? "stopped" : `a thread evaluating a part of the round stopped (exit ${code})`))
      })
    })
    // Until the thread is given a part, its end is nobody's failure.
    finished.catch(() => undefined)
    const stop = async () => {
      stopped = true
      await worker.terminate()
    }
    return { worker, finished, stop }
  })
  const stop = async () => void (await Promise.all(threads.map((t) => t.stop())))
  return {
    stop,
    run: async (round, parameters, parts, evaluatedAt, progress) => {
      if (parts.length > threads.length) throw new Error(`${parts.length} parts for ${threads.length} threads`)
      await Promise.all(threads.slice(parts.length).map((t) => t.stop()))
      onProgress = progress
      parts.forEach((part, i) => threads[i]!.worker.postMessage({ round, parameters, part, evaluatedAt } satisfies Job))
      const all = await Promise.all(parts.map((_, i) => threads[i]!.finished))
      return {
        households: all.reduce((n, o) => n + o.households, 0),
        tally: all.map((o) => o.tally).reduce(AreaFigures.combine, AreaFigures.empty())
      }
    }
  }
}
