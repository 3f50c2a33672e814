/** Temporary files for the tests, and reading a whole (small) file into its items. */
import { CitizenId } from "@phungpao/domain"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { SurveyFile } from "../src/index.js"

const dir = mkdtempSync(join(tmpdir(), "phungpao-files-"))
let count = 0

/** A fresh path in the test directory, ending in `name`. */
export const pathFor = (name: string): string => join(dir, `${++count}-${name}`)

/** Writes `content` to a fresh file and gives its path. */
export const fileWith = (name: string, content: string | Uint8Array): string => {
  const path = pathFor(name)
  writeFileSync(path, content)
  return path
}

export const removeFiles = (): void => rmSync(dir, { recursive: true, force: true })

export const readAll = async (path: string, options?: SurveyFile.ReadOptions): Promise<Array<SurveyFile.Item>> => {
  const items: Array<SurveyFile.Item> = []
  for await (const item of SurveyFile.read(path, options)) items.push(item)
  return items
}

export type Fields = Record<string, unknown> & { members: Array<Record<string, unknown>> }

export const recordsOf = (items: ReadonlyArray<SurveyFile.Item>): Array<Fields> =>
  items.flatMap((item) => (item.kind === "record" ? [item.value as Fields] : []))

export const rejectionsOf = (items: ReadonlyArray<SurveyFile.Item>) =>
  items.flatMap((item) => (item.kind === "rejected" ? [item] : []))

/** A valid national ID, different for each `n`. */
export const citizenId = (n: number): string => {
  const first12 = String(110170023000 + n)
  return first12 + CitizenId.checkDigit(first12)
}

/** TIS-620 bytes of `text`: Thai letters U+0E01–U+0E5B are the bytes 0xA1–0xFB, ASCII stays. */
export const tis620 = (text: string): Uint8Array =>
  Uint8Array.from([...text].map((c) => {
    const code = c.codePointAt(0)!
    if (code < 0x80) return code
    if (code >= 0x0e01 && code <= 0x0e5b) return code - 0x0e01 + 0xa1
    throw new Error(`not in TIS-620: ${c}`)
  }))

/** The English header of a minimal valid file, and a row of it with `fields` changed. */
export const header = [
  "houseCode", "villageCode", "surveyYear", "surveyedOn", "welfareCard", "annualIncomeBaht",
  "citizenId", "firstName", "lastName", "sex", "birthDate", "relation"
] as const

export const row = (fields: Partial<Record<(typeof header)[number], string>> = {}): string => {
  const base: Record<(typeof header)[number], string> = {
    houseCode: "33010000001", villageCode: "33010101", surveyYear: "2564", surveyedOn: "2021-03-15",
    welfareCard: "verified", annualIncomeBaht: "120000", citizenId: citizenId(1), firstName: "สมชาย",
    lastName: "ใจดี", sex: "male", birthDate: "1970-01-01", relation: "head"
  }
  return header.map((h) => fields[h] ?? base[h]).join(",")
}

export const csv = (...rows: ReadonlyArray<string>): string => `${[header.join(","), ...rows].join("\n")}\n`
