/**
 * Receipts: money that arrived in the fund's bank account, with the bank's reference and
 * value date, unrestricted or restricted (earmarked) to a purpose and/or an area. Each
 * receipt is one receipt movement into its pool; a wrong one is corrected by a reversal.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as CalendarDate from "../kernel/CalendarDate.js"
import { ContributorId } from "./Contributor.js"
import * as Ledger from "./Ledger.js"
import { PledgeId } from "./Pledge.js"
import * as Pool from "./Pool.js"

export const ReceiptId = Schema.String.pipe(
  Schema.pattern(/^RC-\d+$/, { identifier: "ReceiptId", description: "RC- and a number" }),
  Schema.brand("ReceiptId")
)
export type ReceiptId = typeof ReceiptId.Type

/** The id of the `n`th receipt. @example id(12) // "RC-12" */
export const id = (n: number): ReceiptId => `RC-${n}` as ReceiptId

/** A receipt as the treasurer (or a bank statement) gives it. */
export const Input = Schema.Struct({
  bankReference: Schema.NonEmptyTrimmedString,
  valueDate: CalendarDate.IsoDate,
  amount: Ledger.Amount,
  /** `{}` for unrestricted money. */
  pool: Pool.Pool,
  contributor: Schema.optionalWith(ContributorId, { exact: true }),
  /** The pledge this money fulfils, wholly or partly. */
  pledge: Schema.optionalWith(PledgeId, { exact: true })
}).annotations({ identifier: "ReceiptInput" })
export type Input = typeof Input.Type

export const Reversal = Schema.Struct({
  movement: Ledger.MovementId,
  by: Schema.String,
  reason: Schema.NonEmptyTrimmedString,
  at: Ledger.Timestamp
})

export class Receipt extends Schema.Class<Receipt>("Receipt")({
  id: ReceiptId,
  ...Input.fields,
  movement: Ledger.MovementId,
  recordedAt: Ledger.Timestamp,
  recordedBy: Schema.String,
  /** Set when the receipt was found wrong and reversed. */
  reversal: Schema.optionalWith(Reversal, { exact: true })
}) {}

/** Reversing a receipt a second time. */
export class AlreadyReversed extends Schema.TaggedError<AlreadyReversed>()("AlreadyReversed", {
  receiptId: Schema.String,
  reversal: Schema.String
}) {
  override get message(): string {
    return `receipt ${this.receiptId} was already reversed by ${this.reversal}`
  }
}

/**
 * A bank reference as the books compare it: NFKC, trimmed and case-folded, so that
 * `KTB-0001`, ` ktb-0001` and `ＫＴＢ-０００１` are one transfer.
 *
 * @example referenceKey(" KTB-0001 ") // "ktb-0001"
 */
export const referenceKey = (bankReference: string): string => bankReference.normalize("NFKC").trim().toLowerCase()

/**
 * A receipt whose bank reference (as `referenceKey` compares it) was booked before, by
 * another command: the same transfer entered twice. A reversed receipt's reference stays
 * taken.
 */
export class DuplicateReference extends Schema.TaggedError<DuplicateReference>()("DuplicateReference", {
  bankReference: Schema.String,
  receiptId: Schema.String
}) {
  override get message(): string {
    return `bank reference ${this.bankReference} was already booked as receipt ${this.receiptId}`
  }
}

/**
 * A new receipt and its movement: debit the bank, credit the pool's available money.
 *
 * @example record(id(1), input, "treasurer-1", at).movement.postings // [bank debit, available(pool) credit]
 */
export const record = (
  receiptId: ReceiptId,
  input: Input,
  by: string,
  at: string
): { readonly receipt: Receipt; readonly movement: Ledger.Movement } => {
  const movement = Ledger.receipt(Ledger.movementId(receiptId, "receipt"), input.pool, input.amount, at)
  return {
    receipt: new Receipt({ ...input, id: receiptId, movement: movement.id, recordedAt: at, recordedBy: by }),
    movement
  }
}

/**
 * Reverses a wrongly recorded receipt, unless it was reversed already or its money is no
 * longer available (reserved or spent meanwhile): reversing it then would overdraw the
 * pool. `balance` is the pool's balance now.
 */
export const reverse = (
  receipt: Receipt,
  by: string,
  reason: string,
  at: string,
  balance: Ledger.PoolBalance
): Either.Either<{ readonly receipt: Receipt; readonly movement: Ledger.Movement }, AlreadyReversed | Ledger.InsufficientFunds> => {
  if (receipt.reversal !== undefined) {
    return Either.left(new AlreadyReversed({ receiptId: receipt.id, reversal: receipt.reversal.movement }))
  }
  const original = Ledger.receipt(receipt.movement, receipt.pool, receipt.amount, receipt.recordedAt)
  const movement = Ledger.reverse(original, Ledger.movementId(receipt.id, "reversal"), at)
  return Either.map(Ledger.cover(balance, movement), (movement) => ({
    receipt: new Receipt({ ...receipt, reversal: { movement: movement.id, by, reason, at } }),
    movement
  }))
}
