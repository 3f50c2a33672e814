/**
 * One household's Basic Minimum Needs (จปฐ.) survey record, exactly as rule set
 * `tpmap-2565` names its fields. Each field is declared once, with its Schema and its
 * check; from that one table come the `schema` (for the API and documentation) and
 * `decode`, the fast path every file and batch goes through.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Area from "../kernel/Area.js"
import * as CalendarDate from "../kernel/CalendarDate.js"
import * as CitizenId from "../kernel/CitizenId.js"
import * as HouseCode from "../kernel/HouseCode.js"

/** Why a record was rejected: the field path (`members[1].citizenId`) and the reason. */
export class InvalidRecord extends Schema.TaggedError<InvalidRecord>()("InvalidRecord", {
  path: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.path}: ${this.reason}`
  }
}

interface Field<S> {
  readonly schema: S
  readonly optional: boolean
  /** Why `u` (never `undefined`/`null` here) is not a valid value, or `undefined`. */
  readonly check: (u: unknown) => string | undefined
}

/**
 * What kind of value `u` is, never the value: a reason goes into rejects files and HTTP
 * answers, and a citizen ID or a name may have landed in any field of a spoiled file.
 */
const describe = (u: unknown): string =>
  u === null ? "null" : Array.isArray(u) ? "an array" : typeof u === "object" ? "an object" : typeof u === "undefined" ? "undefined" : `a ${typeof u}`

const field = <A, I>(
  schema: Schema.Schema<A, I>,
  expected: string,
  is: (u: unknown) => boolean,
  refine: (value: never) => string | undefined = () => undefined
): Field<Schema.Schema<A, I>> => ({
  schema,
  optional: false,
  check: (u) => (is(u) ? refine(u as never) : `expected ${expected}, got ${describe(u)}`)
})

const optional = <A, I>(f: Field<Schema.Schema<A, I>>) => ({
  schema: Schema.optionalWith(f.schema, { nullable: true }),
  optional: true,
  check: f.check
})

const isString = (u: unknown) => typeof u === "string"
const isNumber = (u: unknown) => typeof u === "number"
const isBoolean = (u: unknown) => typeof u === "boolean"

/**
 * The plausibility bounds of a record (docs/import-formats.md): a record past one is
 * refused like any invalid one, naming the field and the bound, never the value.
 */
export const bounds = Object.freeze({
  /** The most members a household may list. */
  maxMembers: 100,
  /** The survey rounds (B.E.) a record may belong to. */
  firstSurveyYear: 2500,
  lastSurveyYear: 2700,
  /** How many years `surveyedOn` (as a B.E. year) may lie from `surveyYear`, either way. */
  surveyedOnSlackYears: 1,
  /** The earliest birth date. */
  earliestBirthDate: "1880-01-01",
  /** The largest number (income, litres, grams). */
  maxAmount: 1_000_000_000
})

const amountProblem = (n: number) =>
  Number.isFinite(n)
    ? n < 0
      ? "must not be negative"
      : n > bounds.maxAmount
        ? "must be at most 1,000,000,000"
        : undefined
    : "must be a finite number"

const text = field(Schema.String, "a string", isString)
const flag = field(Schema.Boolean, "a boolean", isBoolean)
const amount = field(
  Schema.Number.pipe(Schema.filter((n) => amountProblem(n) ?? true)),
  "a number",
  isNumber,
  amountProblem
)
/** `CalendarDate.problem` without the date it quotes (a birth date is personal). */
const dateProblem = (s: string): string | undefined => {
  if (CalendarDate.problem(s) === undefined) return undefined
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return "must be a date YYYY-MM-DD"
  return Number(s.slice(0, 4)) >= CalendarDate.firstBuddhistEraYear
    ? "the year looks like a Buddhist Era year: write the Common Era year (B.E. − 543)"
    : "is not a calendar date"
}
const date = field(CalendarDate.IsoDate, "a date string YYYY-MM-DD", isString, dateProblem)
const oneOf = <const L extends ReadonlyArray<string>>(...literals: L) =>
  field(Schema.Literal(...literals), `one of ${literals.map((l) => JSON.stringify(l)).join(" | ")}`, (u) =>
    literals.includes(u as string)
  )

const memberFields = {
  citizenId: field(CitizenId.CitizenId, "a string of 13 digits", isString, CitizenId.problem),
  title: optional(text),
  firstName: text,
  lastName: text,
  sex: oneOf("male", "female"),
  birthDate: date,
  relation: oneOf("head", "spouse", "child", "parent", "relative", "other"),
  birthWeightGrams: optional(amount),
  exercises: optional(flag),
  preschoolCare: optional(flag),
  compulsoryEducation: optional(flag),
  finishedGrade9: optional(flag),
  continuedToGrade10: optional(flag),
  literate: optional(flag),
  studying: optional(flag),
  unableToWork: optional(flag),
  hasOccupationAndIncome: optional(flag),
  disabled: optional(flag),
  caredFor: optional(flag)
}

const yearProblem = (n: number) =>
  Number.isSafeInteger(n) && n >= bounds.firstSurveyYear && n <= bounds.lastSurveyYear
    ? undefined
    : "must be a whole B.E. year from 2500 to 2700"

const villageCodeProblem = (s: string) =>
  /^\d{8}$/.test(s) ? undefined : "must be 8 digits"

const householdFields = {
  houseCode: field(HouseCode.HouseCode, "a string of 11 digits", isString, (s: string) => (HouseCode.problem(s) === undefined ? undefined : "must be 11 digits")),
  villageCode: field(Area.VillageCode, "a string of 8 digits", isString, villageCodeProblem),
  houseNumber: optional(text),
  surveyYear: field(
    Schema.Number.pipe(Schema.filter((n) => yearProblem(n) ?? true)),
    "a number (B.E. year)",
    isNumber,
    yearProblem
  ),
  surveyedOn: date,
  welfareCard: oneOf("none", "registered", "verified"),
  annualIncomeBaht: optional(amount),
  hygienicFood: optional(flag),
  appropriateMedicineUse: optional(flag),
  secureTenure: optional(flag),
  durableHouse: optional(flag),
  drinkingWaterLitresPerPersonPerDay: optional(amount),
  waterUseLitresPerPersonPerDay: optional(amount),
  tidyHome: optional(flag)
}

type SchemasOf<F extends Record<string, { readonly schema: unknown }>> = { readonly [K in keyof F]: F[K]["schema"] }

const schemasOf = <F extends Record<string, { readonly schema: unknown }>>(fields: F): SchemasOf<F> =>
  Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.schema])) as SchemasOf<F>

/** One person living in the household. */
export const Member = Schema.Struct(schemasOf(memberFields)).annotations({ identifier: "Member" })
export type Member = typeof Member.Type

type Issue = { readonly path: string; readonly reason: string }

const earliestBirth = CalendarDate.toNumber(bounds.earliestBirthDate)

/**
 * The rules that span fields: one to 100 members, the village in the house code's
 * province, the survey day in (or a year either side of) the survey year, unique citizen
 * IDs, exactly one head, nobody born before 1880 or after the survey day. Run after every
 * field is known to be well typed.
 */
const crossCheck = (record: {
  readonly houseCode: string
  readonly villageCode: string
  readonly surveyYear: number
  readonly surveyedOn: string
  readonly members: ReadonlyArray<{ readonly citizenId: string; readonly relation: string; readonly birthDate: string }>
}): Issue | undefined => {
  const members = record.members
  if (members.length === 0) return { path: "members", reason: "must hold at least one member" }
  if (members.length > bounds.maxMembers) return { path: "members", reason: "must hold at most 100 members" }
  // A house code's first 4 digits are its registration office, whose first 2 are the province.
  if (record.villageCode.slice(0, 2) !== record.houseCode.slice(0, 2)) {
    return { path: "villageCode", reason: "must lie in the province of the house code (its first 2 digits)" }
  }
  const surveyedIn = CalendarDate.toBuddhistYear(Number(record.surveyedOn.slice(0, 4)))
  if (Math.abs(surveyedIn - record.surveyYear) > bounds.surveyedOnSlackYears) {
    return { path: "surveyedOn", reason: "must fall in the survey year, or the year before or after it" }
  }
  const surveyed = CalendarDate.toNumber(record.surveyedOn)
  let head = -1
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!
    for (let j = 0; j < i; j++) {
      if (members[j]!.citizenId === m.citizenId) {
        return { path: `members[${i}].citizenId`, reason: `same citizenId as members[${j}]` }
      }
    }
    if (m.relation === "head") {
      if (head >= 0) {
        return { path: `members[${i}].relation`, reason: `a second "head" (members[${head}] is the head); exactly one is required` }
      }
      head = i
    }
    const born = CalendarDate.toNumber(m.birthDate)
    if (born > surveyed) return { path: `members[${i}].birthDate`, reason: "is after surveyedOn" }
    if (born < earliestBirth) return { path: `members[${i}].birthDate`, reason: "must be 1880-01-01 or later" }
  }
  if (head < 0) return { path: "members", reason: `no member has relation "head"; exactly one is required` }
  return undefined
}

/** A household survey record, as the rules read it. Unknown extra fields are allowed. */
export const SurveyRecord = Schema.Struct({
  ...schemasOf(householdFields),
  members: Schema.Array(Member)
}).pipe(
  Schema.filter((record) => {
    const issue = crossCheck(record)
    return issue === undefined ? true : { path: [], message: `${issue.path}: ${issue.reason}` }
  }),
  Schema.annotations({ identifier: "SurveyRecord", description: "One household's จปฐ. survey record (rule set tpmap-2565)" })
)
export type SurveyRecord = typeof SurveyRecord.Type

const memberEntries = Object.entries(memberFields)
const householdEntries = Object.entries(householdFields)

// An answer is an optional field the rules read; `houseNumber` and `title` are optional
// but describe the household or person rather than answer a question.
const answersOf = (entries: ReadonlyArray<readonly [string, { readonly optional: boolean }]>, notAnswers: ReadonlyArray<string>) =>
  Object.freeze(entries.filter(([name, f]) => f.optional && !notAnswers.includes(name)).map(([name]) => name))

/** The household's answer fields (`hygienicFood`, `annualIncomeBaht`, …), in table order. */
export const householdAnswerFields: ReadonlyArray<string> = answersOf(householdEntries, ["houseNumber"])

/** A member's answer fields (`exercises`, `literate`, …), in table order. */
export const memberAnswerFields: ReadonlyArray<string> = answersOf(memberEntries, ["title"])

const checkFields = (
  value: Record<string, unknown>,
  entries: ReadonlyArray<readonly [string, { readonly optional: boolean; readonly check: (u: unknown) => string | undefined }]>,
  prefix: string
): Issue | undefined => {
  for (let i = 0; i < entries.length; i++) {
    const [name, f] = entries[i]!
    const u = value[name]
    if (u === undefined || u === null) {
      if (!f.optional) return { path: prefix + name, reason: "is required" }
      if (u === null) value[name] = undefined
      continue
    }
    const reason = f.check(u)
    if (reason !== undefined) return { path: prefix + name, reason }
  }
  return undefined
}

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * Validates a parsed JSON value as a survey record: every rule of `tpmap-2565`'s
 * "Record validation", first failure reported with its path. It returns the same object
 * (with `null` answers read as missing), so a large file costs no copying.
 *
 * @example decode(JSON.parse(line)) // Either.right(record) or Either.left(InvalidRecord)
 */
export const decode = (u: unknown): Either.Either<SurveyRecord, InvalidRecord> => {
  const issue = validate(u)
  return issue === undefined ? Either.right(u as SurveyRecord) : Either.left(new InvalidRecord(issue))
}

const validate = (u: unknown): Issue | undefined => {
  if (!isObject(u)) return { path: "(record)", reason: `expected a JSON object, got ${describe(u)}` }
  const issue = checkFields(u, householdEntries, "")
  if (issue !== undefined) return issue
  const members = u["members"]
  if (!Array.isArray(members)) {
    return { path: "members", reason: members === undefined ? "is required" : `expected an array, got ${describe(members)}` }
  }
  for (let i = 0; i < members.length; i++) {
    const m = members[i]
    if (!isObject(m)) return { path: `members[${i}]`, reason: `expected an object, got ${describe(m)}` }
    const memberIssue = checkFields(m, memberEntries, `members[${i}].`)
    if (memberIssue !== undefined) return memberIssue
  }
  return crossCheck(u as SurveyRecord)
}

/** Persons in the household. */
export const persons = (record: SurveyRecord): number => record.members.length
