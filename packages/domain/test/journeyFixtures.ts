/**
 * Test builders for the household journey: actors, decisions with chosen failed
 * indicators, a household's facts built by hand for the pure rules, and a runner over
 * the in-memory journey store with a pinned clock and the agencies seeded.
 */
import { Effect, Schema, TestClock, TestContext } from "effect"
import {
  AccessMemory,
  type Actor,
  type Audit,
  type CalendarDate,
  type Decision,
  type Dimension,
  type Idempotency,
  type Journey,
  JourneyCommands,
  JourneyMemory,
  type JourneyStore,
  type Logbook,
  Organisation,
  type Plan,
  type Problem,
  Registry,
  RegistryMemory,
  type Satang
} from "../src/index.js"
import { household as surveyHousehold, valid } from "./fixtures.js"

export const baht = (n: number) => (n * 100) as Satang.Satang
export const date = (s: string) => s as CalendarDate.IsoDate
export const key = (text: string) => text as Idempotency.Key

const person = (id: string, role: Actor.Role, scope: ReadonlyArray<string> = [""]): Actor.Actor => ({ id, role, scope })
export const province = person("pc-33", "provincialCentre", ["33"])
export const district = person("dc-3301", "districtCentre", ["3301"])
export const mentor = person("mentor-330101", "mentor", ["330101"])
export const officer = person("officer-health", "agencyOfficer", ["33"])
export const auditor = person("auditor-33", "auditor", ["33"])
export const outsider = person("mentor-3302", "mentor", ["3302"])

/** Wednesday 10 August 2022, 10:00 in Thailand: fiscal 2565, seven weeks before the deadline. */
export const t0 = Date.UTC(2022, 7, 10, 3)
export const today = date("2022-08-10")

export const house1 = "33010100001"
export const house2 = "33010100002"
export const house3 = "33020100003"

const dimensionOf: Record<number, Dimension.Dimension> = { 1: "health", 8: "living", 21: "education", 23: "income", 30: "access" }

/** A decision of `tpmap-2565` shape for a household failing `fails` (of indicators 1, 8, 21, 23, 30), passing the others. */
export const decision = (houseCode: string, fails: ReadonlyArray<number>, extra: Partial<Decision.Decision> = {}): Decision.Decision => {
  const indicators = [1, 8, 21, 23, 30].map((indicator) => ({
    indicator,
    dimension: dimensionOf[indicator]!,
    status: fails.includes(indicator) ? ("fail" as const) : ("pass" as const),
    members: []
  }))
  const failedDimensions = [...new Set(indicators.filter((r) => r.status === "fail").map((r) => r.dimension))]
  return {
    houseCode,
    surveyYear: 2565,
    ruleSet: "tpmap-2565",
    indicators,
    failedDimensions,
    deprivationScore: failedDimensions.length / 5,
    surveyPoor: failedDimensions.length > 0,
    target: failedDimensions.length > 0,
    reasons: [],
    ...extra
  }
}

export const stored = (houseCode: string, villageCode: string, fails: ReadonlyArray<number>): Registry.StoredDecision => ({
  decision: decision(houseCode, fails),
  villageCode,
  persons: 3,
  evaluation: { ruleSetId: "tpmap-2565", ruleSetKey: "tpmap-2565", parameters: {} as never, evaluatedAt: "2022-08-01T00:00:00.000Z" }
})

export const mentorTeam = Schema.decodeSync(Organisation.Team)({
  id: "mentor-330101",
  kind: "mentor",
  name: "ทีมพี่เลี้ยงตำบล 330101",
  area: "330101",
  members: [{ name: "สมศรี ใจดี", agency: "cdd" }]
})

export const actionInput = (houseCode: string, problems: ReadonlyArray<number>, extra: Record<string, unknown> = {}) =>
  ({
    houseCode,
    part: "resources",
    description: "ซ่อมหลังคาบ้าน",
    problems,
    responsible: { _tag: "agency", code: "local-government" },
    budgetSource: "localGovernment",
    plannedCost: baht(3_000),
    due: date("2022-09-15"),
    ...extra
  }) as unknown as Plan.ActionInput

export const helpInput = (houseCode: string, extra: Record<string, unknown> = {}) =>
  ({
    houseCode,
    on: date("2022-08-12"),
    giver: { agency: "health" },
    kind: "service",
    value: baht(500),
    problems: [],
    budgetSource: "agencyFunction",
    ...extra
  }) as unknown as Logbook.HelpInput

// ----- hand-built facts for the pure rules

export const household = (extra: Partial<Journey.Household> = {}): Journey.Household => ({
  houseCode: house1 as never,
  villageCode: "33010101" as never,
  source: "survey",
  round: 2565,
  failed: [{ indicator: 8, dimension: "living" }],
  ...extra
})

export const problem = (indicator: number, extra: Partial<Problem.Problem> = {}): Problem.Problem => ({
  houseCode: house1,
  indicator,
  dimension: dimensionOf[indicator] ?? "living",
  openedOn: date("2022-08-02"),
  ...extra
})

export const action = (id: number, problems: ReadonlyArray<number>, extra: Partial<Plan.Action> = {}): Plan.Action => ({
  ...actionInput(house1, problems),
  id: `A-${id}` as Plan.ActionId,
  status: "planned",
  createdBy: "mentor-330101",
  createdAt: "2022-08-03T03:00:00.000Z",
  ...extra
})

export const entry = (id: number, extra: Partial<Logbook.Entry> = {}): Logbook.Entry => ({
  ...helpInput(house1),
  id: `L-${id}` as Logbook.EntryId,
  villageCode: "33010101" as never,
  recordedBy: "officer-health",
  recordedAt: "2022-08-12T03:00:00.000Z",
  ...extra
})

export const visit = (id: number, on: string, extra: Partial<Journey.Visit> = {}): Journey.Visit => ({
  id: `V-${id}` as Journey.VisitId,
  houseCode: house1 as never,
  on: date(on),
  stage: "survive",
  confirms: [],
  by: "mentor-330101",
  recordedAt: `${on}T03:00:00.000Z`,
  ...extra
})

const done = (on: string) => ({ on: date(on), by: "mentor-330101" })
export const verified = { outcome: "confirmed" as const, ...done("2022-08-01") }
export const analysed = done("2022-08-02")
export const agreed = done("2022-08-04")

export const facts = (extra: Partial<Journey.Facts> = {}): Journey.Facts => ({
  household: household(),
  problems: [],
  actions: [],
  entries: [],
  visits: [],
  ...extra
})

/** What the journey's commands read and write: its store, and the registry's records and decisions. */
export type Ports = JourneyStore.JourneyStore | Registry.HouseholdRegistry | Registry.DecisionStore | Registry.AreaDirectory | Audit.AuditLog

/**
 * Runs a program over a fresh in-memory journey store and registry, with the agencies
 * seeded and the clock at `t0`.
 */
export const run = <A, E>(program: Effect.Effect<A, E, Ports>): Promise<A> =>
  Effect.runPromise(
    Effect.gen(function* () {
      yield* TestClock.setTime(t0)
      yield* JourneyCommands.seedAgencies(province)
      return yield* program
    }).pipe(Effect.provide(JourneyMemory.layerMemory), Effect.provide(RegistryMemory.layerMemory), Effect.provide(AccessMemory.layerMemory), Effect.provide(TestContext.TestContext))
  )

/**
 * A household's survey record in a round, as the registry keeps it: passing every
 * indicator, or with `poor` failing income (indicator 22) and holding a verified welfare
 * card (so a target household).
 */
export const surveyRecord = (houseCode: string, villageCode: string, round: number, poor: boolean) =>
  valid(
    surveyHousehold({
      houseCode,
      villageCode,
      surveyYear: round,
      // A round more than a year from 2564 is surveyed in its own year (the bounds of SurveyRecord).
      ...(Math.abs(round - 2564) > 1 ? { surveyedOn: `${round - 543}-06-15` } : {}),
      ...(poor ? { annualIncomeBaht: 20_000, welfareCard: "verified" } : {})
    })
  )

/** Stores records in a round of the registry (the test's own import). */
export const inRegistry = (round: number, ...records: ReadonlyArray<ReturnType<typeof surveyRecord>>) =>
  Effect.flatMap(Registry.HouseholdRegistry, (registry) => registry.upsert(round, records))
