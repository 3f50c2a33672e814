/**
 * The households' journey over HTTP: the six steps, the 4T plan, the logbook, visits,
 * teams, deadlines and progress. Each route calls one `JourneyCommands` use case with
 * the acting user and the `Idempotency-Key`; bodies name only what a caller may set
 * (the house code comes from the path; ids, actors and times from the server).
 */
import { Audit, CalendarDate, Journey, JourneyCommands as J, Logbook, Organisation, Plan, Progress } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { define } from "../Route.js"
import { AreaCode, Cursor, HouseCodeParam, Limit, Loose, OptionalArea, Page, pageOf, Unmask, wantsUnmasked } from "./common.js"

const House = Schema.Struct(HouseCodeParam)
const Listing = { area: OptionalArea, limit: Limit, cursor: Cursor }

/** A household's journey as the domain shows it: facts, step, stage, problems. */
const View = Loose("JourneyView", "facts (household, problems, actions, logbook entries, visits), step, stage, problems with status, unaddressed, solved")


const maskedEntry = (entry: Logbook.Entry) => Logbook.masked(entry)

const Deadline = Progress.Deadline

/** A list's order as the key its cursor pages by: unique (the house code last) and stable under inserts. */
const sortKeys: Record<"houseCode" | "step" | "-step" | "village", (l: Progress.Listed) => string> = {
  houseCode: (l) => l.houseCode,
  step: (l) => `${Journey.rank(l.step)}${l.houseCode}`,
  "-step": (l) => `${9 - Journey.rank(l.step)}${l.houseCode}`,
  village: (l) => `${l.villageCode}${l.houseCode}`
}

export const routes = [
  define({
    method: "get",
    path: "/v1/journey/households/{houseCode}",
    operationId: "getJourney",
    tag: "journey",
    summary: "A household's journey: step, stage, problems, plan, logbook and visits",
    action: "readJourney",
    scoped: true,
    unmask: true,
    params: House,
    query: Schema.Struct(Unmask),
    response: View,
    handler: ({ actor, params, query, what }) =>
      wantsUnmasked(query) ? J.householdUnmasked(actor, params.houseCode, { what, reason: query.reason }) : J.household(actor, params.houseCode)
  }),
  define({
    method: "get",
    path: "/v1/journey/households",
    operationId: "listJourneyHouseholds",
    tag: "journey",
    summary: "Target households of an area in the caller's areas, cut by step, dimension, team, help or house code, in house-code order, a page at a time",
    action: "readJourney",
    scoped: true,
    query: Schema.Struct({
      area: AreaCode,
      ...Progress.Filter.fields,
      sort: Schema.optionalWith(Schema.Literal("houseCode", "step", "-step", "village").annotations({ description: "The order: house code (default), step (least far first), -step (furthest first), village" }), { exact: true }),
      limit: Limit,
      cursor: Cursor
    }),
    response: Schema.Struct({
      items: Schema.Array(Loose("HouseholdLine", "houseCode, villageCode, step, stage, helped, solved, problems by status, mentorTeam, dimensions")),
      next: Schema.NullOr(Schema.String),
      total: Schema.Int
    }).annotations({ identifier: "JourneyHouseholdPage" }),
    handler: ({ actor, query }) => {
      const { area, limit, cursor, sort, ...filter } = query
      return Effect.map(J.households(actor, area, filter), (all) => ({ ...pageOf(all, sortKeys[sort ?? "houseCode"], cursor, limit), total: all.length }))
    }
  }),
  define({
    method: "post",
    path: "/v1/journey/households",
    operationId: "addHousehold",
    tag: "journey",
    summary: "Adds a household the survey missed, verified on the spot, from its record in the registry's round",
    action: "addHousehold",
    body: J.AddHousehold,
    response: Journey.Household,
    handler: ({ actor, key, body }) => J.addHousehold(actor, key, body)
  }),
  define({
    method: "post",
    path: "/v1/journey/households/{houseCode}/verify",
    operationId: "verify",
    tag: "journey",
    summary: "Step 1: the team confirmed or corrected the household's data on site",
    action: "verify",
    scoped: true,
    params: House,
    body: J.Verify.pipe(Schema.omit("houseCode")),
    response: Journey.Household,
    handler: ({ actor, key, params, body }) => J.verify(actor, key, { ...body, houseCode: params.houseCode })
  }),
  define({
    method: "post",
    path: "/v1/journey/households/{houseCode}/analyse",
    operationId: "analyse",
    tag: "journey",
    summary: "Step 2: analysis opens the failed indicators of the household's record as its problems",
    action: "analyse",
    scoped: true,
    params: House,
    body: J.Analyse.pipe(Schema.omit("houseCode")),
    response: Schema.Array(Loose("JourneyProblem", "A household's problem and its status")),
    handler: ({ actor, key, params, body }) => J.analyse(actor, key, { ...body, houseCode: params.houseCode })
  }),
  define({
    method: "post",
    path: "/v1/journey/households/{houseCode}/capitals",
    operationId: "scoreCapitals",
    tag: "journey",
    summary: "Scores the household's five capitals",
    action: "scoreCapitals",
    scoped: true,
    params: House,
    body: J.ScoreCapitals.pipe(Schema.omit("houseCode")),
    response: Journey.Household,
    handler: ({ actor, key, params, body }) => J.scoreCapitals(actor, key, { ...body, houseCode: params.houseCode })
  }),
  define({
    method: "post",
    path: "/v1/journey/households/{houseCode}/actions",
    operationId: "addPlanAction",
    tag: "journey",
    summary: "Step 3: adds an action to the household's 4T plan",
    action: "addPlanAction",
    scoped: true,
    params: House,
    body: Plan.ActionInput.pipe(Schema.omit("houseCode")),
    response: Plan.Action,
    handler: ({ actor, key, params, body }) => J.addPlanAction(actor, key, { ...body, houseCode: params.houseCode })
  }),
  define({
    method: "post",
    path: "/v1/journey/actions/{action}/status",
    operationId: "setActionStatus",
    tag: "journey",
    summary: "Moves a plan action on: planned → inProgress → done, or cancelled",
    action: "setActionStatus",
    scoped: true,
    params: Schema.Struct({ action: Plan.ActionId }),
    body: Schema.Struct({ status: Plan.ActionStatus }),
    response: Plan.Action,
    status: 200,
    handler: ({ actor, key, params, body }) => J.setActionStatus(actor, key, { action: params.action, status: body.status })
  }),
  define({
    method: "post",
    path: "/v1/journey/households/{houseCode}/agree",
    operationId: "agreePlan",
    tag: "journey",
    summary: "Step 3: the household agrees its 4T plan (every problem addressed)",
    action: "agreePlan",
    scoped: true,
    params: House,
    body: J.AgreePlan.pipe(Schema.omit("houseCode")),
    response: Journey.Household,
    status: 200,
    handler: ({ actor, key, params, body }) => J.agreePlan(actor, key, { ...body, houseCode: params.houseCode })
  }),
  define({
    method: "post",
    path: "/v1/journey/households/{houseCode}/problems/{indicator}/mark",
    operationId: "markProblem",
    tag: "journey",
    summary: "Marks a problem resolved by the household itself, or one that cannot be resolved, with a reason",
    action: "markProblem",
    scoped: true,
    params: Schema.Struct({ ...HouseCodeParam, indicator: Schema.NumberFromString.pipe(Schema.int()) }),
    body: J.MarkProblem.pipe(Schema.omit("houseCode", "indicator")),
    response: Loose("JourneyProblem", "A household's problem and its status"),
    status: 200,
    handler: ({ actor, key, params, body }) => J.markProblem(actor, key, { ...body, houseCode: params.houseCode, indicator: params.indicator })
  }),
  define({
    method: "post",
    path: "/v1/journey/households/{houseCode}/help",
    operationId: "recordHelp",
    tag: "journey",
    summary: "Steps 4–5: records an act of help in the logbook (a member's citizen ID, if given, is masked in the answer)",
    action: "recordHelp",
    scoped: true,
    params: House,
    body: Logbook.HelpInput.pipe(Schema.omit("houseCode")),
    response: Logbook.Entry,
    handler: ({ actor, key, params, body, what }) =>
      Effect.gen(function* () {
        const entry = yield* J.recordHelp(actor, key, { ...body, houseCode: params.houseCode })
        // A member's citizen ID is personal data written: on record.
        if (body.member !== undefined) yield* Audit.record(actor, { action: "writePersonal", what, houseCodes: [params.houseCode] })
        return maskedEntry(entry)
      })
  }),
  define({
    method: "post",
    path: "/v1/journey/logbook/{entry}/reverse",
    operationId: "reverseHelp",
    tag: "journey",
    summary: "Corrects a logbook entry by appending its reversal; the original stays",
    action: "reverseHelp",
    scoped: true,
    params: Schema.Struct({ entry: Logbook.EntryId }),
    body: J.ReverseHelp.pipe(Schema.omit("entry")),
    response: Logbook.Entry,
    handler: ({ actor, key, params, body }) => Effect.map(J.reverseHelp(actor, key, { ...body, entry: params.entry }), maskedEntry)
  }),
  define({
    method: "get",
    path: "/v1/journey/logbook",
    operationId: "listLogbook",
    tag: "journey",
    summary: "The logbook of an area in the caller's areas, members masked, a page at a time",
    action: "readJourney",
    scoped: true,
    query: Schema.Struct(Listing),
    response: Page(Logbook.Entry, "LogbookPage"),
    handler: ({ actor, query }) =>
      Effect.map(J.logbook(actor, query.area ?? ""), (entries) => pageOf(entries, (e) => e.id.padStart(24, "0"), query.cursor, query.limit))
  }),
  define({
    method: "post",
    path: "/v1/journey/households/{houseCode}/visits",
    operationId: "recordVisit",
    tag: "journey",
    summary: "Step 6: a follow-up visit with the household's stage and the problems it confirms solved",
    action: "recordVisit",
    scoped: true,
    params: House,
    body: Journey.VisitInput.pipe(Schema.omit("houseCode")),
    response: Journey.Visit,
    handler: ({ actor, key, params, body }) => J.recordVisit(actor, key, { ...body, houseCode: params.houseCode })
  }),
  define({
    method: "post",
    path: "/v1/journey/households/{houseCode}/close-from-round",
    operationId: "closeFromRound",
    tag: "journey",
    summary: "Closes the problems a later survey round finds solved",
    action: "closeFromRound",
    scoped: true,
    params: House,
    body: J.CloseFromRound.pipe(Schema.omit("houseCode")),
    response: Schema.Array(Loose("JourneyProblem", "A household's problem and its status")),
    status: 200,
    handler: ({ actor, key, params, body }) => J.closeFromRound(actor, key, { ...body, houseCode: params.houseCode })
  }),
  define({
    method: "get",
    path: "/v1/journey/teams",
    operationId: "listTeams",
    tag: "journey",
    summary: "The teams serving an area in the caller's areas",
    action: "readJourney",
    query: Schema.Struct(Listing),
    response: Page(Organisation.Team, "TeamPage"),
    handler: ({ actor, query }) => Effect.map(J.teams(actor, query.area ?? ""), (teams) => pageOf(teams, (t) => t.id, query.cursor, query.limit))
  }),
  define({
    method: "post",
    path: "/v1/journey/teams",
    operationId: "putTeam",
    tag: "journey",
    summary: "Adds or changes a team in the caller's areas",
    action: "putTeam",
    body: Organisation.Team,
    response: Organisation.Team,
    status: 200,
    handler: ({ actor, key, body }) => J.putTeam(actor, key, body)
  }),
  define({
    method: "post",
    path: "/v1/journey/assignments",
    operationId: "assignMentorTeam",
    tag: "journey",
    summary: "Assigns a mentor team to one household or to every household of an area it serves",
    action: "assignMentorTeam",
    body: J.AssignMentorTeam,
    response: Schema.Struct({ team: Schema.String, houseCodes: Schema.Array(Schema.String) }),
    status: 200,
    handler: ({ actor, key, body }) => J.assignMentorTeam(actor, key, body)
  }),
  define({
    method: "get",
    path: "/v1/journey/deadlines",
    operationId: "listDeadlines",
    tag: "journey",
    summary: "The districts' deadlines in the caller's areas",
    action: "readReport",
    query: Schema.Struct({ limit: Limit, cursor: Cursor }),
    response: Page(Deadline, "DeadlinePage"),
    handler: ({ actor, query }) => Effect.map(J.deadlines(actor), (all) => pageOf(all, (d) => d.district, query.cursor, query.limit))
  }),
  define({
    method: "post",
    path: "/v1/journey/deadlines",
    operationId: "setDeadline",
    tag: "journey",
    summary: "Sets a district's deadline (the province's call)",
    action: "setDeadline",
    body: J.SetDeadline,
    response: Deadline,
    status: 200,
    handler: ({ actor, key, body }) => J.setDeadline(actor, key, body)
  }),
  define({
    method: "get",
    path: "/v1/journey/progress",
    operationId: "progress",
    tag: "journey",
    summary: "Progress of an area and every area below it, by household and by problem (the area itself first)",
    action: "readReport",
    query: Schema.Struct({
      area: OptionalArea,
      depth: Schema.optionalWith(Schema.NumberFromString.pipe(Schema.int(), Schema.between(0, 3), Schema.annotations({ description: "Levels below the area to include: 0 the area alone, 1 its children, … (default: every level down to the village)" })), { exact: true })
    }),
    response: Schema.Array(Loose("AreaProgress", "An area's code, level and counts of households by step and problems by status")),
    handler: ({ actor, query }) => J.progress(actor, query.area ?? "", query.depth)
  }),
  define({
    method: "get",
    path: "/v1/journey/burndowns",
    operationId: "burnDowns",
    tag: "journey",
    summary: "The burn-down of every district of an area against its deadline, by district code",
    action: "readReport",
    query: Schema.Struct({
      area: AreaCode,
      from: CalendarDate.IsoDate,
      every: Schema.optionalWith(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 366)), { exact: true })
    }),
    response: Schema.Array(Loose("BurnDown", "district, deadline and points { date, open, ideal }")),
    handler: ({ actor, query }) => J.burnDowns(actor, query.area, query.from, query.every ?? 7)
  }),
  define({
    method: "get",
    path: "/v1/public/progress",
    operationId: "publicProgress",
    tag: "public",
    summary: "The province's and each district's target households by step; counts of 1 to 4 published as null; no household, no token",
    auth: "public",
    response: Schema.Array(Loose("PublicProgress", "code, level and households by step (a count of 1 to 4 is null)")),
    handler: () => J.publicProgress
  }),
  define({
    method: "get",
    path: "/v1/journey/burndown",
    operationId: "burnDown",
    tag: "journey",
    summary: "A district's deadline and its burn-down of households not yet solved",
    action: "readReport",
    query: Schema.Struct({
      district: Schema.String.pipe(Schema.pattern(/^\d{4}$/), Schema.annotations({ description: "A 4-digit district code" })),
      from: CalendarDate.IsoDate,
      every: Schema.optionalWith(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 366)), { exact: true })
    }),
    response: Loose("BurnDown", "district, deadline and points { date, open, ideal }"),
    handler: ({ actor, query }) => J.burnDown(actor, query.district, query.from, query.every ?? 7)
  }),
  define({
    method: "get",
    path: "/v1/journey/overdue",
    operationId: "listOverdue",
    tag: "journey",
    summary: "Plan actions of an area past their due date, the most late first, a page at a time",
    action: "readJourney",
    scoped: true,
    query: Schema.Struct(Listing),
    response: Page(Loose("OverdueAction", "houseCode, villageCode, action, daysLate"), "OverduePage"),
    handler: ({ actor, query }) =>
      Effect.map(J.overdue(actor, query.area ?? ""), (all) =>
        pageOf(all.map((o, i) => ({ o, key: String(i).padStart(9, "0") })), (x) => x.key, query.cursor, query.limit)).pipe(
        Effect.map((page) => ({ items: page.items.map((x) => x.o), next: page.next }))
      )
  }),
  define({
    method: "get",
    path: "/v1/journey/no-help",
    operationId: "listNoHelp",
    tag: "journey",
    summary: "Target households of an area, not solved, with no standing help in the logbook, a page at a time",
    action: "readJourney",
    scoped: true,
    query: Schema.Struct(Listing),
    response: Page(Loose("HouseholdSummary", "houseCode, villageCode, step, stage, helped, solved, problems by status"), "NoHelpPage"),
    handler: ({ actor, query }) => Effect.map(J.noHelp(actor, query.area ?? ""), (all) => pageOf(all, (s) => s.houseCode, query.cursor, query.limit))
  })
]
