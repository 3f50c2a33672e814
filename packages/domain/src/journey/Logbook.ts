/**
 * The logbook (สมุดบันทึกการช่วยเหลือ): one append-only entry for every act of help given to
 * a household, whoever gave it and from whatever budget. A mistake is never edited: a
 * reversal entry with the opposite value points at the original, so an original and its
 * reversal net to zero and the history stays readable.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Agency from "./Agency.js"
import * as Area from "../kernel/Area.js"
import * as CalendarDate from "../kernel/CalendarDate.js"
import * as CitizenId from "../kernel/CitizenId.js"
import * as HouseCode from "../kernel/HouseCode.js"
import * as Organisation from "./Organisation.js"
import * as Plan from "./Plan.js"
import * as Satang from "../kernel/Satang.js"

export const EntryId = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9:._-]{0,99}$/, { identifier: "LogbookEntryId", description: "L- and a number, or fund: and a request id" }),
  Schema.brand("LogbookEntryId")
)
export type EntryId = typeof EntryId.Type

/** The id of the `n`th entry recorded through the journey. @example id(12) // "L-12" */
export const id = (n: number): EntryId => `L-${n}` as EntryId

/** The id of the entry a fund payment writes: one per paid request. @example fundEntryId("R-7") // "fund:R-7" */
export const fundEntryId = (request: string): EntryId => `fund:${request}` as EntryId

export const Kind = Schema.Literal("cash", "goods", "service", "training", "job", "housingRepair", "welfareEnrolment", "referral")
export type Kind = typeof Kind.Type

export const kindLabel: Record<Kind, { readonly th: string; readonly en: string }> = {
  cash: { th: "เงินสด", en: "cash" },
  goods: { th: "สิ่งของ", en: "goods" },
  service: { th: "บริการ", en: "service" },
  training: { th: "ฝึกอบรม", en: "training" },
  job: { th: "การจ้างงาน", en: "job" },
  housingRepair: { th: "ซ่อมแซมที่อยู่อาศัย", en: "housing repair" },
  welfareEnrolment: { th: "ขึ้นทะเบียนสวัสดิการ", en: "welfare enrolment" },
  referral: { th: "ส่งต่อ", en: "referral" }
}

/** Who gave the help: an agency, a team, a person, or several of them; at least one. */
export const Giver = Schema.Struct({
  agency: Schema.optionalWith(Agency.AgencyCode, { exact: true }),
  team: Schema.optionalWith(Organisation.TeamId, { exact: true }),
  person: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true })
}).pipe(
  Schema.filter((g) => g.agency !== undefined || g.team !== undefined || g.person !== undefined || "must name an agency, a team or a person"),
  Schema.annotations({ identifier: "Giver" })
)
export type Giver = typeof Giver.Type

/** An act of help as the giver reports it. */
export const HelpInput = Schema.Struct({
  houseCode: HouseCode.HouseCode,
  /** The member helped, when the help was personal: a citizen ID, personal data. */
  member: Schema.optionalWith(Schema.String, { exact: true }),
  on: CalendarDate.IsoDate,
  giver: Giver,
  kind: Kind,
  /** What the help was worth; 0 for a referral or a service without a price. */
  value: Satang.Satang.pipe(Schema.nonNegative()),
  /** Indicator numbers of the problems it addresses (may be empty: immediate relief). */
  problems: Schema.Array(Schema.Int),
  action: Schema.optionalWith(Plan.ActionId, { exact: true }),
  budgetSource: Plan.BudgetSource,
  /** A document or photo reference. */
  evidence: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true }),
  note: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true })
}).annotations({ identifier: "HelpInput" })
export type HelpInput = typeof HelpInput.Type

export const Entry = Schema.Struct({
  id: EntryId,
  ...HelpInput.fields,
  /** Kept on the entry so area reads need no join. */
  villageCode: Area.VillageCode,
  /** Negative on a reversal. */
  value: Satang.Satang,
  /** The fund request a payment entry came from. */
  fundRequest: Schema.optionalWith(Schema.String, { exact: true }),
  /** On a reversal: the entry it cancels and why. */
  reverses: Schema.optionalWith(EntryId, { exact: true }),
  reason: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true }),
  recordedBy: Schema.String,
  recordedAt: Schema.String
}).annotations({ identifier: "LogbookEntry" })
export type Entry = typeof Entry.Type

/** The entry cannot be reversed: it is itself a reversal, or already reversed. */
export class NotReversible extends Schema.TaggedError<NotReversible>()("NotReversible", {
  entryId: Schema.String,
  reason: Schema.Literal("isReversal", "alreadyReversed")
}) {
  override get message(): string {
    return this.reason === "isReversal"
      ? `logbook entry ${this.entryId} is a reversal: record the help again instead of reversing the reversal`
      : `logbook entry ${this.entryId} is already reversed`
  }
}

/** A new entry from a giver's report. */
export const record = (
  entryId: EntryId,
  input: HelpInput,
  villageCode: Area.AreaCode,
  recordedBy: string,
  recordedAt: string
): Entry => ({ ...input, id: entryId, villageCode, recordedBy, recordedAt })

/**
 * The reversal of `original` (the same help with the opposite value), or a refusal when
 * it is a reversal itself or `entries` already hold its reversal.
 *
 * @example reverse(entry, id(2), entries, { by: "u1", at, on: "2022-03-01", reason: "wrong household" }) // Either.right({ value: -entry.value, reverses: entry.id, … })
 */
export const reverse = (
  original: Entry,
  reversalId: EntryId,
  entries: ReadonlyArray<Entry>,
  correction: { readonly by: string; readonly at: string; readonly on: CalendarDate.IsoDate; readonly reason: string }
): Either.Either<Entry, NotReversible> => {
  if (original.reverses !== undefined) return Either.left(new NotReversible({ entryId: original.id, reason: "isReversal" }))
  if (entries.some((e) => e.reverses === original.id)) return Either.left(new NotReversible({ entryId: original.id, reason: "alreadyReversed" }))
  const { evidence: _evidence, note: _note, ...kept } = original
  return Either.right({
    ...kept,
    id: reversalId,
    on: correction.on,
    value: -original.value as Satang.Satang,
    reverses: original.id,
    reason: correction.reason,
    recordedBy: correction.by,
    recordedAt: correction.at
  })
}

/** The entries that still stand: neither reversals nor reversed. */
export const standing = (entries: ReadonlyArray<Entry>): ReadonlyArray<Entry> => {
  const reversed = new Set(entries.flatMap((e) => (e.reverses === undefined ? [] : [e.reverses])))
  return entries.filter((e) => e.reverses === undefined && !reversed.has(e.id))
}

/** The net value of entries: reversals subtract what they reverse. @example net([e, reversalOf(e)]) // 0 */
export const net = (entries: ReadonlyArray<Entry>): Satang.Satang => entries.reduce((sum, e) => sum + e.value, 0) as Satang.Satang

/** Whether standing help addresses the problem, directly or through the plan action it delivers. */
export const addresses = (entry: Entry, indicator: number, actions: ReadonlyArray<Plan.Action>): boolean =>
  entry.problems.includes(indicator) ||
  (entry.action !== undefined && actions.some((a) => a.id === entry.action && a.problems.includes(indicator)))

/**
 * A fund request as the logbook sees it (the fund's `FundRequest.Request` is one): the
 * journey does not depend on the fund, the fund writes into the journey's logbook.
 */
export interface FundPayment {
  readonly id: string
  readonly houseCode: Entry["houseCode"]
  readonly villageCode: Entry["villageCode"]
  readonly amount: Entry["value"]
  readonly reference?: string | undefined
  readonly state:
    | { readonly _tag: "requested" | "reserved" | "rejected" | "cancelled" }
    | {
        readonly _tag: "paid"
        readonly by: string
        readonly transferReference: string
        readonly paidOn: Entry["on"]
        readonly at: Entry["recordedAt"]
      }
}

/**
 * The logbook entry a paid fund request writes (budget source "fund"), built purely so
 * the fund's payment appends it in the same transaction. `undefined` while the request
 * is not paid. The paying treasurer is the giver and the recorder; the transfer is the
 * evidence; the request's reference is kept as the note.
 *
 * @example fromFundPayment(paidRequest, { kind: "goods", problems: [21] })?.id // "fund:R-7"
 */
export const fromFundPayment = (
  request: FundPayment,
  addressed: { readonly kind?: Kind; readonly problems?: ReadonlyArray<number>; readonly action?: Plan.ActionId } = {}
): Entry | undefined => {
  const state = request.state
  if (state._tag !== "paid") return undefined
  return {
    id: fundEntryId(request.id),
    houseCode: request.houseCode,
    villageCode: request.villageCode,
    on: state.paidOn,
    giver: { person: state.by },
    kind: addressed.kind ?? "cash",
    value: request.amount,
    problems: addressed.problems ?? [],
    ...(addressed.action === undefined ? {} : { action: addressed.action }),
    budgetSource: "fund",
    evidence: state.transferReference,
    ...(request.reference === undefined ? {} : { note: request.reference }),
    fundRequest: request.id,
    recordedBy: state.by,
    recordedAt: state.at
  }
}

/**
 * The entry as every read shows it unless the reader may and asks to unmask: the member
 * helped by masked citizen ID, and any citizen ID written into its free text (note,
 * evidence, a reversal's reason) masked too.
 */
export const masked = (entry: Entry): Entry => ({
  ...entry,
  ...(entry.member === undefined ? {} : { member: CitizenId.mask(entry.member) }),
  ...(entry.note === undefined ? {} : { note: CitizenId.maskIn(entry.note) }),
  ...(entry.evidence === undefined ? {} : { evidence: CitizenId.maskIn(entry.evidence) }),
  ...(entry.reason === undefined ? {} : { reason: CitizenId.maskIn(entry.reason) })
})

