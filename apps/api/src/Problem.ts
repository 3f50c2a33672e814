/**
 * Every error the API answers, as RFC 9457 `application/problem+json`: one table from
 * each tagged error of the domain (`DomainError["_tag"]`, so a new tag fails to compile
 * until it has a row) to its HTTP status and title, in English and Thai. Bad input names
 * the field and the reason, never the value; a record outside the caller's areas answers
 * exactly as one that does not exist; a defect answers 500 with the request id only.
 */
import type { DomainError } from "@phungpao/domain"

type Tag = DomainError["_tag"]

interface Row {
  readonly status: number
  readonly title: string
  readonly th: string
}

export const table: { readonly [T in Tag]: Row } = {
  // the kernel
  NotPermitted: { status: 403, title: "Not permitted", th: "ไม่มีสิทธิ์" },
  OutOfScope: { status: 404, title: "Not found", th: "ไม่พบ" },
  NotFound: { status: 404, title: "Not found", th: "ไม่พบ" },
  UnknownUser: { status: 422, title: "Unknown user", th: "ไม่มีผู้ใช้นี้" },
  Unauthenticated: { status: 401, title: "Unauthenticated", th: "ยังไม่ได้ยืนยันตัวตน" },
  IdentityUnproven: { status: 403, title: "Identity not proven", th: "ไม่ได้ยืนยันตัวตนด้วยโทเค็นของผู้ใช้นั้น" },
  KeyReused: { status: 422, title: "Idempotency key reused", th: "ใช้คีย์ซ้ำกับคำสั่งอื่น" },
  // the survey
  InvalidRecord: { status: 422, title: "Invalid survey record", th: "ข้อมูลสำรวจไม่ถูกต้อง" },
  // the registry
  NotEvaluated: { status: 409, title: "Round not evaluated", th: "รอบนี้ยังไม่ได้ประเมิน" },
  // targeted programs
  RuleRefused: { status: 422, title: "Program rule refused", th: "กฎของโครงการใช้ไม่ได้" },
  WrongStatus: { status: 409, title: "Program not in that status", th: "โครงการไม่อยู่ในสถานะที่ทำได้" },
  InvalidNeed: { status: 422, title: "Invalid need answer", th: "คำตอบสำรวจความต้องการไม่ถูกต้อง" },
  NotBeneficiary: { status: 422, title: "Not a beneficiary", th: "ไม่ใช่ผู้รับประโยชน์ของโครงการ" },
  // the journey
  StepRequired: { status: 409, title: "An earlier step is required", th: "ต้องทำขั้นก่อนหน้าก่อน" },
  AlreadyDone: { status: 409, title: "Already done", th: "ทำไปแล้ว" },
  PlanIncomplete: { status: 409, title: "Plan incomplete", th: "แผนยังไม่ครบ" },
  UnknownProblem: { status: 422, title: "Unknown problem", th: "ไม่มีปัญหานี้ในครัวเรือน" },
  ProblemClosed: { status: 409, title: "Problem closed", th: "ปัญหานี้ปิดแล้ว" },
  NoHelpToConfirm: { status: 409, title: "No help to confirm", th: "ไม่มีความช่วยเหลือให้ยืนยัน" },
  NotInRound: { status: 422, title: "Not in the round", th: "ไม่มีในรอบสำรวจ" },
  VillageMismatch: { status: 422, title: "Village mismatch", th: "หมู่บ้านไม่ตรงกับทะเบียน" },
  UnknownMember: { status: 422, title: "Not a member of the household", th: "ไม่ใช่สมาชิกของครัวเรือนนี้" },
  NotSurveyPoor: { status: 422, title: "Not poor in the survey", th: "ไม่ตกเกณฑ์ในการสำรวจ" },
  RoundNotLater: { status: 422, title: "Round not later", th: "รอบสำรวจไม่ใหม่กว่า" },
  UnknownAgency: { status: 422, title: "Unknown agency", th: "ไม่มีหน่วยงานนี้" },
  NotReversible: { status: 409, title: "Not reversible", th: "กลับรายการไม่ได้" },
  NotMentorTeam: { status: 422, title: "Not a mentor team", th: "ไม่ใช่ทีมพี่เลี้ยง" },
  TeamOutsideArea: { status: 422, title: "Team outside the area", th: "ทีมไม่ได้ดูแลพื้นที่นี้" },
  InvalidActionTransition: { status: 409, title: "Invalid action status change", th: "เปลี่ยนสถานะกิจกรรมแบบนี้ไม่ได้" },
  // the fund
  NotConfigured: { status: 409, title: "Fund not configured", th: "ยังไม่ได้ตั้งค่ากองทุน" },
  AlreadyApproved: { status: 409, title: "Already approved", th: "อนุมัติไปแล้ว" },
  InvalidTransition: { status: 409, title: "Invalid request state change", th: "เปลี่ยนสถานะคำขอแบบนี้ไม่ได้" },
  OverCeiling: { status: 422, title: "Over the ceiling per request", th: "เกินเพดานต่อคำขอ" },
  OverHouseholdCap: { status: 422, title: "Over the household's cap", th: "เกินวงเงินต่อครัวเรือนต่อปีงบประมาณ" },
  PoolRestricted: { status: 422, title: "Pool restricted", th: "เงินกองนี้ใช้เพื่อการนี้ไม่ได้" },
  SelfApproval: { status: 403, title: "Self-approval", th: "อนุมัติคำขอของตนเองไม่ได้" },
  InsufficientFunds: { status: 409, title: "Insufficient funds", th: "เงินไม่พอ" },
  Unbalanced: { status: 422, title: "Unbalanced", th: "ยอดไม่ดุล" },
  AlreadyReversed: { status: 409, title: "Already reversed", th: "กลับรายการไปแล้ว" },
  NotInRegistry: { status: 422, title: "Not in the registry", th: "ไม่มีครัวเรือนนี้ในทะเบียน" },
  OverLimit: { status: 422, title: "Over the books' bounds", th: "เกินขอบเขตจำนวนเงินของบัญชี" },
  DuplicateReference: { status: 409, title: "Bank reference booked before", th: "เลขอ้างอิงธนาคารนี้บันทึกไว้แล้ว" },
  AlreadyConfigured: { status: 409, title: "Fund already configured", th: "ตั้งค่ากองทุนไปแล้ว: เสนอการเปลี่ยนแปลงแทน" },
  InvalidSettings: { status: 422, title: "Invalid fund settings", th: "การตั้งค่ากองทุนไม่ถูกต้อง" },
  SeatRoleMismatch: { status: 422, title: "Seat and role do not match", th: "บทบาทของผู้ใช้ไม่ตรงกับตำแหน่ง" },
  ProposalClosed: { status: 409, title: "Proposal closed", th: "ข้อเสนอนี้ปิดแล้ว" },
  AlreadyApprovedChange: { status: 409, title: "Change already approved", th: "อนุมัติการเปลี่ยนแปลงนี้ไปแล้ว" },
  // background jobs
  JobEnded: { status: 409, title: "Job ended", th: "งานนี้จบไปแล้ว" },
  JobNotRetryable: { status: 409, title: "Job not retryable", th: "งานนี้สั่งทำใหม่ไม่ได้" },
  InvalidJobInput: { status: 422, title: "Invalid job input", th: "ข้อมูลของงานไม่ถูกต้อง" },
  UnreadableSource: { status: 422, title: "Unreadable file", th: "อ่านไฟล์ไม่ได้" }
}

/** A problem document (RFC 9457), with the extension members Phungpao adds. */
export interface Problem {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly detail?: string
  /** The title in Thai. */
  readonly titleTh?: string
  /** The domain's error tag, for programs. */
  readonly tag?: string
  /** For bad input: the first field at fault and why. */
  readonly path?: string
  readonly reason?: string
  /** For bad input: every field at fault. */
  readonly errors?: ReadonlyArray<{ readonly path: string; readonly reason: string }>
  readonly requestId?: string
}

const typeOf = (tag: string) => `urn:phungpao:problem:${tag}`

/** Nothing at this address, for this caller: the same body whether it does not exist or lies outside their areas. */
export const notFound = (): Problem => ({ type: typeOf("NotFound"), title: "Not found", titleTh: "ไม่พบ", status: 404, tag: "NotFound", detail: "nothing is found at this address" })

/** The field a refusal names, and why: a survey record's, a program rule's (`where`) or need answer's, or a job's input's (as a body's path: `input.round`). */
const fieldOf = (error: DomainError): { readonly path: string; readonly reason: string } | undefined => {
  if (error._tag === "InvalidRecord") return { path: error.path, reason: error.reason }
  if (error._tag === "RuleRefused") return { path: "where", reason: `line ${error.line}, column ${error.column}: ${error.reason}` }
  if (error._tag === "InvalidNeed") return { path: `answers.${error.field}`, reason: error.reason }
  if (error._tag === "InvalidJobInput") return { path: error.field === "kind" || error.field === "input" ? error.field : `input.${error.field}`, reason: error.reason }
  return undefined
}

/** The problem for a domain failure. */
export const ofDomain = (error: DomainError): Problem => {
  if (error._tag === "NotFound" || error._tag === "OutOfScope") return notFound()
  const row = table[error._tag]
  const at = fieldOf(error)
  const field = at === undefined ? {} : { ...at, errors: [at] }
  return { type: typeOf(error._tag), title: row.title, titleTh: row.th, status: row.status, tag: error._tag, detail: error.message, ...field }
}

/** Input that does not decode: 400 (or 422 for a well-formed record the rules refuse), with every field and reason. */
export const invalidInput = (errors: ReadonlyArray<{ readonly path: string; readonly reason: string }>, status = 400): Problem => ({
  type: typeOf("InvalidInput"),
  title: "Invalid input",
  titleTh: "ข้อมูลที่ส่งมาไม่ถูกต้อง",
  status,
  tag: "InvalidInput",
  detail: errors.map((e) => `${e.path}: ${e.reason}`).join("; "),
  ...(errors[0] === undefined ? {} : { path: errors[0].path, reason: errors[0].reason }),
  errors
})

/** A problem of the HTTP layer itself (no token, too many requests, a body too large, …). */
export const http = (status: number, tag: string, title: string, th: string, detail: string): Problem => ({
  type: typeOf(tag),
  title,
  titleTh: th,
  status,
  tag,
  detail
})

/** A defect: nothing of it leaves the server but the request id to find it in the log. */
export const defect = (requestId: string): Problem => ({
  type: typeOf("InternalError"),
  title: "Internal error",
  titleTh: "ระบบขัดข้อง",
  status: 500,
  tag: "InternalError",
  detail: "the server failed to answer; quote the request id when you report it",
  requestId
})
