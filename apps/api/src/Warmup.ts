/**
 * What a server reads once it listens, in the background, so that the first person to open
 * the dashboard does not wait for it: the journey's facts of every household (and their
 * summaries) and the sums of the newest round's report under the rule set's own key. Both
 * stay kept until something writes to them (the stores' revisions).
 */
import { JourneyStore, Progress, Registry, RoundReport, RuleSet } from "@phungpao/domain"
import * as Effect from "effect/Effect"

export interface Warmed {
  readonly round: number | undefined
  readonly households: number
}

export const warmUp: Effect.Effect<Warmed, never, Registry.HouseholdRegistry | Registry.DecisionStore | JourneyStore.JourneyStore> = Effect.gen(function* () {
  const facts = yield* (yield* JourneyStore.JourneyStore).facts("")
  Progress.prepare(facts)
  const rounds = yield* (yield* Registry.HouseholdRegistry).rounds()
  const round = rounds.at(-1)?.round
  // A round never evaluated has nothing to sum: the first report says so itself.
  if (round !== undefined) yield* Effect.ignore(RoundReport.warm(round, RuleSet.tpmap2565.key))
  return { round, households: facts.length }
})
