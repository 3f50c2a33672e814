/**
 * The kinds of background job: for each, its input (a Schema), how it is cut into tasks
 * (the plan, run by the first worker to take the job), what one task does (through the
 * use cases the command line runs, as the job's submitter) and how the tasks' results are
 * combined. Every task may run twice and store the same thing once: imports and decisions
 * are stored by key, problems close once, an export part is written afresh.
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Access from "../kernel/Access.js"
import type * as Actor from "../kernel/Actor.js"
import * as CalendarDate from "../kernel/CalendarDate.js"
import * as AreaFigures from "../survey/AreaFigures.js"
import * as RuleSet from "../survey/RuleSet.js"
import { AreaDirectory, DecisionStore, HouseholdRegistry } from "../registry/Registry.js"
import type * as Audit from "../kernel/Audit.js"
import type { JourneyStore } from "../journey/JourneyStore.js"
import type { FundStore } from "../fund/FundStore.js"
import * as RoundEvaluation from "../registry/RoundEvaluation.js"
import * as RoundExport from "../registry/RoundExport.js"
import * as SurveyImport from "../registry/SurveyImport.js"
import * as JourneyCommands from "../journey/JourneyCommands.js"
import * as FundCommands from "../fund/FundCommands.js"
import * as Program from "../program/Program.js"
import * as ProgramCommands from "../program/ProgramCommands.js"
import { ProgramStore } from "../program/ProgramStore.js"
import type * as Job from "./Job.js"
import { ExportSink, type ImportChunk, JobStore, SurveySource } from "./JobStore.js"

/** What a task did: the rows it handled and its result (JSON). */
export interface Done {
  readonly rows: number
  readonly result: unknown
}

/** One kind of job. `I` is its input, `S` a task's spec (what the plan gives each task). */
/** A refusal of a use case a task runs: one of the domain's tagged errors. */
type Refusal = { readonly _tag: string; readonly message: string }

export interface Definition<I, S, R> {
  readonly kind: Job.Kind
  readonly label: { readonly th: string; readonly en: string }
  /** The action of `Access.table` the kind's use case checks: submitting it needs it too. */
  readonly action: (input: I) => Access.Action
  readonly input: Schema.Schema<I, any>
  readonly spec: Schema.Schema<S, any>
  /**
   * Whether the job's tasks must run one after another: an import's batches do, as each
   * checks citizen IDs against the households stored before it.
   */
  readonly serial: boolean
  /** Attempts a task of this kind gets before it fails its job (default `Jobs.maxAttempts`). */
  readonly attempts?: number
  readonly plan: (actor: Actor.Actor, input: I, job: Job.Job) => Effect.Effect<ReadonlyArray<S>, Refusal, R>
  readonly run: (actor: Actor.Actor, input: I, spec: S, job: Job.Job, index: number) => Effect.Effect<Done, Refusal, R>
  readonly combine: (input: I, results: ReadonlyArray<unknown>, job: Job.Job) => Effect.Effect<unknown, never, R>
}

/** What the job kinds need: the registry's, journey's and fund's ports, files, and the job store. */
export type Needs =
  | HouseholdRegistry
  | DecisionStore
  | AreaDirectory
  | JourneyStore
  | FundStore
  | ProgramStore
  | Audit.AuditLog
  | SurveySource
  | ExportSink
  | JobStore

const define = <I, S>(d: Definition<I, S, Needs>) => d

const Round = Schema.Int.pipe(Schema.between(2500, 2700))
/** Households a task takes: an evaluation, a close or an export part. */
const PartSize = Schema.Int.pipe(Schema.between(100, 1_000_000))
const defaultPartSize = 20_000

const Part = Schema.Struct({
  after: Schema.optionalWith(Schema.String, { exact: true }),
  through: Schema.optionalWith(Schema.String, { exact: true })
})

/** The round cut into parts of about `size` households (one part for a small round). */
const partsOf = (round: number, size: number) =>
  Effect.gen(function* () {
    const registry = yield* HouseholdRegistry
    const summary = (yield* registry.rounds()).find((r) => r.round === round)
    const count = Math.max(1, Math.ceil((summary?.households ?? 0) / size))
    return yield* RoundEvaluation.parts(round, count, Math.min(size, 1000))
  })

const sum = (results: ReadonlyArray<unknown>, field: string): number =>
  results.reduce<number>((n, r) => n + Number((r as Record<string, unknown> | undefined)?.[field] ?? 0), 0)

export const importKind = define({
  kind: "import",
  label: { th: "นำเข้าข้อมูลสำรวจ", en: "import a survey file" },
  action: () => "importSurvey",
  input: Schema.Struct({
    round: Round,
    /** The file, where the workers can read it (a path on their shared storage). */
    path: Schema.NonEmptyTrimmedString,
    batch: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 20_000)), { exact: true })
  }),
  spec: Schema.Struct({ chunk: Schema.Int }),
  serial: true,
  plan: (_actor, input, job) =>
    Effect.gen(function* () {
      const store = yield* JobStore
      const source = yield* SurveySource
      const { batches } = yield* source.batches(input.path, input.round, input.batch ?? 2000, (chunk, index) =>
        store.putChunk(job.id, index, chunk)
      )
      return Array.from({ length: batches }, (_, chunk) => ({ chunk }))
    }),
  run: (actor, input, spec, job) =>
    Effect.gen(function* () {
      const store = yield* JobStore
      const found = yield* store.chunk(job.id, spec.chunk)
      if (found._tag === "None") return yield* Effect.dieMessage(`job ${job.id} has no batch ${spec.chunk}`)
      const chunk = found.value as ImportChunk
      const outcome = yield* SurveyImport.batch(actor, input.round, chunk.items)
      const rejected = [...chunk.rejected, ...outcome.rejected].sort((a, b) => a.line - b.line)
      return {
        rows: chunk.items.length + chunk.rejected.length,
        result: { inserted: outcome.inserted, updated: outcome.updated, unchanged: outcome.unchanged, rejected }
      }
    }),
  combine: (input, results) =>
    Effect.succeed({
      round: input.round,
      inserted: sum(results, "inserted"),
      updated: sum(results, "updated"),
      unchanged: sum(results, "unchanged"),
      rejected: results.reduce<number>((n, r) => n + ((r as { rejected?: ReadonlyArray<unknown> }).rejected?.length ?? 0), 0)
    })
})

export const evaluateRound = define({
  kind: "evaluate-round",
  label: { th: "ประมวลผลรอบสำรวจ", en: "evaluate a round" },
  action: () => "evaluateRound",
  input: Schema.Struct({ round: Round, partSize: Schema.optionalWith(PartSize, { exact: true }) }),
  spec: Schema.Struct({ ...Part.fields, evaluatedAt: Schema.String }),
  serial: false,
  plan: (_actor, input, job) =>
    Effect.map(partsOf(input.round, input.partSize ?? defaultPartSize), (parts) =>
      // One evaluation, one time: every part stores its decisions as evaluated when the job started.
      parts.map((part) => ({ ...part, evaluatedAt: job.startedAt ?? job.submittedAt })))
  ,
  run: (actor, input, spec) =>
    Effect.map(RoundEvaluation.run(actor, input.round, RuleSet.resolve(), spec), (r) => ({ rows: r.households, result: r.tally })),
  combine: (input, results) =>
    Effect.sync(() => {
      const total = (results as ReadonlyArray<AreaFigures.Tally>).reduce(AreaFigures.combine, AreaFigures.empty())
      return { round: input.round, ruleSet: RuleSet.resolve().key, ...AreaFigures.figures(total) }
    })
})

export const closeFromRound = define({
  kind: "close-from-round",
  label: { th: "ปิดปัญหาจากรอบสำรวจใหม่", en: "close problems from a later round" },
  action: () => "closeFromRound",
  input: Schema.Struct({ round: Round, on: CalendarDate.IsoDate, partSize: Schema.optionalWith(PartSize, { exact: true }) }),
  spec: Part,
  serial: false,
  plan: (_actor, input) => partsOf(input.round, input.partSize ?? defaultPartSize),
  run: (actor, input, spec) =>
    Effect.map(JourneyCommands.closeFromStoredRound(actor, input.round, input.on, undefined, spec), (r) => ({
      rows: r.decisions,
      result: { closed: r.closed }
    })),
  combine: (input, results) => Effect.succeed({ round: input.round, on: input.on, closed: sum(results, "closed") })
})

export const exportRound = define({
  kind: "export",
  label: { th: "ส่งออกรอบสำรวจ", en: "export a round" },
  action: () => "exportRound",
  input: Schema.Struct({
    round: Round,
    /** The NDJSON file to write, where the workers can write it. */
    out: Schema.NonEmptyTrimmedString,
    partSize: Schema.optionalWith(PartSize, { exact: true })
  }),
  spec: Part,
  serial: false,
  plan: (_actor, input) => partsOf(input.round, input.partSize ?? defaultPartSize),
  run: (actor, input, spec, _job, index) =>
    Effect.gen(function* () {
      const sink = yield* ExportSink
      let after = spec.after
      let records = 0
      for (;;) {
        const page = yield* RoundExport.page(actor, input.round, after, 2000, spec.through)
        if (page.length > 0 || records === 0) yield* sink.write(input.out, index, page, records === 0)
        records += page.length
        if (page.length < 2000) break
        after = page[page.length - 1]!.houseCode
      }
      return { rows: records, result: { records } }
    }),
  combine: (input, results) =>
    Effect.map(Effect.flatMap(ExportSink, (sink) => sink.join(input.out, results.length)), (bytes) => ({
      round: input.round,
      out: input.out,
      records: sum(results, "records"),
      bytes
    }))
})

export const fundReport = define({
  kind: "fund-report",
  label: { th: "รายงานกองทุน", en: "fund report" },
  action: (input) => (input.audience === "committee" ? "readFund" : "readReport"),
  input: Schema.Struct({ audience: Schema.Literal("committee", "public") }),
  spec: Schema.Struct({}),
  serial: false,
  plan: () => Effect.succeed([{}]),
  run: (actor, input) =>
    Effect.map(input.audience === "committee" ? FundCommands.committeeReport(actor) : (FundCommands.publicReport as Effect.Effect<unknown, never, FundStore>), (report) => ({
      rows: 1,
      result: JSON.parse(JSON.stringify(report)) as unknown
    })),
  combine: (_input, results) => Effect.succeed(results[0])
})

/** One district's reminders: plan actions past due and target households with no help recorded. */
export const DistrictReminders = Schema.Struct({
  district: Schema.String,
  overdue: Schema.Array(
    Schema.Struct({ houseCode: Schema.String, villageCode: Schema.String, action: Schema.String, due: Schema.String, daysLate: Schema.Int })
  ),
  noHelp: Schema.Array(Schema.Struct({ houseCode: Schema.String, villageCode: Schema.String }))
}).annotations({ identifier: "DistrictReminders" })
export type DistrictReminders = typeof DistrictReminders.Type

export const Reminders = Schema.Struct({ on: Schema.String, districts: Schema.Array(DistrictReminders) }).annotations({
  identifier: "Reminders"
})
export type Reminders = typeof Reminders.Type

export const overdueReminders = define({
  kind: "overdue-reminders",
  label: { th: "แจ้งเตือนงานเกินกำหนด", en: "overdue reminders" },
  action: () => "readJourney",
  input: Schema.Struct({ on: CalendarDate.IsoDate }),
  spec: Schema.Struct({ district: Schema.String }),
  serial: false,
  plan: (actor) =>
    Effect.gen(function* () {
      const districts = new Set<string>()
      for (const area of actor.scope) {
        for (const a of yield* JourneyCommands.progress(actor, area)) if (a.level === "district") districts.add(a.code)
      }
      return [...districts].sort().map((district) => ({ district }))
    }),
  run: (actor, _input, spec) =>
    Effect.gen(function* () {
      const overdue = yield* JourneyCommands.overdue(actor, spec.district)
      const noHelp = yield* JourneyCommands.noHelp(actor, spec.district)
      const result: DistrictReminders = {
        district: spec.district,
        overdue: overdue.map((o) => ({ houseCode: o.houseCode, villageCode: o.villageCode, action: o.action.id, due: o.action.due, daysLate: o.daysLate })),
        noHelp: noHelp.map((s) => ({ houseCode: s.houseCode, villageCode: s.villageCode }))
      }
      return { rows: overdue.length + noHelp.length, result }
    }),
  combine: (input, results) => Effect.succeed({ on: input.on, districts: results as ReadonlyArray<DistrictReminders> } satisfies Reminders)
})

/**
 * A program's enrolment over a big round, in the background: one task, numbered at the
 * plan, so that the task run again answers the enrolment it made and makes no second one.
 */
export const programEnrol = define({
  kind: "program-enrol",
  label: { th: "ลงทะเบียนผู้รับประโยชน์ของโครงการ", en: "enrol a program's beneficiaries" },
  action: () => "managePrograms",
  input: Schema.Struct({ program: Program.ProgramId, round: Schema.optionalWith(Round, { exact: true }) }),
  spec: Schema.Struct({ number: Schema.Int }),
  serial: true,
  plan: (_actor, input) => Effect.map(Effect.flatMap(ProgramStore, (store) => store.enrolments(input.program)), (before) => [{ number: before.length + 1 }]),
  run: (actor, input, spec) =>
    Effect.map(ProgramCommands.enrol(actor, input.program, input.round, spec.number), (enrolment) => ({
      rows: enrolment.added + enrolment.kept + enrolment.errors,
      result: enrolment as unknown
    })),
  combine: (_input, results) => Effect.succeed(results[0])
})

export const all = {
  import: importKind,
  "evaluate-round": evaluateRound,
  "close-from-round": closeFromRound,
  export: exportRound,
  "fund-report": fundReport,
  "overdue-reminders": overdueReminders,
  "program-enrol": programEnrol
} as const


/** The kinds as a worker runs them: each by its name (tests give kinds of their own). */
export type Registry = Readonly<Record<Job.Kind, Definition<any, any, Needs>>>
