/**
 * Area figures of a survey round from its stored decisions: the same tallies, and so the
 * same figures, as evaluating the round's records directly.
 */
import * as Effect from "effect/Effect"
import * as Access from "../kernel/Access.js"
import * as Audit from "../kernel/Audit.js"
import * as Actor from "../kernel/Actor.js"
import * as Area from "../kernel/Area.js"
import * as AreaFigures from "../survey/AreaFigures.js"
import * as Decision from "../survey/Decision.js"
import type * as Dimension from "../survey/Dimension.js"
import { DecisionStore, type Page, type StoredDecision, TallyCache } from "./Registry.js"
import { NotEvaluated } from "./RoundEvaluation.js"

/** How to page a round's decisions: the page size, and the last house code already handled (to resume). */
export interface Paging {
  readonly pageSize?: number
  readonly after?: string
  /** The last house code to read (a range of a round, as `RoundEvaluation.parts` cuts it). */
  readonly through?: string
}

const pages = <E, R>(
  actor: Actor.Actor,
  round: number,
  ruleSetKey: string,
  each: (page: ReadonlyArray<StoredDecision>) => Effect.Effect<void, E, R>,
  paging: Paging
) =>
  Effect.gen(function* () {
    const store = yield* DecisionStore
    const evaluations = yield* store.evaluations(round)
    if (!evaluations.some((e) => e.ruleSetKey === ruleSetKey)) return yield* new NotEvaluated({ round, ruleSetKey })
    const pageSize = paging.pageSize ?? 5000
    let after = paging.after
    for (;;) {
      const page: Page = {
        ...(after === undefined ? {} : { after }),
        ...(paging.through === undefined ? {} : { through: paging.through }),
        limit: pageSize,
        areas: actor.scope
      }
      const stored = yield* store.page(round, ruleSetKey, page)
      if (stored.length === 0) break
      yield* each(stored)
      after = stored[stored.length - 1]!.decision.houseCode
      if (stored.length < pageSize) break
    }
  })

/**
 * Every stored decision of a round under a rule-set key in the actor's areas, page by
 * page in house-code order, after `paging.after` when resuming; members' citizen IDs
 * masked. `each` runs before the next page is read, so it is where a job checkpoints the
 * page's last house code.
 */
export const decisions = <E, R>(
  actor: Actor.Actor,
  round: number,
  ruleSetKey: string,
  each: (page: ReadonlyArray<StoredDecision>) => Effect.Effect<void, E, R>,
  paging: Paging = {}
) => Effect.zipRight(Access.check(actor, "readRegistry"), pages(actor, round, ruleSetKey, (page) => each(page.map(maskedStored)), paging))

/**
 * `decisions` with citizen IDs in full, for a role `Access.table.unmask` allows: every
 * page so read is on record in the audit log, with the route or command it went through
 * and why.
 */
export const decisionsUnmasked = <E, R>(
  actor: Actor.Actor,
  round: number,
  ruleSetKey: string,
  each: (page: ReadonlyArray<StoredDecision>) => Effect.Effect<void, E, R>,
  reading: Paging & { readonly what: string; readonly reason?: string | undefined }
) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readRegistry")
    yield* Access.check(actor, "unmask")
    return yield* pages(
      actor,
      round,
      ruleSetKey,
      (page) =>
        Effect.zipRight(
          Audit.record(actor, { action: "unmask", what: reading.what, houseCodes: page.map((s) => s.decision.houseCode), reason: reading.reason }),
          each(page)
        ),
      reading
    )
  })

const maskedStored = (s: StoredDecision): StoredDecision => {
  const decision = Decision.masked(s.decision)
  return decision === s.decision ? s : { ...s, decision }
}

/** The village tallies of `actor`'s pages of a round, summed afresh. */
const summed = (actor: Actor.Actor, round: number, ruleSetKey: string) =>
  Effect.gen(function* () {
    const byVillage = new Map<string, AreaFigures.Tally>()
    yield* pages(actor, round, ruleSetKey, (page) =>
      Effect.sync(() => {
        for (const s of page) {
          let tally = byVillage.get(s.villageCode)
          if (tally === undefined) byVillage.set(s.villageCode, (tally = AreaFigures.empty()))
          AreaFigures.add(tally, s.decision, s.persons)
        }
      }), {}
    )
    return byVillage as ReadonlyMap<string, AreaFigures.Tally>
  })

/**
 * Tallies per village of a round's stored decisions in the actor's areas, by village code:
 * every level's tallies roll up from them. With a `TallyCache`, the whole round's are summed
 * once under the round's revision and each actor gets the villages of their areas from it.
 */
export const villageTallies = (actor: Actor.Actor, round: number, ruleSetKey: string) =>
  Effect.gen(function* () {
    const store = yield* DecisionStore
    const cache = yield* Effect.serviceOption(TallyCache)
    if (cache._tag === "None" || store.revision === undefined) return yield* summed(actor, round, ruleSetKey)
    const key = JSON.stringify([round, ruleSetKey, yield* store.revision(round)])
    let whole = cache.value.get(key) as ReadonlyMap<string, AreaFigures.Tally> | undefined
    if (whole === undefined) {
      whole = yield* summed(Actor.system(), round, ruleSetKey)
      cache.value.set(key, whole)
    }
    if (actor.scope.includes("")) return whole
    const mine = new Map<string, AreaFigures.Tally>()
    for (const [village, tally] of whole) if (Actor.inScope(actor, village)) mine.set(village, tally)
    return mine as ReadonlyMap<string, AreaFigures.Tally>
  })

/**
 * Sums the round's village tallies into the cache ahead of the first report (a server
 * warming up); nothing without a cache.
 */
export const warm = (round: number, ruleSetKey: string) => Effect.asVoid(villageTallies(Actor.system(), round, ruleSetKey))

/**
 * Village tallies rolled up to the areas of `level`, sorted by area code: each area's
 * tally is the combination of its villages' (tallies add up).
 */
export const rollUp = (villages: ReadonlyMap<string, AreaFigures.Tally>, level: Area.Level): ReadonlyArray<readonly [string, AreaFigures.Tally]> => {
  const byArea = new Map<string, AreaFigures.Tally>()
  for (const [village, tally] of villages) {
    const area = Area.ancestor(village as Area.AreaCode, level)
    const sum = byArea.get(area)
    byArea.set(area, sum === undefined ? tally : AreaFigures.combine(sum, tally))
  }
  return [...byArea].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

/**
 * Tallies per area of `level`, sorted by area code.
 *
 * @example RoundReport.tallies(Actor.system(), 2564, "tpmap-2565", "district")
 */
export const tallies = (actor: Actor.Actor, round: number, ruleSetKey: string, level: Area.Level) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readReport")
    const store = yield* DecisionStore
    const cache = yield* Effect.serviceOption(TallyCache)
    if (cache._tag === "None" || store.revision === undefined) return rollUp(yield* villageTallies(actor, round, ruleSetKey), level)
    // The roll-up too is kept, by level and areas, under the same revision.
    const key = JSON.stringify([round, ruleSetKey, yield* store.revision(round), level, actor.scope])
    const kept = cache.value.get(key) as ReadonlyArray<readonly [string, AreaFigures.Tally]> | undefined
    if (kept !== undefined) return kept
    const rolled = rollUp(yield* villageTallies(actor, round, ruleSetKey), level)
    cache.value.set(key, rolled)
    return rolled
  })

/** One area's line of a report; its JSON form is the contract of `report --format json` and of the API. */
export interface Line {
  readonly area: string
  readonly nameTh: string | null
  readonly nameEn: string | null
  readonly households: number
  readonly persons: number
  readonly surveyPoor: number
  readonly target: number
  readonly H: number
  readonly A: number
  readonly M0: number
  readonly dimensions: Readonly<Dimension.Counts>
}

/** An area's names, as the shipped geography gives them (`@phungpao/domain/geography`'s `lookup`). */
export type Names = (code: string) => { readonly nameTh: string; readonly nameEn: string } | undefined

/** The line of an area: exactly the contract's fields, in its order. */
export const line = (area: string, f: AreaFigures.Figures, names: Names): Line => {
  const name = names(area)
  return {
    area,
    nameTh: name?.nameTh ?? null,
    nameEn: name?.nameEn ?? null,
    households: f.households,
    persons: f.persons,
    surveyPoor: f.surveyPoor,
    target: f.target,
    H: f.H,
    A: f.A,
    M0: f.M0,
    dimensions: f.dimensions
  }
}

/**
 * The report of a stored round by area of `level`, cut to the actor's areas, sorted by
 * area code: the lines `report --round R --format json` prints.
 */
export const lines = (actor: Actor.Actor, round: number, ruleSetKey: string, level: Area.Level, names: Names) =>
  Effect.map(tallies(actor, round, ruleSetKey, level), (areas) => areas.map(([area, tally]) => line(area, AreaFigures.figures(tally), names)))
