/**
 * The port of the household journey: target households and their verification,
 * analysis and agreed plan; problems; plan actions; the append-only logbook; follow-up
 * visits; teams, users, agencies and district deadlines; and the idempotency record of
 * every command from outside. Every write happens inside `transact`, so a command checks
 * the household's facts and writes as one step. Adapters live in `@phungpao/db`;
 * `JourneyMemory` is the fake and the contract's reference.
 *
 * Sized for a province (~16k target households, a few problems, actions, entries and
 * visits each): reads are by house code or by area prefix, never a scan of the country.
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Agency from "./Agency.js"
import * as Idempotency from "../kernel/Idempotency.js"
import type * as Journey from "./Journey.js"
import type * as Logbook from "./Logbook.js"
import type * as Organisation from "./Organisation.js"
import type * as Plan from "./Plan.js"
import type * as Problem from "./Problem.js"
import type * as Progress from "./Progress.js"

/** The numbered things: `next` gives 1, 2, 3, … for each (gaps allowed, never a repeat). */
export type Sequence = "action" | "entry" | "visit"

export const Command = Schema.Literal(
  "enrol",
  "verify",
  "addHousehold",
  "analyse",
  "scoreCapitals",
  "addPlanAction",
  "agreePlan",
  "setActionStatus",
  "markProblem",
  "recordHelp",
  "reverseHelp",
  "recordVisit",
  "closeFromRound",
  "setDeadline",
  "assignMentorTeam",
  "putTeam",
  "putUser",
  "seedAgencies"
)
export type Command = typeof Command.Type

/** A journey command as recorded under its idempotency key (the fund's `Idempotency.Entry`, with the journey's commands). */
export const Recorded = Schema.Struct({
  key: Idempotency.Key,
  command: Command,
  hash: Schema.String,
  result: Schema.Unknown,
  at: Schema.String
}).annotations({ identifier: "JourneyIdempotencyEntry" })
export type Recorded = typeof Recorded.Type

/**
 * What a command may read and write inside one transaction. Reads see the transaction's
 * own writes; nothing is visible outside until it commits, and nothing is kept if it fails.
 */
export interface Transaction {
  readonly entry: (key: Idempotency.Key) => Effect.Effect<Option.Option<Recorded>>
  readonly record: (entry: Recorded) => Effect.Effect<void>
  readonly next: (sequence: Sequence) => Effect.Effect<number>
  /**
   * Everything about one household in the journey, or none if it is not in it: problems
   * by indicator number, actions and visits in the order made (by number), logbook
   * entries in the order appended.
   */
  readonly facts: (houseCode: string) => Effect.Effect<Option.Option<Journey.Facts>>
  /** The households (records only) whose village code starts with `area`, in house-code order. */
  readonly households: (area: string) => Effect.Effect<ReadonlyArray<Journey.Household>>
  /** Inserts the households not yet in the journey and leaves the others alone; returns how many were inserted. */
  readonly ensure: (households: ReadonlyArray<Journey.Household>) => Effect.Effect<number>
  /** Stores a household's record, new or changed, by house code. */
  readonly putHousehold: (household: Journey.Household) => Effect.Effect<void>
  /** Stores a problem, new or closed, by house code and indicator. */
  readonly putProblem: (problem: Problem.Problem) => Effect.Effect<void>
  readonly action: (id: Plan.ActionId) => Effect.Effect<Option.Option<Plan.Action>>
  /** Stores a plan action, new or in a new status, by id. */
  readonly putAction: (action: Plan.Action) => Effect.Effect<void>
  readonly logEntry: (id: Logbook.EntryId) => Effect.Effect<Option.Option<Logbook.Entry>>
  /** Appends to the logbook; a repeated id is a defect. There is no update and no delete, in any adapter. */
  readonly append: (entry: Logbook.Entry) => Effect.Effect<void>
  readonly putVisit: (visit: Journey.Visit) => Effect.Effect<void>
  readonly team: (id: string) => Effect.Effect<Option.Option<Organisation.Team>>
  readonly putTeam: (team: Organisation.Team) => Effect.Effect<void>
  readonly putUser: (user: Organisation.User) => Effect.Effect<void>
  readonly agency: (code: string) => Effect.Effect<Option.Option<Agency.Agency>>
  /** Adds or renames agencies by code. */
  readonly putAgencies: (agencies: ReadonlyArray<Agency.Agency>) => Effect.Effect<void>
  /** Sets or replaces a district's deadline. */
  readonly putDeadline: (deadline: Progress.Deadline) => Effect.Effect<void>
}

export class JourneyStore extends Context.Tag("@phungpao/domain/JourneyStore")<
  JourneyStore,
  {
    /**
     * Runs `f` as one transaction, serialised with every other `transact` of the journey:
     * what `f` read is still true when its writes commit. If `f` fails (or dies, or is
     * interrupted) nothing it wrote is kept, and its failure is passed on.
     *
     * A SQL adapter runs `f` between BEGIN and COMMIT on one connection holding the
     * journey's write lock from the start (SQLite `BEGIN IMMEDIATE`; PostgreSQL
     * `pg_advisory_xact_lock`), with unique keys on the idempotency key, (house code,
     * indicator) of problems, and the ids of actions, entries and visits. The logbook
     * table refuses UPDATE and DELETE by trigger on both engines.
     */
    readonly transact: <A, E>(f: (tx: Transaction) => Effect.Effect<A, E>) => Effect.Effect<A, E>
    /** Everything about the households whose village code starts with `area` ("" for all), in house-code order. */
    readonly facts: (area: string) => Effect.Effect<ReadonlyArray<Journey.Facts>>
    readonly household: (houseCode: string) => Effect.Effect<Option.Option<Journey.Facts>>
    /** Logbook entries of the households in `area`, in the order appended. */
    readonly logbook: (area: string) => Effect.Effect<ReadonlyArray<Logbook.Entry>>
    /** Teams whose area lies inside `area` or contains it ("" for all), by id. */
    readonly teams: (area: string) => Effect.Effect<ReadonlyArray<Organisation.Team>>
    readonly users: () => Effect.Effect<ReadonlyArray<Organisation.User>>
    /** One stored user by id: what every request of the API reads to know who acts. */
    readonly user: (id: string) => Effect.Effect<Option.Option<Organisation.User>>
    /** Agencies by code. */
    readonly agencies: () => Effect.Effect<ReadonlyArray<Agency.Agency>>
    /** Deadlines by district code. */
    readonly deadlines: () => Effect.Effect<ReadonlyArray<Progress.Deadline>>
    /** Every command recorded under an idempotency key, in the order recorded. */
    readonly entries: () => Effect.Effect<ReadonlyArray<Recorded>>
  }
>() {}
