/**
 * One synthetic household of a rural northeastern Thai province as the จปฐ. survey sees
 * it: who lives there (sizes, ages and relations of an ageing farming population, where
 * grandparents often raise grandchildren while the parents work away), their names and
 * IDs, and its answers. Answers mostly pass; failures are rare and cluster in households
 * short of money, as they do in the survey, so that about one household in nine is
 * survey-poor and about one in twenty-five a target.
 */
import { SurveyRecord } from "@phungpao/domain"
import * as CitizenIds from "./CitizenIds.js"
import * as Names from "./Names.js"
import type { Random } from "./Random.js"
import type { SurveyCalendar } from "./SurveyCalendar.js"
import type { MemberJson, Relation, Sex, SurveyRecordJson, Title, WelfareCard } from "./SurveyRecordJson.js"
import type { Place } from "./Villages.js"

/** Nobody is older than this. */
export const maxAge = 100

const cumulative = (weights: ReadonlyArray<number>): Float64Array => {
  const total = weights.reduce((a, b) => a + b, 0)
  const out = new Float64Array(weights.length)
  let sum = 0
  weights.forEach((w, i) => (out[i] = sum += w / total))
  out[out.length - 1] = 1
  return out
}

// Members per household, 1..9: mean 3.1, as in the rural northeast.
const sizes = cumulative([0.15, 0.25, 0.24, 0.18, 0.1, 0.045, 0.02, 0.01, 0.005])

interface AgeBands {
  readonly from: ReadonlyArray<number>
  readonly to: ReadonlyArray<number>
  readonly cumulative: Float64Array
}

const bands = (rows: ReadonlyArray<readonly [from: number, to: number, weight: number]>): AgeBands => ({
  from: rows.map((r) => r[0]),
  to: rows.map((r) => r[1]),
  cumulative: cumulative(rows.map((r) => r[2]))
})

// Heads are mostly 45–75; people living alone are older still (widowed, children away).
const headAges = bands([[22, 29, 4], [30, 39, 10], [40, 49, 19], [50, 59, 26], [60, 69, 24], [70, 79, 13], [80, 92, 4]])
const aloneAges = bands([[22, 39, 12], [40, 59, 33], [60, 69, 25], [70, 79, 20], [80, 95, 10]])

const ageFrom = (random: Random, b: AgeBands): number => {
  const i = random.pick(b.cumulative)
  return random.between(b.from[i]!, b.to[i]!)
}

// Per-person income is lognormal; the median and spread put about 6 % of households under
// the 38,000 baht a person a year of indicator 22, as in the poorer northeastern provinces.
const medianIncomePerPerson = 80_000
const incomeSpread = 0.4

// Base failure rates before a household's strain multiplies them.
const rate = {
  hygienicFood: 0.005,
  appropriateMedicineUse: 0.005,
  secureTenure: 0.004,
  durableHouse: 0.006,
  drinkingWater: 0.003,
  waterUse: 0.005,
  tidyHome: 0.006,
  exercises: 0.0015,
  preschoolCare: 0.012,
  compulsoryEducation: 0.003,
  continuedToGrade10: 0.035,
  literate: 0.003,
  workingAge: 0.006,
  elderlyWork: 0.015,
  elderlyCare: 0.003,
  disabledCare: 0.02
}

/** Share of households with one answer left blank, so that `unknown` statuses occur. */
const missingShare = 0.005

// The plan of a household, filled by `compose` and read back by `draw`; one set of
// arrays serves every household, since nothing else runs between the two.
const ages = new Int32Array(9)
const sexes: Array<Sex> = new Array(9).fill("male")
const relations: Array<Relation> = new Array(9).fill("head")
let planned = 0

const add = (age: number, sex: Sex, relation: Relation): void => {
  ages[planned] = age < 0 ? 0 : age > maxAge ? maxAge : age
  sexes[planned] = sex
  relations[planned] = relation
  planned++
}

const other = (sex: Sex): Sex => (sex === "male" ? "female" : "male")
const anySex = (random: Random): Sex => (random.chance(0.51) ? "male" : "female")

/** Plans `size` people around a head: spouse, sometimes the head's parents, then children or grandchildren. */
const compose = (random: Random, size: number): void => {
  planned = 0
  const head = ageFrom(random, size === 1 ? aloneAges : headAges)
  const married = size >= 2 && random.chance(head < 70 ? 0.85 : head < 80 ? 0.65 : 0.45)
  // Men head most couples; women head most households without a couple (widows, wives of migrants).
  const headSex: Sex = married ? (random.chance(0.8) ? "male" : "female") : random.chance(0.4) ? "male" : "female"
  add(head, headSex, "head")
  if (married) add(Math.max(18, head + (headSex === "male" ? -3 : 3) + random.between(-5, 5)), other(headSex), "spouse")
  if (head <= 50 && planned < size && random.chance(0.25)) {
    const parentAge = Math.min(head + random.between(22, 34), 96)
    add(parentAge, random.chance(0.65) ? "female" : "male", "parent")
    if (planned < size && random.chance(0.35)) add(Math.min(parentAge + random.between(-4, 6), 98), other(sexes[planned - 1]!), "parent")
  }
  while (planned < size) {
    const u = random.float()
    if (u < 0.04) {
      add(random.between(15, 70), anySex(random), random.chance(0.6) ? "relative" : "other")
    } else if (head >= 55 && u < 0.46) {
      // a grandchild left with the grandparents
      add(random.between(0, 17), anySex(random), "relative")
    } else if (head >= 55) {
      add(head - random.between(20, 38), anySex(random), "child")
    } else {
      const age = head - random.between(19, 40)
      add(age >= 0 ? age : random.int(head - 17), anySex(random), "child")
    }
  }
}

const titleOf = (random: Random, age: number, sex: Sex, relation: Relation, married: boolean): Title => {
  if (age < 15) return sex === "male" ? "เด็กชาย" : "เด็กหญิง"
  if (sex === "male") return "นาย"
  if (married || relation === "spouse" || relation === "parent") return "นาง"
  return random.chance(age >= 30 ? 0.6 : 0.1) ? "นาง" : "นางสาว"
}

const givenName = (random: Random, sex: Sex, age: number, year: number): string => {
  const modern = random.chance(year - age >= 1980 ? 0.85 : 0.15)
  const list =
    sex === "male" ? (modern ? Names.maleModern : Names.maleTraditional) : modern ? Names.femaleModern : Names.femaleTraditional
  return list[random.int(list.length)]!
}

const familyNameOf = (random: Random, relation: Relation, headSex: Sex, household: string): string => {
  const same =
    relation === "head" || relation === "child"
      ? 0.97
      : relation === "spouse"
        ? 0.85
        : relation === "parent"
          ? headSex === "male" ? 0.9 : 0.45
          : relation === "relative"
            ? 0.7
            : 0
  return random.chance(same) ? household : Names.family[random.int(Names.family.length)]!
}

const disabledShare = (age: number): number => (age < 15 ? 0.005 : age < 60 ? 0.015 : age < 80 ? 0.055 : 0.12)

const studyingShare = (age: number): number =>
  age <= 14 ? 0.985 : age <= 17 ? 0.85 : age <= 22 ? 0.3 : age <= 24 ? 0.08 : 0.01

const unableShare = (age: number, disabled: boolean): number =>
  (disabled ? 0.45 : 0) + (age < 60 ? 0.008 : age < 70 ? 0.05 : age < 80 ? 0.16 : 0.42)

// Birth year from an ISO date, without slicing a string.
const yearOf = (date: string): number =>
  (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48)

// The answer fields, from the record's own field table in the domain.
const householdAnswers = SurveyRecord.householdAnswerFields as ReadonlyArray<keyof SurveyRecordJson>
const memberAnswers = SurveyRecord.memberAnswerFields as ReadonlyArray<keyof MemberJson>

/** Leaves one household or member answer blank, as an interviewer sometimes does. */
const blankOne = (random: Random, record: SurveyRecordJson): void => {
  if (random.chance(0.5)) {
    delete record[householdAnswers[random.int(householdAnswers.length)]!]
    return
  }
  const member = record.members[random.int(record.members.length)]!
  const present = memberAnswers.filter((key) => member[key] !== undefined)
  const key = present[random.int(present.length)]
  if (key !== undefined) delete member[key]
}

const welfareCardOf = (random: Random, incomePerPerson: number): WelfareCard => {
  // Verification checks income (at most 100,000 baht a person a year), so poorer
  // households are verified far more often; some registered cards are still pending.
  const verified = incomePerPerson < 38_000 ? 0.45 : incomePerPerson < 60_000 ? 0.28 : incomePerPerson < 100_000 ? 0.1 : 0.02
  const u = random.float()
  return u < verified ? "verified" : u < verified + 0.1 ? "registered" : "none"
}

/**
 * Draws the household living at `place` from `random` (already at this household's
 * stream). `idShift` varies citizen-ID numbering between seeds.
 */
export const draw = (
  random: Random,
  calendar: SurveyCalendar,
  surveyYear: number,
  place: Place,
  idShift: number
): SurveyRecordJson => {
  const day = random.int(calendar.interviewDayCount)
  const size = 1 + random.pick(sizes)
  compose(random, size)

  let dependants = 0
  for (let i = 0; i < size; i++) if (ages[i]! < 15 || ages[i]! >= 65) dependants++
  // Children and the old earn little, so a household with many of them has less per head.
  const incomePerPerson = medianIncomePerPerson * Math.exp(incomeSpread * random.normal()) * (1 - (0.3 * dependants) / size)
  // Strain multiplies every failure rate: hardship comes in bundles.
  const strain = incomePerPerson < 38_000 ? 5 : incomePerPerson < 60_000 ? 1.4 : 0.6

  const headSex = sexes[0]!
  const married = size > 1 && relations[1] === "spouse"
  const household = Names.family[random.int(Names.family.length)]!
  const members: Array<MemberJson> = new Array(size)
  for (let i = 0; i < size; i++) {
    const age = ages[i]!
    const sex = sexes[i]!
    const relation = relations[i]!
    const birthDate = calendar.birthDate(random, age, day)
    const m: MemberJson = {
      citizenId: CitizenIds.issue(yearOf(birthDate) >= 1984 ? 1 : 3, place.village.district, place.running, i, idShift),
      title: titleOf(random, age, sex, relation, married && relation === "head"),
      firstName: givenName(random, sex, age, calendar.year),
      lastName: familyNameOf(random, relation, headSex, household),
      sex,
      birthDate,
      relation
    }
    if (age === 0) m.birthWeightGrams = Math.max(900, Math.round(3100 + 430 * random.normal()))
    if (age >= 6) m.exercises = !random.chance(rate.exercises * strain)
    if (age >= 3 && age <= 5) m.preschoolCare = !random.chance(rate.preschoolCare * strain)
    if (age >= 6 && age <= 14) m.compulsoryEducation = !random.chance(rate.compulsoryEducation * strain)
    if (age === 15 || age === 16) {
      // only those who finished grade 9 in the year before the survey are asked about grade 10
      m.finishedGrade9 = random.chance(age === 15 ? 0.55 : 0.3)
      if (m.finishedGrade9) m.continuedToGrade10 = !random.chance(rate.continuedToGrade10 * strain)
    }
    if (age >= 15 && age <= 59) m.literate = !random.chance(rate.literate * (age >= 45 ? 2 : 1) * strain)
    const disabled = random.chance(disabledShare(age))
    if (age >= 6 && age <= 59) m.studying = random.chance(studyingShare(age))
    if (age >= 15) {
      const unable = random.chance(unableShare(age, disabled))
      m.unableToWork = unable
      m.hasOccupationAndIncome = unable
        ? false
        : m.studying === true
          ? random.chance(0.1)
          : !random.chance((age < 60 ? rate.workingAge : rate.elderlyWork) * strain)
    }
    m.disabled = disabled
    if (disabled) m.caredFor = !random.chance(rate.disabledCare * strain)
    else if (age >= 60) m.caredFor = !random.chance(rate.elderlyCare * strain)
    members[i] = m
  }

  const record: SurveyRecordJson = {
    houseCode: place.houseCode,
    villageCode: place.village.code,
    houseNumber: place.houseNumber,
    surveyYear,
    surveyedOn: calendar.interviewDate(day),
    welfareCard: welfareCardOf(random, incomePerPerson),
    annualIncomeBaht: Math.round((incomePerPerson * size) / 100) * 100,
    hygienicFood: !random.chance(rate.hygienicFood * strain),
    appropriateMedicineUse: !random.chance(rate.appropriateMedicineUse * strain),
    secureTenure: !random.chance(rate.secureTenure * strain),
    durableHouse: !random.chance(rate.durableHouse * strain),
    drinkingWaterLitresPerPersonPerDay: random.chance(rate.drinkingWater * strain) ? random.between(1, 4) : random.between(5, 20),
    waterUseLitresPerPersonPerDay: random.chance(rate.waterUse * strain) ? random.between(15, 44) : random.between(50, 200),
    tidyHome: !random.chance(rate.tidyHome * strain),
    members
  }
  if (random.chance(missingShare)) blankOne(random, record)
  return record
}
