import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type CalendarDate, FiscalYear } from "../../src/index.js"

const d = (s: string) => s as CalendarDate.IsoDate

describe("FiscalYear", () => {
  it("puts 30 September 2021 in fiscal 2564 and 1 October 2021 in fiscal 2565", () => {
    expect(FiscalYear.of(d("2021-09-30"))).toBe(2564)
    expect(FiscalYear.of(d("2021-10-01"))).toBe(2565)
  })

  it("names a fiscal year by the B.E. year in which it ends", () => {
    expect(FiscalYear.of(d("2022-09-30"))).toBe(2565)
    expect(FiscalYear.of(d("2022-10-01"))).toBe(2566)
    expect(FiscalYear.of(d("2022-01-01"))).toBe(2565)
    expect(FiscalYear.of(d("2021-12-31"))).toBe(2565)
  })

  it("runs fiscal 2565 from 2021-10-01 to 2022-09-30", () => {
    expect(FiscalYear.range(2565)).toEqual({ start: "2021-10-01", end: "2022-09-30" })
    expect(FiscalYear.range(2564)).toEqual({ start: "2020-10-01", end: "2021-09-30" })
  })

  it("tells whether a date falls in a fiscal year", () => {
    expect(FiscalYear.contains(2565, d("2021-10-01"))).toBe(true)
    expect(FiscalYear.contains(2565, d("2022-09-30"))).toBe(true)
    expect(FiscalYear.contains(2565, d("2021-09-30"))).toBe(false)
    expect(FiscalYear.contains(2565, d("2022-10-01"))).toBe(false)
  })

  it("puts every date within the range of its fiscal year", () => {
    const day = 86_400_000
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1) / day, max: Date.UTC(2060, 0, 1) / day }), (n) => {
        const date = d(new Date(n * day).toISOString().slice(0, 10))
        const { start, end } = FiscalYear.range(FiscalYear.of(date))
        expect(start <= date && date <= end).toBe(true)
      })
    )
  })
})
