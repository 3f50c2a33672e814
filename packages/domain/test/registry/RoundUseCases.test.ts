import { Effect, Option, TestClock, TestContext } from "effect"
import { describe, expect, it } from "vitest"
import {
  AccessMemory,
  Actor,
  Audit,
  AreaFigures,
  Registry,
  RegistryMemory,
  RoundDiff,
  RoundEvaluation,
  RoundExport,
  RoundReport,
  RuleSet,
  SurveyImport
} from "../../src/index.js"
import { citizenId, head, household, member, valid, withMembers } from "../fixtures.js"

const run = <A, E>(program: Effect.Effect<A, E, Registry.HouseholdRegistry | Registry.DecisionStore | Registry.AreaDirectory | Audit.AuditLog>) =>
  Effect.runPromise(program.pipe(Effect.provide(RegistryMemory.layerMemory), Effect.provide(AccessMemory.layerMemory), Effect.provide(TestContext.TestContext)))

const system = Actor.system()
const items = (records: ReadonlyArray<unknown>) => records.map((value, i) => ({ line: i + 1, value }))

// Three households of round 2564 in two districts: one target (income), one fine, one
// failing education with a registered card only.
const poor = household({ houseCode: "33010000001", villageCode: "33010101", surveyYear: 2564, annualIncomeBaht: 20000, welfareCard: "verified" })
const fine = household({ houseCode: "33020000002", villageCode: "33020101", surveyYear: 2564, annualIncomeBaht: 500000, members: [head({ citizenId: citizenId(2) })] })
const pupil = {
  ...withMembers(member({ birthDate: "2012-01-01", relation: "child", compulsoryEducation: false })),
  houseCode: "33010000003",
  villageCode: "33010102",
  surveyYear: 2564,
  welfareCard: "registered" as const,
  annualIncomeBaht: 500000
}
pupil.members[0] = head({ citizenId: citizenId(3) })

describe("SurveyImport.batch", () => {
  it("stores valid records, rejects invalid ones by line, and names new villages", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const result = yield* SurveyImport.batch(system, 2564, items([poor, { ...fine, houseCode: "1" }, pupil]))
        const village = yield* (yield* Registry.AreaDirectory).get("33010102")
        return { result, village }
      })
    )
    expect(outcome.result).toMatchObject({ inserted: 2, updated: 0, unchanged: 0 })
    expect(outcome.result.rejected).toEqual([{ line: 2, field: "houseCode", reason: "must be 11 digits" }])
    expect(Option.getOrThrow(outcome.village)).toEqual({ code: "33010102", level: "village", nameTh: "หมู่ที่ 2", nameEn: "Moo 2" })
  })

  it("changes nothing when the same batch is stored again, and counts an update", async () => {
    const counts = await run(
      Effect.gen(function* () {
        yield* SurveyImport.batch(system, 2564, items([poor, fine]))
        const again = yield* SurveyImport.batch(system, 2564, items([poor, fine]))
        const changed = yield* SurveyImport.batch(system, 2564, items([{ ...poor, annualIncomeBaht: 21000 }, fine]))
        return { again, changed }
      })
    )
    expect(counts.again).toEqual({ inserted: 0, updated: 0, unchanged: 2, rejected: [] })
    expect(counts.changed).toEqual({ inserted: 0, updated: 1, unchanged: 1, rejected: [] })
  })

  it("rejects a record of another round, outside the actor's areas, or given twice", async () => {
    const district = { id: "amphoe-3302", role: "districtCentre" as const, scope: ["3302"] }
    const outcome = await run(SurveyImport.batch(district, 2564, items([fine, poor, { ...fine, surveyYear: 2565 }, fine])))
    expect(outcome.inserted).toBe(1)
    expect(outcome.rejected.map((r) => [r.line, r.field])).toEqual([
      [2, "villageCode"],
      [3, "surveyYear"],
      [4, "houseCode"]
    ])
  })
})

describe("SurveyImport: one citizen ID in one household of a round", () => {
  const shared = citizenId(77)
  const holding = (houseCode: string, relation: "head" | "child", extra: Record<string, unknown> = {}) =>
    household({
      houseCode,
      villageCode: "33010101",
      members: relation === "head" ? [head({ citizenId: shared })] : [head(), member({ citizenId: shared, relation: "child", birthDate: "2012-01-01" })],
      ...extra
    })

  it("keeps the first household holding an ID and rejects the others by line and field, never printing the ID", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const first = yield* SurveyImport.batch(system, 2564, items([holding("33010000011", "head"), holding("33010000012", "child"), poor]))
        // A later batch (another file, or the next batch of one) is checked against the stored round.
        const later = yield* SurveyImport.batch(system, 2564, items([holding("33010000013", "head")]))
        // The same household again, and another round, are not conflicts.
        const again = yield* SurveyImport.batch(system, 2564, items([holding("33010000011", "head")]))
        const otherRound = yield* SurveyImport.batch(system, 2565, items([holding("33010000012", "child", { surveyYear: 2565 })]))
        const stored = yield* (yield* Registry.HouseholdRegistry).get(2564, "33010000012")
        return { first, later, again, otherRound, stored }
      })
    )
    expect(outcome.first).toMatchObject({ inserted: 2, rejected: [{ line: 2, field: "members[1].citizenId", reason: "already in household 33010000011 of this round" }] })
    expect(outcome.later).toMatchObject({ inserted: 0, rejected: [{ line: 1, field: "members[0].citizenId", reason: "already in household 33010000011 of this round" }] })
    expect(outcome.again).toEqual({ inserted: 0, updated: 0, unchanged: 1, rejected: [] })
    expect(outcome.otherRound).toMatchObject({ inserted: 1, rejected: [] })
    expect(Option.isNone(outcome.stored)).toBe(true)
    for (const r of [...outcome.first.rejected, ...outcome.later.rejected]) expect(r.reason).not.toContain(shared)
  })

  it("lets a member move between households re-imported in one batch", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* SurveyImport.batch(system, 2564, items([holding("33010000011", "head"), household({ houseCode: "33010000012", villageCode: "33010101", members: [head()] })]))
        const moved = yield* SurveyImport.batch(system, 2564, items([
          household({ houseCode: "33010000011", villageCode: "33010101", members: [head()] }),
          holding("33010000012", "child")
        ]))
        return moved
      })
    )
    expect(outcome).toMatchObject({ updated: 2, rejected: [] })
  })

  it("lists a round's conflicts stored by other means, masked by the CLI, each holder with its member's place", async () => {
    const conflicts = await run(
      Effect.gen(function* () {
        const registry = yield* Registry.HouseholdRegistry
        yield* registry.upsert(2564, [valid(holding("33010000011", "head")), valid(holding("33010000012", "child")), valid(poor)])
        return { listed: yield* SurveyImport.conflicts(system, 2564), none: yield* SurveyImport.conflicts(system, 2565) }
      })
    )
    expect(conflicts.listed).toEqual([{ citizenId: shared, holders: [{ houseCode: "33010000011", member: 0 }, { houseCode: "33010000012", member: 1 }] }])
    expect(conflicts.none).toEqual([])
  })

  it("refuses the conflicts to a role that may not read the registry", async () => {
    const fundOnly = { id: "t1", role: "treasurer" as const, scope: [""] }
    const error = await run(Effect.flip(SurveyImport.conflicts(fundOnly, 2564)))
    expect(error).toMatchObject({ _tag: "NotPermitted" })
  })
})

describe("RoundEvaluation.run and RoundReport.tallies", () => {
  it("stores a reproducible decision per household and reports the same tallies as evaluating the records", async () => {
    const records = [poor, fine, pupil]
    const { stored, tallies, progress } = await run(
      Effect.gen(function* () {
        yield* SurveyImport.batch(system, 2564, items(records))
        yield* TestClock.setTime(Date.UTC(2022, 0, 5))
        const progress: Array<number> = []
        yield* RoundEvaluation.run(system, 2564, RuleSet.tpmap2565, { pageSize: 2, onProgress: (p) => Effect.sync(() => void progress.push(p.done)) })
        const stored = yield* (yield* Registry.DecisionStore).page(2564, "tpmap-2565", { limit: 10 })
        const tallies = yield* RoundReport.tallies(system, 2564, "tpmap-2565", "district")
        return { stored, tallies, progress }
      })
    )
    expect(progress).toEqual([2, 3])
    expect(stored.map((s) => s.decision)).toEqual(
      [poor, pupil, fine].sort((a, b) => (a.houseCode < b.houseCode ? -1 : 1)).map((r) => RuleSet.evaluate(RuleSet.tpmap2565, valid(r)))
    )
    expect(stored[0]!.evaluation).toEqual({
      ruleSetId: "tpmap-2565",
      ruleSetKey: "tpmap-2565",
      parameters: RuleSet.tpmap2565.parameters,
      evaluatedAt: "2022-01-05T00:00:00.000Z"
    })
    const direct = new Map<string, AreaFigures.Tally>()
    for (const r of records) {
      const area = r.villageCode.slice(0, 4)
      const tally = direct.get(area) ?? AreaFigures.empty()
      direct.set(area, AreaFigures.add(tally, RuleSet.evaluate(RuleSet.tpmap2565, valid(r)), r.members.length))
    }
    expect(tallies).toEqual([...direct].sort(([a], [b]) => (a < b ? -1 : 1)))
  })

  it("refuses to report a round that was never evaluated", async () => {
    const error = await run(Effect.flip(RoundReport.tallies(system, 2564, "tpmap-2565", "district")))
    expect(error._tag).toBe("NotEvaluated")
    expect(error).toMatchObject({ round: 2564, ruleSetKey: "tpmap-2565" })
    // the domain says what is wrong; how to fix it from a command line is the CLI's to say
    expect(error.message).not.toContain("--round")
  })

  it("evaluates only the actor's areas", async () => {
    const district = { id: "amphoe-3301", role: "districtCentre" as const, scope: ["3301"] }
    const result = await run(
      Effect.gen(function* () {
        yield* SurveyImport.batch(system, 2564, items([poor, fine, pupil]))
        return yield* RoundEvaluation.run(district, 2564, RuleSet.tpmap2565)
      })
    )
    expect(result.households).toBe(2)
  })
})

describe("RoundDiff.run", () => {
  it("lists households that appeared, vanished, became or stopped being targets, and indicator changes", async () => {
    const next = (r: typeof poor, overrides: object) => ({ ...r, surveyYear: 2565, ...overrides })
    const changes = await run(
      Effect.gen(function* () {
        yield* SurveyImport.batch(system, 2564, items([poor, fine, pupil]))
        yield* SurveyImport.batch(
          system,
          2565,
          items([
            next(poor, { annualIncomeBaht: 500000 }),
            next(fine, { annualIncomeBaht: 20000, welfareCard: "verified" }),
            next(household({ houseCode: "33030000009", villageCode: "33030101", members: [head({ citizenId: citizenId(9) })] }), {})
          ])
        )
        for (const round of [2564, 2565]) yield* RoundEvaluation.run(system, round, RuleSet.tpmap2565)
        const out: Array<RoundDiff.Change> = []
        yield* RoundDiff.run(system, 2564, 2565, "tpmap-2565", (c) => Effect.sync(() => out.push(c)), { pageSize: 2 })
        return out
      })
    )
    expect(changes.map((c) => [c.houseCode, c.change, c.indicators])).toEqual([
      ["33010000001", "stoppedTarget", []],
      ["33010000001", "newlyPasses", [22]],
      ["33010000003", "vanished", []],
      ["33020000002", "becameTarget", []],
      ["33020000002", "newlyFails", [22]],
      ["33030000009", "appeared", []]
    ])
  })
})

describe("the registry's use cases and the access policy", () => {
  const mentor = { id: "mentor-330101", role: "mentor" as const, scope: ["330101"] }
  const officer = { id: "officer-health", role: "agencyOfficer" as const, scope: ["33"] }

  it("refuses a role without the right before reading or writing anything", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const importing = yield* Effect.flip(SurveyImport.batch(mentor, 2564, items([poor])))
        const stored = yield* (yield* Registry.HouseholdRegistry).rounds()
        const evaluating = yield* Effect.flip(RoundEvaluation.run(mentor, 2564, RuleSet.resolve()))
        yield* SurveyImport.batch(system, 2564, items([poor, fine]))
        yield* RoundEvaluation.run(system, 2564, RuleSet.resolve())
        const decisions = yield* Effect.flip(RoundReport.decisions(officer, 2564, "tpmap-2565", () => Effect.void))
        const diff = yield* Effect.flip(RoundDiff.run(officer, 2564, 2564, "tpmap-2565", () => Effect.void))
        const tallies = yield* RoundReport.tallies(officer, 2564, "tpmap-2565", "province")
        return { importing, stored, evaluating, decisions, diff, tallies }
      })
    )
    expect(outcome.importing).toMatchObject({ _tag: "NotPermitted", actorId: "mentor-330101", action: "importSurvey" })
    expect(outcome.stored).toEqual([])
    expect(outcome.evaluating).toMatchObject({ _tag: "NotPermitted", action: "evaluateRound" })
    expect(outcome.decisions).toMatchObject({ _tag: "NotPermitted", action: "readRegistry" })
    expect(outcome.diff).toMatchObject({ _tag: "NotPermitted", action: "readRegistry" })
    // area figures hold no household: every role may read them
    expect(outcome.tallies.map(([area]) => area)).toEqual(["33"])
  })

  it("resume after the last house code handled, and check progress as an effect after each page", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* SurveyImport.batch(system, 2564, items([poor, fine, pupil]))
        yield* SurveyImport.batch(system, 2565, items([{ ...poor, surveyYear: 2565 }, { ...fine, surveyYear: 2565, annualIncomeBaht: 20000, welfareCard: "verified" }]))
        const checkpoints: Array<string> = []
        yield* RoundEvaluation.run(system, 2564, RuleSet.resolve(), { pageSize: 1, onProgress: (p) => Effect.sync(() => void checkpoints.push(p.after)) })
        yield* RoundEvaluation.run(system, 2565, RuleSet.resolve())
        const resumed: Array<string> = []
        yield* RoundReport.decisions(system, 2564, "tpmap-2565", (page) => Effect.sync(() => void resumed.push(...page.map((d) => d.decision.houseCode))), { pageSize: 1, after: "33010000001" })
        const changes: Array<string> = []
        yield* RoundDiff.run(system, 2564, 2565, "tpmap-2565", (c) => Effect.sync(() => void changes.push(`${c.houseCode} ${c.change}`)), { after: "33010000001" })
        // a checkpoint that fails stops the run where it stood
        const stopped = yield* Effect.flip(RoundEvaluation.run(system, 2564, RuleSet.resolve(), { pageSize: 1, onProgress: (p) => (p.done === 2 ? Effect.fail("stop" as const) : Effect.void) }))
        return { checkpoints, resumed, changes, stopped }
      })
    )
    expect(outcome.checkpoints).toEqual(["33010000001", "33010000003", "33020000002"])
    expect(outcome.resumed).toEqual(["33010000003", "33020000002"])
    expect(outcome.changes).toEqual(["33010000003 vanished", "33020000002 becameTarget", "33020000002 newlyFails"])
    expect(outcome.stopped).toBe("stop")
  })
})

describe("RoundExport.page", () => {
  it("gives a round's records in full to the roles that may export, in the actor's areas, page by page", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* SurveyImport.batch(system, 2564, items([poor, fine, pupil]))
        const province = { id: "pc-33", role: "provincialCentre" as const, scope: ["3301"] }
        const first = yield* RoundExport.page(province, 2564, undefined, 1)
        const rest = yield* RoundExport.page(province, 2564, first[0]!.houseCode, 10)
        const district = yield* Effect.flip(RoundExport.page({ id: "dc-3301", role: "districtCentre", scope: ["3301"] }, 2564, undefined, 10))
        return { first, rest, district }
      })
    )
    expect(outcome.first.map((r) => r.houseCode)).toEqual(["33010000001"])
    expect(outcome.rest.map((r) => r.houseCode)).toEqual(["33010000003"])
    expect(outcome.first[0]!.members[0]!.citizenId).toMatch(/^\d{13}$/)
    expect(outcome.district).toMatchObject({ _tag: "NotPermitted", action: "exportRound" })
  })
})

describe("unmasked reads of decisions", () => {
  it("mask members by default, and put every unmasked page on record; a role without the right is refused", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* SurveyImport.batch(system, 2564, items([poor, fine, pupil]))
        yield* RoundEvaluation.run(system, 2564, RuleSet.resolve())
        const members = (pages: Array<ReadonlyArray<Registry.StoredDecision>>) => pages.flat().flatMap((s) => s.decision.indicators.flatMap((r) => r.members))
        const masked: Array<ReadonlyArray<Registry.StoredDecision>> = []
        yield* RoundReport.decisions(system, 2564, "tpmap-2565", (p) => Effect.sync(() => void masked.push(p)))
        const shown: Array<ReadonlyArray<Registry.StoredDecision>> = []
        yield* RoundReport.decisionsUnmasked(system, 2564, "tpmap-2565", (p) => Effect.sync(() => void shown.push(p)), { pageSize: 2, what: "evaluate --round", reason: "ตรวจสอบ" })
        const auditor = { id: "auditor-33", role: "auditor" as const, scope: ["33"] }
        const refused = yield* Effect.flip(RoundReport.decisionsUnmasked(auditor, 2564, "tpmap-2565", () => Effect.void, { what: "x" }))
        return { masked: members(masked), shown: members(shown), log: yield* (yield* Audit.AuditLog).list({}), refused }
      })
    )
    expect(outcome.masked.length).toBeGreaterThan(0)
    expect(outcome.masked.every((m) => /^x{9}\d{4}$/.test(m))).toBe(true)
    expect(outcome.shown.every((m) => /^\d{13}$/.test(m))).toBe(true)
    expect(outcome.log.map((e) => [e.actor, e.action, e.what, e.houseCodes, e.reason])).toEqual([
      ["system", "unmask", "evaluate --round", ["33010000001", "33010000003"], "ตรวจสอบ"],
      ["system", "unmask", "evaluate --round", ["33020000002"], "ตรวจสอบ"]
    ])
    expect(outcome.refused).toMatchObject({ _tag: "NotPermitted", actorId: "auditor-33" })
  })
})
