/**
 * How a household's record is kept in the `record` column: a JSON array of its values in
 * the order of a numbered layout, the first element the layout's number.
 *
 *     [1, "33010000014", "33010114", "1", 2564, "2021-04-18", "none", 295200, true, …,
 *        [["3330186407205", "นาย", "ธนากร", …, true, null, …], …]]
 *
 * A named field the record does not have is `null` (the survey schema reads a `null`
 * answer as missing, so nothing is lost). After the members comes, only when there are
 * any, an object of the fields the layout does not name; the same for each member after
 * its values. The text is half as long as the record's own JSON and parses a fifth faster:
 * the registry reads a round through this column alone.
 *
 * Layouts are frozen like migrations: a field added to the survey schema is a new layout,
 * and rows written under an older one still read. Text of the form before layouts (the
 * record's own JSON object, written by the schema's first migration) reads as it is.
 */
import { type SurveyRecord } from "@phungpao/domain"

/** The named fields of a layout: the household's (without `members`) and a member's. */
export interface Layout {
  readonly household: ReadonlyArray<string>
  readonly member: ReadonlyArray<string>
}

/** Every layout this program reads, by number. Never edit one: add the next. */
export const layouts: ReadonlyMap<number, Layout> = new Map([
  [
    1,
    Object.freeze({
      household: Object.freeze([
        "houseCode",
        "villageCode",
        "houseNumber",
        "surveyYear",
        "surveyedOn",
        "welfareCard",
        "annualIncomeBaht",
        "hygienicFood",
        "appropriateMedicineUse",
        "secureTenure",
        "durableHouse",
        "drinkingWaterLitresPerPersonPerDay",
        "waterUseLitresPerPersonPerDay",
        "tidyHome"
      ]),
      member: Object.freeze([
        "citizenId",
        "title",
        "firstName",
        "lastName",
        "sex",
        "birthDate",
        "relation",
        "birthWeightGrams",
        "exercises",
        "preschoolCare",
        "compulsoryEducation",
        "finishedGrade9",
        "continuedToGrade10",
        "literate",
        "studying",
        "unableToWork",
        "hasOccupationAndIncome",
        "disabled",
        "caredFor"
      ])
    })
  ]
])

/** The layout this program writes: the newest. */
export const current: number = Math.max(...layouts.keys())

const written = layouts.get(current)!
const householdNamed: ReadonlySet<string> = new Set([...written.household, "members"])
const memberNamed: ReadonlySet<string> = new Set(written.member)

/** The fields of `value` that `named` does not have (undefined ones count as absent), or undefined when none. */
const othersOf = (value: Record<string, unknown>, named: ReadonlySet<string>, given: number): Record<string, unknown> | undefined => {
  const keys = Object.keys(value)
  // Every key a named field with a value (the common case) is told without looking.
  if (keys.length === given) return undefined
  let others: Record<string, unknown> | undefined
  for (const key of keys) if (!named.has(key) && value[key] !== undefined) own((others ??= {}), key, value[key])
  return others
}

/** Sets an own field, even one named `__proto__` (which `=` would take for the prototype). */
const own = (target: Record<string, unknown>, key: string, value: unknown) => {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

const assignOwn = (target: Record<string, unknown>, source: unknown) => {
  const from = source as Record<string, unknown>
  for (const key of Object.keys(from)) own(target, key, from[key])
}

/**
 * The text of a record under the current layout.
 *
 * @example RecordText.encode(record) // '[1,"33010000014",…]'
 */
export const encode = (record: SurveyRecord.SurveyRecord): string => {
  const r = record as unknown as Record<string, unknown>
  const names = written.household
  const out = new Array<unknown>(names.length + 2)
  out[0] = current
  let given = 1 // members
  for (let i = 0; i < names.length; i++) {
    const value = r[names[i]!]
    if (value === undefined || value === null) out[i + 1] = null
    else {
      out[i + 1] = value
      given++
    }
  }
  const members = record.members
  const encoded = new Array<unknown>(members.length)
  const memberNames = written.member
  for (let j = 0; j < members.length; j++) {
    const m = members[j] as unknown as Record<string, unknown>
    const values = new Array<unknown>(memberNames.length)
    let memberGiven = 0
    for (let i = 0; i < memberNames.length; i++) {
      const value = m[memberNames[i]!]
      if (value === undefined || value === null) values[i] = null
      else {
        values[i] = value
        memberGiven++
      }
    }
    const others = othersOf(m, memberNamed, memberGiven)
    if (others !== undefined) values.push(others)
    encoded[j] = values
  }
  out[names.length + 1] = encoded
  const others = othersOf(r, householdNamed, given)
  if (others !== undefined) out.push(others)
  return JSON.stringify(out)
}

/** The stored text names a layout this program does not know (a newer program wrote it). */
export class UnknownLayout extends Error {
  constructor(readonly layout: unknown) {
    super(`a household record was written under layout ${JSON.stringify(layout)}, which this program does not know (known: ${[...layouts.keys()].join(", ")}): upgrade Phungpao`)
  }
}

/** A value as a record holds it: a missing one (`null`) is `undefined`, as `SurveyRecord.decode` leaves a null answer. */
const given = (value: unknown) => (value === null ? undefined : value)

/**
 * Layout 1's values as a member, and as a household: object literals, every named field a
 * key (`undefined` when missing), so that all records share one shape. A third faster than
 * setting fields by name from the layout's lists; the round-trip test holds them to the
 * lists.
 */
const member1 = (v: ReadonlyArray<unknown>): Record<string, unknown> => {
  const m: Record<string, unknown> = {
    citizenId: v[0],
    title: given(v[1]),
    firstName: v[2],
    lastName: v[3],
    sex: v[4],
    birthDate: v[5],
    relation: v[6],
    birthWeightGrams: given(v[7]),
    exercises: given(v[8]),
    preschoolCare: given(v[9]),
    compulsoryEducation: given(v[10]),
    finishedGrade9: given(v[11]),
    continuedToGrade10: given(v[12]),
    literate: given(v[13]),
    studying: given(v[14]),
    unableToWork: given(v[15]),
    hasOccupationAndIncome: given(v[16]),
    disabled: given(v[17]),
    caredFor: given(v[18])
  }
  if (v.length > 19) assignOwn(m, v[19])
  return m
}

const household1 = (v: ReadonlyArray<unknown>): Record<string, unknown> => {
  const encoded = v[15] as ReadonlyArray<ReadonlyArray<unknown>>
  const members = new Array<Record<string, unknown>>(encoded.length)
  for (let j = 0; j < encoded.length; j++) members[j] = member1(encoded[j]!)
  const h: Record<string, unknown> = {
    houseCode: v[1],
    villageCode: v[2],
    houseNumber: given(v[3]),
    surveyYear: v[4],
    surveyedOn: v[5],
    welfareCard: v[6],
    annualIncomeBaht: given(v[7]),
    hygienicFood: given(v[8]),
    appropriateMedicineUse: given(v[9]),
    secureTenure: given(v[10]),
    durableHouse: given(v[11]),
    drinkingWaterLitresPerPersonPerDay: given(v[12]),
    waterUseLitresPerPersonPerDay: given(v[13]),
    tidyHome: given(v[14]),
    members
  }
  if (v.length > 16) assignOwn(h, v[16])
  return h
}

/** How each layout's values (the whole array, its number first) become a record. */
const readers: ReadonlyMap<number, (values: ReadonlyArray<unknown>) => Record<string, unknown>> = new Map([[1, household1]])

/**
 * The record a stored text holds. Not validated again: the text was written from a
 * validated record, so it gives an equal, valid one (validating would double a page's cost).
 *
 * @example RecordText.decode('[1,"33010000014",…]').houseCode // "33010000014"
 */
export const decode = (text: string): SurveyRecord.SurveyRecord => {
  const parsed: unknown = JSON.parse(text)
  if (!Array.isArray(parsed)) return parsed as SurveyRecord.SurveyRecord
  const read = readers.get(parsed[0])
  if (read === undefined) throw new UnknownLayout(parsed[0])
  return read(parsed) as unknown as SurveyRecord.SurveyRecord
}
