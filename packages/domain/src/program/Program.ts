/**
 * A targeted program (โครงการแบบพุ่งเป้า): a province's handout or service with its own
 * eligibility rule over a stored round, a budget, a need survey, a distribution, and a
 * life of draft → active → closed. Its beneficiaries are frozen at enrolment with what
 * selected each one; its need answers are typed by the survey's fields; its deliveries
 * are logbook entries. The rules here are plain functions over values.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Agency from "../journey/Agency.js"
import * as Area from "../kernel/Area.js"
import * as CalendarDate from "../kernel/CalendarDate.js"
import * as HouseCode from "../kernel/HouseCode.js"
import * as Satang from "../kernel/Satang.js"
import * as Logbook from "../journey/Logbook.js"
import * as ProgramRule from "./ProgramRule.js"

export const ProgramId = Schema.String.pipe(
  Schema.pattern(/^P-\d+$/, { identifier: "ProgramId", description: "P- and a number" }),
  Schema.brand("ProgramId")
)
export type ProgramId = typeof ProgramId.Type

/** The id of the `n`th program. @example id(3) // "P-3" */
export const id = (n: number): ProgramId => `P-${n}` as ProgramId

export const Status = Schema.Literal("draft", "active", "closed")
export type Status = typeof Status.Type

export const statusLabel: Record<Status, { readonly th: string; readonly en: string }> = {
  draft: { th: "ร่าง", en: "draft" },
  active: { th: "ดำเนินการ", en: "active" },
  closed: { th: "ปิดแล้ว", en: "closed" }
}

/** Who pays: an agency's Function budget, or the fund; with the amount set aside. */
export const Budget = Schema.Union(
  Schema.TaggedStruct("agency", { agency: Agency.AgencyCode, amount: Satang.Satang.pipe(Schema.nonNegative()) }),
  Schema.TaggedStruct("fund", { amount: Satang.Satang.pipe(Schema.nonNegative()) })
).annotations({ identifier: "ProgramBudget" })
export type Budget = typeof Budget.Type

/** One question of the need survey, asked of every beneficiary: a typed field. */
export const NeedField = Schema.Struct({
  name: Schema.String.pipe(Schema.pattern(/^[a-z][A-Za-z0-9]{0,39}$/, { description: "a camelCase name, e.g. uniformSize" })),
  type: Schema.Literal("text", "number", "boolean", "choice"),
  /** The allowed answers of a `choice` field, e.g. S M L XL. */
  choices: Schema.optionalWith(Schema.Array(Schema.NonEmptyTrimmedString).pipe(Schema.minItems(1)), { exact: true })
}).pipe(
  Schema.filter((f) => (f.type === "choice") === (f.choices !== undefined) || "choices are given for a choice field, and only for one"),
  Schema.annotations({ identifier: "NeedField" })
)
export type NeedField = typeof NeedField.Type

/** When and where the program hands out: once (a date and place), or in cycles. */
export const Distribution = Schema.Union(
  Schema.TaggedStruct("once", { on: CalendarDate.IsoDate, place: Schema.NonEmptyTrimmedString }),
  Schema.TaggedStruct("cycles", {
    from: CalendarDate.IsoDate,
    everyDays: Schema.Int.pipe(Schema.between(1, 366)),
    cycles: Schema.Int.pipe(Schema.between(1, 120)),
    place: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true })
  })
).annotations({ identifier: "ProgramDistribution" })
export type Distribution = typeof Distribution.Type

/** A program as its province defines it. */
export const Definition = Schema.Struct({
  nameTh: Schema.NonEmptyTrimmedString,
  nameEn: Schema.NonEmptyTrimmedString,
  purpose: Schema.NonEmptyTrimmedString,
  unit: ProgramRule.Unit,
  where: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(ProgramRule.maxLength)),
  /** The stored round the rule reads, and the rule-set key of its decisions. */
  round: Schema.Int,
  ruleSetKey: Schema.NonEmptyTrimmedString,
  budget: Budget,
  need: Schema.Array(NeedField),
  distribution: Distribution
}).annotations({ identifier: "ProgramDefinition" })
export type Definition = typeof Definition.Type

export const Program = Schema.Struct({
  id: ProgramId,
  ...Definition.fields,
  status: Status,
  createdBy: Schema.String,
  createdAt: Schema.String
}).annotations({ identifier: "Program" })
export type Program = typeof Program.Type

/** The program is not in the status the action needs. */
export class WrongStatus extends Schema.TaggedError<WrongStatus>()("WrongStatus", {
  program: Schema.String,
  status: Status,
  action: Schema.Literal("activate", "close", "enrol", "recordNeed", "deliver")
}) {
  override get message(): string {
    return `program ${this.program} is ${this.status}: cannot ${this.action}`
  }
}

/** A need answer that the program's survey does not ask, or of the wrong type. */
export class InvalidNeed extends Schema.TaggedError<InvalidNeed>()("InvalidNeed", {
  program: Schema.String,
  field: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `program ${this.program}: need ${this.field}: ${this.reason}`
  }
}

/** A delivery names no beneficiary of the program, or a fund request of another household. */
export class NotBeneficiary extends Schema.TaggedError<NotBeneficiary>()("NotBeneficiary", {
  program: Schema.String,
  houseCode: Schema.String,
  /** The member's place in the household's record (from 1), for a member program. */
  member: Schema.optionalWith(Schema.Int, { exact: true })
}) {
  override get message(): string {
    return `program ${this.program}: household ${this.houseCode}${this.member === undefined ? "" : ` member ${this.member}`} is not enrolled`
  }
}

const next: Record<"activate" | "close", { readonly from: Status; readonly to: Status }> = {
  activate: { from: "draft", to: "active" },
  close: { from: "active", to: "closed" }
}

/** The program after `activate` (draft → active) or `close` (active → closed), or the refusal. */
export const transition = (program: Program, action: "activate" | "close"): Either.Either<Program, WrongStatus> =>
  program.status === next[action].from
    ? Either.right({ ...program, status: next[action].to })
    : Either.left(new WrongStatus({ program: program.id, status: program.status, action }))

/** What selected a beneficiary: the rule's text, the round, and the decision's key. */
export const Selection = Schema.Struct({
  enrolment: Schema.Int,
  round: Schema.Int,
  where: Schema.String,
  ruleSetKey: Schema.String
}).annotations({ identifier: "ProgramSelection" })
export type Selection = typeof Selection.Type

/**
 * A beneficiary, frozen at the enrolment that first selected them: the household (and
 * member, by place and citizen ID) and what selected them. A later enrolment that does
 * not select them again flags them (`lastSelectedIn` stays behind); it never drops them.
 */
export const Beneficiary = Schema.Struct({
  program: ProgramId,
  houseCode: HouseCode.HouseCode,
  villageCode: Area.VillageCode,
  /** The member's place in the household's record (from 1) for a member program. */
  member: Schema.optionalWith(Schema.Int, { exact: true }),
  /** The member's citizen ID: personal data, masked on every read. */
  citizenId: Schema.optionalWith(Schema.String, { exact: true }),
  /** People in the household when selected. */
  persons: Schema.Int,
  selectedBy: Selection,
  /** The latest enrolment that selected them. */
  lastSelectedIn: Schema.Int
}).annotations({ identifier: "ProgramBeneficiary" })
export type Beneficiary = typeof Beneficiary.Type

/** A beneficiary's key within its program: the house code, and the member's place. @example key(b) // "33010000001#2" */
export const key = (b: { readonly houseCode: string; readonly member?: number | undefined }): string =>
  b.member === undefined ? b.houseCode : `${b.houseCode}#${b.member}`

/** One run of enrolment, as stored: what it read and what it did. */
export const Enrolment = Schema.Struct({
  program: ProgramId,
  number: Schema.Int,
  round: Schema.Int,
  where: Schema.String,
  ruleSetKey: Schema.String,
  /** Newly selected, selected again, and enrolled before but not selected by this run (flagged, kept). */
  added: Schema.Int,
  kept: Schema.Int,
  notReselected: Schema.Int,
  errors: Schema.Int,
  by: Schema.String,
  at: Schema.String
}).annotations({ identifier: "ProgramEnrolment" })
export type Enrolment = typeof Enrolment.Type

/**
 * The beneficiary list after an enrolment: the selected ones not enrolled yet are added
 * with this selection; the ones enrolled before keep their first selection, moved to
 * `lastSelectedIn` this run when selected again. Nobody is dropped.
 *
 * @example merge(before, selected, selection).added.length // the newly enrolled
 */
export const merge = (
  before: ReadonlyArray<Beneficiary>,
  selected: ReadonlyArray<Omit<Beneficiary, "selectedBy" | "lastSelectedIn">>,
  selection: Selection
): { readonly added: ReadonlyArray<Beneficiary>; readonly reselected: ReadonlyArray<Beneficiary>; readonly notReselected: ReadonlyArray<Beneficiary> } => {
  const known = new Map(before.map((b) => [key(b), b]))
  const chosen = new Set<string>()
  const added: Array<Beneficiary> = []
  const reselected: Array<Beneficiary> = []
  for (const s of selected) {
    const k = key(s)
    chosen.add(k)
    const old = known.get(k)
    if (old === undefined) added.push({ ...s, selectedBy: selection, lastSelectedIn: selection.enrolment })
    else reselected.push({ ...old, lastSelectedIn: selection.enrolment })
  }
  return { added, reselected, notReselected: before.filter((b) => !chosen.has(key(b))) }
}

/** The need survey answers of one beneficiary (the latest replace earlier ones). */
export const NeedAnswers = Schema.Struct({
  program: ProgramId,
  houseCode: HouseCode.HouseCode,
  member: Schema.optionalWith(Schema.Int, { exact: true }),
  answers: Schema.Record({ key: Schema.String, value: Schema.Union(Schema.String, Schema.Number, Schema.Boolean) }),
  recordedBy: Schema.String,
  recordedAt: Schema.String
}).annotations({ identifier: "ProgramNeedAnswers" })
export type NeedAnswers = typeof NeedAnswers.Type

/**
 * Answers typed by the program's need fields, from text as a form or the command line
 * gives them: every field answered, none unknown.
 *
 * @example answers(program, { uniformSize: "M" }) // Either.right({ uniformSize: "M" })
 */
export const answers = (program: Program, raw: Readonly<Record<string, string>>): Either.Either<NeedAnswers["answers"], InvalidNeed> => {
  const refuse = (field: string, reason: string) => Either.left(new InvalidNeed({ program: program.id, field, reason }))
  for (const name of Object.keys(raw)) if (!program.need.some((f) => f.name === name)) return refuse(name, "the need survey does not ask it")
  const out: Record<string, string | number | boolean> = {}
  for (const f of program.need) {
    const v = raw[f.name]
    if (v === undefined || v.trim() === "") return refuse(f.name, "is required")
    switch (f.type) {
      case "text":
        out[f.name] = v.trim()
        break
      case "number": {
        const n = Number(v)
        if (!Number.isFinite(n) || n < 0) return refuse(f.name, "must be a number ≥ 0")
        out[f.name] = n
        break
      }
      case "boolean":
        if (v !== "true" && v !== "false") return refuse(f.name, "must be true or false")
        out[f.name] = v === "true"
        break
      case "choice":
        if (!f.choices!.includes(v)) return refuse(f.name, `must be one of ${f.choices!.join(", ")}`)
        out[f.name] = v
    }
  }
  return Either.right(out)
}

/** A delivery as stored: the beneficiary, the logbook entry that is the delivery, and the fund request that paid it. */
export const Delivery = Schema.Struct({
  program: ProgramId,
  /** The caller's idempotency key: a replay returns this delivery. */
  key: Schema.String,
  houseCode: HouseCode.HouseCode,
  member: Schema.optionalWith(Schema.Int, { exact: true }),
  entry: Logbook.EntryId,
  fundRequest: Schema.optionalWith(Schema.String, { exact: true })
}).annotations({ identifier: "ProgramDelivery" })
export type Delivery = typeof Delivery.Type

/** The logbook entry id of a program's `n`th delivery (its source is the program). @example entryId(id(1), 4) // "program:P-1:4" */
export const entryId = (program: ProgramId, n: number): Logbook.EntryId => `program:${program}:${n}` as Logbook.EntryId

/** The id of the reversal of a program's delivery entry: one at most. */
export const reversalId = (entry: Logbook.EntryId): Logbook.EntryId => `${entry}:reversal` as Logbook.EntryId

/** The budget source the logbook records for the program's deliveries. */
export const budgetSource = (program: Program): Logbook.Entry["budgetSource"] => (program.budget._tag === "fund" ? "fund" : "agencyFunction")
