/**
 * Reads of a stored round, one household or a page of them, as every face asks for them
 * (the API, the dashboard): the role checked against `Access.table`, the actor's areas
 * applied, citizen IDs masked unless the reader may and asks to unmask, and then on
 * record. A household outside the reader's areas is `NotFound`, as one that does not
 * exist: a reader learns nothing of what lies outside their areas.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Access from "../kernel/Access.js"
import * as Actor from "../kernel/Actor.js"
import * as Audit from "../kernel/Audit.js"
import * as CitizenId from "../kernel/CitizenId.js"
import * as Decision from "../survey/Decision.js"
import type { SurveyRecord } from "../survey/SurveyRecord.js"
import { DecisionStore, HouseholdRegistry, type RoundSummary, type StoredDecision } from "./Registry.js"
import { NotEvaluated } from "./RoundEvaluation.js"

/** The rounds the registry holds, with their households and persons. */
export const rounds = (actor: Actor.Actor): Effect.Effect<ReadonlyArray<RoundSummary>, Access.NotPermitted, HouseholdRegistry> =>
  Effect.zipRight(Access.check(actor, "readReport"), Effect.flatMap(HouseholdRegistry, (registry) => registry.rounds()))

/** A survey record whose members' citizen IDs may be masked (`CitizenId.mask`). */
export type ShownRecord = Omit<SurveyRecord, "members"> & {
  readonly members: ReadonlyArray<Omit<SurveyRecord["members"][number], "citizenId"> & { readonly citizenId: string }>
}

/** A household in a list: what tells it apart, never a citizen ID. */
export interface Item {
  readonly houseCode: string
  readonly villageCode: string
  readonly houseNumber?: string
  readonly surveyYear: number
  readonly size: number
  /** Its decision under the rule-set key asked for; absent when the round has none for it. */
  readonly target?: boolean
  /** The head of the household as the record names them. */
  readonly head: { readonly title?: string; readonly firstName: string; readonly lastName: string }
}

export interface ListOptions {
  /** Only households in this area (inside the reader's areas). */
  readonly area?: string
  /** Only target households (true) or only the others (false): needs the round's decisions. */
  readonly target?: boolean
  /** The last house code of the page before. */
  readonly after?: string
  readonly limit: number
  readonly ruleSetKey: string
}

/** One page of a list, and the house code to continue after (`undefined` at the end). */
export interface ItemPage {
  readonly items: ReadonlyArray<Item>
  readonly next: string | undefined
}

const itemOf = (record: SurveyRecord, decision: StoredDecision | undefined): Item => {
  const head = record.members.find((m) => m.relation === "head") ?? record.members[0]!
  return {
    houseCode: record.houseCode,
    villageCode: record.villageCode,
    ...(record.houseNumber === undefined ? {} : { houseNumber: record.houseNumber }),
    surveyYear: record.surveyYear,
    size: record.members.length,
    ...(decision === undefined ? {} : { target: decision.decision.target }),
    head: { ...(head.title === undefined ? {} : { title: head.title }), firstName: head.firstName, lastName: head.lastName }
  }
}

/**
 * A page of a round's households in house-code order, inside the reader's areas (and
 * `area`, if given), with each one's target decision when the round has decisions; with
 * `target`, only those decided so. Stable under inserts: a page continues after the
 * house code it was given.
 *
 * @example RegistryReads.households(district, 2564, { limit: 50, ruleSetKey: "tpmap-2565", target: true })
 */
export const households = (actor: Actor.Actor, round: number, options: ListOptions) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readRegistry")
    const reader = options.area === undefined || options.area === "" ? actor : yield* Actor.narrow(actor, options.area)
    const registry = yield* HouseholdRegistry
    const store = yield* DecisionStore
    const evaluated = (yield* store.evaluations(round)).some((e) => e.ruleSetKey === options.ruleSetKey)
    if (options.target !== undefined && !evaluated) return yield* new NotEvaluated({ round, ruleSetKey: options.ruleSetKey })
    const limit = Math.max(1, options.limit)
    const chunk = Math.max(limit, 200)
    const items: Array<Item> = []
    let after = options.after
    for (;;) {
      const records = yield* registry.page(round, { ...(after === undefined ? {} : { after }), limit: chunk, areas: reader.scope })
      if (records.length === 0) return { items, next: undefined } satisfies ItemPage
      const last = records[records.length - 1]!.houseCode
      const decided = new Map<string, StoredDecision>()
      if (evaluated) {
        const stored = yield* store.page(round, options.ruleSetKey, {
          ...(after === undefined ? {} : { after }),
          through: last,
          limit: records.length,
          areas: reader.scope
        })
        for (const s of stored) decided.set(s.decision.houseCode, s)
      }
      for (const record of records) {
        const decision = decided.get(record.houseCode)
        if (options.target !== undefined && (decision === undefined || decision.decision.target !== options.target)) continue
        items.push(itemOf(record, decision))
        if (items.length === limit) {
          const more = record.houseCode !== last || records.length === chunk
          return { items, next: more ? record.houseCode : undefined } satisfies ItemPage
        }
      }
      if (records.length < chunk) return { items, next: undefined } satisfies ItemPage
      after = last
    }
  })

const masked = (record: SurveyRecord): ShownRecord => ({
  ...record,
  members: record.members.map((m) => ({ ...m, citizenId: CitizenId.mask(m.citizenId) }))
})

const recordIn = (actor: Actor.Actor, round: number, houseCode: string) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readRegistry")
    const found = yield* (yield* HouseholdRegistry).get(round, houseCode)
    if (Option.isNone(found) || !Actor.inScope(actor, found.value.villageCode)) {
      return yield* new Access.NotFound({ what: "record", id: `${houseCode} (round ${round})` })
    }
    return found.value
  })

/** A household's survey record of a round, its members' citizen IDs masked. */
export const household = (actor: Actor.Actor, round: number, houseCode: string) => Effect.map(recordIn(actor, round, houseCode), masked)

/** How an unmasked read is put on record: through what (a route, a command) and why. */
export interface Reading {
  readonly what: string
  readonly reason?: string | undefined
}

/**
 * `household` with citizen IDs in full, for a role `Access.table.unmask` allows, in the
 * reader's areas: the read is on record in the audit log.
 */
export const householdUnmasked = (actor: Actor.Actor, round: number, houseCode: string, reading: Reading) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "unmask")
    const record = yield* recordIn(actor, round, houseCode)
    yield* Audit.record(actor, { action: "unmask", what: reading.what, houseCodes: [houseCode], reason: reading.reason })
    return record as ShownRecord
  })

const decisionIn = (actor: Actor.Actor, round: number, houseCode: string, ruleSetKey: string) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readRegistry")
    const store = yield* DecisionStore
    const found = yield* store.get(round, ruleSetKey, houseCode)
    if (Option.isNone(found) || !Actor.inScope(actor, found.value.villageCode)) {
      if (!(yield* store.evaluations(round)).some((e) => e.ruleSetKey === ruleSetKey)) return yield* new NotEvaluated({ round, ruleSetKey })
      return yield* new Access.NotFound({ what: "decision", id: `${houseCode} (round ${round})` })
    }
    return found.value.decision
  })

/** A household's stored decision of a round, as `evaluate --format json` prints it: members masked. */
export const decision = (actor: Actor.Actor, round: number, houseCode: string, ruleSetKey: string) =>
  Effect.map(decisionIn(actor, round, houseCode, ruleSetKey), Decision.masked)

/** `decision` with the members' citizen IDs in full, for a role that may unmask: on record. */
export const decisionUnmasked = (actor: Actor.Actor, round: number, houseCode: string, ruleSetKey: string, reading: Reading) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "unmask")
    const found = yield* decisionIn(actor, round, houseCode, ruleSetKey)
    yield* Audit.record(actor, { action: "unmask", what: reading.what, houseCodes: [houseCode], reason: reading.reason })
    return found
  })
