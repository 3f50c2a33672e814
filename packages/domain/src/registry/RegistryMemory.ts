/**
 * In-memory fakes of the registry's ports, for tests of use cases and apps, and the
 * reference the database adapters' contract suite is checked against.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { type AreaEntry, AreaDirectory, type Conflict, DecisionStore, type Evaluation, type Holder, HouseholdRegistry, type Page, type StoredDecision } from "./Registry.js"
import type { SurveyRecord } from "../survey/SurveyRecord.js"
import { canonicalJson } from "../kernel/Idempotency.js"

/** Kept here for the callers that found it here first; it lives in `Idempotency`. */
export { canonicalJson }

const inAreas = (villageCode: string, page: Page) =>
  page.areas === undefined || page.areas.some((area) => villageCode.startsWith(area))

const pageOf = <A>(sorted: ReadonlyArray<readonly [string, A]>, page: Page, village: (a: A) => string): ReadonlyArray<A> => {
  const out: Array<A> = []
  if (page.limit <= 0) return out
  for (const [key, value] of sorted) {
    if (page.after !== undefined && key <= page.after) continue
    if (page.through !== undefined && key > page.through) break
    if (!inAreas(village(value), page)) continue
    out.push(value)
    if (out.length >= page.limit) break
  }
  return out
}

/**
 * Where `count` households in key order are cut into at most `parts` ranges of at least
 * `least`: the index of the last household of every range but the last, each range as
 * near the same size as can be.
 *
 * @example boundariesOf(10, 3) // [2, 5]: ranges of 3, 3 and 4
 */
export const boundariesOf = (count: number, parts: number, least = 1): ReadonlyArray<number> => {
  const cuts: Array<number> = []
  const n = Math.min(Math.floor(parts), Math.floor(count / Math.max(1, least)))
  for (let k = 1; k < n; k++) cuts.push(Math.floor((count * k) / n) - 1)
  return cuts
}

const byKey = <A>(map: ReadonlyMap<string, A>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

/** All three ports over plain maps. */
export const layerMemory = Layer.effectContext(
  Effect.sync(() => {
    const rounds = new Map<number, Map<string, { readonly record: SurveyRecord; readonly text: string }>>()
    const decisions = new Map<string, Map<string, StoredDecision>>()
    const evaluations = new Map<string, Evaluation & { round: number }>()
    const areas = new Map<string, AreaEntry>()
    /** Every member of a round, as the member table keeps them. */
    const membersOf = (round: number): Array<Holder> =>
      [...(rounds.get(round)?.values() ?? [])].flatMap(({ record }) =>
        record.members.map((m, member) => ({ citizenId: m.citizenId, houseCode: record.houseCode, member })))
    const registry = HouseholdRegistry.of({
      upsert: (round, records) =>
        Effect.sync(() => {
          const households = rounds.get(round) ?? new Map()
          rounds.set(round, households)
          let inserted = 0
          let updated = 0
          let unchanged = 0
          for (const record of records) {
            const text = canonicalJson(record)
            const known = households.get(record.houseCode)
            if (known === undefined) inserted++
            else if (known.text === text) {
              unchanged++
              continue
            } else updated++
            households.set(record.houseCode, { record: JSON.parse(text) as SurveyRecord, text })
          }
          return { inserted, updated, unchanged }
        }),
      get: (round, houseCode) =>
        Effect.sync(() => Option.fromNullable(rounds.get(round)?.get(houseCode)?.record)),
      page: (round, page) =>
        Effect.sync(() =>
          pageOf(byKey(rounds.get(round) ?? new Map()), page, (h) => h.record.villageCode).map((h) => h.record)
        ),
      boundaries: (round, parts, least) =>
        Effect.sync(() => {
          const codes = byKey(rounds.get(round) ?? new Map()).map(([code]) => code)
          return boundariesOf(codes.length, parts, least).map((at) => codes[at]!)
        }),
      rounds: () =>
        Effect.sync(() =>
          [...rounds]
            .sort(([a], [b]) => a - b)
            .map(([round, households]) => ({
              round,
              households: households.size,
              persons: [...households.values()].reduce((n, h) => n + h.record.members.length, 0)
            }))
        ),
      roundsOf: (houseCode) =>
        Effect.sync(() =>
          [...rounds]
            .filter(([, households]) => households.has(houseCode))
            .map(([round]) => round)
            .sort((a, b) => a - b)
        ),
      holders: (round, citizenIds) =>
        Effect.sync(() => {
          const wanted = new Set(citizenIds)
          return membersOf(round).filter((h) => wanted.has(h.citizenId))
        }),
      conflicts: (round) =>
        Effect.sync(() => {
          const byId = new Map<string, Array<Omit<Holder, "citizenId">>>()
          for (const { citizenId, houseCode, member } of membersOf(round)) {
            const list = byId.get(citizenId) ?? []
            byId.set(citizenId, list)
            list.push({ houseCode, member })
          }
          const out: Array<Conflict> = []
          for (const [citizenId, holders] of byId) {
            if (new Set(holders.map((h) => h.houseCode)).size < 2) continue
            out.push({ citizenId, holders: holders.sort((a, b) => (a.houseCode < b.houseCode ? -1 : a.houseCode > b.houseCode ? 1 : a.member - b.member)) })
          }
          return out.sort((a, b) => (a.citizenId < b.citizenId ? -1 : 1))
        })
    })
    const store = DecisionStore.of({
      put: (round, evaluation, stored) =>
        Effect.sync(() => {
          const key = `${round}\u0000${evaluation.ruleSetKey}`
          const map = decisions.get(key) ?? new Map()
          decisions.set(key, map)
          for (const s of stored) map.set(s.decision.houseCode, { ...s, evaluation })
          evaluations.set(key, { ...evaluation, round })
        }),
      page: (round, ruleSetKey, page) =>
        Effect.sync(() => pageOf(byKey(decisions.get(`${round}\u0000${ruleSetKey}`) ?? new Map()), page, (d) => d.villageCode)),
      get: (round, ruleSetKey, houseCode) =>
        Effect.sync(() => Option.fromNullable(decisions.get(`${round}\u0000${ruleSetKey}`)?.get(houseCode))),
      evaluations: (round) =>
        Effect.sync(() =>
          [...evaluations.entries()]
            .filter(([, e]) => e.round === round)
            .map(([key, { round: _, ...e }]) => ({ ...e, households: decisions.get(key)?.size ?? 0 }))
            .sort((a, b) => (a.evaluatedAt < b.evaluatedAt ? 1 : a.evaluatedAt > b.evaluatedAt ? -1 : 0))
        )
    })
    const directory = AreaDirectory.of({
      upsert: (entries) =>
        Effect.sync(() => {
          for (const e of entries) areas.set(e.code, e)
        }),
      ensure: (entries) =>
        Effect.sync(() => {
          for (const e of entries) if (!areas.has(e.code)) areas.set(e.code, e)
        }),
      get: (code) => Effect.sync(() => Option.fromNullable(areas.get(code))),
      children: (code) =>
        Effect.sync(() =>
          [...areas.values()]
            .filter((a) => a.code.length === code.length + 2 && a.code.startsWith(code))
            .sort((a, b) => (a.code < b.code ? -1 : 1))
        )
    })
    return Context.make(HouseholdRegistry, registry).pipe(
      Context.add(DecisionStore, store),
      Context.add(AreaDirectory, directory)
    )
  })
)
