/**
 * Progress of the journey by area, by household and by problem, rolled up village →
 * subdistrict → district → province so every level adds up to the one above; each
 * district's deadline (the end of the fiscal year unless the province set another) and
 * its burn-down; overdue plan actions; target households with no help recorded.
 */
import * as Schema from "effect/Schema"
import * as Area from "../kernel/Area.js"
import * as Dimension from "../survey/Dimension.js"
import * as CalendarDate from "../kernel/CalendarDate.js"
import * as FiscalYear from "../kernel/FiscalYear.js"
import * as Journey from "./Journey.js"
import * as Logbook from "./Logbook.js"
import * as Plan from "./Plan.js"
import * as Problem from "./Problem.js"

/** What one household contributes to its area's counts. */
export interface Summary {
  readonly houseCode: string
  readonly villageCode: string
  readonly step: Journey.Step
  readonly stage: Journey.Stage | undefined
  /** Standing help recorded, whatever the step. */
  readonly helped: boolean
  readonly solved: boolean
  readonly problems: Readonly<Record<Problem.Status, number>>
}

const noProblems = (): Record<Problem.Status, number> => ({
  identified: 0,
  inProgress: 0,
  assisted: 0,
  resolved: 0,
  selfResolved: 0,
  cannotResolve: 0
})

// Facts are immutable values, so a summary is a function of the object: a reader that
// keeps facts between requests (the API server's store) summarises each household once.
const summaries = new WeakMap<Journey.Facts, Summary>()

/** A household's summary from its facts. */
export const summarise = (facts: Journey.Facts): Summary => {
  const kept = summaries.get(facts)
  if (kept !== undefined) return kept
  const summary = summariseAfresh(facts)
  summaries.set(facts, summary)
  return summary
}

const summariseAfresh = (facts: Journey.Facts): Summary => {
  const standing = Logbook.standing(facts.entries)
  const problems = noProblems()
  for (const p of facts.problems) problems[Journey.problemStatus(facts, p, standing)]++
  return {
    houseCode: facts.household.houseCode,
    villageCode: facts.household.villageCode,
    step: Journey.step(facts),
    stage: Journey.stage(facts),
    helped: standing.length > 0,
    solved: Journey.solved(facts, standing),
    problems
  }
}

/**
 * Households counted cumulatively by step (a planned household is also verified and
 * analysed), with help recorded, solved (every problem closed), and with no help; and
 * problems by status.
 */
export interface Counts {
  readonly households: {
    readonly targets: number
    readonly verified: number
    readonly analysed: number
    readonly planned: number
    readonly helped: number
    readonly integrated: number
    readonly followedUp: number
    readonly withHelp: number
    readonly noHelp: number
    readonly solved: number
  }
  readonly problems: Readonly<Record<Problem.Status, number>> & { readonly total: number; readonly closed: number }
}

export interface AreaProgress {
  readonly code: string
  readonly level: Area.Level
  readonly counts: Counts
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] }

const zero = (): Mutable<Counts> => ({
  households: { targets: 0, verified: 0, analysed: 0, planned: 0, helped: 0, integrated: 0, followedUp: 0, withHelp: 0, noHelp: 0, solved: 0 },
  problems: { ...noProblems(), total: 0, closed: 0 }
})

const add = (c: Mutable<Counts>, s: Summary) => {
  const r = Journey.rank(s.step)
  const h = c.households
  h.targets++
  if (r >= 1) h.verified++
  if (r >= 2) h.analysed++
  if (r >= 3) h.planned++
  if (r >= 4) h.helped++
  if (r >= 5) h.integrated++
  if (r >= 6) h.followedUp++
  if (s.helped) h.withHelp++
  else h.noHelp++
  if (s.solved) h.solved++
  for (const status of Problem.Status.literals) {
    const n = s.problems[status]
    c.problems[status] += n
    c.problems.total += n
    if (Problem.isClosed(status)) c.problems.closed += n
  }
}

/** Counts of a set of households. */
export const count = (summaries: Iterable<Summary>): Counts => {
  const c = zero()
  for (const s of summaries) add(c, s)
  return c
}

/**
 * Counts per area at every level from `level` down to the village, sorted by code: the
 * children of an area add up to it, because each household is counted once per level in
 * the one area of that level containing its village.
 *
 * @example byArea(summaries, "district").find((a) => a.code === "3301")?.counts.households.planned
 */
export const byArea = (summaries: Iterable<Summary>, from: Area.Level = "province"): ReadonlyArray<AreaProgress> => {
  const levels = Area.levels.slice(Area.levels.indexOf(from))
  const areas = new Map<string, { level: Area.Level; counts: Mutable<Counts> }>()
  for (const s of summaries) {
    for (const level of levels) {
      const code = Area.ancestor(s.villageCode as Area.AreaCode, level)
      let area = areas.get(code)
      if (area === undefined) areas.set(code, (area = { level, counts: zero() }))
      add(area.counts, s)
    }
  }
  return [...areas.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, { level, counts }]) => ({ code, level, counts }))
}

/** A district's deadline as set by the province. */
export const Deadline = Schema.Struct({
  district: Schema.String.pipe(Schema.pattern(/^\d{4}$/, { identifier: "DistrictCode", description: "4-digit district code" })),
  due: CalendarDate.IsoDate,
  setBy: Schema.String,
  setAt: Schema.String
}).annotations({ identifier: "Deadline" })
export type Deadline = typeof Deadline.Type

/**
 * A district's deadline: the one set for it, else the end of the fiscal year of `today`.
 *
 * @example deadline([], "3301", "2022-08-15") // "2022-09-30" (fiscal 2565)
 */
export const deadline = (deadlines: ReadonlyArray<Deadline>, district: string, today: CalendarDate.IsoDate): CalendarDate.IsoDate =>
  deadlines.find((d) => d.district === district)?.due ?? FiscalYear.range(FiscalYear.of(today)).end

const day = 86_400_000
const toMs = (date: string) => Date.parse(`${date}T00:00:00Z`)
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10) as CalendarDate.IsoDate

/** Whole days from `from` to `to`. @example daysBetween("2022-09-30", "2022-10-02") // 2 */
export const daysBetween = (from: string, to: string): number => Math.round((toMs(to) - toMs(from)) / day)

const solvedDays = new WeakMap<Journey.Facts, { readonly on: CalendarDate.IsoDate | undefined }>()

/** `Journey.solvedOn`, once per facts object (see `summarise`). */
const solvedOn = (facts: Journey.Facts): CalendarDate.IsoDate | undefined => {
  let kept = solvedDays.get(facts)
  if (kept === undefined) solvedDays.set(facts, (kept = { on: Journey.solvedOn(facts) }))
  return kept.on
}

/**
 * Derives what progress reads of each household (its summary, the day it was solved) ahead
 * of the first report: a server warming up. Kept per facts object, as `summarise` keeps them.
 */
export const prepare = (facts: ReadonlyArray<Journey.Facts>): void => {
  for (const f of facts) {
    summarise(f)
    solvedOn(f)
  }
}

/** One point of a burn-down: households still open on `date` (`undefined` after today) and the straight line to zero at the deadline. */
export interface BurnDownPoint {
  readonly date: CalendarDate.IsoDate
  readonly open: number | undefined
  readonly ideal: number
}

/**
 * A district's burn-down from `from` to its deadline, a point every `every` days and one
 * on the deadline: on each date, the households of `facts` not yet solved (the day the
 * last problem closed is after the date), against the straight line from the count open
 * on `from` down to zero on the deadline.
 *
 * @example burnDown(facts, { from: "2022-08-01", deadline: "2022-09-30", today: "2022-08-20", every: 7 })
 */
export const burnDown = (
  facts: ReadonlyArray<Journey.Facts>,
  window: { readonly from: CalendarDate.IsoDate; readonly deadline: CalendarDate.IsoDate; readonly today: CalendarDate.IsoDate; readonly every?: number }
): ReadonlyArray<BurnDownPoint> => {
  const solved = facts.map(solvedOn).filter((d): d is CalendarDate.IsoDate => d !== undefined).sort()
  // Open on a date: every household, less those solved on or before it (a binary search in the sorted days).
  const openOn = (date: string) => {
    let lo = 0
    let hi = solved.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (solved[mid]! <= date) lo = mid + 1
      else hi = mid
    }
    return facts.length - lo
  }
  const span = Math.max(daysBetween(window.from, window.deadline), 0)
  const start = openOn(window.from)
  const every = Math.max(1, Math.floor(window.every ?? 7))
  const offsets: Array<number> = []
  for (let i = 0; i < span; i += every) offsets.push(i)
  offsets.push(span)
  return offsets.map((i) => {
    const date = fromMs(toMs(window.from) + i * day)
    const ideal = span === 0 ? 0 : Math.round((start * (span - i)) / span)
    return { date, open: date <= window.today ? openOn(date) : undefined, ideal }
  })
}

/** A plan action past its due date, with the household's village. */
export interface OverdueAction {
  readonly houseCode: string
  readonly villageCode: string
  readonly action: Plan.Action
  readonly daysLate: number
}

/** The live actions past due on `today`, the most late first. */
export const overdue = (facts: ReadonlyArray<Journey.Facts>, today: CalendarDate.IsoDate): ReadonlyArray<OverdueAction> =>
  facts
    .flatMap((f) =>
      f.actions
        .filter((a) => Plan.overdue(a, today))
        .map((action) => ({ houseCode: f.household.houseCode, villageCode: f.household.villageCode, action, daysLate: daysBetween(action.due, today) }))
    )
    .sort((a, b) => b.daysLate - a.daysLate || (a.houseCode < b.houseCode ? -1 : a.houseCode > b.houseCode ? 1 : 0))

/** Target households not solved with no standing help in the logbook, in house-code order. */
export const noHelp = (facts: ReadonlyArray<Journey.Facts>): ReadonlyArray<Summary> =>
  facts
    .map(summarise)
    .filter((s) => !s.helped && !s.solved)
    .sort((a, b) => (a.houseCode < b.houseCode ? -1 : a.houseCode > b.houseCode ? 1 : 0))

/** A target household as a list shows it: its summary, mentor team and failed dimensions (in the rules' order). */
export interface Listed extends Summary {
  readonly mentorTeam: string | undefined
  readonly dimensions: ReadonlyArray<Dimension.Dimension>
}

/** A household's line in a list, from its facts. */
export const listed = (facts: Journey.Facts): Listed => {
  const failed = new Set(facts.household.failed.map((f) => f.dimension))
  return { ...summarise(facts), mentorTeam: facts.household.mentorTeam, dimensions: Dimension.all.filter((d) => failed.has(d)) }
}

const Bool = Schema.Literal("true", "false")

/**
 * What a list of target households may be cut by, every field optional: `step` exactly,
 * `reached` a step or any after it, a failed `dimension`, a mentor `team`, `helped`
 * (standing help recorded) and `solved`, and a house-code prefix `code` (the search box).
 */
export const Filter = Schema.Struct({
  step: Schema.optionalWith(Journey.Step, { exact: true }),
  reached: Schema.optionalWith(Journey.Step, { exact: true }),
  dimension: Schema.optionalWith(Dimension.Dimension, { exact: true }),
  team: Schema.optionalWith(Schema.String.pipe(Schema.maxLength(100)), { exact: true }),
  helped: Schema.optionalWith(Bool, { exact: true }),
  solved: Schema.optionalWith(Bool, { exact: true }),
  code: Schema.optionalWith(Schema.String.pipe(Schema.pattern(/^\d{1,12}$/), Schema.annotations({ description: "The start of a house code" })), { exact: true })
}).annotations({ identifier: "HouseholdFilter" })
export type Filter = typeof Filter.Type

/** Whether a household's line passes every field of the filter. */
export const passes = (filter: Filter, l: Listed): boolean =>
  (filter.step === undefined || l.step === filter.step) &&
  (filter.reached === undefined || Journey.rank(l.step) >= Journey.rank(filter.reached)) &&
  (filter.dimension === undefined || l.dimensions.includes(filter.dimension)) &&
  (filter.team === undefined || l.mentorTeam === filter.team) &&
  (filter.helped === undefined || l.helped === (filter.helped === "true")) &&
  (filter.solved === undefined || l.solved === (filter.solved === "true")) &&
  (filter.code === undefined || l.houseCode.startsWith(filter.code))

/** The lines of `facts` that pass `filter`, in house-code order. */
export const list = (facts: ReadonlyArray<Journey.Facts>, filter: Filter): ReadonlyArray<Listed> =>
  facts
    .map(listed)
    .filter((l) => passes(filter, l))
    .sort((a, b) => (a.houseCode < b.houseCode ? -1 : a.houseCode > b.houseCode ? 1 : 0))

/**
 * The areas of `byArea` no more than `depth` levels below `area` (0: the area alone, 1: it
 * and its children, …); `undefined` keeps every level.
 *
 * @example toDepth(byArea(s, "district"), "3301", 1) // 3301 and its subdistricts
 */
export const toDepth = (areas: ReadonlyArray<AreaProgress>, area: string, depth: number | undefined): ReadonlyArray<AreaProgress> => {
  const top = area === "" ? 0 : Area.levels.indexOf(Area.level(area as Area.AreaCode))
  return areas.filter((a) => a.code.startsWith(area) && (depth === undefined || Area.levels.indexOf(a.level) - top <= depth))
}

/**
 * The public's progress: a count of 1 to 4 households could point at a family in a small
 * village, so, as in the fund's public report, such a cell is published as `null`
 * (suppressed); 0 and 5 or more are published. Only households by step, never problems.
 */
export const publicThreshold = 5

export type PublicCount = number | null

export interface PublicProgress {
  readonly code: string
  readonly level: Area.Level
  readonly households: { readonly [K in keyof Counts["households"]]: PublicCount }
}

const suppress = (n: number): PublicCount => (n > 0 && n < publicThreshold ? null : n)

/** An area's progress as the public may see it. */
export const published = (a: AreaProgress): PublicProgress => ({
  code: a.code,
  level: a.level,
  households: Object.fromEntries(Object.entries(a.counts.households).map(([k, n]) => [k, suppress(n)])) as PublicProgress["households"]
})
