/**
 * The canonical JSON shape of one household survey record (จปฐ.), as rule set
 * `tpmap-2565` names its fields. Declared here as plain types so the generator can build
 * records without the domain's branded schema types.
 */

export type Sex = "male" | "female"
export type Relation = "head" | "spouse" | "child" | "parent" | "relative" | "other"
export type WelfareCard = "none" | "registered" | "verified"
export type Title = "นาย" | "นาง" | "นางสาว" | "เด็กชาย" | "เด็กหญิง"

/** One person living in the household; an answer is absent when it does not apply or is missing. */
export interface MemberJson {
  citizenId: string
  title?: Title
  firstName: string
  lastName: string
  sex: Sex
  /** ISO date, Common Era. */
  birthDate: string
  relation: Relation
  birthWeightGrams?: number
  exercises?: boolean
  preschoolCare?: boolean
  compulsoryEducation?: boolean
  finishedGrade9?: boolean
  continuedToGrade10?: boolean
  literate?: boolean
  studying?: boolean
  unableToWork?: boolean
  hasOccupationAndIncome?: boolean
  disabled?: boolean
  caredFor?: boolean
}

export interface SurveyRecordJson {
  houseCode: string
  villageCode: string
  houseNumber?: string
  /** B.E. survey round, e.g. 2564. */
  surveyYear: number
  /** ISO date, Common Era; ages are computed on this day. */
  surveyedOn: string
  welfareCard: WelfareCard
  annualIncomeBaht?: number
  hygienicFood?: boolean
  appropriateMedicineUse?: boolean
  secureTenure?: boolean
  durableHouse?: boolean
  drinkingWaterLitresPerPersonPerDay?: number
  waterUseLitresPerPersonPerDay?: number
  tidyHome?: boolean
  members: Array<MemberJson>
}
