/**
 * A slow, plain reading of the tables in indicators.md, written apart from the code, so
 * that property tests can compare `RuleSet.evaluate` with it on random records.
 */
import type { Dimension, Indicator, SurveyRecord } from "../src/index.js"

/** Completed years on `on`: years between, less one while the birthday is still to come. */
export const age = (birthDate: string, on: string): number => {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number]
  const [y, m, d] = on.split("-").map(Number) as [number, number, number]
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
  // a 29 February birthday is reached on 1 March in a common year
  const [birthdayMonth, birthdayDay] = bm === 2 && bd === 29 && !leap ? [3, 1] : [bm, bd]
  return y - by - (m < birthdayMonth || (m === birthdayMonth && d < birthdayDay) ? 1 : 0)
}

type Member = SurveyRecord.Member
type Answer = boolean | undefined

interface Expected {
  readonly indicator: number
  readonly dimension: Dimension.Dimension
  readonly status: Indicator.Status
  readonly members: ReadonlyArray<string>
}

const person = (
  indicator: number,
  dimension: Dimension.Dimension,
  members: ReadonlyArray<{ readonly m: Member; readonly age: number }>,
  applies: (m: Member, age: number) => boolean,
  answer: (m: Member) => Answer
): Expected => {
  const inScope = members.filter(({ m, age }) => applies(m, age)).map(({ m }) => m)
  const failing = inScope.filter((m) => answer(m) === false).map((m) => m.citizenId as string)
  const unanswered = inScope.filter((m) => answer(m) === undefined).map((m) => m.citizenId as string)
  if (inScope.length === 0) return { indicator, dimension, status: "not_applicable", members: [] }
  if (failing.length > 0) return { indicator, dimension, status: "fail", members: failing.sort() }
  if (unanswered.length > 0) return { indicator, dimension, status: "unknown", members: unanswered.sort() }
  return { indicator, dimension, status: "pass", members: [] }
}

const household = (indicator: number, dimension: Dimension.Dimension, answer: Answer): Expected => ({
  indicator,
  dimension,
  status: answer === true ? "pass" : answer === false ? "fail" : "unknown",
  members: []
})

const atLeast = (value: number | undefined, min: number): Answer => (value === undefined ? undefined : value >= min)

export interface Parameters {
  readonly minBirthWeightGrams: number
  readonly minDrinkingWaterLitres: number
  readonly minWaterUseLitres: number
  readonly minAnnualIncomePerPersonBaht: number
  readonly k: number
}

/** The 17 indicator results, in ascending order, as indicators.md defines them. */
export const indicators = (r: SurveyRecord.SurveyRecord, p: Parameters): ReadonlyArray<Expected> => {
  const ms = r.members.map((m) => ({ m, age: age(m.birthDate, r.surveyedOn) }))
  const tenure: Answer =
    r.secureTenure === false || r.durableHouse === false
      ? false
      : r.secureTenure === true && r.durableHouse === true
        ? true
        : undefined
  return [
    person(1, "health", ms, (_, a) => a === 0, (m) => atLeast(m.birthWeightGrams, p.minBirthWeightGrams)),
    household(4, "health", r.hygienicFood),
    household(5, "health", r.appropriateMedicineUse),
    person(7, "health", ms, (_, a) => a >= 6, (m) => m.exercises),
    household(8, "living", tenure),
    household(9, "living", atLeast(r.drinkingWaterLitresPerPersonPerDay, p.minDrinkingWaterLitres)),
    household(10, "living", atLeast(r.waterUseLitresPerPersonPerDay, p.minWaterUseLitres)),
    household(11, "living", r.tidyHome),
    person(15, "education", ms, (_, a) => a >= 3 && a <= 5, (m) => m.preschoolCare),
    person(16, "education", ms, (_, a) => a >= 6 && a <= 14, (m) => m.compulsoryEducation),
    person(17, "education", ms, (m) => m.finishedGrade9 === true, (m) => m.continuedToGrade10),
    person(19, "education", ms, (_, a) => a >= 15 && a <= 59, (m) => m.literate),
    person(
      20,
      "income",
      ms,
      (m, a) => a >= 15 && a <= 59 && m.studying !== true && m.unableToWork !== true,
      (m) => m.hasOccupationAndIncome
    ),
    person(21, "income", ms, (m, a) => a >= 60 && m.unableToWork !== true, (m) => m.hasOccupationAndIncome),
    household(
      22,
      "income",
      atLeast(r.annualIncomeBaht === undefined ? undefined : r.annualIncomeBaht / r.members.length, p.minAnnualIncomePerPersonBaht)
    ),
    person(27, "access", ms, (_, a) => a >= 60, (m) => m.caredFor),
    person(28, "access", ms, (m) => m.disabled === true, (m) => m.caredFor)
  ]
}

const dimensions: ReadonlyArray<Dimension.Dimension> = ["health", "living", "education", "income", "access"]

/** The decision without its reasons' texts, as indicators.md defines it. */
export const decision = (r: SurveyRecord.SurveyRecord, p: Parameters) => {
  const results = indicators(r, p)
  const failedDimensions = dimensions.filter((d) => results.some((x) => x.dimension === d && x.status === "fail"))
  const deprivationScore = failedDimensions.length / 5
  const surveyPoor = deprivationScore >= p.k
  return {
    houseCode: r.houseCode as string,
    surveyYear: r.surveyYear,
    indicators: results,
    failedDimensions,
    deprivationScore,
    surveyPoor,
    target: surveyPoor && r.welfareCard === "verified",
    reasonsFor: results.filter((x) => x.status === "fail").map((x) => x.indicator)
  }
}
