/**
 * Test builders: a survey record that passes every indicator of `tpmap-2565`, with
 * overrides, and small helpers to decode and evaluate it. An override of `undefined`
 * removes the field, so `member({ exercises: undefined })` is a member who did not answer.
 */
import { Either } from "effect"
import { CitizenId, type Decision, type Indicator, RuleSet, SurveyRecord } from "../src/index.js"

export interface MemberInput {
  citizenId: string
  title?: string | null
  firstName: string
  lastName: string
  sex: "male" | "female"
  birthDate: string
  relation: "head" | "spouse" | "child" | "parent" | "relative" | "other"
  birthWeightGrams?: number | null
  exercises?: boolean | null
  preschoolCare?: boolean | null
  compulsoryEducation?: boolean | null
  finishedGrade9?: boolean | null
  continuedToGrade10?: boolean | null
  literate?: boolean | null
  studying?: boolean | null
  unableToWork?: boolean | null
  hasOccupationAndIncome?: boolean | null
  disabled?: boolean | null
  caredFor?: boolean | null
}

export interface HouseholdInput {
  houseCode: string
  villageCode: string
  houseNumber?: string | null
  surveyYear: number
  surveyedOn: string
  welfareCard: "none" | "registered" | "verified"
  annualIncomeBaht?: number | null
  hygienicFood?: boolean | null
  appropriateMedicineUse?: boolean | null
  secureTenure?: boolean | null
  durableHouse?: boolean | null
  drinkingWaterLitresPerPersonPerDay?: number | null
  waterUseLitresPerPersonPerDay?: number | null
  tidyHome?: boolean | null
  members: Array<MemberInput>
}

export type Overrides<T> = { [K in keyof T]?: T[K] | undefined }

/** The survey day of every built household unless overridden. */
export const surveyedOn = "2021-06-15"

/** A valid citizen ID for a serial number: person type 1, the serial, its check digit. */
export const citizenId = (serial: number): string => {
  const first12 = `1${String(serial).padStart(11, "0")}`
  return `${first12}${CitizenId.checkDigit(first12)}`
}

/**
 * A birth date giving `age` completed years on `on` (default: the survey day): the
 * birthday falls on that day, so the person has just turned `age`.
 */
export const bornAged = (age: number, on: string = surveyedOn): string =>
  `${String(Number(on.slice(0, 4)) - age).padStart(4, "0")}${on.slice(4)}`

/** A birth date one day later than `bornAged(age + 1)`: the last day of being `age`. */
export const bornAgedLastDay = (age: number, on: string = surveyedOn): string => {
  const t = Date.UTC(Number(on.slice(0, 4)) - age - 1, Number(on.slice(5, 7)) - 1, Number(on.slice(8, 10))) + 86_400_000
  return new Date(t).toISOString().slice(0, 10)
}

const withoutUndefined = <T extends object>(value: T): T => {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key]
  return value
}

let nextSerial = 1000

/**
 * A member aged 40 who passes everything that could apply to any age. Each call gets a
 * fresh valid citizen ID unless one is given.
 */
export const member = (overrides: Overrides<MemberInput> = {}): MemberInput =>
  withoutUndefined({
    citizenId: citizenId(nextSerial++),
    firstName: "สมชาย",
    lastName: "ใจดี",
    sex: "male",
    birthDate: bornAged(40),
    relation: "other",
    exercises: true,
    preschoolCare: true,
    compulsoryEducation: true,
    finishedGrade9: false,
    continuedToGrade10: true,
    literate: true,
    studying: false,
    unableToWork: false,
    hasOccupationAndIncome: true,
    disabled: false,
    caredFor: true,
    ...overrides
  } as MemberInput)

/** The head of a household: `member` with relation `head`. */
export const head = (overrides: Overrides<MemberInput> = {}): MemberInput => member({ relation: "head", ...overrides })

/**
 * A household passing all 17 indicators: one head aged 40, income ample for up to 20
 * members, welfare card `none`.
 */
export const household = (overrides: Overrides<HouseholdInput> = {}): HouseholdInput =>
  withoutUndefined({
    houseCode: "33010000001",
    villageCode: "33010101",
    houseNumber: "12/3",
    surveyYear: 2564,
    surveyedOn,
    welfareCard: "none",
    annualIncomeBaht: 1_000_000,
    hygienicFood: true,
    appropriateMedicineUse: true,
    secureTenure: true,
    durableHouse: true,
    drinkingWaterLitresPerPersonPerDay: 10,
    waterUseLitresPerPersonPerDay: 100,
    tidyHome: true,
    members: [head({ citizenId: citizenId(1) })],
    ...overrides
  } as HouseholdInput)

/** A household whose members are the head followed by `others`. */
export const withMembers = (...others: Array<MemberInput>): HouseholdInput =>
  household({ members: [head({ citizenId: citizenId(1) }), ...others] })

/** Decodes a record that the test expects to be valid. */
export const valid = (input: unknown): SurveyRecord.SurveyRecord => Either.getOrThrow(SurveyRecord.decode(input))

/** Decodes and evaluates a record with a rule set (tpmap-2565 by default). */
export const evaluate = (input: unknown, ruleSet: RuleSet.RuleSet = RuleSet.tpmap2565): Decision.Decision =>
  RuleSet.evaluate(ruleSet, valid(input))

/** The result of one indicator; throws when the decision lacks it. */
export const result = (decision: Decision.Decision, indicator: number): Decision.IndicatorResult => {
  const found = decision.indicators.find((r) => r.indicator === indicator)
  if (found === undefined) throw new Error(`no indicator ${indicator} in the decision`)
  return found
}

/** The status of one indicator. */
export const status = (decision: Decision.Decision, indicator: number): Indicator.Status =>
  result(decision, indicator).status

/** The reason given for one failed indicator; throws when there is none. */
export const reason = (decision: Decision.Decision, indicator: number): Decision.Reason => {
  const found = decision.reasons.find((r) => r.indicator === indicator)
  if (found === undefined) throw new Error(`no reason for indicator ${indicator}`)
  return found
}

/** The rejection of a record the test expects to be invalid. */
export const rejection = (input: unknown): SurveyRecord.InvalidRecord => {
  const decoded = SurveyRecord.decode(input)
  if (Either.isRight(decoded)) throw new Error("expected the record to be rejected")
  return decoded.left
}

/** The 17 indicator numbers of tpmap-2565 with their dimensions, in ascending order. */
export const tpmapIndicators = [
  [1, "health"],
  [4, "health"],
  [5, "health"],
  [7, "health"],
  [8, "living"],
  [9, "living"],
  [10, "living"],
  [11, "living"],
  [15, "education"],
  [16, "education"],
  [17, "education"],
  [19, "education"],
  [20, "income"],
  [21, "income"],
  [22, "income"],
  [27, "access"],
  [28, "access"]
] as const
