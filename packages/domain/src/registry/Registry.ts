/**
 * The ports of the household registry: survey rounds of households with their members
 * and village, the decisions evaluated on them, and the directory of areas. Adapters live
 * in `@phungpao/db`; `layerMemory` fakes are for tests. Infrastructure failures are
 * defects; only domain failures are typed.
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type { Decision } from "../survey/Decision.js"
import type { Parameters } from "../survey/Indicator.js"
import type { SurveyRecord } from "../survey/SurveyRecord.js"

/** What storing a batch of records did, counted per household. */
export interface UpsertCounts {
  readonly inserted: number
  readonly updated: number
  readonly unchanged: number
}

/** A survey round in the registry. */
export interface RoundSummary {
  readonly round: number
  readonly households: number
  readonly persons: number
}

/** A page of households by house code: `after` is the last house code of the previous page. */
export interface Page {
  readonly after?: string
  /** Only households whose house code is at most this (the last of a range; see `boundaries`). */
  readonly through?: string
  readonly limit: number
  /** Only households whose village code starts with one of these ("" for all). */
  readonly areas?: ReadonlyArray<string>
}

/** A stored member of a round: the citizen ID, the household and the member's place in it (from 0). */
export interface Holder {
  readonly citizenId: string
  readonly houseCode: string
  readonly member: number
}

/** One citizen ID that more than one household of a round lists, with each of them. */
export interface Conflict {
  readonly citizenId: string
  /** In house-code order. */
  readonly holders: ReadonlyArray<Omit<Holder, "citizenId">>
}

export class HouseholdRegistry extends Context.Tag("@phungpao/domain/HouseholdRegistry")<
  HouseholdRegistry,
  {
    /**
     * Stores a batch of valid records of one round in one transaction, keyed by house code
     * and round: new households are inserted, changed ones replaced (members included),
     * identical ones left alone. Re-running the same batch changes nothing.
     */
    readonly upsert: (round: number, records: ReadonlyArray<SurveyRecord>) => Effect.Effect<UpsertCounts>
    readonly get: (round: number, houseCode: string) => Effect.Effect<Option.Option<SurveyRecord>>
    /** Households of a round in house-code order, one page at a time. */
    readonly page: (round: number, page: Page) => Effect.Effect<ReadonlyArray<SurveyRecord>>
    /**
     * House codes that cut a round into at most `parts` ranges of about as many households
     * each and at least `least` (default 1), for work on the parts side by side: the last
     * code of every range but the last (none when the round makes one part).
     */
    readonly boundaries: (round: number, parts: number, least?: number) => Effect.Effect<ReadonlyArray<string>>
    readonly rounds: () => Effect.Effect<ReadonlyArray<RoundSummary>>
    /** The rounds holding a household of this house code, in order (none when it is in no round). */
    readonly roundsOf: (houseCode: string) => Effect.Effect<ReadonlyArray<number>>
    /**
     * The stored members of a round that hold any of these citizen IDs (in no order): one
     * look-up for a whole batch of an import, by the member table's key.
     */
    readonly holders: (round: number, citizenIds: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<Holder>>
    /** Citizen IDs that more than one household of the round lists, in citizen-ID order. */
    readonly conflicts: (round: number) => Effect.Effect<ReadonlyArray<Conflict>>
  }
>() {}

/** How a stored decision was reached: enough to reproduce it. */
export interface Evaluation {
  readonly ruleSetId: string
  readonly ruleSetKey: string
  readonly parameters: Parameters
  /** ISO timestamp of the evaluation. */
  readonly evaluatedAt: string
}

/** A stored decision with what it was evaluated from. */
export interface StoredDecision {
  readonly decision: Decision
  readonly villageCode: string
  readonly persons: number
  readonly evaluation: Evaluation
}

export class DecisionStore extends Context.Tag("@phungpao/domain/DecisionStore")<
  DecisionStore,
  {
    /** Stores decisions of one round (replacing earlier ones of the same rule-set key). */
    readonly put: (round: number, evaluation: Evaluation, decisions: ReadonlyArray<StoredDecision>) => Effect.Effect<void>
    /** Decisions of a round under a rule-set key, in house-code order, a page at a time. */
    readonly page: (round: number, ruleSetKey: string, page: Page) => Effect.Effect<ReadonlyArray<StoredDecision>>
    /** One household's decision of a round under a rule-set key. */
    readonly get: (round: number, ruleSetKey: string, houseCode: string) => Effect.Effect<Option.Option<StoredDecision>>
    /** Rule-set keys with decisions stored for a round, newest evaluation first. */
    readonly evaluations: (round: number) => Effect.Effect<ReadonlyArray<Evaluation & { readonly households: number }>>
    /**
     * A token that changes whenever a round's stored decisions may have changed, from any
     * process writing to the same database (a SQL adapter counts the round's committed
     * writes). A store without it is read afresh every time.
     */
    readonly revision?: (round: number) => Effect.Effect<string>
  }
>() {}

/**
 * Where the figures of a round are kept between requests by a long-lived program (the
 * API server), keyed by the round's `revision`: a report of a round nothing has written to
 * since is summed once. Optional: without it every report reads the round.
 */
export class TallyCache extends Context.Tag("@phungpao/domain/TallyCache")<
  TallyCache,
  {
    readonly get: (key: string) => unknown
    readonly set: (key: string, value: unknown) => void
  }
>() {}

/** A cache that keeps the `size` entries used last. */
export const tallyCache = (size = 16): TallyCache["Type"] => {
  const entries = new Map<string, unknown>()
  return {
    get: (key) => {
      const value = entries.get(key)
      if (value !== undefined) {
        entries.delete(key)
        entries.set(key, value)
      }
      return value
    },
    set: (key, value) => {
      entries.delete(key)
      entries.set(key, value)
      while (entries.size > size) entries.delete(entries.keys().next().value!)
    }
  }
}

/** An administrative area as the directory keeps it. */
export interface AreaEntry {
  readonly code: string
  readonly level: "province" | "district" | "subdistrict" | "village"
  readonly nameTh: string
  readonly nameEn: string
}

export class AreaDirectory extends Context.Tag("@phungpao/domain/AreaDirectory")<
  AreaDirectory,
  {
    /** Adds or renames areas (e.g. the shipped geography). */
    readonly upsert: (areas: ReadonlyArray<AreaEntry>) => Effect.Effect<void>
    /** Adds the areas not yet known and leaves known ones (and their names) alone: villages as households name them. */
    readonly ensure: (areas: ReadonlyArray<AreaEntry>) => Effect.Effect<void>
    readonly get: (code: string) => Effect.Effect<Option.Option<AreaEntry>>
    /** Areas one level below `code` ("" for the provinces), sorted by code. */
    readonly children: (code: string) => Effect.Effect<ReadonlyArray<AreaEntry>>
  }
>() {}
