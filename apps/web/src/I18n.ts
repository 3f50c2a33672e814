/**
 * The dashboard's words in Thai (the default) and English. The domain's own labels
 * (steps, stages, problem statuses, dimensions) come from the domain; these are the
 * pages' own. Every key has both languages: the type makes a missing one a compile error.
 */
export type Lang = "th" | "en"

export const langs: ReadonlyArray<Lang> = ["th", "en"]

const words = {
  app: { th: "พุ่งเป้า", en: "Phungpao" },
  tagline: { th: "ขจัดความยากจนแบบพุ่งเป้า", en: "Targeted poverty eradication" },
  skip: { th: "ข้ามไปยังเนื้อหา", en: "Skip to content" },
  signIn: { th: "เข้าสู่ระบบ", en: "Sign in" },
  signOut: { th: "ออกจากระบบ", en: "Sign out" },
  token: { th: "โทเค็น API", en: "API token" },
  tokenHelp: {
    th: "ขอโทเค็นจากศูนย์อำนวยการฯ จังหวัด (คำสั่ง token create) แล้ววางที่นี่",
    en: "Ask the provincial centre for a token (the token create command) and paste it here"
  },
  badToken: { th: "โทเค็นไม่ถูกต้อง หมดอายุ หรือถูกเพิกถอน", en: "The token is wrong, expired or revoked" },
  signedInAs: { th: "ผู้ใช้", en: "Signed in as" },
  language: { th: "ภาษา", en: "Language" },
  overview: { th: "ภาพรวมพื้นที่", en: "Areas" },
  households: { th: "ครัวเรือนเป้าหมาย", en: "Target households" },
  overdue: { th: "งานเกินกำหนด", en: "Overdue actions" },
  noHelp: { th: "ยังไม่ได้รับความช่วยเหลือ", en: "No help recorded" },
  fund: { th: "กองทุน", en: "Fund" },
  programs: { th: "โครงการ", en: "Programs" },
  public: { th: "รายงานสาธารณะ", en: "Public report" },
  area: { th: "พื้นที่", en: "Area" },
  areas: { th: "พื้นที่ย่อย", en: "Areas within" },
  province: { th: "จังหวัด", en: "Province" },
  district: { th: "อำเภอ", en: "District" },
  subdistrict: { th: "ตำบล", en: "Subdistrict" },
  village: { th: "หมู่บ้าน", en: "Village" },
  targets: { th: "เป้าหมาย", en: "Targets" },
  verified: { th: "ตรวจสอบแล้ว", en: "Verified" },
  analysed: { th: "วิเคราะห์แล้ว", en: "Analysed" },
  planned: { th: "มีแผนแล้ว", en: "Planned" },
  helped: { th: "ช่วยเหลือเบื้องต้น", en: "Immediate help" },
  integrated: { th: "บูรณาการ", en: "Integrated help" },
  followedUp: { th: "ติดตามแล้ว", en: "Followed up" },
  solved: { th: "แก้ไขครบ", en: "Solved" },
  withHelp: { th: "ได้รับความช่วยเหลือ", en: "With help" },
  problems: { th: "ปัญหา", en: "Problems" },
  problemsClosed: { th: "ปัญหาที่แก้แล้ว", en: "Problems closed" },
  steps: { th: "ความก้าวหน้า 6 ขั้นตอน", en: "The six steps" },
  stepsByArea: { th: "ครัวเรือนตามขั้นตอน แยกตามพื้นที่", en: "Households by step, by area" },
  burnDown: { th: "ครัวเรือนที่ยังแก้ไม่ครบ เทียบกำหนดเวลา", en: "Households not yet solved against the deadline" },
  deadline: { th: "กำหนดเสร็จ", en: "Deadline" },
  open: { th: "ยังไม่ครบ", en: "Open" },
  ideal: { th: "เส้นเป้าหมาย", en: "Ideal" },
  round: { th: "รอบสำรวจ", en: "Survey round" },
  surveyed: { th: "ครัวเรือนที่สำรวจ", en: "Households surveyed" },
  persons: { th: "คน", en: "Persons" },
  surveyPoor: { th: "ยากจนตามเกณฑ์", en: "Survey-poor" },
  dimensions: { th: "มิติที่ขาด (ครัวเรือน)", en: "Failed dimensions (households)" },
  poverty: { th: "ดัชนีความยากจนหลายมิติ", en: "Multidimensional poverty" },
  H: { th: "H สัดส่วนคนจน", en: "H headcount" },
  A: { th: "A ความรุนแรง", en: "A intensity" },
  M0: { th: "M0 ดัชนี", en: "M0 index" },
  search: { th: "ค้นหา", en: "Search" },
  filter: { th: "กรอง", en: "Filter" },
  sortBy: { th: "เรียงตาม", en: "Sort by" },
  sortStepUp: { th: "ขั้นตอน (น้อยไปมาก)", en: "Step, least far first" },
  sortStepDown: { th: "ขั้นตอน (มากไปน้อย)", en: "Step, furthest first" },
  houseCode: { th: "รหัสบ้าน", en: "House code" },
  step: { th: "ขั้นตอน", en: "Step" },
  reached: { th: "ถึงขั้นตอน", en: "Reached" },
  any: { th: "ทั้งหมด", en: "Any" },
  yes: { th: "ใช่", en: "Yes" },
  no: { th: "ไม่ใช่", en: "No" },
  team: { th: "ทีมพี่เลี้ยง", en: "Mentor team" },
  stage: { th: "ระดับ", en: "Stage" },
  dimension: { th: "มิติ", en: "Dimension" },
  total: { th: "ทั้งหมด", en: "In all" },
  next: { th: "หน้าถัดไป", en: "Next page" },
  none: { th: "ไม่มีรายการ", en: "Nothing to show" },
  daysLate: { th: "เกินกำหนด (วัน)", en: "Days late" },
  action: { th: "กิจกรรม", en: "Action" },
  due: { th: "กำหนด", en: "Due" },
  household: { th: "ครัวเรือน", en: "Household" },
  decision: { th: "ผลการวิเคราะห์ตามเกณฑ์", en: "The rules' decision" },
  target: { th: "เป็นครัวเรือนเป้าหมาย", en: "Target household" },
  notTarget: { th: "ไม่เป็นครัวเรือนเป้าหมาย", en: "Not a target household" },
  failedIndicators: { th: "ตัวชี้วัดที่ไม่ผ่าน", en: "Indicators failed" },
  members: { th: "สมาชิก", en: "Members" },
  citizenId: { th: "เลขประจำตัวประชาชน", en: "Citizen ID" },
  name: { th: "ชื่อ", en: "Name" },
  unmask: { th: "แสดงเลขเต็ม", en: "Show in full" },
  unmaskReason: { th: "เหตุผล (บันทึกไว้ในบันทึกการเข้าถึง)", en: "Reason (kept in the audit log)" },
  unmasked: { th: "แสดงเลขเต็มแล้ว การอ่านนี้ถูกบันทึก", en: "Shown in full; this read is on record" },
  plan: { th: "แผนพัฒนาครัวเรือน (4ท)", en: "The 4T plan" },
  logbook: { th: "สมุดบันทึกการช่วยเหลือ", en: "Logbook" },
  visits: { th: "การติดตาม", en: "Visits" },
  recordVisit: { th: "บันทึกการติดตาม", en: "Record a visit" },
  recordHelp: { th: "บันทึกการช่วยเหลือ", en: "Record help" },
  addAction: { th: "เพิ่มกิจกรรมในแผน", en: "Add a plan action" },
  date: { th: "วันที่", en: "Date" },
  note: { th: "หมายเหตุ", en: "Note" },
  confirms: { th: "ปัญหาที่ยืนยันว่าแก้แล้ว", en: "Problems confirmed solved" },
  giver: { th: "ผู้ให้ความช่วยเหลือ (บุคคล)", en: "Giver (person)" },
  giverAgency: { th: "หรือรหัสหน่วยงาน", en: "or agency code" },
  kind: { th: "ประเภท", en: "Kind" },
  valueBaht: { th: "มูลค่า (บาท)", en: "Value (baht)" },
  budgetSource: { th: "แหล่งงบประมาณ", en: "Budget source" },
  part: { th: "ด้าน (4ท)", en: "Part (4T)" },
  description: { th: "รายละเอียด", en: "Description" },
  responsibleAgency: { th: "หน่วยงานรับผิดชอบ (รหัส)", en: "Responsible agency (code)" },
  plannedCost: { th: "ค่าใช้จ่ายตามแผน (บาท)", en: "Planned cost (baht)" },
  save: { th: "บันทึก", en: "Save" },
  saved: { th: "บันทึกแล้ว", en: "Saved" },
  fixErrors: { th: "กรุณาแก้ไขข้อมูลที่ไม่ถูกต้อง", en: "Please correct the fields below" },
  refused: { th: "ทำรายการไม่ได้", en: "Refused" },
  notAllowed: { th: "บทบาทของคุณไม่มีสิทธิ์ดูส่วนนี้", en: "Your role may not see this" },
  notFound: { th: "ไม่พบข้อมูล หรืออยู่นอกพื้นที่ของคุณ", en: "Not found, or outside your areas" },
  error: { th: "เกิดข้อผิดพลาด", en: "Something went wrong" },
  requestId: { th: "รหัสคำขอ", en: "Request id" },
  pending: { th: "คำขอรออนุมัติ/จ่าย", en: "Requests waiting" },
  request: { th: "คำขอ", en: "Request" },
  purpose: { th: "วัตถุประสงค์", en: "Purpose" },
  amount: { th: "จำนวนเงิน (บาท)", en: "Amount (baht)" },
  approvals: { th: "อนุมัติแล้ว/องค์ประชุม", en: "Approvals / quorum" },
  requester: { th: "ผู้ขอ", en: "Requested by" },
  approve: { th: "อนุมัติ", en: "Approve" },
  reject: { th: "ไม่อนุมัติ", en: "Reject" },
  reason: { th: "เหตุผล", en: "Reason" },
  pay: { th: "จ่ายเงิน", en: "Pay" },
  transfer: { th: "เลขอ้างอิงการโอน", en: "Transfer reference" },
  balances: { th: "ยอดคงเหลือของแต่ละบัญชี", en: "Balances of the pools" },
  pool: { th: "บัญชี", en: "Pool" },
  balance: { th: "คงเหลือ (บาท)", en: "Balance (baht)" },
  moneyIn: { th: "เงินรับ", en: "Money in" },
  moneyOut: { th: "เงินจ่าย", en: "Money out" },
  byMonth: { th: "รายเดือน", en: "By month" },
  byPurpose: { th: "ตามวัตถุประสงค์", en: "By purpose" },
  byArea: { th: "ตามพื้นที่", en: "By area" },
  suppressedNote: {
    th: "ช่องที่มีครัวเรือน 1–4 ครัวเรือนจะไม่แสดงตัวเลข (—) เพื่อไม่ให้ระบุตัวบุคคลได้",
    en: "A cell about 1 to 4 households shows no figure (—), so that nobody can be singled out"
  },
  progressByDistrict: { th: "ความก้าวหน้าแยกตามอำเภอ", en: "Progress by district" },
  reachedBeneficiaries: { th: "ผู้ได้รับสิทธิ์", en: "Beneficiaries" },
  needSurveyed: { th: "สำรวจความต้องการแล้ว", en: "Needs surveyed" },
  delivered: { th: "ส่งมอบแล้ว", en: "Delivered" },
  spent: { th: "ใช้จ่าย (บาท)", en: "Spent (baht)" },
  status: { th: "สถานะ", en: "Status" },
  programsUnavailable: { th: "ยังไม่มีข้อมูลโครงการ", en: "No program data yet" },
  previewRule: { th: "ทดลองเกณฑ์ใหม่ (ดูว่าเข้าถึงใครบ้าง)", en: "Try a rule (who would it reach?)" },
  rule: { th: "เกณฑ์", en: "Rule" },
  perMember: { th: "รายบุคคล", en: "per member" },
  perHousehold: { th: "รายครัวเรือน", en: "per household" },
  previewByArea: { th: "ผู้เข้าเกณฑ์แยกตามพื้นที่", en: "Who the rule selects, by area" },
  householdsUnit: { th: "ครัวเรือน", en: "households" },
  people: { th: "คน", en: "people" },
  enrolmentProgress: { th: "ความก้าวหน้าการลงทะเบียน สำรวจ และส่งมอบ แยกตามพื้นที่", en: "Enrolment, survey and delivery progress by area" },
  ruleUnit: { th: "หน่วยของเกณฑ์", en: "Rule applies" },
  countBy: { th: "นับตาม", en: "Count by" },
  ruleCel: { th: "เกณฑ์ (ภาษา CEL)", en: "Rule (CEL)" },
  ruleHelp: {
    th: "ตัวอย่าง: member.age >= 6 && member.age <= 15 && decision.target && \"income\" in decision.failedDimensions (ดู docs/programs.md)",
    en: "e.g. member.age >= 6 && member.age <= 15 && decision.target && \"income\" in decision.failedDimensions (see docs/programs.md)"
  },
  preview: { th: "ดูผล", en: "Preview" },
  wouldSelect: { th: "ผู้ที่เกณฑ์นี้จะเลือก", en: "Who this rule would select" },
  ruleErrors: { th: "ประเมินไม่ได้ (ข้อมูลไม่ครบ)", en: "Could not be evaluated (missing answers)" },
  signInFirst: { th: "กรุณาเข้าสู่ระบบ", en: "Please sign in" },
  forbiddenOwn: { th: "อนุมัติคำขอของตนเองไม่ได้", en: "You may not approve your own request" }
} as const satisfies Record<string, Record<Lang, string>>

export type Word = keyof typeof words

/** A page's words in one language. */
export const t = (lang: Lang) => (word: Word): string => words[word][lang]

/** A label pair of the domain's (`{ th, en }`) in one language. */
export const label = (lang: Lang, pair: { readonly th: string; readonly en: string } | undefined, fallback = ""): string => pair?.[lang] ?? fallback

const numbers: Record<Lang, Intl.NumberFormat> = { th: new Intl.NumberFormat("th-TH"), en: new Intl.NumberFormat("en-GB") }
const percents: Record<Lang, Intl.NumberFormat> = {
  th: new Intl.NumberFormat("th-TH", { style: "percent", maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat("en-GB", { style: "percent", maximumFractionDigits: 1 })
}
const bahts: Record<Lang, Intl.NumberFormat> = {
  th: new Intl.NumberFormat("th-TH", { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}

/** A count; `null` (a suppressed cell) is a dash. */
export const num = (lang: Lang, n: number | null | undefined): string => (n === null || n === undefined ? "—" : numbers[lang].format(n))
export const percent = (lang: Lang, x: number): string => percents[lang].format(x)
/** Satang as baht with two decimals. */
export const baht = (lang: Lang, satang: number): string => bahts[lang].format(satang / 100)

/** A date in the language's calendar: the Buddhist Era in Thai. */
export const day = (lang: Lang, iso: string): string => {
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(lang === "th" ? "th-TH-u-ca-buddhist" : "en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(date)
}
