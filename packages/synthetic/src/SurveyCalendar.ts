/**
 * The calendar of one survey round: the interview days (15 January – 30 April of the
 * round's C.E. year, when จปฐ. field work is done) and birth dates that give a person an
 * exact age on their interview day. Dates are ISO strings put together from cached parts,
 * because a million households need some three million of them.
 */
import type { Random } from "./Random.js"

const monthLengths = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

// Every day of a leap year as MMDD and as "-MM-DD"; common years skip 0229.
const mmdd: Array<number> = []
const suffix: Array<string> = []
for (let m = 0; m < 12; m++) {
  for (let d = 1; d <= monthLengths[m]!; d++) {
    mmdd.push((m + 1) * 100 + d)
    suffix.push(`-${String(m + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`)
  }
}
const feb29 = 229

const isLeap = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)

const firstInterview = 115
const lastInterview = 430

export class SurveyCalendar {
  /** The round's year in the Common Era. */
  readonly year: number
  private readonly interviewDays: ReadonlyArray<number>
  private readonly interviewDates: ReadonlyArray<string>
  private readonly yearText: ReadonlyArray<string>
  private readonly oldestYear: number

  /** @param surveyYear the round in the Buddhist Era, e.g. 2564 (interviews in 2021). */
  constructor(surveyYear: number, maxAge: number) {
    this.year = surveyYear - 543
    const leap = isLeap(this.year)
    const days: Array<number> = []
    for (let i = 0; i < mmdd.length; i++) {
      const day = mmdd[i]!
      if (day >= firstInterview && day <= lastInterview && (leap || day !== feb29)) days.push(i)
    }
    this.interviewDays = days
    this.interviewDates = days.map((i) => `${this.year}${suffix[i]}`)
    this.oldestYear = this.year - maxAge - 1
    this.yearText = Array.from({ length: maxAge + 2 }, (_, i) => String(this.oldestYear + i).padStart(4, "0"))
  }

  /** How many interview days the round has; days are numbered 0..count-1. */
  get interviewDayCount(): number {
    return this.interviewDays.length
  }

  /** The ISO date of interview day `day`. */
  interviewDate(day: number): string {
    return this.interviewDates[day]!
  }

  /**
   * A random birth date on which a person is exactly `age` (completed years, the birthday
   * counting) on interview day `day`, the rule `tpmap-2565` computes ages by.
   */
  birthDate(random: Random, age: number, day: number): string {
    const interview = mmdd[this.interviewDays[day]!]!
    for (;;) {
      const i = random.int(mmdd.length)
      const birthday = mmdd[i]!
      const year = birthday <= interview ? this.year - age : this.year - age - 1
      // A 29 February in a common year does not exist: draw again rather than shift it,
      // which could move the birthday across the interview day.
      if (birthday === feb29 && !isLeap(year)) continue
      return this.yearText[year - this.oldestYear]! + suffix[i]!
    }
  }
}
