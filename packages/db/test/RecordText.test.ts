import { RegistryMemory, SurveyRecord } from "@phungpao/domain"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { RecordText } from "../src/index.js"
import { record, synthetic, unusual } from "./fixtures.js"

const named = (layout: RecordText.Layout) => new Set([...layout.household, ...layout.householdFlags, ...layout.member, ...layout.memberFlags, "members"])

/** A field the layout does not name, with any JSON value (`__proto__` among the names). */
const extras = (layout: RecordText.Layout) =>
  fc.dictionary(
    fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constant("__proto__"), fc.constant("phone")).filter((k) => !named(layout).has(k)),
    fc.jsonValue({ maxDepth: 2 }),
    { maxKeys: 3 }
  )

const current = RecordText.layouts.get(RecordText.current)!

/** Synthetic households with some answers taken away and some fields of their own added. */
const records = fc
  .record({
    index: fc.nat(39),
    dropHousehold: fc.subarray([...SurveyRecord.householdAnswerFields, "houseNumber"]),
    dropMember: fc.subarray([...SurveyRecord.memberAnswerFields, "title"]),
    extra: extras(current),
    memberExtra: extras(current)
  })
  .map(({ index, dropHousehold, dropMember, extra, memberExtra }) => {
    const base = pool[index]!
    const copy: Record<string, unknown> = structuredClone(base) as never
    for (const name of dropHousehold) delete copy[name]
    copy["members"] = base.members.map((m, i) => {
      const member: Record<string, unknown> = structuredClone(m) as never
      for (const name of dropMember) delete member[name]
      return i === 0 ? Object.assign(Object.create(null) as object, member, JSON.parse(JSON.stringify(memberExtra))) : member
    })
    // JSON.parse makes `__proto__` an own field, as a parsed survey file would.
    for (const [key, value] of Object.entries(JSON.parse(JSON.stringify(extra)) as object)) {
      Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true })
    }
    return record(JSON.parse(JSON.stringify(copy)))
  })

const pool = synthetic(40, { seed: 31 })

describe("RecordText", () => {
  it("gives back every record it wrote, fields of their own and missing answers included", () => {
    fc.assert(
      fc.property(records, (r) => {
        expect(RegistryMemory.canonicalJson(RecordText.decode(RecordText.encode(r)))).toBe(RegistryMemory.canonicalJson(r))
      }),
      { numRuns: 300 }
    )
    for (const r of unusual) expect(RecordText.decode(RecordText.encode(r))).toEqual(r)
  })

  it("encodes a record read with decodeKept as the very text it read, which encoding a copy of it also gives", () => {
    fc.assert(
      fc.property(records, (r) => {
        const text = RecordText.encode(r)
        const read = RecordText.decodeKept(text)
        expect(read).toEqual(RecordText.decode(text))
        expect(RecordText.encode(read)).toBe(text)
        // The copy is not the record read: its text is made afresh, and is the same.
        expect(RecordText.encode(structuredClone(read))).toBe(text)
      }),
      { numRuns: 300 }
    )
  })

  it("writes each named field at its place in the layout's lists, and the yes/no answers in their order", () => {
    const flags = (value: Record<string, unknown>, names: ReadonlyArray<string>) =>
      names.map((name) => (value[name] === true ? "1" : value[name] === false ? "0" : "-")).join("")
    fc.assert(
      fc.property(records, (r) => {
        const text = JSON.parse(RecordText.encode(r)) as Array<unknown>
        const h = r as unknown as Record<string, unknown>
        const width = current.household.length
        expect(text.slice(1, 1 + width)).toEqual(current.household.map((name) => h[name] ?? null))
        expect(text[1 + width]).toBe(flags(h, current.householdFlags))
        const members = text[2 + width] as Array<Array<unknown>>
        expect(members).toHaveLength(r.members.length)
        r.members.forEach((member, j) => {
          const m = member as unknown as Record<string, unknown>
          expect(members[j]!.slice(0, current.member.length)).toEqual(current.member.map((name) => m[name] ?? null))
          expect(members[j]![current.member.length]).toBe(flags(m, current.memberFlags))
        })
      }),
      { numRuns: 300 }
    )
  })

  it("writes a missing answer as null, the yes/no answers as one string, and a record's own fields after its members", () => {
    const r = unusual[0]!
    const text = JSON.parse(RecordText.encode(r)) as Array<unknown>
    const width = current.household.length
    expect(text[0]).toBe(RecordText.current)
    expect(text[1 + current.household.indexOf("annualIncomeBaht")]).toBeNull()
    // tidyHome was taken away: not answered.
    expect(text[1 + width]).toBe(current.householdFlags.map((f) => (f === "tidyHome" ? "-" : r[f as keyof typeof r] ? "1" : "0")).join(""))
    expect(text[width + 3]).toEqual({
      item12SafeFromHazards: true,
      surveyorNote: "บ้านปิด กลับมาสัมภาษณ์ใหม่ 2 ครั้ง",
      location: { lat: 15.1186, lon: 104.322, accuracyMetres: 8 },
      visits: [1, 2]
    })
    const members = text[width + 2] as Array<Array<unknown>>
    expect(members[0]![current.member.length + 1]).toEqual({ phone: "0812345678", disabilityCard: null })
    expect(members[0]![current.member.length]).toMatch(/^-/) // exercises taken away
    const plain = JSON.parse(RecordText.encode(unusual[1]!)) as Array<unknown>
    expect(plain).toHaveLength(width + 3)
    for (const m of plain[width + 2] as Array<Array<unknown>>) expect(m).toHaveLength(current.member.length + 1)
    // Under half the record's own JSON.
    expect(RecordText.encode(pool[0]!).length).toBeLessThan(JSON.stringify(pool[0]).length * 0.5)
  })

  it("refuses to store a yes/no answer that is not true or false", () => {
    const bad = { ...pool[0]!, tidyHome: "yes" } as unknown as typeof pool[number]
    expect(() => RecordText.encode(bad)).toThrow('tidyHome must be true or false to be stored, got "yes"')
  })

  it("gives every record one shape: each named field a key, undefined when missing", () => {
    const read = RecordText.decode(RecordText.encode(pool[0]!)) as unknown as Record<string, unknown>
    expect(new Set(Object.keys(read))).toEqual(new Set([...current.household, ...current.householdFlags, "members"]))
    expect(new Set(Object.keys((read["members"] as Array<object>)[0]!))).toEqual(new Set([...current.member, ...current.memberFlags]))
    const sparse = RecordText.decode(RecordText.encode(unusual[0]!)) as unknown as Record<string, unknown>
    expect("annualIncomeBaht" in sparse && sparse["annualIncomeBaht"] === undefined).toBe(true)
    expect("tidyHome" in sparse && sparse["tidyHome"] === undefined).toBe(true)
  })

  it("reads text written before layouts, the record's own JSON", () => {
    for (const r of [...unusual, ...pool.slice(0, 5)]) expect(RecordText.decode(JSON.stringify(r))).toEqual(r)
  })

  it("refuses a layout it does not know, naming it", () => {
    expect(() => RecordText.decode(`[${RecordText.current + 1},"x"]`)).toThrow(`layout ${RecordText.current + 1}, which this program does not know`)
  })

  it("has a current layout naming exactly the survey schema's fields: a new field needs a new layout", () => {
    expect([...current.household, ...current.householdFlags].sort()).toEqual(Object.keys(SurveyRecord.SurveyRecord.from.fields).filter((f) => f !== "members").sort())
    expect([...current.member, ...current.memberFlags].sort()).toEqual(Object.keys(SurveyRecord.Member.fields).sort())
  })
})
