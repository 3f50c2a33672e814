/**
 * fast-check arbitraries of valid survey records: any ages (newborns to the very old,
 * 29 February birthdays included), every answer true, false, missing or `null`, numbers
 * around each threshold, and any welfare card status.
 */
import fc from "fast-check"
import { citizenId, type HouseholdInput, type MemberInput } from "./fixtures.js"

const day = 86_400_000

const isoOf = (t: number): string => new Date(t).toISOString().slice(0, 10)

/** A survey day in 2020–2022 (leap day and the turn of February included). */
export const surveyDay = fc
  .integer({ min: Date.UTC(2020, 0, 1) / day, max: Date.UTC(2022, 11, 31) / day })
  .map((d) => isoOf(d * day))

/** An answer as it arrives: true, false, missing or `null`. */
export const answer = fc.constantFrom<boolean | null | undefined>(true, false, undefined, null)

/** An answer as most households give it: nearly always true. */
const mostlyTrue = fc.oneof(
  { weight: 30, arbitrary: fc.constant<boolean | null | undefined>(true) },
  { weight: 1, arbitrary: answer }
)

/** A number around `threshold`: missing, `null`, 0, just under, exactly at, above. */
export const around = (threshold: number): fc.Arbitrary<number | null | undefined> =>
  fc.oneof(
    fc.constantFrom<number | null | undefined>(undefined, null, 0, threshold - 0.01, threshold, threshold + 1),
    fc.double({ min: 0, max: threshold * 2, noNaN: true, noDefaultInfinity: true })
  )

/** A number that nearly always passes `threshold`. */
const mostlyAbove = (threshold: number) =>
  fc.oneof({ weight: 30, arbitrary: fc.constant<number | null | undefined>(threshold * 3) }, { weight: 1, arbitrary: around(threshold) })

interface Answers {
  readonly answer: fc.Arbitrary<boolean | null | undefined>
  readonly around: (threshold: number) => fc.Arbitrary<number | null | undefined>
  readonly income: fc.Arbitrary<number | null | undefined>
}

const memberOn = (on: string, { answer, around }: Answers) =>
  fc
    .record({
      daysOld: fc.oneof(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 95 * 366 })),
      sex: fc.constantFrom<MemberInput["sex"]>("male", "female"),
      relation: fc.constantFrom<MemberInput["relation"]>("spouse", "child", "parent", "relative", "other"),
      birthWeightGrams: around(2500),
      exercises: answer,
      preschoolCare: answer,
      compulsoryEducation: answer,
      finishedGrade9: answer,
      continuedToGrade10: answer,
      literate: answer,
      studying: answer,
      unableToWork: answer,
      hasOccupationAndIncome: answer,
      disabled: answer,
      caredFor: answer
    })
    .map(({ daysOld, ...rest }) => {
      const m: Record<string, unknown> = {
        citizenId: "",
        firstName: "ทดสอบ",
        lastName: "สุ่ม",
        birthDate: isoOf(Date.parse(on) - daysOld * day)
      }
      for (const [k, v] of Object.entries(rest)) if (v !== undefined) m[k] = v
      return m as unknown as MemberInput
    })

const records = (answers: Answers): fc.Arbitrary<HouseholdInput> => {
  const { answer, around, income } = answers
  return surveyDay.chain((on) =>
    fc
      .record({
        members: fc.array(memberOn(on, answers), { minLength: 1, maxLength: 6 }),
        headAt: fc.nat(),
        serials: fc.uniqueArray(fc.integer({ min: 1, max: 99_999_999 }), { minLength: 6, maxLength: 6 }),
        welfareCard: fc.constantFrom<HouseholdInput["welfareCard"]>("none", "registered", "verified"),
        annualIncomeBaht: income,
        hygienicFood: answer,
        appropriateMedicineUse: answer,
        secureTenure: answer,
        durableHouse: answer,
        drinkingWaterLitresPerPersonPerDay: around(5),
        waterUseLitresPerPersonPerDay: around(45),
        tidyHome: answer,
        house: fc.integer({ min: 0, max: 9_999_999 })
      })
      .map(({ members, headAt, serials, house, ...answers }) => {
        const people = members.map((m, i) => ({
          ...m,
          citizenId: citizenId(serials[i]!),
          relation: i === headAt % members.length ? ("head" as const) : m.relation
        }))
        const r: Record<string, unknown> = {
          houseCode: `3301${String(house).padStart(7, "0")}`,
          villageCode: "33010101",
          surveyYear: Number(on.slice(0, 4)) + 543,
          surveyedOn: on,
          members: people
        }
        for (const [k, v] of Object.entries(answers)) if (v !== undefined) r[k] = v
        return r as unknown as HouseholdInput
      })
  )
}

/** A valid household record of 1–6 members, exactly one of them the head, unique IDs. */
export const record: fc.Arbitrary<HouseholdInput> = records({
  answer,
  around,
  income: fc.oneof(around(38_000), fc.double({ min: 0, max: 500_000, noNaN: true, noDefaultInfinity: true }))
})

/** A valid record as most households give them: nearly every answer passes. */
export const passingRecord: fc.Arbitrary<HouseholdInput> = records({
  answer: mostlyTrue,
  around: mostlyAbove,
  // enough for 6 members nearly always
  income: mostlyAbove(80_000)
})

/** A deep copy of a JSON-like value, keeping `undefined` fields as they are. */
export const clone = <T>(value: T): T => {
  if (Array.isArray(value)) return value.map(clone) as T
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = clone(v)
    return out as T
  }
  return value
}

/** Freezes a value and everything inside it. */
export const deepFreeze = <T>(value: T): T => {
  if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}
