/**
 * The in-memory fake of the journey's store, for tests of the use cases and apps, and the
 * reference the database adapters' contract suite is checked against. Transactions run
 * one at a time under a lock; their writes go to a draft merged in one synchronous step
 * on success and dropped on failure. Records are kept per household so a household's
 * facts are a handful of map reads.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Agency from "./Agency.js"
import type * as Journey from "./Journey.js"
import { JourneyStore, type Recorded, type Sequence, type Transaction } from "./JourneyStore.js"
import type * as Logbook from "./Logbook.js"
import type * as Organisation from "./Organisation.js"
import type * as Plan from "./Plan.js"
import type * as Problem from "./Problem.js"
import type * as Progress from "./Progress.js"

const names = [
  "recorded",
  "sequences",
  "households",
  "problems",
  "actions",
  "actionHouse",
  "logbook",
  "entryIndex",
  "visits",
  "teams",
  "users",
  "agencies",
  "deadlines"
] as const

interface Books {
  readonly recorded: Map<string, Recorded>
  readonly sequences: Map<string, number>
  readonly households: Map<string, Journey.Household>
  /** By house code, each household's problems by indicator number. */
  readonly problems: Map<string, ReadonlyArray<Problem.Problem>>
  readonly actions: Map<string, ReadonlyArray<Plan.Action>>
  /** Action id → house code. */
  readonly actionHouse: Map<string, string>
  readonly logbook: Map<string, ReadonlyArray<Logbook.Entry>>
  readonly entryIndex: Map<string, Logbook.Entry>
  readonly visits: Map<string, ReadonlyArray<Journey.Visit>>
  readonly teams: Map<string, Organisation.Team>
  readonly users: Map<string, Organisation.User>
  readonly agencies: Map<string, Agency.Agency>
  readonly deadlines: Map<string, Progress.Deadline>
  /** The whole logbook in the order appended. */
  readonly appended: Array<Logbook.Entry>
}

const emptyBooks = (): Books => ({
  recorded: new Map(),
  sequences: new Map(),
  households: new Map(),
  problems: new Map(),
  actions: new Map(),
  actionHouse: new Map(),
  logbook: new Map(),
  entryIndex: new Map(),
  visits: new Map(),
  teams: new Map(),
  users: new Map(),
  agencies: new Map(),
  deadlines: new Map(),
  appended: []
})

const commit = (books: Books, draft: Books) => {
  for (const name of names) {
    const into = books[name] as Map<string, unknown>
    for (const [k, v] of draft[name] as Map<string, unknown>) into.set(k, v)
  }
  books.appended.push(...draft.appended)
}

const byKey = <A>(a: readonly [string, A], b: readonly [string, A]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)

/** A map's entries with the draft's over the committed ones, sorted by key. */
const merged = <V>(committed: ReadonlyMap<string, V>, drafted: ReadonlyMap<string, V>): Array<[string, V]> =>
  [...new Map([...committed, ...drafted])].sort(byKey)

const factsOf = (view: (name: "households" | "problems" | "actions" | "logbook" | "visits", key: string) => unknown, houseCode: string) => {
  const household = view("households", houseCode) as Journey.Household | undefined
  if (household === undefined) return Option.none<Journey.Facts>()
  return Option.some<Journey.Facts>({
    household,
    problems: (view("problems", houseCode) ?? []) as ReadonlyArray<Problem.Problem>,
    actions: (view("actions", houseCode) ?? []) as ReadonlyArray<Plan.Action>,
    entries: (view("logbook", houseCode) ?? []) as ReadonlyArray<Logbook.Entry>,
    visits: (view("visits", houseCode) ?? []) as ReadonlyArray<Journey.Visit>
  })
}

// Every read yields to other fibers first, as a database round trip would: a use case
// that wrote outside `transact`, or a fake that forgot its lock, shows up in the tests.
const read = <A>(f: () => A): Effect.Effect<A> => Effect.zipRight(Effect.yieldNow(), Effect.sync(f))
const write = (f: () => void): Effect.Effect<void> => Effect.sync(f)

const transaction = (books: Books, draft: Books): Transaction => {
  const view = <N extends (typeof names)[number]>(name: N, key: string) =>
    (draft[name] as Map<string, unknown>).get(key) ?? (books[name] as Map<string, unknown>).get(key)
  const get = <A>(name: (typeof names)[number], key: string) => Option.fromNullable(view(name, key) as A | undefined)
  const putHousehold = (h: Journey.Household) => void draft.households.set(h.houseCode, h)
  return {
    entry: (key) => read(() => get<Recorded>("recorded", key)),
    record: (entry) => write(() => void draft.recorded.set(entry.key, entry)),
    next: (sequence: Sequence) =>
      read(() => {
        const n = ((view("sequences", sequence) as number | undefined) ?? 0) + 1
        draft.sequences.set(sequence, n)
        return n
      }),
    facts: (houseCode) => read(() => factsOf(view, houseCode)),
    households: (area) =>
      read(() => merged(books.households, draft.households).filter(([, h]) => h.villageCode.startsWith(area)).map(([, h]) => h)),
    ensure: (households) =>
      read(() => {
        let inserted = 0
        for (const h of households) {
          if (view("households", h.houseCode) !== undefined) continue
          putHousehold(h)
          inserted++
        }
        return inserted
      }),
    putHousehold: (h) => write(() => putHousehold(h)),
    putProblem: (problem) =>
      write(() => {
        const list = (view("problems", problem.houseCode) ?? []) as ReadonlyArray<Problem.Problem>
        const at = list.findIndex((p) => p.indicator === problem.indicator)
        const next = at < 0 ? [...list, problem].sort((a, b) => a.indicator - b.indicator) : list.map((p, i) => (i === at ? problem : p))
        draft.problems.set(problem.houseCode, next)
      }),
    action: (id) =>
      read(() => {
        const house = view("actionHouse", id) as string | undefined
        const list = (house === undefined ? [] : view("actions", house) ?? []) as ReadonlyArray<Plan.Action>
        return Option.fromNullable(list.find((a) => a.id === id))
      }),
    putAction: (action) =>
      write(() => {
        const list = (view("actions", action.houseCode) ?? []) as ReadonlyArray<Plan.Action>
        const at = list.findIndex((a) => a.id === action.id)
        draft.actions.set(action.houseCode, at < 0 ? [...list, action] : list.map((a, i) => (i === at ? action : a)))
        draft.actionHouse.set(action.id, action.houseCode)
      }),
    logEntry: (id) => read(() => get<Logbook.Entry>("entryIndex", id)),
    append: (entry) =>
      Effect.suspend(() => {
        if (view("entryIndex", entry.id) !== undefined) return Effect.dieMessage(`logbook entry ${entry.id} appended twice`)
        const list = (view("logbook", entry.houseCode) ?? []) as ReadonlyArray<Logbook.Entry>
        draft.logbook.set(entry.houseCode, [...list, entry])
        draft.entryIndex.set(entry.id, entry)
        draft.appended.push(entry)
        return Effect.void
      }),
    putVisit: (visit) =>
      write(() => {
        const list = (view("visits", visit.houseCode) ?? []) as ReadonlyArray<Journey.Visit>
        draft.visits.set(visit.houseCode, [...list.filter((v) => v.id !== visit.id), visit])
      }),
    team: (id) => read(() => get<Organisation.Team>("teams", id)),
    putTeam: (team) => write(() => void draft.teams.set(team.id, team)),
    putUser: (user) => write(() => void draft.users.set(user.id, user)),
    agency: (code) => read(() => get<Agency.Agency>("agencies", code)),
    putAgencies: (agencies) => write(() => agencies.forEach((a) => draft.agencies.set(a.code, a))),
    putDeadline: (deadline) => write(() => void draft.deadlines.set(deadline.district, deadline))
  }
}

const overlaps = (a: string, b: string) => a.startsWith(b) || b.startsWith(a)

/** The journey's store in plain maps, empty (seed the agencies with `JourneyCommands.seedAgencies`). */
export const layerMemory = Layer.effect(
  JourneyStore,
  Effect.gen(function* () {
    const books = emptyBooks()
    const lock = yield* Effect.makeSemaphore(1)
    const committed = (name: "households" | "problems" | "actions" | "logbook" | "visits", key: string) =>
      (books[name] as Map<string, unknown>).get(key)
    return JourneyStore.of({
      transact: (f) =>
        lock.withPermits(1)(
          Effect.suspend(() => {
            const draft = emptyBooks()
            return Effect.tap(f(transaction(books, draft)), () => Effect.sync(() => commit(books, draft)))
          })
        ),
      facts: (area) =>
        Effect.sync(() =>
          [...books.households.keys()]
            .sort()
            .flatMap((code) => Option.toArray(factsOf(committed, code)))
            .filter((f) => f.household.villageCode.startsWith(area))
        ),
      household: (houseCode) => Effect.sync(() => factsOf(committed, houseCode)),
      logbook: (area) => Effect.sync(() => books.appended.filter((e) => e.villageCode.startsWith(area))),
      teams: (area) => Effect.sync(() => merged(books.teams, new Map()).map(([, t]) => t).filter((t) => overlaps(t.area, area))),
      users: () => Effect.sync(() => merged(books.users, new Map()).map(([, u]) => u)),
      user: (id) => Effect.sync(() => Option.fromNullable(books.users.get(id))),
      agencies: () => Effect.sync(() => merged(books.agencies, new Map()).map(([, a]) => a)),
      deadlines: () => Effect.sync(() => merged(books.deadlines, new Map()).map(([, d]) => d)),
      entries: () => Effect.sync(() => [...books.recorded.values()])
    })
  })
)

