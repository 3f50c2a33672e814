/**
 * The Thai fiscal year (ปีงบประมาณ): 1 October to 30 September, named by the B.E. year in
 * which it ends. Fiscal 2565 is 2021-10-01 … 2022-09-30.
 */
import * as CalendarDate from "./CalendarDate.js"

/** The fiscal year (B.E.) a date falls in. @example of("2021-10-01") // 2565 */
export const of = (date: CalendarDate.IsoDate): number => {
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7))
  return CalendarDate.toBuddhistYear(month >= 10 ? year + 1 : year)
}

/** First and last day of a fiscal year. @example range(2565) // { start: "2021-10-01", end: "2022-09-30" } */
export const range = (fiscalYear: number): { readonly start: CalendarDate.IsoDate; readonly end: CalendarDate.IsoDate } => {
  const endYear = CalendarDate.fromBuddhistYear(fiscalYear)
  return {
    start: `${endYear - 1}-10-01` as CalendarDate.IsoDate,
    end: `${endYear}-09-30` as CalendarDate.IsoDate
  }
}

/** Whether a date falls in a fiscal year. */
export const contains = (fiscalYear: number, date: CalendarDate.IsoDate): boolean => of(date) === fiscalYear
