/**
 * Targeted programs over HTTP: a rule's preview over a stored round (any rule, or a
 * stored program's with another round), the programs' definitions and status,
 * enrolment, beneficiaries, need answers, deliveries and their reversal, and the report.
 * Each route calls the `ProgramCommands` / `ProgramPreview` use case the CLI's `program …`
 * calls, with the acting user; citizen IDs are masked in every answer.
 */
import { Area, Logbook, Program, ProgramCommands as P, ProgramPreview, ProgramRule, RuleSet } from "@phungpao/domain"
import * as Geography from "@phungpao/domain/geography"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { define } from "../Route.js"
import { Cursor, Limit, OptionalArea, Page, pageOf, Round } from "./common.js"

const names = (code: string) => Geography.lookup(code)

const Id = Schema.Struct({ program: Program.ProgramId })

const By = Schema.optionalWith(Schema.Literal(...Area.levels).annotations({ description: "The level areas are counted at (default district)" }), { exact: true })

/** At most this many selected households listed in a preview. */
export const previewListLimit = 100

const ListCount = Schema.optionalWith(
  Schema.NumberFromString.pipe(Schema.int(), Schema.between(0, previewListLimit), Schema.annotations({ description: `Selected households to list, masked (0 to ${previewListLimit}, default 0)` })),
  { exact: true }
)

/** An area line's code and names (null where the directory has none). */
const areaFields = { area: Schema.String, nameTh: Schema.NullOr(Schema.String), nameEn: Schema.NullOr(Schema.String) }

const PreviewArea = Schema.Struct({
  ...areaFields,
  households: Schema.Int,
  members: Schema.Int
}).annotations({ identifier: "ProgramPreviewArea" })

/** The preview: exactly the fields of `program preview --format json`, then the first error messages and the list asked for. */
const PreviewAnswer = Schema.Struct({
  round: Schema.Int,
  unit: ProgramRule.Unit,
  where: Schema.String,
  households: Schema.Int,
  members: Schema.Int,
  errors: Schema.Int,
  areas: Schema.Array(PreviewArea),
  messages: Schema.Array(Schema.String),
  selected: Schema.Array(Schema.Struct({ houseCode: Schema.String, villageCode: Schema.String, members: Schema.Array(Schema.String) }))
}).annotations({ identifier: "ProgramPreview" })

const answerOf = (p: ProgramPreview.Preview) => ({ ...ProgramPreview.contract(p), messages: p.messages, selected: p.selected })

const compiled = (unit: ProgramRule.Unit, where: string) => {
  const rule = ProgramRule.compile(unit, where)
  return Either.isRight(rule) ? Effect.succeed(rule.right) : Effect.fail(rule.left)
}

/** What a caller sets of a program: the definition, the rule-set key defaulting to tpmap-2565's. */
const Create = Schema.Struct({
  ...Program.Definition.fields,
  ruleSetKey: Schema.optionalWith(Schema.NonEmptyTrimmedString.annotations({ description: "The rule-set key of the round's decisions (default tpmap-2565)" }), { exact: true })
}).annotations({ identifier: "ProgramCreate" })

const Shown = Schema.Struct({ ...Program.Beneficiary.fields, flagged: Schema.Boolean }).annotations({ identifier: "ProgramShownBeneficiary" })

const ReportLine = Schema.Struct({
  ...areaFields,
  households: Schema.Int,
  beneficiaries: Schema.Int,
  surveyed: Schema.Int,
  delivered: Schema.Int,
  spent: Schema.Int
}).annotations({ identifier: "ProgramReportLine" })

const Report = Schema.Struct({
  program: Schema.String,
  nameTh: Schema.String,
  nameEn: Schema.String,
  status: Program.Status,
  budget: Schema.Int,
  households: Schema.Int,
  beneficiaries: Schema.Int,
  surveyed: Schema.Int,
  delivered: Schema.Int,
  spent: Schema.Int,
  areas: Schema.Array(ReportLine)
}).annotations({ identifier: "ProgramReport" })

const numberKey = (p: Program.Program) => p.id.slice(2).padStart(12, "0")

const beneficiaryKey = (b: { readonly houseCode: string; readonly member?: number | undefined }) => `${b.houseCode}#${String(b.member ?? 0).padStart(2, "0")}`

export const routes = [
  define({
    method: "post",
    path: "/v1/programs/preview",
    operationId: "previewRule",
    tag: "programs",
    summary: "A rule's dry run over a stored round: who it would select, by area, with the first error messages and a masked list",
    description:
      "The rule is CEL over `household`, `member` (member rules) and `decision` (docs/programs.md). A rule that does not compile is refused (422) with its line, column and reason before any record is read. Stores nothing.",
    action: "readRegistry",
    writes: false,
    body: Schema.Struct({
      round: Schema.Int.pipe(Schema.between(2400, 2800)),
      unit: ProgramRule.Unit,
      where: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(ProgramRule.maxLength)),
      by: Schema.optionalWith(Schema.Literal(...Area.levels), { exact: true }),
      list: Schema.optionalWith(Schema.Int.pipe(Schema.between(0, previewListLimit)), { exact: true }),
      ruleSetKey: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true })
    }).annotations({ identifier: "ProgramPreviewRequest" }),
    response: PreviewAnswer,
    status: 200,
    handler: ({ actor, body }) =>
      Effect.gen(function* () {
        const rule = yield* compiled(body.unit, body.where)
        const options = { round: body.round, ruleSetKey: body.ruleSetKey ?? RuleSet.tpmap2565.id, by: body.by ?? "district", list: body.list ?? 0 }
        return answerOf(yield* ProgramPreview.preview(actor, rule, options, names))
      })
  }),
  define({
    method: "get",
    path: "/v1/programs",
    operationId: "listPrograms",
    tag: "programs",
    summary: "The programs, by number (a definition holds no personal data)",
    action: "readPrograms",
    query: Schema.Struct({ limit: Limit, cursor: Cursor }),
    response: Page(Program.Program, "ProgramPage"),
    handler: ({ actor, query }) => Effect.map(P.list(actor), (all) => pageOf(all, numberKey, query.cursor, query.limit))
  }),
  define({
    method: "post",
    path: "/v1/programs",
    operationId: "createProgram",
    tag: "programs",
    summary: "Defines a program as a draft; its rule is compiled first. A retry with the same Idempotency-Key answers the program the first call made",
    action: "managePrograms",
    body: Create,
    response: Program.Program,
    handler: ({ actor, key, body }) => P.create(actor, key, { ...body, ruleSetKey: body.ruleSetKey ?? RuleSet.tpmap2565.id })
  }),
  define({
    method: "get",
    path: "/v1/programs/{program}",
    operationId: "getProgram",
    tag: "programs",
    summary: "A program's definition and status",
    action: "readPrograms",
    params: Id,
    response: Program.Program,
    handler: ({ actor, params }) => P.show(actor, params.program)
  }),
  define({
    method: "post",
    path: "/v1/programs/{program}/activate",
    operationId: "activateProgram",
    tag: "programs",
    summary: "Draft → active: enrolment, the need survey and deliveries may start (409 from another status)",
    action: "managePrograms",
    idempotency: "none",
    params: Id,
    response: Program.Program,
    status: 200,
    handler: ({ actor, params }) => P.activate(actor, params.program)
  }),
  define({
    method: "post",
    path: "/v1/programs/{program}/close",
    operationId: "closeProgram",
    tag: "programs",
    summary: "Active → closed: nothing more is enrolled or delivered (409 from another status)",
    action: "managePrograms",
    idempotency: "none",
    params: Id,
    response: Program.Program,
    status: 200,
    handler: ({ actor, params }) => P.close(actor, params.program)
  }),
  define({
    method: "get",
    path: "/v1/programs/{program}/preview",
    operationId: "previewProgram",
    tag: "programs",
    summary: "A stored program's rule over its round, or what-if over another stored round (`round`), by area",
    action: "readRegistry",
    params: Id,
    query: Schema.Struct({ round: Schema.optionalWith(Round, { exact: true }), by: By, list: ListCount }),
    response: PreviewAnswer,
    handler: ({ actor, params, query }) =>
      Effect.gen(function* () {
        const program = yield* P.show(actor, params.program)
        const rule = yield* compiled(program.unit, program.where)
        const options = { round: query.round ?? program.round, ruleSetKey: program.ruleSetKey, by: query.by ?? "district", list: query.list ?? 0 }
        return answerOf(yield* ProgramPreview.preview(actor, rule, options, names))
      })
  }),
  define({
    method: "post",
    path: "/v1/programs/{program}/enrol",
    operationId: "enrolProgram",
    tag: "programs",
    summary: "Freezes the beneficiaries the rule selects in a stored round (the program's, or a later `round`): adds the new, flags those not selected again, drops no one",
    description: "Running it again over the same round adds no one: every run is kept as an enrolment with its counts.",
    action: "managePrograms",
    idempotency: "none",
    params: Id,
    body: Schema.Struct({ round: Schema.optionalWith(Schema.Int.pipe(Schema.between(2400, 2800)), { exact: true }) }),
    response: Program.Enrolment,
    status: 200,
    handler: ({ actor, params, body }) => P.enrol(actor, params.program, body.round)
  }),
  define({
    method: "get",
    path: "/v1/programs/{program}/beneficiaries",
    operationId: "listBeneficiaries",
    tag: "programs",
    summary: "The program's beneficiaries in the caller's areas, by house code and member, citizen IDs masked; `flagged` when the latest enrolment did not select them again",
    action: "readPrograms",
    params: Id,
    query: Schema.Struct({ area: OptionalArea, limit: Limit, cursor: Cursor }),
    response: Page(Shown, "ProgramBeneficiaryPage"),
    handler: ({ actor, params, query }) =>
      Effect.map(P.beneficiaries(actor, params.program), (all) =>
        pageOf(query.area === undefined ? all : all.filter((b) => b.villageCode.startsWith(query.area!)), beneficiaryKey, query.cursor, query.limit))
  }),
  define({
    method: "get",
    path: "/v1/programs/{program}/needs",
    operationId: "listNeeds",
    tag: "programs",
    summary: "The need survey's answers of the program's beneficiaries in the caller's areas",
    action: "readPrograms",
    params: Id,
    query: Schema.Struct({ limit: Limit, cursor: Cursor }),
    response: Page(Program.NeedAnswers, "ProgramNeedPage"),
    handler: ({ actor, params, query }) => Effect.map(P.needs(actor, params.program), (all) => pageOf(all, beneficiaryKey, query.cursor, query.limit))
  }),
  define({
    method: "post",
    path: "/v1/programs/{program}/needs",
    operationId: "recordNeed",
    tag: "programs",
    summary: "Records (or replaces) a beneficiary's need answers, typed by the program's need fields",
    action: "recordNeed",
    scoped: true,
    idempotency: "none",
    params: Id,
    body: P.RecordNeed.pipe(Schema.omit("program")),
    response: Program.NeedAnswers,
    status: 200,
    handler: ({ actor, params, body }) =>
      P.recordNeed(actor, { program: params.program, houseCode: body.houseCode, ...(body.member === undefined ? {} : { member: body.member }) }, body.answers)
  }),
  define({
    method: "post",
    path: "/v1/programs/{program}/deliveries",
    operationId: "deliver",
    tag: "programs",
    summary: "Delivers to a beneficiary: a logbook entry whose source is the program; with `fund`, the fund's payment of a reserved request of the household (a treasurer)",
    description: "A retry with the same Idempotency-Key answers the first delivery and writes nothing new.",
    action: "deliver",
    scoped: true,
    params: Id,
    body: P.Deliver.pipe(Schema.omit("program")),
    response: Program.Delivery,
    handler: ({ actor, key, params, body }) => P.deliver(actor, key, { ...body, program: params.program })
  }),
  define({
    method: "get",
    path: "/v1/programs/{program}/entries",
    operationId: "listProgramEntries",
    tag: "programs",
    summary: "The program's logbook entries in the caller's areas: its deliveries, their reversals, and the entries of the fund's payments, members masked",
    action: "readPrograms",
    params: Id,
    response: Schema.Struct({ items: Schema.Array(Logbook.Entry) }),
    handler: ({ actor, params }) => Effect.map(P.entries(actor, params.program), (items) => ({ items }))
  }),
  define({
    method: "post",
    path: "/v1/programs/{program}/entries/{entry}/reverse",
    operationId: "reverseDelivery",
    tag: "programs",
    summary: "Corrects a program's own delivery by appending its reversal (the opposite value), so the two net to zero; a second reversal is refused (409)",
    action: "deliver",
    scoped: true,
    idempotency: "none",
    params: Schema.Struct({ program: Program.ProgramId, entry: Logbook.EntryId }),
    body: P.ReverseDelivery,
    response: Logbook.Entry,
    handler: ({ actor, params, body }) => Effect.map(P.reverseDelivery(actor, params.program, params.entry, body), Logbook.masked)
  }),
  define({
    method: "get",
    path: "/v1/programs/{program}/report",
    operationId: "programReport",
    tag: "programs",
    summary: "Reached, surveyed, delivered and spent, in total and by area, cut to the caller's areas (as `program report --format json`)",
    action: "readPrograms",
    params: Id,
    query: Schema.Struct({ by: By }),
    response: Report,
    handler: ({ actor, params, query }) => P.report(actor, params.program, query.by ?? "district", names)
  })
]
