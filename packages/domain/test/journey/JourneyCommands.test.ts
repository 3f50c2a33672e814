import { Effect, Schema, TestClock } from "effect"
import { describe, expect, it } from "vitest"
import { Audit, JourneyCommands, JourneyStore, Registry, RoundEvaluation, RuleSet } from "../../src/index.js"
import {
  actionInput,
  auditor,
  date,
  decision,
  district,
  helpInput,
  house1,
  house2,
  house3,
  inRegistry,
  key,
  mentor,
  mentorTeam,
  officer,
  outsider,
  type Ports,
  province,
  run,
  stored,
  surveyRecord
} from "../journeyFixtures.js"

const J = JourneyCommands

/** Households 1 and 2 in subdistrict 330101 (failing 8 and 23, and 21), household 3 in district 3302 (failing 30). */
const enrolled = J.enrol(province, 2565, [
  stored(house1, "33010101", [8, 23]),
  stored(house2, "33010102", [21]),
  stored(house3, "33020101", [30]),
  stored("33010100009", "33010101", [])
])

const verifyAndAnalyse = (houseCode = house1) =>
  Effect.gen(function* () {
    yield* J.verify(mentor, key(`verify-${houseCode}`), { houseCode: houseCode as never, outcome: "confirmed", on: date("2022-08-01") })
    return yield* J.analyse(mentor, key(`analyse-${houseCode}`), { houseCode: houseCode as never, on: date("2022-08-02") })
  })

/** House 1 analysed, with an action for each problem, the plan agreed. */
const plannedHouse = Effect.gen(function* () {
  yield* enrolled
  yield* verifyAndAnalyse()
  const a1 = yield* J.addPlanAction(mentor, key("a1"), actionInput(house1, [8]))
  const a2 = yield* J.addPlanAction(mentor, key("a2"), actionInput(house1, [23], { part: "skills", responsible: { _tag: "agency", code: "labour" }, budgetSource: "agencyFunction" }))
  yield* J.agreePlan(mentor, key("agree"), { houseCode: house1 as never, on: date("2022-08-04") })
  return { a1, a2 }
})

const stepOf = (houseCode = house1) => Effect.map(J.household(province, houseCode), (h) => h.step)

describe("JourneyCommands.enrol", () => {
  it("puts a round's target households in the journey once, leaving out non-targets", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const first = yield* enrolled
        const again = yield* enrolled
        return { first, again, step: yield* stepOf(), all: (yield* (yield* JourneyStore.JourneyStore).facts("")).map((f) => f.household.houseCode) }
      })
    )
    expect(outcome.first).toEqual({ inserted: 3 })
    expect(outcome.again).toEqual({ inserted: 0 })
    expect(outcome.step).toBe("none")
    expect(outcome.all).toEqual([house1, house2, house3])
  })

  it("refuses a mentor, who does not enrol households", async () => {
    const error = await run(Effect.flip(J.enrol(mentor, 2565, [stored(house1, "33010101", [8])])))
    expect(error).toMatchObject({ _tag: "NotPermitted", actorId: "mentor-330101", action: "enrol" })
  })
})

describe("JourneyCommands: verify and analyse", () => {
  it("opens a problem for each failed indicator once the household is verified", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* enrolled
        const problems = yield* verifyAndAnalyse()
        return { problems, view: yield* J.household(mentor, house1) }
      })
    )
    expect(outcome.problems.map((p) => [p.indicator, p.dimension])).toEqual([[8, "living"], [23, "income"]])
    expect(outcome.view.step).toBe("analysed")
    expect(outcome.view.problems.map((p) => p.status)).toEqual(["identified", "identified"])
    expect(outcome.view.unaddressed).toEqual([8, 23])
  })

  it("refuses to analyse a household nobody verified", async () => {
    const error = await run(Effect.flatMap(enrolled, () => Effect.flip(J.analyse(mentor, key("k"), { houseCode: house1 as never, on: date("2022-08-02") }))))
    expect(error).toMatchObject({ _tag: "StepRequired", houseCode: house1, required: "verified", step: "none" })
  })

  it("refuses a second verification and a second analysis", async () => {
    const errors = await run(
      Effect.gen(function* () {
        yield* enrolled
        yield* verifyAndAnalyse()
        return [
          yield* Effect.flip(J.verify(mentor, key("v2"), { houseCode: house1 as never, outcome: "corrected", on: date("2022-08-03") })),
          yield* Effect.flip(J.analyse(mentor, key("an2"), { houseCode: house1 as never, on: date("2022-08-03") }))
        ]
      })
    )
    expect(errors.map((e) => [e._tag, "action" in e ? e.action : ""])).toEqual([["AlreadyDone", "verified"], ["AlreadyDone", "analysed"]])
  })

  it("analyses from the household's record as the registry holds it after a correction, not as enrolled", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* enrolled
        yield* J.verify(mentor, key("v"), { houseCode: house1 as never, outcome: "corrected", on: date("2022-08-01") })
        // the corrected record, re-imported into the round it was enrolled from, now fails income alone
        yield* inRegistry(2565, surveyRecord(house1, "33010101", 2565, true))
        return yield* J.analyse(mentor, key("a1"), { houseCode: house1 as never, on: date("2022-08-02") })
      })
    )
    expect(outcome.map((p) => p.indicator)).toEqual([22])
  })

  it("takes no decision from its caller: a forged decision in the input is no part of the command", async () => {
    const forged = { houseCode: "33010100077", villageCode: "33010101", round: 2565, on: "2022-08-05", decision: decision("33010100077", [8]) }
    const input = Schema.decodeUnknownSync(J.AddHousehold)(forged)
    expect(input).not.toHaveProperty("decision")
    const outcome = await run(
      Effect.gen(function* () {
        // the household's field record passes every indicator: the forged decision said it failed 8
        yield* inRegistry(2565, surveyRecord("33010100077", "33010101", 2565, false))
        return yield* Effect.flip(J.addHousehold(mentor, key("add"), forged as never))
      })
    )
    expect(outcome).toMatchObject({ _tag: "NotSurveyPoor", houseCode: "33010100077", round: 2565 })
  })

  it("adds a household the survey missed as verified, from its field record in the registry", async () => {
    const input = { houseCode: "33010100077" as never, villageCode: "33010101" as never, round: 2565, on: date("2022-08-05") }
    const outcome = await run(
      Effect.gen(function* () {
        const missing = yield* Effect.flip(J.addHousehold(mentor, key("add-0"), input))
        yield* inRegistry(2565, surveyRecord("33010100077", "33010101", 2565, true))
        const elsewhere = yield* Effect.flip(J.addHousehold(mentor, key("add-1"), { ...input, villageCode: "33010102" as never }))
        const added = yield* J.addHousehold(mentor, key("add"), input)
        const again = yield* Effect.flip(J.addHousehold(mentor, key("add-2"), input))
        return { missing, elsewhere, added, again, step: yield* stepOf("33010100077") }
      })
    )
    expect(outcome.missing).toMatchObject({ _tag: "NotInRound", houseCode: "33010100077", round: 2565 })
    expect(outcome.elsewhere).toMatchObject({ _tag: "VillageMismatch", villageCode: "33010102" })
    expect(outcome.added).toMatchObject({ source: "field", verification: { outcome: "added", by: "mentor-330101" }, failed: [{ indicator: 22 }] })
    expect(outcome.again).toMatchObject({ _tag: "AlreadyDone" })
    expect(outcome.step).toBe("verified")
  })

  it("refuses a household from the field whose record fails no dimension, and keeps nothing of it", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* inRegistry(2565, surveyRecord("33010100077", "33010101", 2565, false))
        const refused = yield* Effect.flip(J.addHousehold(mentor, key("add"), { houseCode: "33010100077" as never, villageCode: "33010101" as never, round: 2565, on: date("2022-08-05") }))
        const stored = yield* (yield* JourneyStore.JourneyStore).transact((tx) => tx.facts("33010100077"))
        return { refused, stored }
      })
    )
    expect(outcome.refused).toMatchObject({ _tag: "NotSurveyPoor", houseCode: "33010100077", round: 2565 })
    expect(outcome.refused.message).toContain("fails no dimension")
    expect(outcome.stored._tag).toBe("None")
  })

  it("keeps a mentor to their own areas", async () => {
    const error = await run(Effect.flatMap(enrolled, () => Effect.flip(J.verify(outsider, key("k"), { houseCode: house1 as never, outcome: "confirmed", on: date("2022-08-01") }))))
    expect(error).toMatchObject({ _tag: "OutOfScope", actorId: "mentor-3302", villageCode: "33010101" })
  })

  it("scores the five capitals 1 to 5", async () => {
    const h = await run(
      Effect.gen(function* () {
        yield* enrolled
        yield* verifyAndAnalyse()
        return yield* J.scoreCapitals(mentor, key("cap"), { houseCode: house1 as never, capitals: { human: 2, financial: 1 } as never })
      })
    )
    expect(h.capitals).toEqual({ human: 2, financial: 1 })
  })
})

describe("JourneyCommands: the plan", () => {
  it("refuses a plan action before analysis", async () => {
    const error = await run(
      Effect.gen(function* () {
        yield* enrolled
        yield* J.verify(mentor, key("v"), { houseCode: house1 as never, outcome: "confirmed", on: date("2022-08-01") })
        return yield* Effect.flip(J.addPlanAction(mentor, key("a1"), actionInput(house1, [8])))
      })
    )
    expect(error).toMatchObject({ _tag: "StepRequired", required: "analysed", step: "verified" })
    expect(error.message).toContain("cannot plan an action before it is analysed")
  })

  it("refuses an action on a problem the household does not have, or by an unknown agency", async () => {
    const errors = await run(
      Effect.gen(function* () {
        yield* enrolled
        yield* verifyAndAnalyse()
        return [
          yield* Effect.flip(J.addPlanAction(mentor, key("a1"), actionInput(house1, [21]))),
          yield* Effect.flip(J.addPlanAction(mentor, key("a2"), actionInput(house1, [8], { responsible: { _tag: "agency", code: "nasa" } })))
        ]
      })
    )
    expect(errors[0]).toMatchObject({ _tag: "UnknownProblem", houseCode: house1, indicator: 21 })
    expect(errors[1]).toMatchObject({ _tag: "UnknownAgency", code: "nasa" })
  })

  it("agrees a plan only when every problem has an action or a mark with a reason", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* enrolled
        yield* verifyAndAnalyse()
        yield* J.addPlanAction(mentor, key("a1"), actionInput(house1, [8]))
        const incomplete = yield* Effect.flip(J.agreePlan(mentor, key("agree-1"), { houseCode: house1 as never, on: date("2022-08-04") }))
        yield* J.markProblem(mentor, key("mark"), { houseCode: house1 as never, indicator: 23, as: "cannotResolve", reason: "ผู้สูงอายุอยู่ลำพัง ไม่มีแรงงาน", on: date("2022-08-04") })
        const agreed = yield* J.agreePlan(mentor, key("agree-2"), { houseCode: house1 as never, on: date("2022-08-04") })
        return { incomplete, agreed, view: yield* J.household(mentor, house1) }
      })
    )
    expect(outcome.incomplete).toMatchObject({ _tag: "PlanIncomplete", unaddressed: [23] })
    expect(outcome.agreed.agreement).toEqual({ on: "2022-08-04", by: "mentor-330101" })
    expect(outcome.view.step).toBe("planned")
    expect(outcome.view.problems.map((p) => p.status)).toEqual(["inProgress", "cannotResolve"])
  })

  it("moves an action to done and refuses to reopen it; an agency officer may", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const { a2 } = yield* plannedHouse
        const done = yield* J.setActionStatus(officer, key("s1"), { action: a2.id, status: "done" })
        const reopen = yield* Effect.flip(J.setActionStatus(officer, key("s2"), { action: a2.id, status: "inProgress" }))
        const missing = yield* Effect.flip(J.setActionStatus(officer, key("s3"), { action: "A-99" as never, status: "done" }))
        return { done, reopen, missing }
      })
    )
    expect(outcome.done.status).toBe("done")
    expect(outcome.reopen).toMatchObject({ _tag: "InvalidActionTransition", from: "done", to: "inProgress" })
    expect(outcome.missing).toMatchObject({ _tag: "NotFound", what: "action", id: "A-99" })
  })

  it("refuses to mark a problem already closed", async () => {
    const error = await run(
      Effect.gen(function* () {
        yield* enrolled
        yield* verifyAndAnalyse()
        yield* J.markProblem(mentor, key("m1"), { houseCode: house1 as never, indicator: 8, as: "selfResolved", reason: "ซ่อมบ้านเอง", on: date("2022-08-04") })
        return yield* Effect.flip(J.markProblem(mentor, key("m2"), { houseCode: house1 as never, indicator: 8, as: "cannotResolve", reason: "x", on: date("2022-08-05") }))
      })
    )
    expect(error).toMatchObject({ _tag: "ProblemClosed", indicator: 8, status: "selfResolved" })
  })
})

describe("JourneyCommands: help, follow-up and closing", () => {
  it("walks a household through all six steps and closes it", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const { a1 } = yield* plannedHouse
        const steps = [yield* stepOf()]
        yield* J.recordHelp(officer, key("h1"), helpInput(house1, { problems: [23], giver: { agency: "labour" }, kind: "training" }))
        steps.push(yield* stepOf())
        yield* J.recordHelp(mentor, key("h2"), helpInput(house1, { action: a1.id, giver: { agency: "local-government" }, kind: "housingRepair", budgetSource: "localGovernment" }))
        steps.push(yield* stepOf())
        yield* J.recordVisit(mentor, key("v1"), { houseCode: house1 as never, on: date("2022-08-20"), stage: "sufficient", confirms: [8, 23] })
        steps.push(yield* stepOf())
        return { steps, view: yield* J.household(province, house1) }
      })
    )
    expect(outcome.steps).toEqual(["planned", "helped", "integrated", "followedUp"])
    expect(outcome.view.stage).toBe("sufficient")
    expect(outcome.view.solved).toBe(true)
    expect(outcome.view.problems.map((p) => p.status)).toEqual(["resolved", "resolved"])
  })

  it("refuses help to a household nobody verified, and a visit confirming a problem nobody helped", async () => {
    const errors = await run(
      Effect.gen(function* () {
        yield* enrolled
        const help = yield* Effect.flip(J.recordHelp(officer, key("h"), helpInput(house1)))
        yield* verifyAndAnalyse()
        const visit = yield* Effect.flip(J.recordVisit(mentor, key("v"), { houseCode: house1 as never, on: date("2022-08-20"), stage: "survive", confirms: [8] }))
        return { help, visit }
      })
    )
    expect(errors.help).toMatchObject({ _tag: "StepRequired", required: "verified", step: "none" })
    expect(errors.visit).toMatchObject({ _tag: "NoHelpToConfirm", houseCode: house1, indicator: 8 })
  })

  it("reverses help with an entry pointing at it, once, and the step goes back", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* plannedHouse
        const help = yield* J.recordHelp(officer, key("h1"), helpInput(house1, { problems: [8] }))
        const before = yield* stepOf()
        const reversal = yield* J.reverseHelp(officer, key("r1"), { entry: help.id, reason: "บันทึกผิดครัวเรือน", on: date("2022-08-13") })
        const twice = yield* Effect.flip(J.reverseHelp(officer, key("r2"), { entry: help.id, reason: "again", on: date("2022-08-13") }))
        const logbook = yield* (yield* JourneyStore.JourneyStore).logbook("3301")
        return { before, after: yield* stepOf(), reversal, twice, logbook }
      })
    )
    expect(outcome.before).toBe("helped")
    expect(outcome.after).toBe("planned")
    expect(outcome.reversal).toMatchObject({ id: "L-2", reverses: "L-1", value: -50_000, recordedBy: "officer-health" })
    expect(outcome.twice).toMatchObject({ _tag: "NotReversible", reason: "alreadyReversed" })
    expect(outcome.logbook.map((e) => [e.id, e.value])).toEqual([["L-1", 50_000], ["L-2", -50_000]])
  })

  it("closes the problems a later round passes, and refuses the same round", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* enrolled
        yield* verifyAndAnalyse()
        const unknown = yield* Effect.flip(J.closeFromRound(province, key("c-"), { houseCode: house1 as never, round: 2566, on: date("2023-06-01") }))
        yield* inRegistry(2565, surveyRecord(house1, "33010101", 2565, false))
        yield* inRegistry(2566, surveyRecord(house1, "33010101", 2566, false))
        const same = yield* Effect.flip(J.closeFromRound(province, key("c0"), { houseCode: house1 as never, round: 2565, on: date("2023-06-01") }))
        const closed = yield* J.closeFromRound(province, key("c1"), { houseCode: house1 as never, round: 2566, on: date("2023-06-01") })
        return { unknown, same, closed, view: yield* J.household(province, house1) }
      })
    )
    expect(outcome.unknown).toMatchObject({ _tag: "NotInRound", houseCode: house1, round: 2566 })
    expect(outcome.same).toMatchObject({ _tag: "RoundNotLater", round: 2565, targetedIn: 2565 })
    // its record of round 2566 passes 8; 23 does not apply to it (no pass), so it stays open
    expect(outcome.closed.map((p) => [p.indicator, p.closure?._tag])).toEqual([[8, "passedInRound"]])
    expect(outcome.view.problems.map((p) => p.status)).toEqual(["resolved", "identified"])
  })
})

describe("JourneyCommands: idempotency", () => {
  it("returns the first result for a replayed key and writes nothing more", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* plannedHouse
        const first = yield* J.recordHelp(officer, key("h1"), helpInput(house1, { problems: [8] }))
        yield* TestClock.adjust("1 hour")
        const replay = yield* J.recordHelp(officer, key("h1"), helpInput(house1, { problems: [8] }))
        const reused = yield* Effect.flip(J.recordHelp(officer, key("h1"), helpInput(house1, { problems: [23] })))
        return { first, replay, reused, logbook: yield* (yield* JourneyStore.JourneyStore).logbook("") }
      })
    )
    expect(outcome.replay).toEqual(outcome.first)
    expect(outcome.reused).toMatchObject({ _tag: "KeyReused", key: "h1", command: "recordHelp" })
    expect(outcome.logbook).toHaveLength(1)
  })

  it("keeps a refused command's key free for the corrected retry", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* enrolled
        yield* verifyAndAnalyse()
        yield* Effect.flip(J.addPlanAction(mentor, key("a"), actionInput(house1, [21])))
        return yield* J.addPlanAction(mentor, key("a"), actionInput(house1, [8]))
      })
    )
    expect(outcome).toMatchObject({ id: "A-1", problems: [8] })
  })
})

describe("JourneyCommands: teams, users and deadlines", () => {
  it("assigns a mentor team to every household of its subdistrict, and refuses a household outside it", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* enrolled
        yield* J.putTeam(district, key("t"), mentorTeam)
        const bulk = yield* J.assignMentorTeam(district, key("as1"), { team: mentorTeam.id, area: "330101" as never })
        const outside = yield* Effect.flip(J.assignMentorTeam(province, key("as2"), { team: mentorTeam.id, houseCode: house3 as never }))
        const unknown = yield* Effect.flip(J.assignMentorTeam(province, key("as3"), { team: "nobody" as never, houseCode: house1 as never }))
        return { bulk, outside, unknown, h2: (yield* J.household(province, house2)).facts.household.mentorTeam }
      })
    )
    expect(outcome.bulk).toEqual({ team: "mentor-330101", houseCodes: [house1, house2] })
    expect(outcome.h2).toBe("mentor-330101")
    expect(outcome.outside).toMatchObject({ _tag: "TeamOutsideArea", villageCode: "33020101" })
    expect(outcome.unknown).toMatchObject({ _tag: "NotFound", what: "team" })
  })

  it("stores users with a scope inside the actor's, and lets only the province set deadlines", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const user = yield* J.putUser(province, key("u"), { id: "u-dc", name: "นายอำเภอ", role: "districtCentre", scope: ["3301"] })
        const wide = yield* Effect.flip(J.putUser(province, key("u2"), { id: "u-x", name: "x", role: "auditor", scope: [""] }))
        const byDistrict = yield* Effect.flip(J.setDeadline(district, key("d0"), { district: "3301", due: date("2022-09-15") }))
        const set = yield* J.setDeadline(province, key("d1"), { district: "3301", due: date("2022-09-15") })
        return { user, wide, byDistrict, set, users: yield* (yield* JourneyStore.JourneyStore).users() }
      })
    )
    expect(outcome.users.map((u) => u.id)).toEqual(["u-dc"])
    expect(outcome.wide).toMatchObject({ _tag: "OutOfScope" })
    expect(outcome.byDistrict).toMatchObject({ _tag: "NotPermitted", action: "setDeadline" })
    expect(outcome.set).toMatchObject({ district: "3301", due: "2022-09-15", setBy: "pc-33" })
  })
})

describe("JourneyCommands: progress", () => {
  it("reports an area and the areas below it, overdue actions and households with no help, in scope only", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* plannedHouse
        yield* J.recordHelp(officer, key("h1"), helpInput(house1, { problems: [8] }))
        yield* TestClock.setTime(Date.UTC(2022, 8, 20, 3))
        return {
          progress: yield* J.progress(district, "3301"),
          overdue: yield* J.overdue(district, "3301"),
          noHelp: yield* J.noHelp(province, "33"),
          burnDown: yield* J.burnDown(district, "3301", date("2022-08-01"), 30),
          refused: yield* Effect.flip(J.progress(district, "33")),
          auditor: (yield* J.progress(auditor, "33"))[0]?.counts.households.targets
        }
      })
    )
    expect(outcome.progress.map((a) => a.code)).toEqual(["3301", "330101", "33010101", "33010102"])
    expect(outcome.progress[0]?.counts.households).toMatchObject({ targets: 2, verified: 1, planned: 1, helped: 1, withHelp: 1, noHelp: 1 })
    expect(outcome.overdue.map((o) => [o.houseCode, o.action.id, o.daysLate])).toEqual([[house1, "A-1", 5], [house1, "A-2", 5]])
    expect(outcome.noHelp.map((s) => s.houseCode)).toEqual([house2, house3])
    expect(outcome.burnDown).toMatchObject({ district: "3301", deadline: "2022-09-30" })
    expect(outcome.burnDown.points.map((p) => p.date)).toEqual(["2022-08-01", "2022-08-31", "2022-09-30"])
    expect(outcome.refused).toMatchObject({ _tag: "OutOfScope" })
    expect(outcome.auditor).toBe(3)
  })
})

describe("JourneyCommands.closeFromStoredRound", () => {
  /** The journey's memory store and the registry's, with round 2566 evaluated as `later`. */
  const withRound = <A, E>(later: ReadonlyArray<Registry.StoredDecision>, program: Effect.Effect<A, E, Ports>) =>
    run(
      Effect.gen(function* () {
        const evaluation = { ruleSetId: "tpmap-2565", ruleSetKey: "tpmap-2565", parameters: {} as never, evaluatedAt: "2023-05-01T00:00:00.000Z" }
        if (later.length > 0) yield* (yield* Registry.DecisionStore).put(2566, evaluation, later)
        return yield* program
      })
    )

  it("closes passing problems over a round's stored decisions in the actor's areas, or in one area of them", async () => {
    const later = [stored(house1, "33010101", [23]), stored(house2, "33010102", []), stored(house3, "33020101", [])]
    const outcome = await withRound(
      later,
      Effect.gen(function* () {
        yield* enrolled
        yield* verifyAndAnalyse(house1)
        yield* J.verify(outsider, key("verify-3"), { houseCode: house3 as never, outcome: "confirmed", on: date("2022-08-01") })
        yield* J.analyse(outsider, key("analyse-3"), { houseCode: house3 as never, on: date("2022-08-02") })
        const inOther = yield* J.closeFromStoredRound(province, 2566, date("2023-06-01"), "3302")
        const inAll = yield* J.closeFromStoredRound(district, 2566, date("2023-06-01"))
        return { inOther, inAll, one: yield* J.household(province, house1), three: yield* J.household(province, house3) }
      })
    )
    expect(outcome.inOther).toEqual({ decisions: 1, closed: 1 })
    // The district's areas (3301): households 1 and 2 only.
    expect(outcome.inAll).toEqual({ decisions: 2, closed: 1 })
    expect(outcome.one.problems.map((p) => [p.indicator, p.status])).toEqual([[8, "resolved"], [23, "identified"]])
    expect(outcome.three.problems.map((p) => [p.indicator, p.status])).toEqual([[30, "resolved"]])
  })

  it("refuses a role without the right, and an area outside the actor's, whether or not the round has decisions there", async () => {
    for (const later of [[], [stored(house1, "33010101", [23])]]) {
      const outcome = await withRound(
        later,
        Effect.gen(function* () {
          const role = yield* Effect.flip(J.closeFromStoredRound(mentor, 2566, date("2023-06-01")))
          const area = yield* Effect.flip(J.closeFromStoredRound(district, 2566, date("2023-06-01"), "3302"))
          return { role, area }
        })
      )
      expect(outcome.role).toMatchObject({ _tag: "NotPermitted" })
      expect(outcome.area).toMatchObject({ _tag: "OutOfScope" })
    }
  })
})

describe("JourneyCommands.closeFromRoundAll", () => {
  it("closes passing problems of analysed households from a later round, once, and skips the rest", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* enrolled
        yield* verifyAndAnalyse(house1)
        const later = [stored(house1, "33010101", [23]), stored(house2, "33010102", []), stored("33010100099", "33010101", [])]
        const sameRound = yield* J.closeFromRoundAll(province, 2565, date("2023-06-01"), later)
        const first = yield* J.closeFromRoundAll(province, 2566, date("2023-06-01"), later)
        const again = yield* J.closeFromRoundAll(province, 2566, date("2023-06-01"), later)
        const refused = yield* Effect.flip(J.closeFromRoundAll(mentor, 2566, date("2023-06-01"), later))
        return { sameRound, first, again, refused, view: yield* J.household(province, house1) }
      })
    )
    expect(outcome.sameRound).toEqual({ closed: 0 })
    expect(outcome.first).toEqual({ closed: 1 })
    expect(outcome.again).toEqual({ closed: 0 })
    expect(outcome.refused).toMatchObject({ _tag: "NotPermitted" })
    expect(outcome.view.problems.map((p) => [p.indicator, p.status])).toEqual([[8, "resolved"], [23, "identified"]])
  })
})

describe("JourneyCommands.analyseStoredRound", () => {
  const evaluated = Effect.gen(function* () {
    yield* inRegistry(2565, surveyRecord(house1, "33010101", 2565, true), surveyRecord(house2, "33010102", 2565, true), surveyRecord(house3, "33020101", 2565, true))
    yield* RoundEvaluation.run(province, 2565, RuleSet.resolve())
  })
  const journeyOf = Effect.flatMap(JourneyStore.JourneyStore, (store) => store.facts(""))

  it("enrols the round's targets in the actor's area and analyses the verified ones", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* evaluated
        const first = yield* J.analyseStoredRound(district, 2565, date("2022-08-02"))
        yield* J.verify(mentor, key("v1"), { houseCode: house1 as never, outcome: "confirmed", on: date("2022-08-01") })
        const second = yield* J.analyseStoredRound(district, 2565, date("2022-08-02"), "330101")
        return { first, second, view: yield* J.household(district, house1) }
      })
    )
    // households 1 and 2 are in district 3301; household 3 (3302) is not the district's
    expect(outcome.first).toEqual({ enrolled: 2, analysed: 0, awaitingVerification: 2 })
    expect(outcome.second).toEqual({ enrolled: 0, analysed: 1, awaitingVerification: 1 })
    expect(outcome.view.problems.map((p) => p.indicator)).toEqual([22])
  })

  it("refuses a district user asking for the province, or another district, with nothing written", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* evaluated
        const province33 = yield* Effect.flip(J.analyseStoredRound(district, 2565, date("2022-08-02"), "33"))
        const other = yield* Effect.flip(J.analyseStoredRound(district, 2565, date("2022-08-02"), "3302"))
        const role = yield* Effect.flip(J.analyseStoredRound(mentor, 2565, date("2022-08-02"), "330101"))
        return { province33, other, role, journey: yield* journeyOf }
      })
    )
    expect(outcome.province33).toMatchObject({ _tag: "OutOfScope", actorId: "dc-3301", villageCode: "33" })
    expect(outcome.other).toMatchObject({ _tag: "OutOfScope", villageCode: "3302" })
    expect(outcome.role).toMatchObject({ _tag: "NotPermitted", action: "enrol" })
    expect(outcome.journey).toEqual([])
  })

  it("closes from a stored round resuming after a house code, with a checkpoint after each page", async () => {
    const later = [stored(house1, "33010101", []), stored(house2, "33010102", [])]
    const outcome = await run(
      Effect.gen(function* () {
        yield* enrolled
        yield* verifyAndAnalyse(house1)
        yield* verifyAndAnalyse(house2)
        const evaluation = { ruleSetId: "tpmap-2565", ruleSetKey: "tpmap-2565", parameters: {} as never, evaluatedAt: "2023-05-01T00:00:00.000Z" }
        yield* (yield* Registry.DecisionStore).put(2566, evaluation, later)
        const checkpoints: Array<string> = []
        const resumed = yield* J.closeFromStoredRound(province, 2566, date("2023-06-01"), "3301", {
          after: house1,
          onProgress: (p) => Effect.sync(() => void checkpoints.push(`${p.done} ${p.after}`))
        })
        return { resumed, checkpoints, one: yield* J.household(province, house1), two: yield* J.household(province, house2) }
      })
    )
    expect(outcome.resumed).toEqual({ decisions: 1, closed: 1 })
    expect(outcome.checkpoints).toEqual([`1 ${house2}`])
    expect(outcome.one.problems.map((p) => p.status)).toEqual(["identified", "identified"])
    expect(outcome.two.problems.map((p) => p.status)).toEqual(["resolved"])
  })
})

describe("JourneyCommands.household and personal data", () => {
  it("masks the member a logbook entry names unless unmasked, and puts the unmasked read on record", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* enrolled
        yield* verifyAndAnalyse(house1)
        yield* inRegistry(2565, surveyRecord(house1, "33010101", 2565, true))
        yield* J.recordHelp(mentor, key("h1"), helpInput(house1, { problems: [8], member: "1000000000017" }))
        const masked = yield* J.household(mentor, house1)
        const shown = yield* J.householdUnmasked(mentor, house1, { what: "journey show", reason: "ยืนยันตัวตน" })
        const refused = yield* Effect.flip(J.householdUnmasked(officer, house1, { what: "journey show" }))
        return { masked, shown, refused, log: yield* (yield* Audit.AuditLog).list({}) }
      })
    )
    expect(outcome.masked.facts.entries.map((e) => e.member)).toEqual(["xxxxxxxxx0017"])
    expect(outcome.shown.facts.entries.map((e) => e.member)).toEqual(["1000000000017"])
    expect(outcome.refused).toMatchObject({ _tag: "NotPermitted", action: "unmask" })
    expect(outcome.log).toEqual([{ at: expect.any(String), actor: "mentor-330101", action: "unmask", what: "journey show", houseCodes: [house1], reason: "ยืนยันตัวตน" }])
  })

  it("masks a citizen ID written into a logbook entry's note or a reversal's reason in every masked read, and keeps it as written", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* enrolled
        yield* verifyAndAnalyse(house1)
        const help = yield* J.recordHelp(mentor, key("h1"), helpInput(house1, { problems: [8], note: "มอบให้ 1101700203451 แล้ว" }))
        yield* J.reverseHelp(mentor, key("r1"), { entry: help.id, reason: "ผิดคน: ต้องเป็น 1-1017-00230-70-8", on: date("2022-08-13") })
        return {
          logbook: yield* J.logbook(mentor, ""),
          household: yield* J.household(mentor, house1),
          unmasked: yield* J.householdUnmasked(mentor, house1, { what: "journey show" })
        }
      })
    )
    expect(outcome.logbook.map((e) => e.note ?? e.reason)).toEqual(["มอบให้ x-xxxx-xxxxx-45-1 แล้ว", "ผิดคน: ต้องเป็น x-xxxx-xxxxx-70-8"])
    expect(outcome.household.facts.entries.map((e) => e.note ?? e.reason)).toEqual(["มอบให้ x-xxxx-xxxxx-45-1 แล้ว", "ผิดคน: ต้องเป็น x-xxxx-xxxxx-70-8"])
    expect(outcome.unmasked.facts.entries.map((e) => e.note ?? e.reason)).toEqual(["มอบให้ 1101700203451 แล้ว", "ผิดคน: ต้องเป็น 1-1017-00230-70-8"])
  })
})

describe("JourneyCommands.recordHelp and the member helped", () => {
  it("refuses a member whose citizen ID fails the check digit, or who is not in the household's record in the registry, without the ID", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        yield* enrolled
        yield* verifyAndAnalyse(house1)
        yield* inRegistry(2565, surveyRecord(house1, "33010101", 2565, true))
        const badDigit = yield* Effect.flip(J.recordHelp(mentor, key("h1"), helpInput(house1, { problems: [8], member: "1000000000018" })))
        // A valid ID, of nobody in house 1's record.
        const stranger = yield* Effect.flip(J.recordHelp(mentor, key("h2"), helpInput(house1, { problems: [8], member: "1101700230708" })))
        const member = yield* J.recordHelp(mentor, key("h3"), helpInput(house1, { problems: [8], member: "1000000000017" }))
        return { badDigit, stranger, member, entries: (yield* J.household(mentor, house1)).facts.entries.length }
      })
    )
    expect(outcome.badDigit).toMatchObject({ _tag: "UnknownMember", houseCode: house1, reason: "checkDigit" })
    expect(outcome.stranger).toMatchObject({ _tag: "UnknownMember", houseCode: house1, reason: "notInHousehold" })
    expect(outcome.badDigit.message).not.toContain("1000000000018")
    expect(outcome.stranger.message).not.toContain("1101700230708")
    expect(outcome.member.id).toBe("L-1")
    expect(outcome.entries).toBe(1)
  })
})
