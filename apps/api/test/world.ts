/**
 * A small province behind the API, for the tests: a round of synthetic households in two
 * districts, evaluated; users of every role with their tokens; target households in the
 * journey; the fund configured with money and a request in each district; an import job
 * submitted in each district; an active program with a delivery in each district. Built on the memory fakes, or on a fresh SQLite file or
 * PostgreSQL schema through the real adapters. `drain` runs the jobs queued as `pnpm worker`
 * would: from the job tables (memory, SQLite), or from graphile-worker's queue (PostgreSQL).
 */
import {
  AccessMemory,
  Agency,
  type Actor,
  ApiToken,
  FundCommands,
  FundMemory,
  Idempotency,
  JobMemory,
  Jobs,
  JobStore,
  JourneyCommands,
  JourneyMemory,
  ProgramCommands,
  ProgramMemory,
  type Organisation,
  Registry,
  RegistryMemory,
  RoundEvaluation,
  RuleSet,
  SurveyImport
} from "@phungpao/domain"
import { Database, Queue } from "@phungpao/db"
import { JobFiles } from "@phungpao/files"
import * as Synthetic from "@phungpao/synthetic"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import { runOnce } from "graphile-worker"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import pg from "pg"
import { makeApp, type Options } from "../src/App.js"
import { runner } from "../src/Run.js"
import { Readiness, live, type Services } from "../src/Services.js"

export type Engine = "memory" | "sqlite" | "postgres"
export const engines: ReadonlyArray<Engine> = ["memory", "sqlite", "postgres"]

export const postgresUrl = (process.env["PHUNGPAO_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/phungpao_test").replace(/\/([^/?]*)(\?.*)?$/, "/$1_api$2")

const admin = async (statement: string) => {
  const client = new pg.Client({ connectionString: postgresUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

const memory = Layer.mergeAll(
  RegistryMemory.layerMemory,
  AccessMemory.layerMemory,
  FundMemory.layerMemory,
  JobMemory.layerMemory,
  ProgramMemory.layerMemory,
  Layer.succeed(Readiness, Readiness.make({ check: Effect.succeed([]) })),
  Layer.provideMerge(JourneyCommands.users, JourneyMemory.layerMemory)
)

const key = (k: string) => k as Idempotency.Key
const system = { id: "system", role: "system", scope: [""] } as const satisfies Actor.Actor

/** The users of the world: id → role and areas. `a` and `b` are the two districts. */
const usersOf = (a: string, b: string): ReadonlyArray<Organisation.User> => [
  { id: "pc", name: "ศจพ.จ.", role: "provincialCentre", scope: ["33"] },
  { id: "dc-a", name: "ศจพ.อ. A", role: "districtCentre", scope: [a] },
  { id: "dc-b", name: "ศจพ.อ. B", role: "districtCentre", scope: [b] },
  { id: "mentor-a", name: "พี่เลี้ยง A", role: "mentor", scope: [a] },
  { id: "officer", name: "เจ้าหน้าที่", role: "agencyOfficer", scope: ["33"] },
  { id: "auditor", name: "ผู้ตรวจสอบ", role: "auditor", scope: ["33"] },
  { id: "m1", name: "กรรมการ 1", role: "fundCommittee", scope: ["33"] },
  { id: "m2", name: "กรรมการ 2", role: "fundCommittee", scope: ["33"] },
  { id: "t1", name: "เหรัญญิก", role: "treasurer", scope: ["33"] },
  { id: "m-a", name: "กรรมการ A", role: "fundCommittee", scope: [a] },
  { id: "t-a", name: "เหรัญญิก A", role: "treasurer", scope: [a] }
]

export interface World {
  readonly app: ReturnType<typeof makeApp>
  /** Each user's token. */
  readonly tokens: Readonly<Record<string, string>>
  readonly districts: { readonly a: string; readonly b: string }
  /** A target household in the journey in each district. */
  readonly houses: { readonly a: string; readonly b: string }
  /** The village of each. */
  readonly villages: { readonly a: string; readonly b: string }
  /** A fund request (reserved: approved by m1 and m2) in each district. */
  readonly requests: { readonly a: string; readonly b: string }
  /** Each district's household's plan action, logbook entry, and the indicator of its first problem. */
  readonly journeys: { readonly [D in "a" | "b"]: { readonly action: string; readonly entry: string; readonly indicator: number } }
  /** An active household program over the target households (P-1), and its delivery entry in each district. */
  readonly programs: { readonly id: string; readonly entries: { readonly a: string; readonly b: string } }
  /** A known agency's code. */
  readonly agency: string
  /** An import job (of an empty file) each district's centre submitted, not yet run. */
  readonly jobs: { readonly a: string; readonly b: string }
  /** The folder the app keeps uploads in. */
  readonly uploads: string
  /** Runs every job step queued, as a worker would, until none is left; the steps run. */
  readonly drain: () => Promise<number>
  readonly run: <A, E>(program: Effect.Effect<A, E, Services>) => Promise<A>
  readonly log: ReadonlyArray<Readonly<Record<string, unknown>>>
  readonly close: () => Promise<void>
}

let made = 0

export const world = async (engine: Engine, options: Partial<Options> = {}): Promise<World> => {
  const folder = mkdtempSync(join(tmpdir(), "phungpao-api-"))
  const uploads = join(folder, "uploads")
  let cleanup = async () => rmSync(folder, { recursive: true, force: true })
  let layer: Layer.Layer<Services | Readiness, unknown>
  if (engine === "memory") layer = memory
  else if (engine === "sqlite") {
    layer = live({ engine: "sqlite", file: join(folder, "phungpao.db") })
  } else {
    const schema = `api_${process.pid}_${++made}_${Math.random().toString(36).slice(2, 8)}`
    await admin(`create schema ${schema}`)
    cleanup = async () => {
      rmSync(folder, { recursive: true, force: true })
      await admin(`drop schema ${schema} cascade`)
    }
    const url = new URL(postgresUrl)
    url.searchParams.set("options", `-c search_path=${schema}`)
    layer = live({ engine: "postgres", url: url.toString() })
  }
  const runtime = ManagedRuntime.make(layer as Layer.Layer<Services | Readiness>)
  const run = <A, E>(program: Effect.Effect<A, E, Services>) => runtime.runPromise(program)

  const records = [...Synthetic.generate({ province: "33", households: 200, seed: 11 })]
  const districtOf = (r: { readonly villageCode: string }) => r.villageCode.slice(0, 4)
  // Two districts with target households: the first two found.
  const targetDistricts = [
    ...new Set(records.filter((r) => RuleSet.evaluate(RuleSet.tpmap2565, r as never).target).map(districtOf))
  ]
  const [a, b] = targetDistricts as [string, string]
  if (b === undefined) throw new Error("the synthetic round has target households in one district only")
  const seeded = await run(
    Effect.gen(function* () {
      yield* SurveyImport.batch(system, 2564, records.map((value, i) => ({ line: i + 1, value })))
      yield* RoundEvaluation.run(system, 2564, RuleSet.tpmap2565)
      for (const user of usersOf(a, b)) yield* JourneyCommands.putUser(system, key(`user-${user.id}`), user)
      const tokens: Record<string, string> = {}
      for (const user of usersOf(a, b)) tokens[user.id] = (yield* ApiToken.issue(system, { user: user.id })).secret
      const stored: Array<Registry.StoredDecision> = []
      yield* Effect.flatMap(Registry.DecisionStore, (store) => Effect.map(store.page(2564, RuleSet.tpmap2565.id, { limit: 1000 }), (page) => stored.push(...page)))
      const targets = stored.filter((s) => s.decision.target)
      yield* JourneyCommands.enrol(system, 2564, targets)
      const pick = (district: string) => targets.find((s) => s.villageCode.startsWith(district))!
      const houses = { a: pick(a).decision.houseCode, b: pick(b).decision.houseCode }
      const villages = { a: pick(a).villageCode, b: pick(b).villageCode }
      yield* FundCommands.configure({ id: "pc", role: "provincialCentre", scope: ["33"] }, key("configure"), {
        quorum: 2,
        committee: ["m1", "m2"],
        treasurers: ["t1"],
        ceilingPerRequest: 1_000_000 as never,
        capPerHouseholdPerFiscalYear: 2_000_000 as never
      })
      const treasurer = { id: "t1", role: "treasurer", scope: ["33"] } as const
      yield* FundCommands.recordReceipt(treasurer, key("receipt-1"), { bankReference: "KTB-1", valueDate: "2022-01-10" as never, amount: 5_000_000 as never, pool: {} })
      const request = (district: "a" | "b") =>
        Effect.gen(function* () {
          const requester = { id: `dc-${district}`, role: "districtCentre", scope: [district === "a" ? a : b] } as const
          const r = yield* FundCommands.request(requester, key(`request-${district}`), {
            houseCode: houses[district] as never,
            villageCode: villages[district] as never,
            purpose: "school-uniforms" as never,
            pool: {},
            amount: 50_000 as never
          })
          for (const m of ["m1", "m2"]) yield* FundCommands.approve({ id: m, role: "fundCommittee", scope: ["33"] }, key(`approve-${district}-${m}`), { request: r.id })
          return r.id as string
        })
      const requests = { a: yield* request("a"), b: yield* request("b") }
      // Each district's household verified, analysed, with a plan action and an act of help.
      yield* JourneyCommands.seedAgencies(system)
      const agency = Agency.seed[0]!.code
      const journey = (district: "a" | "b") =>
        Effect.gen(function* () {
          const centre = { id: `dc-${district}`, role: "districtCentre", scope: [district === "a" ? a : b] } as const
          const houseCode = houses[district] as never
          const on = "2022-02-01" as never
          yield* JourneyCommands.verify(centre, key(`verify-${district}`), { houseCode, outcome: "confirmed", on })
          const problems = yield* JourneyCommands.analyse(centre, key(`analyse-${district}`), { houseCode, on })
          const indicator = problems[0]!.indicator
          const action = yield* JourneyCommands.addPlanAction(centre, key(`action-${district}`), {
            houseCode,
            part: "skills",
            description: "อบรมอาชีพ",
            problems: [indicator],
            responsible: { _tag: "agency", code: agency },
            budgetSource: "agencyFunction",
            plannedCost: 0 as never,
            due: "2022-06-30" as never
          })
          const entry = yield* JourneyCommands.recordHelp(centre, key(`help-${district}`), {
            houseCode,
            on,
            giver: { person: "อสม. หมู่บ้าน" },
            kind: "service",
            value: 0 as never,
            problems: [indicator],
            budgetSource: "other"
          })
          return { action: action.id as string, entry: entry.id as string, indicator }
        })
      const journeys = { a: yield* journey("a"), b: yield* journey("b") }
      // A household program over the target households, active, enrolled, one delivery in each district.
      const pc = { id: "pc", role: "provincialCentre", scope: ["33"] } as const
      const program = yield* ProgramCommands.create(pc, key("program-1"), {
        nameTh: "ชุดนักเรียน",
        nameEn: "School uniforms",
        purpose: "ชุดนักเรียนสำหรับครัวเรือนเป้าหมาย",
        unit: "household",
        where: "decision.target",
        round: 2564,
        ruleSetKey: RuleSet.tpmap2565.id,
        budget: { _tag: "agency", agency, amount: 1_000_000 as never },
        need: [{ name: "size", type: "choice", choices: ["S", "M", "L"] }],
        distribution: { _tag: "once", on: "2022-05-16" as never, place: "ศาลากลางจังหวัด" }
      })
      yield* ProgramCommands.activate(pc, program.id)
      yield* ProgramCommands.enrol(pc, program.id)
      const deliverIn = (district: "a" | "b") =>
        Effect.map(
          ProgramCommands.deliver({ id: `dc-${district}`, role: "districtCentre", scope: [district === "a" ? a : b] }, key(`deliver-${district}`), {
            program: program.id,
            houseCode: houses[district] as never,
            on: "2022-05-16" as never,
            kind: "goods",
            value: 45_000 as never,
            giver: { agency }
          }),
          (d) => d.entry as string
        )
      const programs = { id: program.id as string, entries: { a: yield* deliverIn("a"), b: yield* deliverIn("b") } }
      mkdirSync(uploads, { recursive: true })
      const importJob = (district: "a" | "b") =>
        Effect.gen(function* () {
          const centre = { id: `dc-${district}`, role: "districtCentre", scope: [district === "a" ? a : b] } as const
          const path = join(uploads, `seed-${district}.ndjson`)
          writeFileSync(path, "")
          return (yield* Jobs.submit(centre, "import", { round: 2565, path }, key(`job-${district}`))).job.id
        })
      const jobs = { a: yield* importJob("a"), b: yield* importJob("b") }
      return { tokens, houses, villages, requests, journeys, programs, jobs, agency: agency as string }
    })
  )
  const log: Array<Readonly<Record<string, unknown>>> = []
  // As the server runs requests (see `Run.runner`).
  const app = makeApp({ run: runner(await runtime.runtime()), log: (line) => log.push(line), uploads, ...options })
  const step = (claimed: JobStore.Claimed) => run(Effect.provide(Jobs.runStep(claimed, `test-${engine}`), JobFiles.layer))
  const drain = async (): Promise<number> => {
    let steps = 0
    if (engine !== "postgres") {
      for (;;) {
        const claimed = await run(Effect.flatMap(JobStore.JobStore, (store) => store.claim(`test-${engine}`, new Date().toISOString())))
        if (Option.isNone(claimed)) return steps
        await step(claimed.value)
        steps++
      }
    }
    // graphile-worker dispatches: its runOnce, with the task `pnpm worker` runs, until nothing is due.
    const pgPool = await runtime.runPromise(Effect.map(Database.Database, (d) => d.pgPool!) as unknown as Effect.Effect<NonNullable<Database.Service["pgPool"]>>)
    await runOnce({
      pgPool,
      noHandleSignals: true,
      logger: await Queue.quietLogger(),
      taskList: {
        [Queue.task]: async (payload, helpers) => {
          const { job, step: which } = payload as { job: string; step: "plan" | number }
          steps++
          const outcome = await step({ job, step: which, attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts })
          if (outcome === "retry") throw new Error(`job ${job} step ${which} is to be tried again`)
        }
      }
    })
    return steps
  }
  return {
    app,
    ...seeded,
    districts: { a, b },
    uploads,
    drain,
    run,
    log,
    close: async () => {
      await runtime.dispose()
      await cleanup()
    }
  }
}

/** Headers for a user's token. */
export const as = (w: World, user: string, more: Record<string, string> = {}) => ({ authorization: `Bearer ${w.tokens[user]}`, ...more })

export { Idempotency }
