// The baseline of the evaluation benchmark: the 17 statuses of tpmap-2565 computed by a
// tight loop written by hand for this one rule set, with the thresholds inlined. It
// shares no code with the domain, so the ratio measures the rule engine's overhead.
// Codes: 0 pass, 1 fail, 2 unknown, 3 not applicable (slots in ascending indicator order).

const day = (d) =>
  (d.charCodeAt(0) - 48) * 10000000 + (d.charCodeAt(1) - 48) * 1000000 + (d.charCodeAt(2) - 48) * 100000 +
  (d.charCodeAt(3) - 48) * 10000 + (d.charCodeAt(5) - 48) * 1000 + (d.charCodeAt(6) - 48) * 100 +
  (d.charCodeAt(8) - 48) * 10 + (d.charCodeAt(9) - 48)

const answer = (a) => (a === true ? 0 : a === false ? 1 : 2)
const merge = (current, a) => {
  const v = answer(a)
  if (current === 1 || v === 1) return 1
  if (current === 2 || v === 2) return 2
  return 0
}

export const statuses = (r, out) => {
  const s = day(r.surveyedOn)
  let i1 = 3, i7 = 3, i15 = 3, i16 = 3, i17 = 3, i19 = 3, i20 = 3, i21 = 3, i27 = 3, i28 = 3
  const members = r.members
  for (let k = 0; k < members.length; k++) {
    const m = members[k]
    const age = Math.floor((s - day(m.birthDate)) / 10000)
    if (age === 0) i1 = merge(i1, m.birthWeightGrams === undefined ? undefined : m.birthWeightGrams >= 2500)
    if (age >= 6) i7 = merge(i7, m.exercises)
    if (age >= 3 && age <= 5) i15 = merge(i15, m.preschoolCare)
    if (age >= 6 && age <= 14) i16 = merge(i16, m.compulsoryEducation)
    if (m.finishedGrade9 === true) i17 = merge(i17, m.continuedToGrade10)
    if (age >= 15 && age <= 59) {
      i19 = merge(i19, m.literate)
      if (m.studying !== true && m.unableToWork !== true) i20 = merge(i20, m.hasOccupationAndIncome)
    }
    if (age >= 60) {
      if (m.unableToWork !== true) i21 = merge(i21, m.hasOccupationAndIncome)
      i27 = merge(i27, m.caredFor)
    }
    if (m.disabled === true) i28 = merge(i28, m.caredFor)
  }
  out[0] = i1
  out[1] = answer(r.hygienicFood)
  out[2] = answer(r.appropriateMedicineUse)
  out[3] = i7
  out[4] = r.secureTenure === false || r.durableHouse === false ? 1 : r.secureTenure === undefined || r.durableHouse === undefined ? 2 : 0
  out[5] = r.drinkingWaterLitresPerPersonPerDay === undefined ? 2 : r.drinkingWaterLitresPerPersonPerDay >= 5 ? 0 : 1
  out[6] = r.waterUseLitresPerPersonPerDay === undefined ? 2 : r.waterUseLitresPerPersonPerDay >= 45 ? 0 : 1
  out[7] = answer(r.tidyHome)
  out[8] = i15
  out[9] = i16
  out[10] = i17
  out[11] = i19
  out[12] = i20
  out[13] = i21
  out[14] = r.annualIncomeBaht === undefined ? 2 : r.annualIncomeBaht / members.length >= 38000 ? 0 : 1
  out[15] = i27
  out[16] = i28
}
