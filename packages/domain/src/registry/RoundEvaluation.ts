/**
 * Evaluating a survey round held in the registry, page by page, storing every decision
 * with the rule set's id, parameters and time so it can be reproduced. Progress is
 * reported after each page, and a run can resume after the last house code it stored.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Access from "../kernel/Access.js"
import type * as Actor from "../kernel/Actor.js"
import * as AreaFigures from "../survey/AreaFigures.js"
import { DecisionStore, type Evaluation, HouseholdRegistry } from "./Registry.js"
import * as RuleSet from "../survey/RuleSet.js"

/** A round (under a rule-set key) that has no stored decisions yet. */
export class NotEvaluated extends Schema.TaggedError<NotEvaluated>()("NotEvaluated", {
  round: Schema.Number,
  ruleSetKey: Schema.String
}) {
  override get message(): string {
    return `round ${this.round} has no decisions under ${this.ruleSetKey}: evaluate it first`
  }
}

export interface Progress {
  readonly done: number
  /** The last house code stored: pass it as `after` to resume. */
  readonly after: string
}

export interface Options<E = never> {
  readonly pageSize?: number
  readonly after?: string
  /** The last house code to evaluate (see `parts`); default: to the end of the round. */
  readonly through?: string
  /** The evaluation's time, for parts of one evaluation run side by side; default: now. */
  readonly evaluatedAt?: string
  /** Run after each page is stored, before the next is read: where a job checkpoints `after`. */
  readonly onProgress?: (progress: Progress) => Effect.Effect<void, E>
}

/** A range of a round's house codes: after one code (or from the first) through another (or to the last). */
export interface Part {
  readonly after?: string
  readonly through?: string
}

/**
 * Cuts a round into at most `count` parts of about as many households and at least
 * `least`, to evaluate side by side (`run` with each part's `after` and `through`).
 *
 * @example RoundEvaluation.parts(2564, 2) // [{ through: "33070012345" }, { after: "33070012345" }]
 */
export const parts = (round: number, count: number, least = 1) =>
  Effect.gen(function* () {
    const registry = yield* HouseholdRegistry
    const cuts = count <= 1 ? [] : yield* registry.boundaries(round, count, least)
    return Array.from({ length: cuts.length + 1 }, (_, i): Part => ({
      ...(i === 0 ? {} : { after: cuts[i - 1]! }),
      ...(i === cuts.length ? {} : { through: cuts[i]! })
    }))
  })

/**
 * Evaluates every household of `round` within the actor's scope and stores the decisions.
 *
 * @example RoundEvaluation.run(Actor.system(), 2564, RuleSet.resolve())
 */
export const run = <E = never>(actor: Actor.Actor, round: number, ruleSet: RuleSet.RuleSet, options: Options<E> = {}) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "evaluateRound")
    const registry = yield* HouseholdRegistry
    const store = yield* DecisionStore
    const now = yield* Clock.currentTimeMillis
    const evaluation: Evaluation = {
      ruleSetId: ruleSet.id,
      ruleSetKey: ruleSet.key,
      parameters: ruleSet.parameters,
      evaluatedAt: options.evaluatedAt ?? new Date(now).toISOString()
    }
    const limit = options.pageSize ?? 2000
    let after = options.after
    let done = 0
    // The round's totals as it goes, so a summary needs no second pass over the decisions.
    const tally = AreaFigures.empty()
    for (;;) {
      const page = yield* registry.page(round, {
        ...(after === undefined ? {} : { after }),
        ...(options.through === undefined ? {} : { through: options.through }),
        limit,
        areas: actor.scope
      })
      if (page.length === 0) break
      const stored = page.map((record) => ({
        decision: RuleSet.evaluate(ruleSet, record),
        villageCode: record.villageCode,
        persons: record.members.length,
        evaluation
      }))
      for (const s of stored) AreaFigures.add(tally, s.decision, s.persons)
      yield* store.put(round, evaluation, stored)
      after = page[page.length - 1]!.houseCode
      done += page.length
      if (options.onProgress !== undefined) yield* options.onProgress({ done, after })
      if (page.length < limit) break
    }
    return { households: done, evaluation, tally }
  })
