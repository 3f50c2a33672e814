/**
 * A program rule's dry run over a stored round: who it would select, counted by area,
 * with a short list by masked citizen ID. Nothing is written. The same scan of the round
 * (households with their stored decisions, page by page in house-code order) serves
 * enrolment.
 */
import * as Effect from "effect/Effect"
import * as Access from "../kernel/Access.js"
import type * as Actor from "../kernel/Actor.js"
import * as Area from "../kernel/Area.js"
import * as CitizenId from "../kernel/CitizenId.js"
import { DecisionStore, HouseholdRegistry, type StoredDecision } from "../registry/Registry.js"
import { NotEvaluated } from "../registry/RoundEvaluation.js"
import type { Names } from "../registry/RoundReport.js"
import type { Decision } from "../survey/Decision.js"
import type { SurveyRecord } from "../survey/SurveyRecord.js"
import * as ProgramRule from "./ProgramRule.js"

/** How many households a page of the scan reads. */
export const pageSize = 5000

/**
 * Every household of a round in the actor's areas with its stored decision under
 * `ruleSetKey` (absent when it has none), page by page in house-code order: `each` gets a
 * page of records and their decisions, in the same order.
 */
export const scan = <E, R>(
  actor: Actor.Actor,
  round: number,
  ruleSetKey: string,
  each: (records: ReadonlyArray<SurveyRecord>, decisions: ReadonlyArray<Decision | undefined>) => Effect.Effect<void, E, R>,
  size: number = pageSize
) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readRegistry")
    const registry = yield* HouseholdRegistry
    const store = yield* DecisionStore
    if (!(yield* store.evaluations(round)).some((e) => e.ruleSetKey === ruleSetKey)) return yield* new NotEvaluated({ round, ruleSetKey })
    let after: string | undefined
    for (;;) {
      const records = yield* registry.page(round, { ...(after === undefined ? {} : { after }), limit: size, areas: actor.scope })
      if (records.length === 0) return
      const last = records[records.length - 1]!.houseCode
      const stored = yield* store.page(round, ruleSetKey, {
        ...(after === undefined ? {} : { after }),
        through: last,
        limit: records.length,
        areas: actor.scope
      })
      yield* each(records, matched(records, stored))
      if (records.length < size) return
      after = last
    }
  })

/** The decisions lined up with the records (both in house-code order; a record may have none). */
const matched = (records: ReadonlyArray<SurveyRecord>, stored: ReadonlyArray<StoredDecision>): ReadonlyArray<Decision | undefined> => {
  const out: Array<Decision | undefined> = new Array(records.length)
  let j = 0
  for (let i = 0; i < records.length; i++) {
    const code = records[i]!.houseCode
    while (j < stored.length && stored[j]!.decision.houseCode < code) j++
    out[i] = j < stored.length && stored[j]!.decision.houseCode === code ? stored[j]!.decision : undefined
  }
  return out
}

/** One area's line of a preview; its JSON form is part of the contract of `program preview --format json`. */
export interface AreaLine {
  readonly area: string
  readonly nameTh: string | null
  readonly nameEn: string | null
  readonly households: number
  readonly members: number
}

/** A selected household in the preview's list: citizen IDs masked. */
export interface Selected {
  readonly houseCode: string
  readonly villageCode: string
  /** The selected members, by masked citizen ID (every member for a household rule). */
  readonly members: ReadonlyArray<string>
}

/** What a rule would select. */
export interface Counts {
  /** Member rule: households with at least one selected member. Household rule: selected households. */
  readonly households: number
  /** Member rule: selected members. Household rule: the people living in the selected households. */
  readonly members: number
  readonly errors: number
  /** The first failures' messages (at most `messages` of them). */
  readonly messages: ReadonlyArray<string>
  /** Areas of the level asked for with at least one selected, sorted by code. */
  readonly areas: ReadonlyArray<AreaLine>
  /** The first selected households (at most `list`), in house-code order. */
  readonly selected: ReadonlyArray<Selected>
}

export interface Options {
  readonly round: number
  readonly ruleSetKey: string
  /** The level areas are counted at. */
  readonly by: Area.Level
  /** How many selected households to list (0 for none). */
  readonly list?: number
  /** How many failure messages to keep. */
  readonly messages?: number
}

/**
 * Counts what a selector picks in a stored round: a hand-written one as well as a
 * compiled rule's (`ProgramRule.selector`).
 */
export const count = (actor: Actor.Actor, select: ProgramRule.Selector, options: Options, names: Names) =>
  Effect.gen(function* () {
    const list = options.list ?? 0
    const keep = options.messages ?? 5
    const byArea = new Map<string, { households: number; members: number }>()
    const messages: Array<string> = []
    const selected: Array<Selected> = []
    let households = 0
    let members = 0
    let errors = 0
    const digits = Area.digits(options.by)
    yield* scan(actor, options.round, options.ruleSetKey, (records, decisions) =>
      Effect.sync(() => {
        for (let i = 0; i < records.length; i++) {
          const record = records[i]!
          const s = select(record, decisions[i])
          if (s.errors > 0) {
            errors += s.errors
            if (s.error !== undefined && messages.length < keep) messages.push(s.error)
          }
          if (!s.selected) continue
          households++
          members += s.members.length
          const area = record.villageCode.slice(0, digits)
          let line = byArea.get(area)
          if (line === undefined) byArea.set(area, (line = { households: 0, members: 0 }))
          line.households++
          line.members += s.members.length
          if (selected.length < list) {
            selected.push({
              houseCode: record.houseCode,
              villageCode: record.villageCode,
              members: s.members.map((m) => CitizenId.mask(record.members[m]!.citizenId))
            })
          }
        }
      })
    )
    const areas = [...byArea.keys()].sort().map((area): AreaLine => {
      const name = names(area)
      const line = byArea.get(area)!
      return { area, nameTh: name?.nameTh ?? null, nameEn: name?.nameEn ?? null, households: line.households, members: line.members }
    })
    return { households, members, errors, messages, areas, selected } satisfies Counts
  })

/** A preview: the rule as given, and what it would select. */
export interface Preview extends Counts {
  readonly round: number
  readonly unit: ProgramRule.Unit
  readonly where: string
}

/**
 * The dry run of a compiled rule over a stored round, in the actor's areas.
 *
 * @example ProgramPreview.preview(actor, rule, { round: 2564, ruleSetKey: "tpmap-2565", by: "district" }, Geography.lookup)
 */
export const preview = (actor: Actor.Actor, rule: ProgramRule.ProgramRule, options: Options, names: Names) =>
  Effect.map(count(actor, ProgramRule.selector(rule), options, names), (counts): Preview => ({
    round: options.round,
    unit: rule.unit,
    where: rule.where,
    ...counts
  }))

/** The preview's JSON: exactly the contract's fields, in its order (`program preview --format json`). */
export const contract = (p: Preview) => ({
  round: p.round,
  unit: p.unit,
  where: p.where,
  households: p.households,
  members: p.members,
  errors: p.errors,
  areas: p.areas.map((a) => ({ area: a.area, nameTh: a.nameTh, nameEn: a.nameEn, households: a.households, members: a.members }))
})
