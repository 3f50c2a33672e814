/**
 * The port of stored programs: their definitions and status, enrolments with the frozen
 * beneficiary lists, need survey answers, and the deliveries (each pointing at the
 * logbook entry that is the delivery). Adapters live in `@phungpao/db`; `layerMemory`
 * (ProgramMemory) is for tests. Infrastructure failures are defects.
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type * as Program from "./Program.js"

export class ProgramStore extends Context.Tag("@phungpao/domain/ProgramStore")<
  ProgramStore,
  {
    /** The next number of a sequence (1, 2, …): program ids, and each program's deliveries. */
    readonly next: (sequence: string) => Effect.Effect<number>
    /**
     * Makes a program under a caller's key, in one transaction: the first call with the
     * key takes the next program number, stores `build(number)` and the key with `hash`;
     * a later call with the key stores nothing and answers the program the key made (as
     * it stands) with the hash stored then, for the caller to tell a replay from a reuse.
     */
    readonly create: (
      key: string,
      hash: string,
      build: (number: number) => Program.Program
    ) => Effect.Effect<{ readonly program: Program.Program; readonly hash: string }>
    /** Stores a program, new or with a changed status. */
    readonly put: (program: Program.Program) => Effect.Effect<void>
    readonly get: (id: Program.ProgramId) => Effect.Effect<Option.Option<Program.Program>>
    /** Every program, by number. */
    readonly list: () => Effect.Effect<ReadonlyArray<Program.Program>>
    /**
     * Stores one enrolment in one transaction: the run, the beneficiaries it added, and
     * the known ones it selected again (their `lastSelectedIn` moved). A second run with
     * the same number is a defect.
     */
    readonly enrol: (
      enrolment: Program.Enrolment,
      added: ReadonlyArray<Program.Beneficiary>,
      reselected: ReadonlyArray<Program.Beneficiary>
    ) => Effect.Effect<void>
    /** The enrolments of a program, by number. */
    readonly enrolments: (id: Program.ProgramId) => Effect.Effect<ReadonlyArray<Program.Enrolment>>
    /** The beneficiaries of a program, by house code and member place. */
    readonly beneficiaries: (id: Program.ProgramId) => Effect.Effect<ReadonlyArray<Program.Beneficiary>>
    /** Stores a beneficiary's need answers, replacing earlier ones. */
    readonly putNeed: (answers: Program.NeedAnswers) => Effect.Effect<void>
    /** The need answers of a program, by house code and member place. */
    readonly needs: (id: Program.ProgramId) => Effect.Effect<ReadonlyArray<Program.NeedAnswers>>
    /** The delivery stored under a caller's key, if any. */
    readonly delivery: (id: Program.ProgramId, key: string) => Effect.Effect<Option.Option<Program.Delivery>>
    /** Stores a delivery; one with a key already stored is a defect. */
    readonly putDelivery: (delivery: Program.Delivery) => Effect.Effect<void>
    /** The deliveries of a program, in the order stored. */
    readonly deliveries: (id: Program.ProgramId) => Effect.Effect<ReadonlyArray<Program.Delivery>>
  }
>() {}
