/**
 * Rule set `tpmap-2565`: the 17 จปฐ. indicators TPMAP 2565 uses to find target poor
 * households, read from survey round 2564. Thresholds are parameters; age ranges and
 * scopes are part of the rule set itself (a new round is a new rule set beside this one).
 */
import * as CalendarDate from "../kernel/CalendarDate.js"
import { type Assess, FAIL, type Indicator, NOT_APPLICABLE, PASS, type Parameters, type Text, UNKNOWN } from "./Indicator.js"

export const id = "tpmap-2565"

export const defaults: Parameters = {
  minBirthWeightGrams: 2500,
  minDrinkingWaterLitres: 5,
  minWaterUseLitres: 45,
  minAnnualIncomePerPersonBaht: 38000,
  k: 1 / 5
}

/**
 * A number as staff write it, `38,000` or `33,333.33`: Intl is too slow for a million
 * reasons. Cut, not rounded, so a failing 4.999 never reads as the threshold 5.
 */
const n = {
  format: (value: number): string => {
    const cents = Math.floor(value * 100)
    let whole = String(Math.trunc(cents / 100))
    for (let at = whole.length - 3; at > 0; at -= 3) whole = `${whole.slice(0, at)},${whole.slice(at)}`
    const fraction = cents % 100
    return fraction === 0 ? whole : `${whole}.${String(fraction).padStart(2, "0").replace(/0$/, "")}`
  }
}

// Thresholds are the same for a whole run: format each value once.
const formatted = new Map<number, string>()
const threshold = (value: number): string => {
  let text = formatted.get(value)
  if (text === undefined) {
    text = n.format(value)
    if (formatted.size < 64) formatted.set(value, text)
  }
  return text
}

const people = (count: number, one: string, many: string) => (count === 1 ? `1 ${one}` : `${count} ${many}`)

const household = (number: number, th: string, en: string): Text => ({
  th: `ข้อ ${number}: ${th}`,
  en: `indicator ${number}: ${en}`
})

/** The 17 indicators in ascending order of their จปฐ. number. */
export const indicators: ReadonlyArray<Indicator> = [
  {
    number: 1,
    dimension: "health",
    scope: "member",
    wording: { th: "เด็กแรกเกิดมีน้ำหนัก 2,500 กรัมขึ้นไป", en: "Newborns weigh at least 2,500 grams" },
    appliesTo: { th: "สมาชิกอายุ 0 ปี", en: "members aged 0" },
    passesWhen: { th: "น้ำหนักแรกเกิดอย่างน้อย minBirthWeightGrams กรัม", en: "`birthWeightGrams` ≥ minBirthWeightGrams (2,500)" },
    reason: (c, p) =>
      household(1, `เด็กแรกเกิด ${c} คนน้ำหนักต่ำกว่า ${n.format(p.minBirthWeightGrams)} กรัม`, `${people(c, "newborn", "newborns")} under ${n.format(p.minBirthWeightGrams)} g`)
  },
  {
    number: 4,
    dimension: "health",
    scope: "household",
    wording: {
      th: "ครัวเรือนกินอาหารถูกสุขลักษณะ ปลอดภัย และได้มาตรฐาน",
      en: "The household eats hygienic, safe, standard food"
    },
    passesWhen: { th: "`hygienicFood` เป็นจริง", en: "`hygienicFood` is true" },
    reason: () => household(4, "ครัวเรือนไม่ได้กินอาหารถูกสุขลักษณะ ปลอดภัย และได้มาตรฐาน", "the household's food is not hygienic, safe and standard")
  },
  {
    number: 5,
    dimension: "health",
    scope: "household",
    wording: {
      th: "ครัวเรือนมีการใช้ยาเพื่อบำบัด บรรเทาอาการเจ็บป่วยเบื้องต้นอย่างเหมาะสม",
      en: "The household uses medicine appropriately for common ailments"
    },
    passesWhen: { th: "`appropriateMedicineUse` เป็นจริง", en: "`appropriateMedicineUse` is true" },
    reason: () => household(5, "ครัวเรือนใช้ยาบำบัดอาการเจ็บป่วยเบื้องต้นไม่เหมาะสม", "the household does not use medicine appropriately")
  },
  {
    number: 7,
    dimension: "health",
    scope: "member",
    wording: {
      th: "คนอายุ 6 ปีขึ้นไป ออกกำลังกายอย่างน้อยสัปดาห์ละ 3 วัน ๆ ละ 30 นาที",
      en: "People aged 6 and over exercise at least 3 days a week, 30 minutes a day"
    },
    appliesTo: { th: "สมาชิกอายุ 6 ปีขึ้นไป", en: "members aged 6 and over" },
    passesWhen: { th: "`exercises` เป็นจริง", en: "`exercises` is true" },
    reason: (c) =>
      household(7, `สมาชิกอายุ 6 ปีขึ้นไป ${c} คนไม่ได้ออกกำลังกายสัปดาห์ละ 3 วัน ๆ ละ 30 นาที`, `${people(c, "member", "members")} aged 6+ not exercising 3 days a week, 30 minutes a day`)
  },
  {
    number: 8,
    dimension: "living",
    scope: "household",
    wording: {
      th: "ครัวเรือนมีความมั่นคงในที่อยู่อาศัย และบ้านมีสภาพคงทนถาวร",
      en: "The household is secure in its dwelling and the house is durable"
    },
    passesWhen: { th: "`secureTenure` และ `durableHouse` เป็นจริงทั้งคู่", en: "`secureTenure` and `durableHouse` are both true" },
    reason: (r) =>
      r.secureTenure === false && r.durableHouse === false
        ? household(8, "ไม่มั่นคงในที่อยู่อาศัย และบ้านไม่คงทนถาวร", "dwelling not secure and house not durable")
        : r.secureTenure === false
          ? household(8, "ไม่มั่นคงในที่อยู่อาศัย", "dwelling not secure")
          : household(8, "บ้านไม่คงทนถาวร", "house not durable")
  },
  {
    number: 9,
    dimension: "living",
    scope: "household",
    wording: {
      th: "ครัวเรือนมีน้ำสะอาดสำหรับดื่มและบริโภคเพียงพอตลอดปี อย่างน้อยคนละ 5 ลิตรต่อวัน",
      en: "The household has enough clean drinking water all year, at least 5 litres a person a day"
    },
    passesWhen: { th: "น้ำดื่มอย่างน้อย minDrinkingWaterLitres ลิตร/คน/วัน", en: "`drinkingWaterLitresPerPersonPerDay` ≥ minDrinkingWaterLitres (5)" },
    reason: (r, p) =>
      household(
        9,
        `น้ำดื่ม ${n.format(r.drinkingWaterLitresPerPersonPerDay ?? 0)} ลิตร/คน/วัน < ${threshold(p.minDrinkingWaterLitres)}`,
        `drinking water ${n.format(r.drinkingWaterLitresPerPersonPerDay ?? 0)} litres/person/day < ${threshold(p.minDrinkingWaterLitres)}`
      )
  },
  {
    number: 10,
    dimension: "living",
    scope: "household",
    wording: {
      th: "ครัวเรือนมีน้ำใช้เพียงพอตลอดปี อย่างน้อยคนละ 45 ลิตรต่อวัน",
      en: "The household has enough water for use all year, at least 45 litres a person a day"
    },
    passesWhen: { th: "น้ำใช้อย่างน้อย minWaterUseLitres ลิตร/คน/วัน", en: "`waterUseLitresPerPersonPerDay` ≥ minWaterUseLitres (45)" },
    reason: (r, p) =>
      household(
        10,
        `น้ำใช้ ${n.format(r.waterUseLitresPerPersonPerDay ?? 0)} ลิตร/คน/วัน < ${threshold(p.minWaterUseLitres)}`,
        `water for use ${n.format(r.waterUseLitresPerPersonPerDay ?? 0)} litres/person/day < ${threshold(p.minWaterUseLitres)}`
      )
  },
  {
    number: 11,
    dimension: "living",
    scope: "household",
    wording: {
      th: "ครัวเรือนมีการจัดการบ้านเรือนเป็นระเบียบเรียบร้อย สะอาด และถูกสุขลักษณะ",
      en: "The household keeps its home tidy, clean and hygienic"
    },
    passesWhen: { th: "`tidyHome` เป็นจริง", en: "`tidyHome` is true" },
    reason: () => household(11, "บ้านเรือนไม่เป็นระเบียบเรียบร้อย สะอาด และถูกสุขลักษณะ", "the home is not tidy, clean and hygienic")
  },
  {
    number: 15,
    dimension: "education",
    scope: "member",
    wording: {
      th: "เด็กอายุ 3-5 ปี ได้รับบริการเลี้ยงดูเตรียมความพร้อมก่อนวัยเรียน",
      en: "Children aged 3–5 receive preschool care"
    },
    appliesTo: { th: "สมาชิกอายุ 3–5 ปี", en: "members aged 3–5" },
    passesWhen: { th: "`preschoolCare` เป็นจริง", en: "`preschoolCare` is true" },
    reason: (c) =>
      household(15, `เด็กอายุ 3–5 ปี ${c} คนไม่ได้รับบริการเลี้ยงดูก่อนวัยเรียน`, `${people(c, "child", "children")} aged 3–5 without preschool care`)
  },
  {
    number: 16,
    dimension: "education",
    scope: "member",
    wording: {
      th: "เด็กอายุ 6-14 ปี ได้รับการศึกษาภาคบังคับ 9 ปี",
      en: "Children aged 6–14 receive the 9 years of compulsory education"
    },
    appliesTo: { th: "สมาชิกอายุ 6–14 ปี", en: "members aged 6–14" },
    passesWhen: { th: "`compulsoryEducation` เป็นจริง", en: "`compulsoryEducation` is true" },
    reason: (c) =>
      household(16, `เด็กอายุ 6–14 ปี ${c} คนไม่ได้รับการศึกษาภาคบังคับ`, `${people(c, "child", "children")} aged 6–14 not in compulsory education`)
  },
  {
    number: 17,
    dimension: "education",
    scope: "member",
    wording: {
      th: "เด็กจบชั้น ม.3 ได้เรียนต่อชั้น ม.4 หรือเทียบเท่า",
      en: "Children who finished grade 9 go on to grade 10 or an equivalent"
    },
    appliesTo: { th: "สมาชิกที่จบชั้น ม.3", en: "members who finished grade 9" },
    passesWhen: { th: "`continuedToGrade10` เป็นจริง", en: "`continuedToGrade10` is true" },
    reason: (c) =>
      household(17, `ผู้จบ ม.3 ${c} คนไม่ได้เรียนต่อ ม.4 หรือเทียบเท่า`, `${people(c, "member", "members")} who finished grade 9 did not go on to grade 10`)
  },
  {
    number: 19,
    dimension: "education",
    scope: "member",
    wording: {
      th: "คนอายุ 15-59 ปี อ่าน เขียนภาษาไทย และคิดเลขอย่างง่ายได้",
      en: "People aged 15–59 read and write Thai and do simple arithmetic"
    },
    appliesTo: { th: "สมาชิกอายุ 15–59 ปี", en: "members aged 15–59" },
    passesWhen: { th: "`literate` เป็นจริง", en: "`literate` is true" },
    reason: (c) =>
      household(19, `สมาชิกอายุ 15–59 ปี ${c} คนอ่านเขียนภาษาไทยหรือคิดเลขอย่างง่ายไม่ได้`, `${people(c, "member", "members")} aged 15–59 cannot read and write Thai or do simple arithmetic`)
  },
  {
    number: 20,
    dimension: "income",
    scope: "member",
    wording: { th: "คนอายุ 15-59 ปี มีอาชีพและรายได้", en: "People aged 15–59 have an occupation and an income" },
    appliesTo: { th: "สมาชิกอายุ 15–59 ปี ที่ไม่ได้เรียนและทำงานได้", en: "members aged 15–59 not studying and able to work" },
    passesWhen: { th: "`hasOccupationAndIncome` เป็นจริง", en: "`hasOccupationAndIncome` is true" },
    reason: (c) =>
      household(20, `สมาชิกอายุ 15–59 ปี ${c} คนไม่มีอาชีพและรายได้`, `${people(c, "member", "members")} aged 15–59 without occupation and income`)
  },
  {
    number: 21,
    dimension: "income",
    scope: "member",
    wording: { th: "คนอายุ 60 ปีขึ้นไป มีอาชีพและรายได้", en: "People aged 60 and over have an occupation and an income" },
    appliesTo: { th: "สมาชิกอายุ 60 ปีขึ้นไป ที่ทำงานได้", en: "members aged 60 and over able to work" },
    passesWhen: { th: "`hasOccupationAndIncome` เป็นจริง", en: "`hasOccupationAndIncome` is true" },
    reason: (c) =>
      household(21, `สมาชิกอายุ 60 ปีขึ้นไป ${c} คนไม่มีอาชีพและรายได้`, `${people(c, "member", "members")} aged 60+ without occupation and income`)
  },
  {
    number: 22,
    dimension: "income",
    scope: "household",
    wording: { th: "รายได้เฉลี่ยของคนในครัวเรือนต่อปี", en: "Average yearly income per household member" },
    passesWhen: { th: "รายได้ต่อปีหารด้วยจำนวนสมาชิก อย่างน้อย minAnnualIncomePerPersonBaht บาท", en: "`annualIncomeBaht / members.length` ≥ minAnnualIncomePerPersonBaht (38,000)" },
    reason: (r, p) => {
      const perPerson = n.format((r.annualIncomeBaht ?? 0) / r.members.length)
      const min = threshold(p.minAnnualIncomePerPersonBaht)
      return household(22, `รายได้ ${perPerson} บาท/คน/ปี < ${min}`, `income ${perPerson} baht/person/year < ${min}`)
    }
  },
  {
    number: 27,
    dimension: "access",
    scope: "member",
    wording: {
      th: "ผู้สูงอายุได้รับการดูแลจากครอบครัว ชุมชน ภาครัฐ หรือภาคเอกชน",
      en: "Older people are cared for by family, community, state or private sector"
    },
    appliesTo: { th: "สมาชิกอายุ 60 ปีขึ้นไป", en: "members aged 60 and over" },
    passesWhen: { th: "`caredFor` เป็นจริง", en: "`caredFor` is true" },
    reason: (c) =>
      household(27, `ผู้สูงอายุ ${c} คนไม่ได้รับการดูแล`, `${people(c, "older person", "older people")} (60+) not cared for`)
  },
  {
    number: 28,
    dimension: "access",
    scope: "member",
    wording: {
      th: "ผู้พิการได้รับการดูแลจากครอบครัว ชุมชน ภาครัฐ หรือภาคเอกชน",
      en: "People with disabilities are cared for by family, community, state or private sector"
    },
    appliesTo: { th: "สมาชิกที่เป็นผู้พิการ", en: "members with a registered disability" },
    passesWhen: { th: "`caredFor` เป็นจริง", en: "`caredFor` is true" },
    reason: (c) =>
      household(28, `ผู้พิการ ${c} คนไม่ได้รับการดูแล`, `${people(c, "person", "people")} with a disability not cared for`)
  }
]

/** Status code of a household answer: `true` passes, `false` fails, missing is unknown. */
const answer = (a: boolean | undefined): number => (a === true ? PASS : a === false ? FAIL : UNKNOWN)

const atLeast = (value: number | undefined, min: number): number =>
  value === undefined ? UNKNOWN : value >= min ? PASS : FAIL

// A member's answer to a person indicator: any fail makes the slot fail and names the
// failing members; otherwise a missing answer makes it unknown and names those members.
const note = (
  statuses: Uint8Array,
  members: Array<Array<string>>,
  slot: number,
  a: boolean | undefined,
  citizenId: string
): void => {
  const current = statuses[slot]!
  if (a === true) {
    if (current === NOT_APPLICABLE) statuses[slot] = PASS
  } else if (a === false) {
    if (current !== FAIL) {
      statuses[slot] = FAIL
      members[slot] = [citizenId]
    } else {
      members[slot]!.push(citizenId)
    }
  } else if (current !== FAIL) {
    if (current !== UNKNOWN) {
      statuses[slot] = UNKNOWN
      members[slot] = [citizenId]
    } else {
      members[slot]!.push(citizenId)
    }
  }
}

/**
 * The 17 rules, written out once as the table in indicators.md reads, in one pass over
 * the members (ages computed once). Slots follow `indicators`.
 */
export const assess: Assess = (record, p, statuses, members) => {
  statuses.fill(NOT_APPLICABLE)
  const surveyed = CalendarDate.toNumber(record.surveyedOn)
  const people = record.members
  for (let i = 0; i < people.length; i++) {
    const m = people[i]!
    const age = Math.floor((surveyed - CalendarDate.toNumber(m.birthDate)) / 10000)
    const id = m.citizenId
    if (age === 0) {
      note(statuses, members, 0, m.birthWeightGrams === undefined ? undefined : m.birthWeightGrams >= p.minBirthWeightGrams, id)
    }
    if (age >= 6) note(statuses, members, 3, m.exercises, id)
    if (age >= 3 && age <= 5) note(statuses, members, 8, m.preschoolCare, id)
    if (age >= 6 && age <= 14) note(statuses, members, 9, m.compulsoryEducation, id)
    if (m.finishedGrade9 === true) note(statuses, members, 10, m.continuedToGrade10, id)
    if (age >= 15 && age <= 59) {
      note(statuses, members, 11, m.literate, id)
      if (m.studying !== true && m.unableToWork !== true) note(statuses, members, 12, m.hasOccupationAndIncome, id)
    }
    if (age >= 60) {
      if (m.unableToWork !== true) note(statuses, members, 13, m.hasOccupationAndIncome, id)
      note(statuses, members, 15, m.caredFor, id)
    }
    if (m.disabled === true) note(statuses, members, 16, m.caredFor, id)
  }
  statuses[1] = answer(record.hygienicFood)
  statuses[2] = answer(record.appropriateMedicineUse)
  statuses[4] =
    record.secureTenure === false || record.durableHouse === false
      ? FAIL
      : record.secureTenure === undefined || record.durableHouse === undefined
        ? UNKNOWN
        : PASS
  statuses[5] = atLeast(record.drinkingWaterLitresPerPersonPerDay, p.minDrinkingWaterLitres)
  statuses[6] = atLeast(record.waterUseLitresPerPersonPerDay, p.minWaterUseLitres)
  statuses[7] = answer(record.tidyHome)
  statuses[14] = atLeast(
    record.annualIncomeBaht === undefined ? undefined : record.annualIncomeBaht / people.length,
    p.minAnnualIncomePerPersonBaht
  )
}
