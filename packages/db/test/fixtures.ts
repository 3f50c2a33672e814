/**
 * Survey records for the tests: synthetic households of Sisaket (province 33), and a few
 * made unusual by hand (missing answers, fields the rule set does not name, false and
 * zero answers, a null extra value) — what a registry must give back exactly.
 */
import type { Logbook } from "@phungpao/domain"
import { SurveyRecord } from "@phungpao/domain"
import { generate } from "@phungpao/synthetic"
import * as Either from "effect/Either"

/** A valid record from plain JSON (a copy: `decode` rewrites null answers in place). */
export const record = (json: unknown): SurveyRecord.SurveyRecord =>
  Either.getOrThrowWith(SurveyRecord.decode(structuredClone(json)), (e) => e)

export const synthetic = (households: number, options: { readonly seed?: number; readonly offset?: number; readonly surveyYear?: number } = {}) =>
  [...generate({ province: "33", households, seed: options.seed ?? 1, offset: options.offset ?? 0, surveyYear: options.surveyYear ?? 2564 })].map(record)

const without = <A extends object>(value: A, ...keys: ReadonlyArray<string>): A =>
  Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k))) as A

const [a, b, c, d] = synthetic(4, { seed: 7, offset: 500 })

export const unusual: ReadonlyArray<SurveyRecord.SurveyRecord> = [
  record({
    ...without(a!, "annualIncomeBaht", "tidyHome", "houseNumber"),
    item12SafeFromHazards: true,
    surveyorNote: "บ้านปิด กลับมาสัมภาษณ์ใหม่ 2 ครั้ง",
    location: { lat: 15.1186, lon: 104.3220, accuracyMetres: 8 },
    visits: [1, 2],
    members: a!.members.map((m, i) =>
      i === 0 ? { ...without(m, "title", "exercises", "literate"), phone: "0812345678", disabilityCard: null } : m
    )
  }),
  record({
    ...b!,
    houseNumber: "12/3 หมู่ 4",
    hygienicFood: false,
    annualIncomeBaht: 0,
    drinkingWaterLitresPerPersonPerDay: 4.5,
    members: b!.members.map((m) => ({ ...m, exercises: false, birthWeightGrams: 2499.5 }))
  }),
  record({ ...c!, secureTenure: undefined, waterUseLitresPerPersonPerDay: 45, members: [{ ...c!.members.find((m) => m.relation === "head")!, caredFor: true }] }),
  // What PostgreSQL's COPY text must escape: backslashes, tabs and line ends.
  record({ ...d!, houseNumber: "12\\3 ซอย\t5", surveyorNote: "line one\r\nline two\ta tab, a \\ and a \\N" })
]

/** The same record with another village code (in another province, its house code's province too, as a record must have). */
export const inVillage = (r: SurveyRecord.SurveyRecord, villageCode: string) =>
  record({ ...r, villageCode, houseCode: `${villageCode.slice(0, 2)}${r.houseCode.slice(2)}` })

export const byHouseCode = (x: { readonly houseCode: string }, y: { readonly houseCode: string }) =>
  x.houseCode < y.houseCode ? -1 : x.houseCode > y.houseCode ? 1 : 0

/** When the logbook entries below were recorded. */
export const at = "2022-08-10T03:00:00.000Z"

/** A logbook entry of one household, as a store appends it; with `reverses`, the reversal of that entry. */
export const entry = (id: string, value: number, reverses?: string): Logbook.Entry =>
  ({
    id,
    houseCode: "33010100001",
    villageCode: "33010101",
    on: "2022-08-12",
    giver: { agency: "health" },
    kind: "cash",
    value,
    problems: [8],
    budgetSource: "agencyFunction",
    ...(reverses === undefined ? {} : { reverses, reason: "บันทึกผิด" }),
    recordedBy: "officer",
    recordedAt: at
  }) as unknown as Logbook.Entry
