/**
 * The columns of a survey spreadsheet (CSV or xlsx): which canonical field each header
 * names, in English or in the Thai a provincial office writes, and how a cell's text
 * becomes that field's JSON value. One row per member, household fields repeated.
 */
import { CalendarDate } from "@phungpao/domain"

/** How a cell's text is read. */
export type Kind =
  | "code"
  | "text"
  | "year"
  | "number"
  | "date"
  | "boolean"
  | "sex"
  | "relation"
  | "welfareCard"

/** One canonical field of the survey record, and the Thai headers that also name it. */
export interface Field {
  readonly name: string
  readonly level: "household" | "member"
  readonly kind: Kind
  readonly thai: ReadonlyArray<string>
}

const household = (name: string, kind: Kind, ...thai: ReadonlyArray<string>): Field => ({ name, level: "household", kind, thai })
const member = (name: string, kind: Kind, ...thai: ReadonlyArray<string>): Field => ({ name, level: "member", kind, thai })

/**
 * Every canonical field in the order a written file has its columns, with its Thai
 * header aliases. A header matches when it equals the field name or an alias ignoring
 * case, spaces and underscores (`ปีที่ สำรวจ`, `HOUSE_CODE` and `housecode` all match).
 */
export const fields: ReadonlyArray<Field> = [
  household("houseCode", "code", "รหัสบ้าน", "รหัสประจำบ้าน", "เลขรหัสประจำบ้าน"),
  household("villageCode", "code", "รหัสหมู่บ้าน"),
  household("houseNumber", "text", "บ้านเลขที่", "เลขที่บ้าน"),
  household("surveyYear", "year", "ปีที่สำรวจ", "ปีสำรวจ", "ปีที่จัดเก็บ"),
  household("surveyedOn", "date", "วันที่สำรวจ", "วันสำรวจ", "วันที่จัดเก็บ", "วันที่จัดเก็บข้อมูล"),
  household("welfareCard", "welfareCard", "บัตรสวัสดิการ", "บัตรสวัสดิการแห่งรัฐ", "สถานะบัตรสวัสดิการ"),
  household("annualIncomeBaht", "number", "รายได้ต่อปี", "รายได้ครัวเรือนต่อปี", "รายได้ต่อปี(บาท)", "รายได้ครัวเรือน"),
  household("hygienicFood", "boolean", "อาหารถูกสุขลักษณะ", "กินอาหารถูกสุขลักษณะ"),
  household("appropriateMedicineUse", "boolean", "ใช้ยาเหมาะสม", "การใช้ยาเหมาะสม"),
  household("secureTenure", "boolean", "มั่นคงในที่อยู่อาศัย", "ความมั่นคงในที่อยู่อาศัย"),
  household("durableHouse", "boolean", "บ้านคงทนถาวร", "บ้านมีสภาพคงทนถาวร"),
  household("drinkingWaterLitresPerPersonPerDay", "number", "น้ำดื่ม", "น้ำดื่ม(ลิตร/คน/วัน)", "น้ำสะอาดสำหรับดื่ม"),
  household("waterUseLitresPerPersonPerDay", "number", "น้ำใช้", "น้ำใช้(ลิตร/คน/วัน)"),
  household("tidyHome", "boolean", "บ้านเป็นระเบียบ", "บ้านเรือนเป็นระเบียบ", "บ้านเรือนเป็นระเบียบเรียบร้อย"),
  member("citizenId", "code", "เลขประจำตัวประชาชน", "เลขบัตรประชาชน", "เลขบัตรประจำตัวประชาชน"),
  member("title", "text", "คำนำหน้า", "คำนำหน้าชื่อ"),
  member("firstName", "text", "ชื่อ"),
  member("lastName", "text", "นามสกุล", "สกุล"),
  member("sex", "sex", "เพศ"),
  member("birthDate", "date", "วันเกิด", "วันเดือนปีเกิด", "วัน/เดือน/ปีเกิด"),
  member("relation", "relation", "ความสัมพันธ์", "ความสัมพันธ์กับหัวหน้าครัวเรือน"),
  member("birthWeightGrams", "number", "น้ำหนักแรกเกิด", "น้ำหนักแรกเกิด(กรัม)"),
  member("exercises", "boolean", "ออกกำลังกาย"),
  member("preschoolCare", "boolean", "เตรียมความพร้อมก่อนวัยเรียน", "ได้รับบริการก่อนวัยเรียน"),
  member("compulsoryEducation", "boolean", "การศึกษาภาคบังคับ", "ได้รับการศึกษาภาคบังคับ"),
  member("finishedGrade9", "boolean", "จบม.3", "จบชั้นม.3"),
  member("continuedToGrade10", "boolean", "เรียนต่อม.4", "ได้เรียนต่อม.4"),
  member("literate", "boolean", "อ่านออกเขียนได้", "อ่านเขียนได้", "อ่านเขียนภาษาไทยได้"),
  member("studying", "boolean", "กำลังเรียน", "กำลังศึกษา"),
  member("unableToWork", "boolean", "ทำงานไม่ได้", "ไม่สามารถทำงานได้"),
  member("hasOccupationAndIncome", "boolean", "มีอาชีพและรายได้"),
  member("disabled", "boolean", "พิการ", "ผู้พิการ", "คนพิการ"),
  member("caredFor", "boolean", "ได้รับการดูแล")
]

/**
 * A header for an extra column that always belongs to the member, whatever its values:
 * `member.note` is the member's `note`. Other unknown columns go on the household when
 * they hold the same value on every row of it, and on each member otherwise.
 */
export const memberPrefix = "member."

/** Header text as compared: lower case, without spaces, underscores or zero-width characters. */
export const normalize = (header: string): string =>
  header.normalize("NFC").toLowerCase().replace(/[\s_\u200b\ufeff]+/g, "")

const byHeader = new Map<string, Field>()
for (const field of fields) {
  for (const header of [field.name, ...field.thai]) byHeader.set(normalize(header), field)
}

/** The canonical field a header names, or `undefined` for an extra column. */
export const fieldOf = (header: string): Field | undefined => byHeader.get(normalize(header))

/**
 * A cell that cannot be read as its field: the reason, saying what was expected and what
 * kind of cell was found, never its value (a citizen ID or a name may sit in any column).
 */
export class Invalid {
  constructor(readonly reason: string) {}
}

const aliases = (table: Record<string, ReadonlyArray<string>>): Map<string, string> => {
  const map = new Map<string, string>()
  for (const [value, names] of Object.entries(table)) {
    for (const name of [value, ...names]) map.set(normalize(name), value)
  }
  return map
}

/** Answers read as booleans; the keys are compared normalized. */
export const booleanAliases: ReadonlyMap<string, boolean> = new Map(
  [...aliases({ true: ["1", "yes", "y", "t", "ใช่", "มี"], false: ["0", "no", "n", "f", "ไม่ใช่", "ไม่มี"] })].map(
    ([k, v]) => [k, v === "true"] as const
  )
)

/** Thai and English spellings of each code, e.g. `ชาย` → `male`. */
export const enumAliases: Readonly<Record<"sex" | "relation" | "welfareCard", ReadonlyMap<string, string>>> = {
  sex: aliases({ male: ["m", "ชาย"], female: ["f", "หญิง"] }),
  relation: aliases({
    head: ["หัวหน้าครัวเรือน", "หัวหน้า"],
    spouse: ["คู่สมรส", "สามี", "ภรรยา", "ภริยา"],
    child: ["บุตร", "ลูก"],
    parent: ["บิดามารดา", "พ่อแม่", "บิดา", "มารดา", "พ่อ", "แม่"],
    relative: ["ญาติ", "หลาน"],
    other: ["อื่นๆ", "อื่น", "ผู้อาศัย"]
  }),
  welfareCard: aliases({
    none: ["ไม่มี", "ไม่มีบัตร"],
    registered: ["ลงทะเบียน", "ลงทะเบียนแล้ว"],
    verified: ["ผ่านการตรวจสอบ", "ได้รับบัตร", "มีบัตร"]
  })
}

const thaiDigits = /[\u0e50-\u0e59]/g
/** Thai numerals ๐–๙ as 0–9: some offices type them. */
const arabic = (text: string): string => text.replace(thaiDigits, (d) => String(d.charCodeAt(0) - 0x0e50))

const isDigits = (text: string): boolean => {
  if (text.length === 0) return false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}
const separators = /[\s-]/g
const decimal = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i

const dateHint = "write 15/03/2564, 2564-03-15, 25640315 or 2021-03-15"

/** Largest Excel date serial (9999-12-31); larger numbers in a date column are YYYYMMDD. */
const maxExcelSerial = 2_958_465

const isoOf = (date: Date): string =>
  `${String(date.getUTCFullYear()).padStart(4, "0")}-${String(date.getUTCMonth() + 1).padStart(2, "0")}-${String(date.getUTCDate()).padStart(2, "0")}`

/** The text of a spreadsheet cell that is not plain text, number, boolean or date. */
const textOfObject = (cell: object): unknown => {
  if ("richText" in cell && Array.isArray(cell.richText)) {
    return cell.richText.map((run: { text?: unknown }) => String(run.text ?? "")).join("")
  }
  if ("result" in cell) return cell.result ?? ""
  if ("text" in cell) return cell.text ?? ""
  if ("error" in cell) return new Invalid(`the cell holds the error ${String(cell.error)}`)
  return new Invalid("cannot read the cell")
}

/**
 * A cell as the JSON value of a field of kind `kind`: the value, `undefined` for an empty
 * cell (a missing answer), or `Invalid`. CSV cells are strings; xlsx cells may also be
 * numbers, booleans, dates, rich text or formulas (their result is read).
 *
 * @example read("date", "15/03/2564") // "2021-03-15"
 * @example read("number", "1,234.5") // 1234.5
 */
export const read = (kind: Kind, cell: unknown): unknown => {
  if (cell === undefined || cell === null || cell === "") return undefined
  if (typeof cell === "string") return readText(kind, cell)
  if (typeof cell === "number") return readNumber(kind, cell)
  if (typeof cell === "boolean") {
    return kind === "boolean" ? cell : kind === "text" ? String(cell) : new Invalid(`expected ${expected[kind]}, got a boolean`)
  }
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return new Invalid("the cell holds an invalid date")
    return kind === "date" || kind === "text" ? readText(kind, isoOf(cell)) : new Invalid(`expected ${expected[kind]}, got a date`)
  }
  if (typeof cell === "object") {
    const inner = textOfObject(cell)
    return inner instanceof Invalid ? inner : read(kind, inner)
  }
  return new Invalid(`cannot read a cell of type ${typeof cell}`)
}

const expected: Record<Kind, string> = {
  code: "a number written in digits",
  text: "text",
  year: "a year like 2564",
  number: "a number",
  date: "a date",
  boolean: "yes or no (true/false, 1/0, yes/no, y/n, ใช่/ไม่ใช่, มี/ไม่มี)",
  sex: "male or female (ชาย/หญิง)",
  relation: "head, spouse, child, parent, relative or other (หัวหน้าครัวเรือน, คู่สมรส, บุตร, บิดามารดา, ญาติ, อื่นๆ)",
  welfareCard: "none, registered or verified (ไม่มี, ลงทะเบียน, ผ่านการตรวจสอบ)"
}

const readNumber = (kind: Kind, n: number): unknown => {
  switch (kind) {
    case "number":
    case "year":
      return n
    case "code":
      // 13-digit citizen IDs typed into Excel become numbers; write them back in full.
      return Number.isSafeInteger(n) ? String(n) : n.toFixed(0)
    case "text":
      return String(n)
    case "boolean":
      return n === 1 ? true : n === 0 ? false : new Invalid(`expected ${expected.boolean}, got another number`)
    case "date":
      if (Number.isInteger(n) && n >= 1 && n <= maxExcelSerial) {
        return readText("date", isoOf(new Date(Math.round((n - 25569) * 86_400_000))))
      }
      return readText("date", String(n))
    default:
      return readText(kind, String(n))
  }
}

const readText = (kind: Kind, raw: string): unknown => {
  switch (kind) {
    case "text": {
      const text = raw.trim()
      return text === "" ? undefined : text
    }
    case "code": {
      if (isDigits(raw)) return raw
      const code = arabic(raw).replace(separators, "")
      return code === "" ? undefined : code
    }
    case "year":
    case "number": {
      const text = raw.trim()
      if (text === "") return undefined
      let n = decimal.test(text) ? Number(text) : Number.NaN
      if (Number.isNaN(n)) {
        const plain = arabic(text).replace(/[,\s]/g, "")
        n = decimal.test(plain) ? Number(plain) : Number.NaN
      }
      return Number.isNaN(n) ? new Invalid("is not a number") : n
    }
    case "date": {
      const date = CalendarDate.parse(raw)
      if (date !== undefined) return date
      const text = raw.trim()
      if (text === "") return undefined
      return CalendarDate.parse(arabic(text)) ?? new Invalid(`is not a date: ${dateHint}`)
    }
    case "boolean": {
      const answer = booleanAliases.get(raw) ?? booleanAliases.get(normalize(raw))
      if (answer !== undefined) return answer
      return raw.trim() === "" ? undefined : new Invalid(`is not ${expected.boolean}`)
    }
    default: {
      const table = enumAliases[kind]
      const code = table.get(raw) ?? table.get(normalize(raw))
      if (code !== undefined) return code
      return raw.trim() === "" ? undefined : new Invalid(`is not ${expected[kind]}`)
    }
  }
}

/**
 * The value of a cell in an extra column, kept as the cell holds it: trimmed text, a
 * number or a boolean (dates as ISO C.E. text); `undefined` when empty.
 */
export const readExtra = (cell: unknown): unknown => {
  if (cell === undefined || cell === null) return undefined
  if (typeof cell === "string") {
    const text = cell.trim()
    return text === "" ? undefined : text
  }
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? undefined : isoOf(cell)
  if (typeof cell === "object") {
    const inner = textOfObject(cell)
    return inner instanceof Invalid ? ("error" in cell ? String(cell.error) : undefined) : readExtra(inner)
  }
  return cell
}
