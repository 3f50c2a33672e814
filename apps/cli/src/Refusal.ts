/**
 * What the command line says when the domain refuses: one table from every tagged error
 * of the domain (`DomainError["_tag"]`, so a new tag fails to compile until it has a
 * row) to its exit status and its text in Thai and in English. The domain's own
 * messages stay plain English for logs and programs; people read these.
 */
import { type DomainError, Satang } from "@phungpao/domain"
import type * as Lang from "./Lang.js"

type Tag = DomainError["_tag"]
type Of<T extends Tag> = Extract<DomainError, { readonly _tag: T }>

interface Row<T extends Tag> {
  readonly exit: number
  readonly th: (e: Of<T>) => string
  readonly en: (e: Of<T>) => string
}

const th = (n: number) => Satang.format(n as Satang.Satang, "th")
const en = (n: number) => Satang.format(n as Satang.Satang, "en")

const what: Record<string, string> = {
  household: "ครัวเรือน",
  action: "กิจกรรมในแผน",
  entry: "รายการในสมุดบันทึก",
  problem: "ปัญหา",
  team: "ทีม",
  request: "คำขอ",
  receipt: "ใบรับเงิน",
  pledge: "คำมั่น",
  contributor: "ผู้บริจาค",
  record: "ข้อมูลสำรวจ",
  decision: "ผลการตัดสิน",
  token: "โทเค็น",
  settingsChange: "การเปลี่ยนการตั้งค่ากองทุน",
  job: "งาน",
  program: "โครงการ"
}

const englishWhat: Record<string, string> = { settingsChange: "settings change" }

export const table: { readonly [T in Tag]: Row<T> } = {
  // the kernel
  NotPermitted: {
    exit: 2,
    th: (e) => `${e.actorId} ไม่มีสิทธิ์ ${e.action}${e.requestId === undefined ? "" : ` คำขอ ${e.requestId}`}`,
    en: (e) => `${e.actorId} may not ${e.action}${e.requestId === undefined ? "" : ` request ${e.requestId}`}`
  },
  OutOfScope: {
    exit: 2,
    th: (e) => `พื้นที่ ${e.villageCode} อยู่นอกพื้นที่ที่ ${e.actorId} รับผิดชอบ`,
    en: (e) => `${e.villageCode.length === 8 ? "village" : "area"} ${e.villageCode} is outside the areas of ${e.actorId}`
  },
  NotFound: { exit: 2, th: (e) => `ไม่พบ${what[e.what] ?? e.what} ${e.id}`, en: (e) => `no ${englishWhat[e.what] ?? e.what} ${e.id}` },
  UnknownUser: {
    exit: 2,
    th: (e) => `ไม่มีผู้ใช้ ${e.id}: เพิ่มด้วย 'pnpm cli user add'`,
    en: (e) => `no user ${e.id}: add it with 'pnpm cli user add'`
  },
  Unauthenticated: {
    exit: 2,
    th: (e) => (e.reason === "missing" ? "ไม่มีโทเค็น" : `โทเค็นใช้ไม่ได้ (${e.reason === "unknown" ? "ไม่รู้จัก" : e.reason === "expired" ? "หมดอายุ" : "ถูกยกเลิก"})`),
    en: (e) => (e.reason === "missing" ? "no API token" : `the API token is ${e.reason}`)
  },
  IdentityUnproven: {
    exit: 2,
    th: (e) =>
      e.tokenUser === undefined
        ? `การทำในนาม ${e.claimed} ต้องใช้โทเค็นของ ${e.claimed}: ตั้ง PHUNGPAO_TOKEN (หรือ --token-file FILE; ในชุดคำสั่งใช้ --tokens FILE) เป็นโทเค็นที่ 'pnpm cli token create --user ${e.claimed}' ให้มา`
        : `โทเค็นนี้เป็นของ ${e.tokenUser} ไม่ใช่ของ ${e.claimed}: ใช้โทเค็นของ ${e.claimed} หรือไม่ต้องระบุ --as`,
    en: (e) =>
      e.tokenUser === undefined
        ? `acting as ${e.claimed} needs ${e.claimed}'s API token: set PHUNGPAO_TOKEN (or --token-file FILE; in a batch, --tokens FILE) to the token 'pnpm cli token create --user ${e.claimed}' printed`
        : `the API token is ${e.tokenUser}'s, not ${e.claimed}'s: give ${e.claimed}'s token, or leave out --as`
  },
  KeyReused: {
    exit: 2,
    th: (e) => `คีย์ ${e.key} ใช้กับคำสั่ง ${e.command} อื่นไปแล้ว`,
    en: (e) => `idempotency key ${e.key} was already used for a different ${e.command}`
  },
  // background jobs
  JobEnded: {
    exit: 2,
    th: (e) => `งาน ${e.job} ${e.status === "cancelled" ? "ถูกยกเลิกแล้ว" : e.status === "succeeded" ? "เสร็จแล้ว" : "ล้มเหลวแล้ว"}: ไม่มีอะไรให้ยกเลิก`,
    en: (e) => e.message
  },
  JobNotRetryable: {
    exit: 2,
    th: (e) => `งาน ${e.job} อยู่ในสถานะ ${e.status}: ลองใหม่ได้เฉพาะงานที่ล้มเหลวหรือถูกยกเลิก`,
    en: (e) => e.message
  },
  InvalidJobInput: { exit: 2, th: (e) => `งาน ${e.kind}: ${e.field} ${e.reason}`, en: (e) => e.message },
  UnreadableSource: { exit: 1, th: (e) => `อ่านไฟล์ ${e.path} ไม่ได้: ${e.reason}`, en: (e) => e.message },
  // the survey
  InvalidRecord: { exit: 1, th: (e) => `${e.path}: ${e.reason}`, en: (e) => `${e.path}: ${e.reason}` },
  // the registry
  NotEvaluated: {
    exit: 2,
    th: (e) => `รอบ ${e.round} ยังไม่มีผลการตัดสินตาม ${e.ruleSetKey}: ประมวลผลก่อน (pnpm cli evaluate --round ${e.round})`,
    en: (e) => `round ${e.round} has no decisions under ${e.ruleSetKey}: evaluate it first (evaluate --round ${e.round})`
  },
  // programs
  RuleRefused: {
    exit: 2,
    th: (e) => `กฎของโครงการใช้ไม่ได้ (บรรทัด ${e.line} ตำแหน่ง ${e.column}): ${e.reason}`,
    en: (e) => `the program rule is refused at line ${e.line}, column ${e.column}: ${e.reason}`
  },
  WrongStatus: {
    exit: 2,
    th: (e) => `โครงการ ${e.program} อยู่ในสถานะ${e.status === "draft" ? "ร่าง" : e.status === "active" ? "ดำเนินการ" : "ปิดแล้ว"}: ${e.action} ไม่ได้`,
    en: (e) => `program ${e.program} is ${e.status}: cannot ${e.action}`
  },
  InvalidNeed: {
    exit: 2,
    th: (e) => `โครงการ ${e.program}: คำตอบ ${e.field}: ${e.reason}`,
    en: (e) => `program ${e.program}: need ${e.field}: ${e.reason}`
  },
  NotBeneficiary: {
    exit: 2,
    th: (e) => `โครงการ ${e.program}: ครัวเรือน ${e.houseCode}${e.member === undefined ? "" : ` สมาชิกคนที่ ${e.member}`} ไม่ได้เป็นผู้รับประโยชน์`,
    en: (e) => `program ${e.program}: household ${e.houseCode}${e.member === undefined ? "" : ` member ${e.member}`} is not enrolled`
  },
  // the journey
  StepRequired: {
    exit: 2,
    th: (e) => `ครัวเรือน ${e.houseCode}: ${e.action} ไม่ได้ก่อนถึงขั้น ${e.required} (ตอนนี้ ${e.step === "none" ? "ยังไม่ตรวจสอบ" : e.step})`,
    en: (e) => `household ${e.houseCode}: cannot ${e.action} before it is ${e.required} (it is ${e.step === "none" ? "not yet verified" : e.step})`
  },
  AlreadyDone: { exit: 2, th: (e) => `ครัวเรือน ${e.houseCode}: ทำแล้ว (${e.action})`, en: (e) => `household ${e.houseCode}: already ${e.action}` },
  PlanIncomplete: {
    exit: 2,
    th: (e) => `ครัวเรือน ${e.houseCode}: แผนยังไม่มีกิจกรรมสำหรับปัญหา ${e.unaddressed.join(", ")}; เพิ่มกิจกรรม หรือระบุว่าแก้ได้เอง/แก้ไม่ได้พร้อมเหตุผล`,
    en: (e) => `household ${e.houseCode}: the plan addresses no action to problem(s) ${e.unaddressed.join(", ")}; add an action or mark them self-resolved or cannot resolve with a reason`
  },
  UnknownProblem: {
    exit: 2,
    th: (e) => `ครัวเรือน ${e.houseCode} ไม่มีปัญหาตัวชี้วัดที่ ${e.indicator}`,
    en: (e) => `household ${e.houseCode} has no problem for indicator ${e.indicator}`
  },
  ProblemClosed: {
    exit: 2,
    th: (e) => `ครัวเรือน ${e.houseCode}: ปัญหาข้อ ${e.indicator} ปิดแล้ว (${e.status})`,
    en: (e) => `household ${e.houseCode}: problem ${e.indicator} is already ${e.status}`
  },
  NoHelpToConfirm: {
    exit: 2,
    th: (e) => `ครัวเรือน ${e.houseCode}: ไม่มีการช่วยเหลือสำหรับปัญหาข้อ ${e.indicator} ก่อนการติดตาม จึงยืนยันว่าแก้ไขแล้วไม่ได้`,
    en: (e) => `household ${e.houseCode}: no help was recorded for problem ${e.indicator} before the visit, so the visit cannot confirm it solved`
  },
  NotInRound: {
    exit: 2,
    th: (e) => `ครัวเรือน ${e.houseCode}: ไม่มีข้อมูลในรอบ ${e.round} ของทะเบียน; นำเข้าข้อมูลก่อน ('pnpm cli import FILE --round ${e.round}')`,
    en: (e) => `household ${e.houseCode}: no record in round ${e.round} of the registry; import its field record first ('pnpm cli import FILE --round ${e.round}')`
  },
  VillageMismatch: {
    exit: 2,
    th: (e) => `ครัวเรือน ${e.houseCode}: --village ${e.villageCode}: ข้อมูลในรอบ ${e.round} อยู่หมู่บ้านอื่น`,
    en: (e) => `household ${e.houseCode}: --village ${e.villageCode}: its record in round ${e.round} lies in another village`
  },
  NotSurveyPoor: {
    exit: 2,
    th: (e) => `ครัวเรือน ${e.houseCode}: ข้อมูลรอบ ${e.round} ไม่ตกเกณฑ์มิติใด จึงไม่ใช่ครัวเรือนยากจนตามการสำรวจ`,
    en: (e) => `household ${e.houseCode}: its field record of round ${e.round} fails no dimension, so it is not survey-poor and has no problem for the journey`
  },
  RoundNotLater: {
    exit: 2,
    th: (e) => `ครัวเรือน ${e.houseCode}: รอบ ${e.round} ไม่ใหม่กว่ารอบ ${e.targetedIn} ที่เป็นเป้าหมาย`,
    en: (e) => `household ${e.houseCode}: round ${e.round} is not later than round ${e.targetedIn} it was targeted in`
  },
  UnknownAgency: {
    exit: 2,
    th: (e) => `ไม่มีหน่วยงาน ${e.code}: เพิ่มหน่วยงานก่อน (pnpm cli agency seed)`,
    en: (e) => `no agency ${e.code}: seed the agencies or add it first`
  },
  UnknownMember: {
    exit: 2,
    th: (e) =>
      e.reason === "checkDigit"
        ? `ครัวเรือน ${e.houseCode}: เลขประจำตัวประชาชนของสมาชิก (--member) หลักตรวจสอบไม่ถูกต้อง`
        : `ครัวเรือน ${e.houseCode}: เลขประจำตัวประชาชน (--member) ไม่ใช่สมาชิกของครัวเรือนในทะเบียน`,
    en: (e) =>
      e.reason === "checkDigit"
        ? `household ${e.houseCode}: --member: the citizen ID has a wrong check digit`
        : `household ${e.houseCode}: --member: the citizen ID is not a member of the household in any round of the registry`
  },
  NotReversible: {
    exit: 2,
    th: (e) => (e.reason === "isReversal" ? `รายการ ${e.entryId} เป็นการกลับรายการ: บันทึกการช่วยเหลือใหม่แทน` : `รายการ ${e.entryId} ถูกกลับรายการแล้ว`),
    en: (e) =>
      e.reason === "isReversal"
        ? `logbook entry ${e.entryId} is a reversal: record the help again instead of reversing the reversal`
        : `logbook entry ${e.entryId} is already reversed`
  },
  NotMentorTeam: {
    exit: 2,
    th: (e) => `ทีม ${e.teamId} เป็นทีม ${e.kind}; มอบหมายครัวเรือนได้เฉพาะทีมพี่เลี้ยง`,
    en: (e) => `team ${e.teamId} is a ${e.kind} team; only a mentor team is assigned to households`
  },
  TeamOutsideArea: {
    exit: 2,
    th: (e) => `ทีม ${e.teamId} ดูแลพื้นที่ ${e.teamArea} ไม่ใช่หมู่บ้าน ${e.villageCode}`,
    en: (e) => `team ${e.teamId} serves area ${e.teamArea}, not village ${e.villageCode}`
  },
  InvalidActionTransition: {
    exit: 2,
    th: (e) => `กิจกรรม ${e.actionId} เปลี่ยนจาก ${e.from} เป็น ${e.to} ไม่ได้`,
    en: (e) => `plan action ${e.actionId} cannot go from ${e.from} to ${e.to}`
  },
  // the fund
  NotConfigured: {
    exit: 2,
    th: () => "กองทุนยังไม่ได้ตั้งค่า (คณะกรรมการ องค์ประชุม เหรัญญิก วงเงิน): ตั้งค่าก่อนด้วย 'pnpm cli fund configure'",
    en: () => "the fund has no settings yet (committee, quorum, treasurers, limits): configure it first ('pnpm cli fund configure')"
  },
  NotInRegistry: {
    exit: 2,
    th: (e) => `ครัวเรือน ${e.houseCode} ไม่อยู่ในรอบสำรวจใดของทะเบียน: นำเข้าข้อมูลก่อน ('pnpm cli import FILE')`,
    en: (e) => `household ${e.houseCode} is in no survey round of the registry: import its record first ('pnpm cli import FILE')`
  },
  AlreadyApproved: { exit: 2, th: (e) => `${e.memberId} อนุมัติคำขอ ${e.requestId} ไปแล้ว`, en: (e) => `${e.memberId} already approved request ${e.requestId}` },
  InvalidTransition: {
    exit: 2,
    th: (e) => `คำขอ ${e.requestId} อยู่ในสถานะ ${e.state}: ${e.action} ไม่ได้`,
    en: (e) => `request ${e.requestId} is ${e.state}: it cannot ${e.action}`
  },
  OverCeiling: {
    exit: 2,
    th: (e) => `${th(e.amount)} เกินวงเงินต่อคำขอ ${th(e.ceiling)}`,
    en: (e) => `${en(e.amount)} is over the ceiling per request of ${en(e.ceiling)}`
  },
  OverHouseholdCap: {
    exit: 2,
    th: (e) => `ครัวเรือน ${e.houseCode} ได้รับแล้ว ${th(e.committed)} ในปีงบประมาณ ${e.fiscalYear}; อีก ${th(e.amount)} เกินเพดาน ${th(e.cap)}`,
    en: (e) => `household ${e.houseCode} has ${en(e.committed)} in fiscal ${e.fiscalYear}; ${en(e.amount)} more is over the cap of ${en(e.cap)}`
  },
  PoolRestricted: {
    exit: 2,
    th: (e) => `บัญชี ${e.pool} จ่ายเพื่อ ${e.purpose} ในหมู่บ้าน ${e.villageCode} ไม่ได้`,
    en: (e) => `pool ${e.pool} cannot pay for ${e.purpose} in village ${e.villageCode}`
  },
  SelfApproval: {
    exit: 2,
    th: (e) => `${e.memberId} เป็นผู้ขอคำขอ ${e.requestId} จึงอนุมัติเองไม่ได้`,
    en: (e) => `${e.memberId} asked for request ${e.requestId} and may not approve it`
  },
  InsufficientFunds: {
    exit: 2,
    th: (e) => `บัญชี ${e.pool} มีเงินคงเหลือ ${th(e.available)} แต่ ${e.movementId} ต้องใช้ ${th(e.amount)}`,
    en: (e) => `pool ${e.pool} has ${en(e.available)} available, ${e.movementId} needs ${en(e.amount)}`
  },
  OverLimit: {
    exit: 2,
    th: (e) => `รายการ ${e.movementId} จะทำให้บัญชี ${e.account} เกินขีดจำกัด ${th(e.limit)}`,
    en: (e) => `movement ${e.movementId} would take account ${e.account} past the limit of ${en(e.limit)}`
  },
  Unbalanced: {
    exit: 2,
    th: (e) => `รายการ ${e.movementId} ไม่สมดุล: เดบิต ${th(e.debits)} เครดิต ${th(e.credits)}`,
    en: (e) => `movement ${e.movementId} is unbalanced: debits ${en(e.debits)}, credits ${en(e.credits)}`
  },
  AlreadyConfigured: {
    exit: 2,
    th: () => "กองทุนตั้งค่าไว้แล้ว: เสนอการเปลี่ยนแปลงด้วย 'pnpm cli fund settings propose' ให้คณะกรรมการอนุมัติ",
    en: () => "the fund is configured already: propose a change with 'pnpm cli fund settings propose' for the committee to approve"
  },
  InvalidSettings: {
    exit: 2,
    th: (e) =>
      e.reason === "quorumBelowTwo"
        ? "องค์ประชุมต้องมีอย่างน้อย 2 คน: ไม่มีใครเบิกจ่ายเงินกองทุนได้คนเดียว"
        : `${e.user} มีสองตำแหน่ง: คณะกรรมการและเหรัญญิกต้องเป็นคนละคนกัน`,
    en: (e) =>
      e.reason === "quorumBelowTwo"
        ? "the quorum must be 2 at least: nobody moves the fund's money alone"
        : `${e.user} holds two seats: the committee and the treasurers must be different people`
  },
  SeatRoleMismatch: {
    exit: 2,
    th: (e) => `${e.user} มีบทบาท ${e.role} จึงเป็น${e.seat === "committee" ? "กรรมการกองทุน (ต้องมีบทบาท fundCommittee)" : "เหรัญญิก (ต้องมีบทบาท treasurer)"}ไม่ได้`,
    en: (e) => `${e.user} is a ${e.role}: a ${e.seat} seat needs the role ${e.seat === "committee" ? "fundCommittee" : "treasurer"}`
  },
  ProposalClosed: {
    exit: 2,
    th: (e) => `การเปลี่ยนการตั้งค่า ${e.changeId} ${e.state === "applied" ? "มีผลแล้ว" : "ถูกแทนที่ด้วยการเปลี่ยนแปลงอื่นแล้ว"}: อนุมัติไม่ได้`,
    en: (e) => `settings change ${e.changeId} is ${e.state}: it cannot be approved`
  },
  AlreadyApprovedChange: {
    exit: 2,
    th: (e) => `${e.memberId} อนุมัติการเปลี่ยนการตั้งค่า ${e.changeId} ไปแล้ว`,
    en: (e) => `${e.memberId} already approved settings change ${e.changeId}`
  },
  DuplicateReference: {
    exit: 2,
    th: (e) => `เลขอ้างอิงธนาคาร ${e.bankReference} บันทึกไว้แล้วเป็นใบรับเงิน ${e.receiptId}: ไม่บันทึกซ้ำ`,
    en: (e) => `bank reference ${e.bankReference} was already booked as receipt ${e.receiptId}: not booked again`
  },
  AlreadyReversed: {
    exit: 2,
    th: (e) => `ใบรับเงิน ${e.receiptId} ถูกกลับรายการแล้วโดย ${e.reversal}`,
    en: (e) => `receipt ${e.receiptId} was already reversed by ${e.reversal}`
  }
}

const isDomainError = (e: unknown): e is DomainError =>
  typeof e === "object" && e !== null && typeof (e as { _tag?: unknown })._tag === "string" && (e as { _tag: string })._tag in table

/**
 * The exit status and text of a refusal in the language asked for; an error the table
 * does not know (an adapter's, such as a database schema too new) says its own message.
 */
export const describe = (e: unknown, lang: Lang.Lang): { readonly exit: number; readonly text: string } => {
  if (!isDomainError(e)) return { exit: 2, text: e instanceof Error ? e.message : String(e) }
  const row = table[e._tag] as Row<Tag>
  return { exit: row.exit, text: row[lang](e as never) }
}
