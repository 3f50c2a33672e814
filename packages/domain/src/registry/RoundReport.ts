/**
 * Area figures of a survey round from its stored decisions: the same tallies, and so the
 * same figures, as evaluating the round's records directly.
 */
import * as Effect from "effect/Effect"
import * as Actor from "../kernel/Actor.js"
import * as Area from "../kernel/Area.js"
import * as AreaFigures from "../survey/AreaFigures.js"
import { DecisionStore, type Page, type StoredDecision } from "./Registry.js"
import { NotEvaluated } from "./RoundEvaluation.js"

/** Every stored decision of a round under a rule-set key, page by page, in house-code order. */
export const decisions = <E, R>(
  actor: Actor.Actor,
  round: number,
  ruleSetKey: string,
  each: (page: ReadonlyArray<StoredDecision>) => Effect.Effect<void, E, R>,
  pageSize = 5000
) =>
  Effect.gen(function* () {
    const store = yield* DecisionStore
    const evaluations = yield* store.evaluations(round)
    if (!evaluations.some((e) => e.ruleSetKey === ruleSetKey)) return yield* new NotEvaluated({ round, ruleSetKey })
    let after: string | undefined
    for (;;) {
      const page: Page = { ...(after === undefined ? {} : { after }), limit: pageSize, areas: actor.scope }
      const stored = yield* store.page(round, ruleSetKey, page)
      if (stored.length === 0) break
      yield* each(stored)
      after = stored[stored.length - 1]!.decision.houseCode
      if (stored.length < pageSize) break
    }
  })

/**
 * Tallies per area of `level`, sorted by area code.
 *
 * @example RoundReport.tallies(Actor.system(), 2564, "tpmap-2565", "district")
 */
export const tallies = (actor: Actor.Actor, round: number, ruleSetKey: string, level: Area.Level) =>
  Effect.gen(function* () {
    const byArea = new Map<string, AreaFigures.Tally>()
    yield* decisions(actor, round, ruleSetKey, (page) =>
      Effect.sync(() => {
        for (const s of page) {
          const area = Area.ancestor(s.villageCode as Area.AreaCode, level)
          let tally = byArea.get(area)
          if (tally === undefined) byArea.set(area, (tally = AreaFigures.empty()))
          AreaFigures.add(tally, s.decision, s.persons)
        }
      })
    )
    return [...byArea].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  })
