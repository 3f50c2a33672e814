import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CalendarDate } from "../../src/index.js"
import * as Reference from "../reference.js"

const iso = (s: string) => s as CalendarDate.IsoDate
const day = 86_400_000
const isoOf = (n: number) => new Date(n * day).toISOString().slice(0, 10)
const anyDay = fc.integer({ min: Date.UTC(1900, 0, 1) / day, max: Date.UTC(2100, 11, 31) / day }).map(isoOf)

describe("CalendarDate.parse", () => {
  it.each(["15/03/2564", "2564-03-15", "25640315", "2021-03-15", "15/03/2021", " 15/03/2564 ", "15.03.2564", "15-03-2564"])(
    "reads %j as 2021-03-15",
    (text) => {
      expect(CalendarDate.parse(text)).toBe("2021-03-15")
    }
  )

  it("pads single-digit days and months", () => {
    expect(CalendarDate.parse("5/3/2564")).toBe("2021-03-05")
    expect(CalendarDate.parse("2021-3-5")).toBe("2021-03-05")
  })

  it("takes years from 2400 as Buddhist Era and years below as Common Era", () => {
    expect(CalendarDate.parse("01/01/2400")).toBe("1857-01-01")
    expect(CalendarDate.parse("01/01/2399")).toBe("2399-01-01")
  })

  it("checks the day against the Common Era year, so B.E. 2563 has a 29 February and 2564 has not", () => {
    expect(CalendarDate.parse("29/02/2563")).toBe("2020-02-29")
    expect(CalendarDate.parse("29/02/2564")).toBeUndefined()
  })

  it.each(["31/02/2564", "31/04/2564", "00/01/2564", "15/13/2564", "2021-02-29", "32/01/2021", "", "15 มี.ค. 2564", "2564/03/15", "150364"])(
    "rejects %j",
    (text) => {
      expect(CalendarDate.parse(text)).toBeUndefined()
    }
  )

  it("reads back every ISO date it is given, in either era", () => {
    fc.assert(
      fc.property(anyDay, (date) => {
        expect(CalendarDate.parse(date)).toBe(date)
        const [y, m, d] = date.split("-")
        expect(CalendarDate.parse(`${d}/${m}/${Number(y) + 543}`)).toBe(date)
      })
    )
  })
})

describe("CalendarDate.problem", () => {
  it("finds no problem with a Common Era ISO date", () => {
    expect(CalendarDate.problem("2021-03-15")).toBeUndefined()
    expect(CalendarDate.problem("2020-02-29")).toBeUndefined()
  })

  it("rejects a Buddhist Era year with a hint to the Common Era date", () => {
    expect(CalendarDate.problem("2564-03-15")).toBe("2564 looks like a Buddhist Era year: write 2021-03-15")
  })

  it("rejects a day that does not exist", () => {
    expect(CalendarDate.problem("2021-02-29")).toBe("2021-02-29 is not a calendar date")
    expect(CalendarDate.problem("2021-04-31")).toBe("2021-04-31 is not a calendar date")
    expect(CalendarDate.problem("2021-00-10")).toBe("2021-00-10 is not a calendar date")
    expect(CalendarDate.problem("1900-02-29")).toBe("1900-02-29 is not a calendar date")
  })

  it("rejects other shapes", () => {
    expect(CalendarDate.problem("15/03/2021")).toBe("must be a date YYYY-MM-DD")
    expect(CalendarDate.problem("2021-3-15")).toBe("must be a date YYYY-MM-DD")
    expect(CalendarDate.problem("2021-03-15T00:00:00Z")).toBe("must be a date YYYY-MM-DD")
  })

  // The day must be checked against the Common Era year the B.E. year stands for:
  // B.E. 2563-02-29 is 2020-02-29, a real day; B.E. 2564-02-29 would be 2021-02-29.
  it("hints the Common Era date for the B.E. leap day 2563-02-29", () => {
    expect(CalendarDate.problem("2563-02-29")).toBe("2563 looks like a Buddhist Era year: write 2020-02-29")
  })

  it("does not hint a non-existent Common Era date for B.E. 2564-02-29", () => {
    const problem = CalendarDate.problem("2564-02-29")
    expect(problem).toContain("is not a calendar date")
    expect(problem).not.toContain("write 2021-02-29")
  })

  it("agrees with the IsoDate schema", () => {
    const decode = Schema.decodeUnknownEither(CalendarDate.IsoDate)
    expect(Either.getOrThrow(decode("2021-03-15"))).toBe("2021-03-15")
    for (const bad of ["2564-03-15", "2021-02-29", "15/03/2021"]) expect(Either.isLeft(decode(bad))).toBe(true)
  })
})

describe("CalendarDate.ageOn", () => {
  it("counts completed years: born 2010-03-15 is 10 on 2021-03-14 and 11 on 2021-03-15", () => {
    expect(CalendarDate.ageOn("2010-03-15", "2021-03-14")).toBe(10)
    expect(CalendarDate.ageOn("2010-03-15", "2021-03-15")).toBe(11)
  })

  it("is 0 on the day of birth and the day before the first birthday", () => {
    expect(CalendarDate.ageOn("2021-03-15", "2021-03-15")).toBe(0)
    expect(CalendarDate.ageOn("2021-03-15", "2022-03-14")).toBe(0)
    expect(CalendarDate.ageOn("2021-03-15", "2022-03-15")).toBe(1)
  })

  it("reaches a 29 February birthday on 1 March in common years and on 29 February in leap years", () => {
    expect(CalendarDate.ageOn("2000-02-29", "2001-02-28")).toBe(0)
    expect(CalendarDate.ageOn("2000-02-29", "2001-03-01")).toBe(1)
    expect(CalendarDate.ageOn("2000-02-29", "2004-02-28")).toBe(3)
    expect(CalendarDate.ageOn("2000-02-29", "2004-02-29")).toBe(4)
    expect(CalendarDate.ageOn("1960-02-29", "2021-02-28")).toBe(60)
    expect(CalendarDate.ageOn("1960-02-29", "2021-03-01")).toBe(61)
  })

  it("counts across month and year ends", () => {
    expect(CalendarDate.ageOn("1961-12-31", "2021-12-30")).toBe(59)
    expect(CalendarDate.ageOn("1961-12-31", "2021-12-31")).toBe(60)
    expect(CalendarDate.ageOn("1962-01-01", "2021-12-31")).toBe(59)
  })

  it("agrees with completed years computed the long way", () => {
    fc.assert(
      fc.property(anyDay, anyDay, (a, b) => {
        const [birth, on] = a <= b ? [a, b] : [b, a]
        expect(CalendarDate.ageOn(birth, on)).toBe(Reference.age(birth, on))
      }),
      { numRuns: 500 }
    )
  })
})

describe("CalendarDate eras and Thai format", () => {
  it("converts between Common and Buddhist Era years", () => {
    expect(CalendarDate.toBuddhistYear(2021)).toBe(2564)
    expect(CalendarDate.fromBuddhistYear(2564)).toBe(2021)
  })

  it("formats a date for Thai readers in B.E.", () => {
    expect(CalendarDate.formatThai(iso("2021-03-15"))).toBe("15 มี.ค. 2564")
    expect(CalendarDate.formatThai(iso("2022-01-01"))).toBe("1 ม.ค. 2565")
    expect(CalendarDate.formatThai(iso("2021-12-31"))).toBe("31 ธ.ค. 2564")
    expect(CalendarDate.formatThai(iso("2020-02-29"))).toBe("29 ก.พ. 2563")
  })

  it("orders dates as numbers with toNumber", () => {
    expect(CalendarDate.toNumber("2021-03-15")).toBe(20210315)
    fc.assert(
      fc.property(anyDay, anyDay, (a, b) => {
        expect(Math.sign(CalendarDate.toNumber(a) - CalendarDate.toNumber(b))).toBe(a < b ? -1 : a > b ? 1 : 0)
      })
    )
  })
})
