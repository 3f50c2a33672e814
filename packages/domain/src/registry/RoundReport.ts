/**
 * Area figures of a survey round from its stored decisions: the same tallies, and so the
 * same figures, as evaluating the round's records directly.
 */
import * as Effect from "effect/Effect"
import * as Access from "../kernel/Access.js"
import * as Audit from "../kernel/Audit.js"
import type * as Actor from "../kernel/Actor.js"
import * as Area from "../kernel/Area.js"
import * as AreaFigures from "../survey/AreaFigures.js"
import * as Decision from "../survey/Decision.js"
import type * as Dimension from "../survey/Dimension.js"
import { DecisionStore, type Page, type StoredDecision } from "./Registry.js"
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

/**
 * Tallies per area of `level`, sorted by area code.
 *
 * @example RoundReport.tallies(Actor.system(), 2564, "tpmap-2565", "district")
 */
export const tallies = (actor: Actor.Actor, round: number, ruleSetKey: string, level: Area.Level) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readReport")
    const byArea = new Map<string, AreaFigures.Tally>()
    yield* pages(actor, round, ruleSetKey, (page) =>
      Effect.sync(() => {
        for (const s of page) {
          const area = Area.ancestor(s.villageCode as Area.AreaCode, level)
          let tally = byArea.get(area)
          if (tally === undefined) byArea.set(area, (tally = AreaFigures.empty()))
          AreaFigures.add(tally, s.decision, s.persons)
        }
      }), {}
    )
    return [...byArea].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
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
