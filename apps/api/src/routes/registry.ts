/**
 * The rules and the registry over HTTP: evaluating records, the rule set, the stored
 * rounds, their households and decisions, area reports and round diffs. Each route
 * decodes, calls one use case of the domain with the acting user, and encodes.
 */
import { Access, Area, Audit, Decision, Dimension, Indicator, RecordEvaluation, RegistryReads, RoundDiff, RoundReport, RuleSet } from "@phungpao/domain"
import * as Geography from "@phungpao/domain/geography"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import { define } from "../Route.js"
import { afterOf, Cursor, cursorOf, HouseCodeParam, Limit, Loose, OptionalArea, Page, Round, Unmask, wantsUnmasked } from "./common.js"

/** At most this many records in one `POST /v1/evaluate`. */
export const evaluateLimit = 1000

/** What-if parameters, as in the CLI's `--param`: each optional, a number. */
const whatIf = Object.fromEntries(
  Object.entries(Indicator.Parameters.fields).map(([name, field]) => [
    name,
    Schema.optionalWith(Schema.compose(Schema.NumberFromString, field as Schema.Schema<number, number>), { exact: true })
  ])
) as unknown as { readonly [K in keyof Indicator.Parameters]: Schema.optionalWith<Schema.Schema<number, string>, { exact: true }> }

const ruleSetOf = (query: Partial<Record<keyof Indicator.Parameters, number>>) => {
  const overrides = Object.fromEntries(Object.entries(query).filter(([name, v]) => name in Indicator.Parameters.fields && v !== undefined))
  return RuleSet.resolve(overrides)
}

const RuleSetAnswer = Schema.Struct({
  id: Schema.String,
  parameters: Indicator.Parameters,
  dimensions: Schema.Array(Schema.Struct({ dimension: Dimension.Dimension, th: Schema.String, en: Schema.String })),
  indicators: Schema.Array(
    Schema.Struct({
      indicator: Schema.Int,
      dimension: Dimension.Dimension,
      scope: Schema.Literal("household", "member"),
      wording: Schema.Struct({ th: Schema.String, en: Schema.String }),
      passesWhen: Schema.Unknown,
      appliesTo: Schema.optionalWith(Schema.Unknown, { exact: true })
    })
  )
}).annotations({ identifier: "RuleSetDescription" })

const DecisionOrMany = Schema.Union(Decision.Decision, Schema.Array(Decision.Decision)).annotations({ identifier: "Decisions" })

/** Docs only: a record or an array of them (decoded by `RecordEvaluation.decide`, which names the field at fault). */
const Records = Schema.Unknown.annotations({
  identifier: "SurveyRecords",
  description: `One survey record (tpmap-2565's fields, see GET /v1/rule-sets/tpmap-2565) or an array of at most ${evaluateLimit}`
})

const RoundSummary = Schema.Struct({ round: Schema.Int, households: Schema.Int, persons: Schema.Int }).annotations({ identifier: "RoundSummary" })

const Item = Schema.Struct({
  houseCode: Schema.String,
  villageCode: Schema.String,
  houseNumber: Schema.optionalWith(Schema.String, { exact: true }),
  surveyYear: Schema.Int,
  size: Schema.Int,
  target: Schema.optionalWith(Schema.Boolean, { exact: true }),
  head: Schema.Struct({ title: Schema.optionalWith(Schema.String, { exact: true }), firstName: Schema.String, lastName: Schema.String })
}).annotations({ identifier: "HouseholdItem" })

/** A survey record as the registry keeps it; citizen IDs masked unless unmasked. */
const ShownRecord = Loose("ShownSurveyRecord", "The survey record as indicators.md names its fields, members' citizenId masked (xxxxxxxxx1234) unless unmask=true")

const ReportLine = Schema.Struct({
  area: Schema.String,
  nameTh: Schema.NullOr(Schema.String),
  nameEn: Schema.NullOr(Schema.String),
  households: Schema.Int,
  persons: Schema.Int,
  surveyPoor: Schema.Int,
  target: Schema.Int,
  H: Schema.Number,
  A: Schema.Number,
  M0: Schema.Number,
  dimensions: Schema.Record({ key: Dimension.Dimension, value: Schema.Int })
}).annotations({ identifier: "AreaReportLine" })

const Change = Schema.Struct({ houseCode: Schema.String, villageCode: Schema.String, change: RoundDiff.Kind, indicators: Schema.Array(Schema.Int) }).annotations({
  identifier: "RoundChange"
})

const names = (code: string) => Geography.lookup(code)

class Full {
  readonly _tag = "Full"
  constructor(readonly last: string) {}
}

export const routes = [
  define({
    method: "post",
    path: "/v1/evaluate",
    operationId: "evaluate",
    tag: "rules",
    summary: "Decide survey records under tpmap-2565 (what-if parameters in the query)",
    description: "Stores nothing. Members' citizen IDs in the decisions are masked unless unmask=true (roles that may unmask; on record).",
    action: "readReport",
    query: Schema.Struct({ ...whatIf, ...Unmask }),
    body: Records,
    response: DecisionOrMany,
    status: 200,
    writes: false,
    // Nothing to wait for and, masked, nothing to put on record: the answer is an exit
    // already, which the server takes as it is (no fiber is run for it, see `Run.runner`).
    handler: ({ body, query, actor, what }) => {
      const unmask = wantsUnmasked(query)
      const decided = RecordEvaluation.decide(actor, body, { ruleSet: ruleSetOf(query), unmask, limit: evaluateLimit })
      if (!unmask || Either.isLeft(decided)) return Exit.fromEither(decided)
      return Effect.as(Audit.record(actor, { action: "unmask", what, houseCodes: RecordEvaluation.houseCodes(decided.right), reason: query.reason }), decided.right)
    }
  }),
  define({
    method: "get",
    path: "/v1/rule-sets/{id}",
    operationId: "getRuleSet",
    tag: "rules",
    summary: "A rule set: its parameters, dimensions and indicators",
    auth: "public",
    params: Schema.Struct({ id: Schema.String }),
    response: RuleSetAnswer,
    handler: ({ params }) =>
      Effect.gen(function* () {
        const ruleSet = RuleSet.known.get(params.id)
        if (ruleSet === undefined) return yield* new Access.NotFound({ what: "record", id: params.id })
        return {
          id: ruleSet.id,
          parameters: ruleSet.parameters,
          dimensions: Dimension.all.map((d) => ({ dimension: d, ...Dimension.label[d] })),
          indicators: ruleSet.indicators.map((i) => ({
            indicator: i.number,
            dimension: i.dimension,
            scope: i.scope,
            wording: i.wording,
            passesWhen: i.passesWhen,
            ...(i.scope === "member" ? { appliesTo: i.appliesTo } : {})
          }))
        }
      })
  }),
  define({
    method: "get",
    path: "/v1/rounds",
    operationId: "listRounds",
    tag: "registry",
    summary: "The survey rounds the registry holds",
    action: "readReport",
    response: Schema.Struct({ items: Schema.Array(RoundSummary) }),
    handler: ({ actor }) => Effect.map(RegistryReads.rounds(actor), (rounds) => ({ items: rounds }))
  }),
  define({
    method: "get",
    path: "/v1/households",
    operationId: "listHouseholds",
    tag: "registry",
    summary: "A round's households in the caller's areas, a page at a time",
    action: "readRegistry",
    scoped: true,
    query: Schema.Struct({
      round: Round,
      area: OptionalArea,
      target: Schema.optionalWith(Schema.Literal("true", "false"), { exact: true }),
      limit: Limit,
      cursor: Cursor
    }),
    response: Page(Item, "HouseholdPage"),
    handler: ({ actor, query }) =>
      Effect.gen(function* () {
        const after = afterOf(query.cursor)
        const page = yield* RegistryReads.households(actor, query.round, {
          ...(query.area === undefined ? {} : { area: query.area }),
          ...(query.target === undefined ? {} : { target: query.target === "true" }),
          ...(after === undefined ? {} : { after }),
          limit: query.limit ?? 50,
          ruleSetKey: RuleSet.tpmap2565.id
        })
        return { items: page.items, next: cursorOf(page.next) }
      })
  }),
  define({
    method: "get",
    path: "/v1/households/{houseCode}",
    operationId: "getHousehold",
    tag: "registry",
    summary: "A household's survey record of a round",
    action: "readRegistry",
    scoped: true,
    unmask: true,
    params: Schema.Struct(HouseCodeParam),
    query: Schema.Struct({ round: Round, ...Unmask }),
    response: ShownRecord,
    handler: ({ actor, params, query, what }) =>
      wantsUnmasked(query)
        ? RegistryReads.householdUnmasked(actor, query.round, params.houseCode, { what, reason: query.reason })
        : RegistryReads.household(actor, query.round, params.houseCode)
  }),
  define({
    method: "get",
    path: "/v1/households/{houseCode}/decision",
    operationId: "getDecision",
    tag: "registry",
    summary: "A household's stored decision of a round, as `evaluate --format json` prints it",
    action: "readRegistry",
    scoped: true,
    unmask: true,
    params: Schema.Struct(HouseCodeParam),
    query: Schema.Struct({ round: Round, ...Unmask }),
    response: Decision.Decision,
    handler: ({ actor, params, query, what }) =>
      wantsUnmasked(query)
        ? RegistryReads.decisionUnmasked(actor, query.round, params.houseCode, RuleSet.tpmap2565.id, { what, reason: query.reason })
        : RegistryReads.decision(actor, query.round, params.houseCode, RuleSet.tpmap2565.id)
  }),
  define({
    method: "get",
    path: "/v1/reports/areas",
    operationId: "areaReport",
    tag: "registry",
    summary: "Alkire–Foster figures of a stored round by area, cut to the caller's areas (the array of `report --round R --format json`)",
    description: "What-if parameters name a rule-set key the round must have been evaluated under (`evaluate --round R --param …`).",
    action: "readReport",
    query: Schema.Struct({ round: Round, by: Schema.optionalWith(Schema.Literal(...Area.levels), { exact: true }), ...whatIf }),
    response: Schema.Array(ReportLine),
    handler: ({ actor, query }) => RoundReport.lines(actor, query.round, ruleSetOf(query).key, query.by ?? "district", names)
  }),
  define({
    method: "get",
    path: "/v1/rounds/diff",
    operationId: "roundDiff",
    tag: "registry",
    summary: "What changed between two evaluated rounds, household by household, in the caller's areas, a page at a time",
    action: "readRegistry",
    query: Schema.Struct({ from: Round, to: Round, limit: Limit, cursor: Cursor }),
    response: Page(Change, "RoundChangePage"),
    handler: ({ actor, query }) =>
      Effect.gen(function* () {
        const limit = query.limit ?? 50
        const after = afterOf(query.cursor)
        const changes: Array<RoundDiff.Change> = []
        // A page ends between households: every change of its last household is in it.
        const full = yield* RoundDiff.run(
          actor,
          query.from,
          query.to,
          RuleSet.tpmap2565.id,
          (change) =>
            changes.length >= limit && changes[changes.length - 1]!.houseCode !== change.houseCode
              ? Effect.fail(new Full(changes[changes.length - 1]!.houseCode))
              : Effect.sync(() => void changes.push(change)),
          after === undefined ? {} : { after }
        ).pipe(
          Effect.as(undefined),
          Effect.catchIf((e): e is Full => e instanceof Full, (e) => Effect.succeed(e))
        )
        return { items: changes, next: full === undefined ? null : cursorOf(full.last) }
      })
  })
]
