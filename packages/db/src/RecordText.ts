/**
 * How a household's record is kept in the `record` column: a JSON array of its values in
 * the order of a numbered layout, the first element the layout's number.
 *
 *     [1, "33010000014", "33010114", "1", 2564, "2021-04-18", "none", 295200, 9, 67, "1111-",
 *        [["3330186407205", "นาย", "ธนากร", "แก้วมณี", "male", "1951-10-07", "head", null, "1------0101"], …]]
 *
 * A layout names the fields with any value, in order, then the yes/no answers (flags), all
 * in one string: a character each, `1` yes, `0` no, `-` not answered. A named field the
 * record does not have is `null` (the survey schema reads a `null` answer as missing, so
 * nothing is lost). After the members comes, only when there are any, an object of the
 * fields the layout does not name; the same for each member after its flags. The text is
 * 40% of the record's own JSON and parses in half the time: the registry reads a round
 * through this column alone.
 *
 * Layouts are frozen like migrations: a field added to the survey schema is a new layout,
 * and rows written under an older one still read. Text of the form before layouts (the
 * record's own JSON object, written by the schema's first migration) reads as it is.
 */
import { type SurveyRecord } from "@phungpao/domain"

/** The fields of a layout: the household's (without `members`) and a member's, each as values then flags. */
export interface Layout {
  readonly household: ReadonlyArray<string>
  readonly householdFlags: ReadonlyArray<string>
  readonly member: ReadonlyArray<string>
  readonly memberFlags: ReadonlyArray<string>
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
        "drinkingWaterLitresPerPersonPerDay",
        "waterUseLitresPerPersonPerDay"
      ]),
      householdFlags: Object.freeze(["hygienicFood", "appropriateMedicineUse", "secureTenure", "durableHouse", "tidyHome"]),
      member: Object.freeze(["citizenId", "title", "firstName", "lastName", "sex", "birthDate", "relation", "birthWeightGrams"]),
      memberFlags: Object.freeze([
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
const householdNamed: ReadonlySet<string> = new Set([...written.household, ...written.householdFlags, "members"])
const memberNamed: ReadonlySet<string> = new Set([...written.member, ...written.memberFlags])

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
 * The named fields of `value` into `out` from `at` (null when missing), then its flags as
 * one string; how many had a value, for `othersOf`.
 */
const put = (value: Record<string, unknown>, names: ReadonlyArray<string>, flags: ReadonlyArray<string>, out: Array<unknown>, at: number): number => {
  let given = 0
  for (let i = 0; i < names.length; i++) {
    const v = value[names[i]!]
    if (v === undefined || v === null) out[at + i] = null
    else {
      out[at + i] = v
      given++
    }
  }
  let text = ""
  for (const name of flags) {
    const v = value[name]
    if (v === true) text += "1"
    else if (v === false) text += "0"
    else if (v === undefined || v === null) {
      text += "-"
      continue
    } else throw new Error(`${name} must be true or false to be stored, got ${JSON.stringify(v)}`)
    given++
  }
  out[at + names.length] = text
  return given
}

/**
 * The text of a record under the current layout.
 *
 * @example RecordText.encode(record) // '[1,"33010000014",…]'
 */
export const encode = (record: SurveyRecord.SurveyRecord): string => {
  const known = texts.get(record)
  if (known !== undefined) return known
  const r = record as unknown as Record<string, unknown>
  const width = written.household.length
  const out = new Array<unknown>(width + 3)
  out[0] = current
  const count = 1 + put(r, written.household, written.householdFlags, out, 1) // 1: members
  const members = record.members
  const encoded = new Array<unknown>(members.length)
  for (let j = 0; j < members.length; j++) {
    const m = members[j] as unknown as Record<string, unknown>
    const values = new Array<unknown>(written.member.length + 1)
    const others = othersOf(m, memberNamed, put(m, written.member, written.memberFlags, values, 0))
    if (others !== undefined) values.push(others)
    encoded[j] = values
  }
  out[width + 2] = encoded
  const others = othersOf(r, householdNamed, count)
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

/** The flag at `i` of a flags string: `1` yes, `0` no, anything else not answered. */
const flag = (flags: string, i: number): boolean | undefined => {
  const c = flags.charCodeAt(i)
  return c === 49 ? true : c === 48 ? false : undefined
}

/**
 * Layout 1's values as a member, and as a household: object literals, every named field a
 * key (`undefined` when missing), so that all records share one shape. A third faster than
 * setting fields by name from the layout's lists; the round-trip test holds them to the
 * lists.
 */
const member1 = (v: ReadonlyArray<unknown>): Record<string, unknown> => {
  const f = v[8] as string
  const m: Record<string, unknown> = {
    citizenId: v[0],
    title: given(v[1]),
    firstName: v[2],
    lastName: v[3],
    sex: v[4],
    birthDate: v[5],
    relation: v[6],
    birthWeightGrams: given(v[7]),
    exercises: flag(f, 0),
    preschoolCare: flag(f, 1),
    compulsoryEducation: flag(f, 2),
    finishedGrade9: flag(f, 3),
    continuedToGrade10: flag(f, 4),
    literate: flag(f, 5),
    studying: flag(f, 6),
    unableToWork: flag(f, 7),
    hasOccupationAndIncome: flag(f, 8),
    disabled: flag(f, 9),
    caredFor: flag(f, 10)
  }
  if (v.length > 9) assignOwn(m, v[9])
  return m
}

const household1 = (v: ReadonlyArray<unknown>): Record<string, unknown> => {
  const f = v[10] as string
  const encoded = v[11] as ReadonlyArray<ReadonlyArray<unknown>>
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
    hygienicFood: flag(f, 0),
    appropriateMedicineUse: flag(f, 1),
    secureTenure: flag(f, 2),
    durableHouse: flag(f, 3),
    drinkingWaterLitresPerPersonPerDay: given(v[8]),
    waterUseLitresPerPersonPerDay: given(v[9]),
    tidyHome: flag(f, 4),
    members
  }
  if (v.length > 12) assignOwn(h, v[12])
  return h
}

/** How each layout's values (the whole array, its number first) become a record. */
const readers: ReadonlyMap<number, (values: ReadonlyArray<unknown>) => Record<string, unknown>> = new Map([[1, household1]])

/**
 * The texts of records `decodeKept` made from the current layout (records are immutable
 * values): such a record encodes as that text again without the work.
 */
const texts = new WeakMap<object, string>()

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

/**
 * `decode`, and the record remembered with its text, so that `encode` gives that text back
 * without the work: for records that arrive as texts to be stored (an import's reader
 * thread sends them so). Not for reading pages: weak references cost the garbage
 * collector.
 */
export const decodeKept = (text: string): SurveyRecord.SurveyRecord => {
  const record = decode(text)
  if (text.startsWith(`[${current},`)) texts.set(record, text)
  return record
}
