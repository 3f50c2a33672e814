/**
 * `evaluate --round` on worker threads: the round cut into ranges of house codes, each
 * evaluated and stored by its own thread over its own connection (reading, parsing and
 * evaluating side by side; SQLite takes their writes one transaction at a time), as one
 * evaluation with one time. The main thread adds up their tallies.
 */
import { Worker } from "node:worker_threads"
import { AreaFigures, RoundEvaluation, RuleSet } from "@phungpao/domain"
import { Database, fromEnv, RegistrySql } from "@phungpao/db"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Registry from "./Registry.js"

/** What a worker is given: the round, the rule set's what-ifs, its part and the evaluation time. */
export interface Job {
  readonly kind: "round"
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
  const ruleSet = RuleSet.withParameters(RuleSet.tpmap2565, job.parameters)
  try {
    // The main thread has migrated the database: a part only reads and writes it.
    const ports = RegistrySql.layer.pipe(Layer.provideMerge(Database.layer(fromEnv(process.env))))
    const { households, tally } = await Effect.runPromise(
      RoundEvaluation.run(Registry.actor, job.round, ruleSet, {
        ...job.part,
        evaluatedAt: job.evaluatedAt,
        onProgress: (p) => post({ kind: "progress", done: p.done })
      }).pipe(Effect.provide(ports), Effect.scoped)
    )
    post({ kind: "done", households, tally })
  } catch (error) {
    post({ kind: "failed", message: (error as Error).message })
  }
}

/**
 * Evaluates the parts on one worker thread each; resolves with the households evaluated
 * and the round's tally. A part that fails fails the whole (the parts stored stay, as a
 * rerun replaces them).
 */
export const run = (
  round: number,
  parameters: Job["parameters"],
  parts: ReadonlyArray<RoundEvaluation.Part>,
  evaluatedAt: string,
  onProgress: (done: number) => void
): Promise<{ households: number; tally: AreaFigures.Tally }> => {
  const done = parts.map(() => 0)
  const outcomes = parts.map(
    (part, i) =>
      new Promise<{ households: number; tally: AreaFigures.Tally }>((resolve, reject) => {
        const job: Job = { kind: "round", round, parameters, part, evaluatedAt }
        const worker = new Worker(new URL("./worker.js", import.meta.url), { workerData: job })
        let outcome: Message | undefined
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
          else reject(new Error(`a worker evaluating round ${round} stopped (exit ${code})`))
        })
      })
  )
  return Promise.all(outcomes).then((all) => ({
    households: all.reduce((n, o) => n + o.households, 0),
    tally: all.map((o) => o.tally).reduce(AreaFigures.combine, AreaFigures.empty())
  }))
}
