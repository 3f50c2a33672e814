import { afterAll, describe, expect, it } from "vitest"
import { fileWith, readAll, recordsOf, removeFiles, tis620 } from "./files.js"

afterAll(removeFiles)

const record = (houseCode: string, extra: Record<string, unknown> = {}) => ({
  houseCode,
  surveyYear: 2564,
  members: [{ firstName: "สมชาย", note: 'has "quotes", [brackets] and {braces}' }],
  ...extra
})

describe("reading NDJSON", () => {
  it("numbers records by line, skips blank lines and rejects bad JSON alone", async () => {
    const text = [JSON.stringify(record("1")), "", "{not json", "   ", JSON.stringify(record("2")), ""].join("\r\n")
    const items = await readAll(fileWith("survey.ndjson", text))
    expect(items.map((i) => [i.kind, i.line])).toEqual([["record", 1], ["rejected", 3], ["record", 5]])
    expect(items[1]).toMatchObject({ field: "(record)", reason: expect.stringMatching(/^not valid JSON( at character \d+)?$/) })
    expect(recordsOf(items)[0]).toEqual(record("1"))
  })

  it("reads a last line without a line end, and a byte order mark", async () => {
    const text = `\ufeff${JSON.stringify(record("1"))}\n${JSON.stringify(record("2"))}`
    expect(recordsOf(await readAll(fileWith("survey.jsonl", text))).map((r) => r["houseCode"])).toEqual(["1", "2"])
  })

  it("fills in the round and rejects another surveyYear", async () => {
    const { surveyYear: _, ...noYear } = record("1")
    const text = [noYear, record("2", { surveyYear: 2563 }), record("3")].map((r) => JSON.stringify(r)).join("\n")
    const items = await readAll(fileWith("round.ndjson", text), { round: 2564 })
    expect(items).toEqual([
      { kind: "record", line: 1, value: { ...noYear, surveyYear: 2564 } },
      { kind: "rejected", line: 2, field: "surveyYear", reason: "is not the round the file is read as (2564)" },
      { kind: "record", line: 3, value: record("3") }
    ])
  })

  it("never echoes the text of a bad line or a value in a reason", async () => {
    const text = ['{"citizenId": 3330196106305x, "firstName": "สมชาย"}', JSON.stringify(record("2", { surveyYear: 2563 }))].join("\n")
    const rejections = (await readAll(fileWith("echo.ndjson", text), { round: 2564 })).filter((i) => i.kind === "rejected")
    expect(rejections.map((r) => [r.line, r.field])).toEqual([[1, "(record)"], [2, "surveyYear"]])
    for (const r of rejections) for (const value of ["3330196106305", "สมชาย", "2563"]) expect(JSON.stringify(r)).not.toContain(value)
  })

  it("reads lines longer than a read chunk", async () => {
    const long = record("1", { story: "ก".repeat(200_000) })
    const items = await readAll(fileWith("long.ndjson", `${JSON.stringify(long)}\n${JSON.stringify(record("2"))}\n`))
    expect(recordsOf(items)).toEqual([long, record("2")])
  })
})

describe("reading a file with bytes that are not UTF-8", () => {
  const utf8 = (text: string) => Buffer.from(text, "utf8")
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `${JSON.stringify(record(String(i + 1)))}\n`)

  it("rejects the line with a bad byte, naming its field, and reads the rest as UTF-8", async () => {
    const text = lines(40)
    const [before, after] = text[24]!.split("สมชาย")
    const bytes = Buffer.concat([...text.slice(0, 24).map(utf8), utf8(`${before}สม`), Buffer.from([0xff, 0xfe]), utf8(`ชาย${after}`), ...text.slice(25).map(utf8)])
    const items = await readAll(fileWith("bad-byte.ndjson", bytes))
    expect(items.filter((i) => i.kind === "rejected")).toEqual([
      { kind: "rejected", line: 25, field: "members[0].firstName", reason: "holds bytes that are not text in the file's encoding (UTF-8, or TIS-620 when detected or given)" }
    ])
    const records = recordsOf(items)
    expect(records).toHaveLength(39)
    expect(records.every((r) => r.members[0]!["firstName"] === "สมชาย")).toBe(true)
  })

  it("rejects a bad byte far into the file, after the encoding was told, instead of reading it as U+FFFD", async () => {
    const text = lines(3000)
    const bytes = Buffer.concat([...text.slice(0, 2500).map(utf8), Buffer.from([0x7b, 0x22, 0xe0, 0x22, 0x3a, 0x31, 0x7d, 0x0a]), ...text.slice(2500).map(utf8)])
    const items = await readAll(fileWith("late-bad-byte.ndjson", bytes))
    expect(items.filter((i) => i.kind === "rejected")).toMatchObject([{ line: 2501, field: "(record)" }])
    expect(recordsOf(items)).toHaveLength(3000)
    expect(JSON.stringify(recordsOf(items))).not.toContain("\ufffd")
  })

  it("rejects the CSV row with a bad byte, naming its column", async () => {
    const bytes = Buffer.concat([utf8("houseCode,firstName,lastName\n33010000001,สม"), Buffer.from([0xff]), utf8("ชาย,ใจดี\n33010000002,สมศรี,ใจดี\n")])
    const items = await readAll(fileWith("bad-byte.csv", bytes))
    expect(items.map((i) => [i.kind, i.line, i.kind === "rejected" ? i.field : ""])).toEqual([["rejected", 2, "members[0].firstName"], ["record", 3, ""]])
    expect(recordsOf(items)[0]!.members[0]).toEqual({ firstName: "สมศรี", lastName: "ใจดี" })
  })

  it("rejects a byte TIS-620 does not have in a TIS-620 file", async () => {
    const bytes = Buffer.concat([tis620("houseCode,firstName\n33010000001,สมชาย\n33010000002,สม"), Buffer.from([0xfc]), tis620("ศรี\n33010000003,สมหญิง\n")])
    const items = await readAll(fileWith("bad-byte-tis.csv", bytes))
    expect(items.map((i) => [i.kind, i.line])).toEqual([["record", 2], ["rejected", 3], ["record", 4]])
    expect(recordsOf(items)[1]!.members[0]).toEqual({ firstName: "สมหญิง" })
  })
})

describe("reading a JSON array", () => {
  it("numbers elements from 1 and splits them across read chunks", async () => {
    const records = Array.from({ length: 2000 }, (_, i) => record(String(i), { pad: "ข".repeat(i % 97) }))
    const items = await readAll(fileWith("survey.json", JSON.stringify(records, null, 2)))
    expect(items.map((i) => i.line)).toEqual(records.map((_, i) => i + 1))
    expect(recordsOf(items)).toEqual(records)
  })

  it("rejects a bad element and reads the others", async () => {
    const text = `[${JSON.stringify(record("1"))}, {"houseCode": oops}, ${JSON.stringify(record("3"))}]`
    const items = await readAll(fileWith("bad.json", text))
    expect(items.map((i) => [i.kind, i.line])).toEqual([["record", 1], ["rejected", 2], ["record", 3]])
  })

  it("reports an array cut short, after reading what it holds", async () => {
    const text = `[${JSON.stringify(record("1"))},\n${JSON.stringify(record("2"))}`
    const items = await readAll(fileWith("cut.json", text))
    expect(items).toEqual([
      { kind: "record", line: 1, value: record("1") },
      { kind: "record", line: 2, value: record("2") },
      { kind: "rejected", line: 3, field: "(record)", reason: "the array is not closed with ]: the file may be cut short" }
    ])
  })

  it("reports text after the closing bracket", async () => {
    const items = await readAll(fileWith("after.json", `[${JSON.stringify(record("1"))}] {}`))
    expect(items.map((i) => i.kind)).toEqual(["record", "rejected"])
  })

  it("reads an empty array as no records", async () => {
    expect(await readAll(fileWith("empty.json", "[ ]\n"))).toEqual([])
  })

  it("fills in the round", async () => {
    const { surveyYear: _, ...noYear } = record("1")
    const [item] = await readAll(fileWith("round.json", JSON.stringify([noYear])), { round: 2565 })
    expect(item).toMatchObject({ kind: "record", value: { surveyYear: 2565 } })
  })
})
