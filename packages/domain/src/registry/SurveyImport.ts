/**
 * Taking survey records into the registry, a batch at a time: decode each record, check
 * its round and the actor's area scope, refuse a house code given twice and a citizen ID
 * that another household of the round already lists, and store the rest in one
 * transaction. A rejected record never drops a valid neighbour; running the
 * same batch again changes nothing.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Access from "../kernel/Access.js"
import * as Actor from "../kernel/Actor.js"
import { AreaDirectory, type AreaEntry, type Conflict, HouseholdRegistry, type UpsertCounts } from "./Registry.js"
import * as SurveyRecord from "../survey/SurveyRecord.js"

/** A raw record as read from a file, with where it was read. */
export interface Item {
  readonly line: number
  readonly value: unknown
}

/** Why a record was not stored: its line, the field path and the reason. */
export interface Rejection {
  readonly line: number
  readonly field: string
  readonly reason: string
}

export interface Outcome extends UpsertCounts {
  readonly rejected: ReadonlyArray<Rejection>
}

/** A village as the directory names it before anyone gives it a proper name: หมู่ที่ n. */
export const villageEntry = (code: string): AreaEntry => {
  const moo = Number(code.slice(6))
  return { code, level: "village", nameTh: `หมู่ที่ ${moo}`, nameEn: `Moo ${moo}` }
}

/** A record already decoded (by `SurveyRecord.decode`, on another thread say), with its line. */
export interface Checked {
  readonly line: number
  readonly record: SurveyRecord.SurveyRecord
}

/**
 * Stores one batch. `round` (when given) is the survey round every record must belong to.
 *
 * @example SurveyImport.batch(Actor.system(), 2564, [{ line: 1, value: JSON.parse(text) }])
 */
export const batch = (actor: Actor.Actor, round: number | undefined, items: ReadonlyArray<Item>) =>
  Effect.suspend(() => {
    const rejected: Array<Rejection> = []
    const checked: Array<Checked> = []
    for (const item of items) {
      const decoded = decodeItem(item)
      if (Either.isLeft(decoded)) rejected.push(decoded.left)
      else checked.push(decoded.right)
    }
    return batchDecoded(actor, round, checked, rejected)
  })

/** A raw record decoded (`SurveyRecord.decode`), or why not, as a rejection of its line: the first step of `batch`, wherever it runs. */
export const decodeItem = (item: Item): Either.Either<Checked, Rejection> => {
  const decoded = SurveyRecord.decode(item.value)
  return Either.isLeft(decoded)
    ? Either.left({ line: item.line, field: decoded.left.path, reason: decoded.left.reason })
    : Either.right({ line: item.line, record: decoded.right })
}

/**
 * The records of a batch of one round that no other household of the round holds a
 * citizen ID of, in line order; the others are rejected at the member's citizen ID,
 * naming the household that holds it (never the ID). The first household holding an ID,
 * stored or earlier in the batch, keeps it. A household of the batch already stored is
 * replaced by the batch's version, so its stored members hold nothing: a person may move
 * between households imported together. One look-up of the stored round per batch.
 */
const oneHouseholdPerPerson = (round: number, households: ReadonlyMap<string, Checked>, rejected: Array<Rejection>) =>
  Effect.gen(function* () {
    const registry = yield* HouseholdRegistry
    const ids: Array<string> = []
    for (const { record } of households.values()) for (const m of record.members) ids.push(m.citizenId)
    const heldBy = new Map<string, string>()
    for (const h of yield* registry.holders(round, ids)) if (!households.has(h.houseCode)) heldBy.set(h.citizenId, h.houseCode)
    const kept: Array<SurveyRecord.SurveyRecord> = []
    for (const { line, record } of households.values()) {
      const members = record.members
      let clash = -1
      for (let i = 0; i < members.length && clash < 0; i++) {
        const holder = heldBy.get(members[i]!.citizenId)
        if (holder !== undefined && holder !== record.houseCode) clash = i
      }
      if (clash >= 0) {
        const holder = heldBy.get(members[clash]!.citizenId)!
        rejected.push({ line, field: `members[${clash}].citizenId`, reason: `already in household ${holder} of this round` })
        continue
      }
      for (const m of members) heldBy.set(m.citizenId, record.houseCode)
      kept.push(record)
    }
    return kept
  })

/**
 * Citizen IDs that more than one household of a round lists (stored before this check,
 * or by other means), each with the households and the member's place in each: for staff
 * to resolve. The IDs are personal data: a caller shows them masked.
 *
 * @example SurveyImport.conflicts(Actor.system(), 2564) // [{ citizenId, holders: [{ houseCode, member: 0 }, …] }]
 */
export const conflicts = (actor: Actor.Actor, round: number): Effect.Effect<ReadonlyArray<Conflict>, Access.NotPermitted, HouseholdRegistry> =>
  Effect.zipRight(
    Access.check(actor, "readRegistry"),
    Effect.flatMap(HouseholdRegistry, (registry) => registry.conflicts(round))
  )

/**
 * Stores one batch of records decoded beforehand (by `SurveyRecord.decode` and nothing
 * else: the round, the actor's areas and repeated house codes are checked here), with the
 * rejections made while decoding them; the outcome lists every rejection in line order.
 */
export const batchDecoded = (actor: Actor.Actor, round: number | undefined, records: ReadonlyArray<Checked>, decodeRejected: ReadonlyArray<Rejection> = []) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "importSurvey")
    const registry = yield* HouseholdRegistry
    const directory = yield* AreaDirectory
    const rejected: Array<Rejection> = [...decodeRejected]
    const byRound = new Map<number, Map<string, Checked>>()
    const seen = new Map<string, number>()
    for (const { line, record } of records) {
      if (round !== undefined && record.surveyYear !== round) {
        rejected.push({ line, field: "surveyYear", reason: `is not the round being imported (${round})` })
        continue
      }
      if (!Actor.inScope(actor, record.villageCode)) {
        rejected.push({ line, field: "villageCode", reason: `is outside the areas of ${actor.id}` })
        continue
      }
      const key = `${record.surveyYear}/${record.houseCode}`
      const first = seen.get(key)
      if (first !== undefined) {
        rejected.push({ line, field: "houseCode", reason: `this house is already given at line ${first} of this file` })
        continue
      }
      seen.set(key, line)
      const households = byRound.get(record.surveyYear) ?? new Map<string, Checked>()
      byRound.set(record.surveyYear, households)
      households.set(record.houseCode, { line, record })
    }
    let inserted = 0
    let updated = 0
    let unchanged = 0
    for (const [r, households] of byRound) {
      const records = yield* oneHouseholdPerPerson(r, households, rejected)
      const villages = [...new Set(records.map((h) => h.villageCode))].map(villageEntry)
      yield* directory.ensure(villages)
      const counts = yield* registry.upsert(r, records)
      inserted += counts.inserted
      updated += counts.updated
      unchanged += counts.unchanged
    }
    rejected.sort((x, y) => x.line - y.line)
    return { inserted, updated, unchanged, rejected } satisfies Outcome
  })
