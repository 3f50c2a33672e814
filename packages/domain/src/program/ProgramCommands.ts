/**
 * The use cases of targeted programs: define, activate and close a program; enrol its
 * beneficiaries from a stored round (frozen with what selected each); record need survey
 * answers; deliver, each delivery a logbook entry whose source is the program (the fund's
 * own entry when the fund pays); and report reached, surveyed, delivered and spent by
 * area. Every read masks citizen IDs and keeps to the actor's areas.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as FundCommands from "../fund/FundCommands.js"
import { FundStore } from "../fund/FundStore.js"
import * as FundRequest from "../fund/FundRequest.js"
import { JourneyStore } from "../journey/JourneyStore.js"
import * as Logbook from "../journey/Logbook.js"
import * as Access from "../kernel/Access.js"
import * as Actor from "../kernel/Actor.js"
import * as Area from "../kernel/Area.js"
import * as CalendarDate from "../kernel/CalendarDate.js"
import * as HouseCode from "../kernel/HouseCode.js"
import * as CitizenId from "../kernel/CitizenId.js"
import * as Idempotency from "../kernel/Idempotency.js"
import * as Satang from "../kernel/Satang.js"
import { HouseholdRegistry } from "../registry/Registry.js"
import type { Names } from "../registry/RoundReport.js"
import * as Program from "./Program.js"
import * as ProgramPreview from "./ProgramPreview.js"
import * as ProgramRule from "./ProgramRule.js"
import { ProgramStore } from "./ProgramStore.js"

const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())

const lift = <A, E>(either: Either.Either<A, E>): Effect.Effect<A, E> => (Either.isRight(either) ? Effect.succeed(either.right) : Effect.fail(either.left))

const compiled = (definition: Pick<Program.Definition, "unit" | "where">) => lift(ProgramRule.compile(definition.unit, definition.where))

/** A program by id, or `NotFound`. */
export const get = (id: Program.ProgramId) =>
  Effect.flatMap(ProgramStore, (store) =>
    Effect.flatMap(store.get(id), Option.match({ onNone: () => Effect.fail(new Access.NotFound({ what: "program", id })), onSome: Effect.succeed })))

/**
 * Defines a program as a draft under the caller's key; its rule is compiled first and
 * refused, with where and why, if it does not compile. A replay with the same key and
 * definition returns the program the first call made (as it stands now) and makes no
 * second one; the key with another definition or actor is refused (`KeyReused`).
 *
 * @example ProgramCommands.create(centre, key, { nameTh: "ชุดลูกเสือ-เนตรนารี", unit: "member", where: "member.age >= 6", … })
 */
export const create = (actor: Actor.Actor, key: Idempotency.Key, definition: Program.Definition) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "managePrograms")
    yield* compiled(definition)
    const store = yield* ProgramStore
    const hash = Idempotency.hash({ command: "createProgram", actor: actor.id, definition })
    const at = yield* now
    const made = yield* store.create(key, hash, (n): Program.Program => ({
      ...definition,
      id: Program.id(n),
      status: "draft",
      createdBy: actor.id,
      createdAt: at
    }))
    if (made.hash !== hash) return yield* new Idempotency.KeyReused({ key, command: "createProgram" })
    return made.program
  })

/** Every program (no personal data in a definition). */
export const list = (actor: Actor.Actor) => Effect.zipRight(Access.check(actor, "readPrograms"), Effect.flatMap(ProgramStore, (store) => store.list()))

/** One program. */
export const show = (actor: Actor.Actor, id: Program.ProgramId) => Effect.zipRight(Access.check(actor, "readPrograms"), get(id))

const move = (actor: Actor.Actor, id: Program.ProgramId, action: "activate" | "close") =>
  Effect.gen(function* () {
    yield* Access.check(actor, "managePrograms")
    const moved = yield* lift(Program.transition(yield* get(id), action))
    yield* (yield* ProgramStore).put(moved)
    return moved
  })

/** Draft → active: enrolment, need survey and deliveries may start. */
export const activate = (actor: Actor.Actor, id: Program.ProgramId) => move(actor, id, "activate")

/** Active → closed: nothing more is enrolled or delivered. */
export const close = (actor: Actor.Actor, id: Program.ProgramId) => move(actor, id, "close")

const requireActive = (program: Program.Program, action: Program.WrongStatus["action"]) =>
  program.status === "active" ? Effect.void : Effect.fail(new Program.WrongStatus({ program: program.id, status: program.status, action }))

/** What an enrolment selects, as the beneficiaries it would hold (before `Program.merge`). */
const selection = (actor: Actor.Actor, program: Program.Program, rule: ProgramRule.ProgramRule, round: number) =>
  Effect.gen(function* () {
    const select = ProgramRule.selector(rule)
    const selected: Array<Omit<Program.Beneficiary, "selectedBy" | "lastSelectedIn">> = []
    let errors = 0
    yield* ProgramPreview.scan(actor, round, program.ruleSetKey, (records, decisions) =>
      Effect.sync(() => {
        for (let i = 0; i < records.length; i++) {
          const record = records[i]!
          const s = select(record, decisions[i])
          errors += s.errors
          if (!s.selected) continue
          const base = { program: program.id, houseCode: record.houseCode, villageCode: record.villageCode, persons: record.members.length }
          if (program.unit === "household") selected.push(base)
          else for (const m of s.members) selected.push({ ...base, member: m + 1, citizenId: record.members[m]!.citizenId })
        }
      })
    )
    return { selected, errors }
  })

/**
 * Enrols the program's beneficiaries from a stored round (the program's own, or a later
 * one): the newly selected are added, frozen with the rule's text, the round and the
 * decisions' rule-set key; the ones enrolled before stay, flagged when this run does not
 * select them again. Reading the whole round needs the registry reader's role.
 */
export const enrol = (actor: Actor.Actor, id: Program.ProgramId, round?: number, once?: number) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "managePrograms")
    const program = yield* get(id)
    const store = yield* ProgramStore
    const before = yield* store.enrolments(id)
    // A background task run again: the enrolment it made the first time, not a second one.
    const made = once === undefined ? undefined : before.find((e) => e.number === once)
    if (made !== undefined) return made
    yield* requireActive(program, "enrol")
    const rule = yield* compiled(program)
    const number = before.length + 1
    const from = round ?? program.round
    const { selected, errors } = yield* selection(actor, program, rule, from)
    const chosen: Program.Selection = { enrolment: number, round: from, where: program.where, ruleSetKey: program.ruleSetKey }
    const merged = Program.merge(yield* store.beneficiaries(id), selected, chosen)
    const enrolment: Program.Enrolment = {
      program: id,
      number,
      round: from,
      where: program.where,
      ruleSetKey: program.ruleSetKey,
      added: merged.added.length,
      kept: merged.reselected.length,
      notReselected: merged.notReselected.length,
      errors,
      by: actor.id,
      at: yield* now
    }
    yield* store.enrol(enrolment, merged.added, merged.reselected)
    return enrolment
  })

/** A beneficiary as every read shows them: the citizen ID masked, and whether the latest enrolment selected them again. */
export interface ShownBeneficiary extends Program.Beneficiary {
  readonly flagged: boolean
}

/** The program's beneficiaries in the actor's areas, by house code and member, citizen IDs masked. */
export const beneficiaries = (actor: Actor.Actor, id: Program.ProgramId) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readPrograms")
    yield* get(id)
    const store = yield* ProgramStore
    const latest = (yield* store.enrolments(id)).length
    return (yield* store.beneficiaries(id))
      .filter((b) => Actor.inScope(actor, b.villageCode))
      .map((b): ShownBeneficiary => ({
        ...b,
        ...(b.citizenId === undefined ? {} : { citizenId: CitizenId.mask(b.citizenId) }),
        flagged: b.lastSelectedIn < latest
      }))
  })

/** A beneficiary named by house code and member place (from 1), in the actor's areas. */
export interface Target {
  readonly program: Program.ProgramId
  readonly houseCode: string
  readonly member?: number | undefined
}

/**
 * The beneficiary a target names. A household outside the actor's areas is not found
 * (exactly as one that does not exist), enrolled or not, so that a refusal never tells
 * whether it is; one in their areas the program did not enrol is `NotBeneficiary`.
 */
const beneficiaryOf = (actor: Actor.Actor, program: Program.Program, target: Target) =>
  Effect.gen(function* () {
    const found = (yield* (yield* ProgramStore).beneficiaries(target.program)).find(
      (b) => b.houseCode === target.houseCode && b.member === target.member
    )
    if (found !== undefined && Actor.inScope(actor, found.villageCode)) return found
    if (found === undefined) {
      const record = yield* Effect.flatMap(HouseholdRegistry, (registry) => registry.get(program.round, target.houseCode))
      if (Option.isSome(record) && Actor.inScope(actor, record.value.villageCode)) {
        return yield* new Program.NotBeneficiary({
          program: target.program,
          houseCode: target.houseCode,
          ...(target.member === undefined ? {} : { member: target.member })
        })
      }
    }
    return yield* new Access.NotFound({ what: "household", id: target.houseCode })
  })

/** Records (or replaces) a beneficiary's need survey answers, typed by the program's need fields. */
export const recordNeed = (actor: Actor.Actor, target: Target, raw: Readonly<Record<string, string>>) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "recordNeed")
    const program = yield* get(target.program)
    yield* requireActive(program, "recordNeed")
    const b = yield* beneficiaryOf(actor, program, target)
    const answers: Program.NeedAnswers = {
      program: program.id,
      houseCode: b.houseCode,
      ...(b.member === undefined ? {} : { member: b.member }),
      answers: yield* lift(Program.answers(program, raw)),
      recordedBy: actor.id,
      recordedAt: yield* now
    }
    yield* (yield* ProgramStore).putNeed(answers)
    return answers
  })

/** The program's need answers in the actor's areas. */
export const needs = (actor: Actor.Actor, id: Program.ProgramId) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readPrograms")
    const store = yield* ProgramStore
    const inScope = new Set((yield* store.beneficiaries(id)).filter((b) => Actor.inScope(actor, b.villageCode)).map(Program.key))
    return (yield* store.needs(id)).filter((n) => inScope.has(Program.key(n)))
  })

/** A delivery to a beneficiary as its giver reports it; with `fund`, the fund pays it (a reserved request of the household). */
export const Deliver = Schema.Struct({
  program: Program.ProgramId,
  houseCode: HouseCode.HouseCode,
  /** The member's place in the household's record (from 1), for a member program. */
  member: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 99)), { exact: true }),
  on: CalendarDate.IsoDate,
  kind: Logbook.Kind,
  value: Satang.Satang.pipe(Schema.nonNegative()),
  giver: Logbook.Giver,
  evidence: Schema.optionalWith(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(500)), { exact: true }),
  note: Schema.optionalWith(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(500)), { exact: true }),
  fund: Schema.optionalWith(
    Schema.Struct({ request: FundRequest.RequestId, transferReference: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(100)) }),
    { exact: true }
  )
}).annotations({ identifier: "ProgramDeliver" })
export type Deliver = typeof Deliver.Type

/** A beneficiary's need answers as a form gives them: text, typed by the program's need fields. */
export const RecordNeed = Schema.Struct({
  program: Program.ProgramId,
  houseCode: HouseCode.HouseCode,
  member: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 99)), { exact: true }),
  answers: Schema.Record({ key: Schema.String.pipe(Schema.maxLength(40)), value: Schema.String.pipe(Schema.maxLength(200)) })
}).annotations({ identifier: "ProgramRecordNeed" })
export type RecordNeed = typeof RecordNeed.Type

/** The correction of a program's own delivery: when and why. */
export const ReverseDelivery = Schema.Struct({ on: CalendarDate.IsoDate, reason: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(500)) }).annotations({
  identifier: "ProgramReverseDelivery"
})

/**
 * Delivers to a beneficiary under the caller's key. The delivery is a logbook entry for
 * the household (and member) whose source is the program (`program:P-1:4`); when the fund
 * pays, it is the fund's payment and the very entry the payment writes (`fund:R-7`), one
 * record, made by a treasurer. A replay with the same key returns the first delivery and
 * writes nothing new.
 */
export const deliver = (actor: Actor.Actor, key: Idempotency.Key, input: Deliver) =>
  Effect.gen(function* () {
    // A fund-paid delivery is the treasurer's payment: the fund checks who may pay.
    yield* Access.check(actor, input.fund === undefined ? "deliver" : "pay")
    const store = yield* ProgramStore
    const program = yield* get(input.program)
    const replay = yield* store.delivery(program.id, key)
    if (Option.isSome(replay) && replay.value.fundRequest !== undefined) return replay.value
    if (Option.isNone(replay)) yield* requireActive(program, "deliver")
    const b = yield* beneficiaryOf(actor, program, input)
    const member = b.member === undefined ? {} : { member: b.member }
    if (input.fund !== undefined) {
      const fund = input.fund
      const request = (yield* (yield* FundStore).requests()).find((r) => r.id === fund.request)
      if (request === undefined || request.houseCode !== b.houseCode) {
        return yield* new Program.NotBeneficiary({ program: program.id, houseCode: request?.houseCode ?? fund.request, ...member })
      }
      yield* FundCommands.pay(actor, key, { request: fund.request, transferReference: fund.transferReference, paidOn: input.on, kind: input.kind })
      const delivery: Program.Delivery = { program: program.id, key, houseCode: b.houseCode, ...member, entry: Logbook.fundEntryId(fund.request), fundRequest: fund.request }
      yield* store.putDelivery(delivery)
      return delivery
    }
    const entryId = Option.isSome(replay) ? replay.value.entry : Program.entryId(program.id, yield* store.next(`delivery:${program.id}`))
    const entry = Logbook.record(
      entryId,
      {
        houseCode: b.houseCode,
        ...(b.citizenId === undefined ? {} : { member: b.citizenId }),
        on: input.on,
        giver: input.giver,
        kind: input.kind,
        value: input.value,
        problems: [],
        budgetSource: Program.budgetSource(program),
        ...(input.evidence === undefined ? {} : { evidence: input.evidence }),
        note: input.note ?? `${program.nameTh} (${program.id})`
      },
      b.villageCode as Area.AreaCode,
      actor.id,
      yield* now
    )
    const delivery: Program.Delivery = { program: program.id, key, houseCode: b.houseCode, ...member, entry: entryId }
    // The delivery is stored first: a crash before the entry leaves the replay to append it.
    if (Option.isSome(replay)) {
      yield* appendOnce(entry)
      return replay.value
    }
    yield* store.putDelivery(delivery)
    yield* appendOnce(entry)
    return delivery
  })

const appendOnce = (entry: Logbook.Entry) =>
  Effect.flatMap(JourneyStore, (journey) =>
    journey.transact((tx) => Effect.flatMap(tx.logEntry(entry.id), (found) => (Option.isSome(found) ? Effect.void : tx.append(entry)))))

/**
 * Reverses a program's own delivery (not a fund payment, which the fund corrects): its
 * reversal entry, the opposite value, points at it, so the two net to zero.
 */
export const reverseDelivery = (actor: Actor.Actor, id: Program.ProgramId, entry: Logbook.EntryId, correction: { readonly on: CalendarDate.IsoDate; readonly reason: string }) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "deliver")
    const delivery = (yield* (yield* ProgramStore).deliveries(id)).find((d) => d.entry === entry && d.fundRequest === undefined)
    if (delivery === undefined) return yield* new Access.NotFound({ what: "entry", id: entry })
    const at = yield* now
    return yield* Effect.flatMap(JourneyStore, (journey) =>
      journey.transact((tx) =>
        Effect.gen(function* () {
          const original = yield* tx.logEntry(entry)
          if (Option.isNone(original)) return yield* new Access.NotFound({ what: "entry", id: entry })
          if (!Actor.inScope(actor, original.value.villageCode)) return yield* new Access.NotFound({ what: "entry", id: entry })
          const existing = yield* tx.logEntry(Program.reversalId(entry))
          const reversal = yield* lift(
            Logbook.reverse(original.value, Program.reversalId(entry), Option.toArray(existing), { by: actor.id, at, ...correction })
          )
          yield* tx.append(reversal)
          return reversal
        })))
  })

/**
 * The program's logbook entries (its own deliveries and their reversals, and the entries
 * the fund's payments of its deliveries wrote) in the actor's areas, masked.
 */
export const entries = (actor: Actor.Actor, id: Program.ProgramId) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readPrograms")
    const deliveries = yield* (yield* ProgramStore).deliveries(id)
    const own = deliveries.filter((d) => d.fundRequest === undefined)
    const journey = yield* JourneyStore
    const written = own.length === 0 ? [] : yield* journey.transact((tx) =>
      Effect.map(
        Effect.forEach(own, (d) => Effect.zip(tx.logEntry(d.entry), tx.logEntry(Program.reversalId(d.entry)))),
        (pairs) => pairs.flatMap(([e, r]) => [...Option.toArray(e), ...Option.toArray(r)])
      ))
    const paid = new Set(deliveries.flatMap((d) => (d.fundRequest === undefined ? [] : [d.entry as string])))
    const byFund = paid.size === 0 ? [] : (yield* (yield* FundStore).logbook()).filter((e) => paid.has(e.id))
    return [...written, ...byFund].filter((e) => Actor.inScope(actor, e.villageCode)).map(Logbook.masked)
  })

/** One area's line of a program's report; its JSON form is that of `program report --format json`. */
export interface ReportLine {
  readonly area: string
  readonly nameTh: string | null
  readonly nameEn: string | null
  /** Beneficiaries enrolled (households, and members for a member program). */
  readonly households: number
  readonly beneficiaries: number
  readonly surveyed: number
  /** Beneficiaries with a standing delivery. */
  readonly delivered: number
  /** Net value delivered, in satang (reversals subtract). */
  readonly spent: number
}

/** A program's report: reached, surveyed, delivered and spent, in total and by area of `by`. */
export const report = (actor: Actor.Actor, id: Program.ProgramId, by: Area.Level, names: Names) =>
  Effect.gen(function* () {
    yield* Access.check(actor, "readPrograms")
    const program = yield* get(id)
    const store = yield* ProgramStore
    const list = (yield* store.beneficiaries(id)).filter((b) => Actor.inScope(actor, b.villageCode))
    const surveyed = new Set((yield* store.needs(id)).map(Program.key))
    const all = yield* entries(actor, id)
    const standing = Logbook.standing(all)
    const deliveries = yield* store.deliveries(id)
    const delivered = new Set(
      deliveries.filter((d) => standing.some((e) => e.id === d.entry)).map((d) => Program.key(d))
    )
    const digits = Area.digits(by)
    const lines = new Map<string, { households: Set<string>; beneficiaries: number; surveyed: number; delivered: number; spent: number }>()
    const lineOf = (villageCode: string) => {
      const area = villageCode.slice(0, digits)
      let line = lines.get(area)
      if (line === undefined) lines.set(area, (line = { households: new Set(), beneficiaries: 0, surveyed: 0, delivered: 0, spent: 0 }))
      return line
    }
    for (const b of list) {
      const line = lineOf(b.villageCode)
      const k = Program.key(b)
      line.households.add(b.houseCode)
      line.beneficiaries++
      if (surveyed.has(k)) line.surveyed++
      if (delivered.has(k)) line.delivered++
    }
    for (const e of all) lineOf(e.villageCode).spent += e.value
    const areas = [...lines.keys()].sort().map((area): ReportLine => {
      const l = lines.get(area)!
      const name = names(area)
      return {
        area,
        nameTh: name?.nameTh ?? null,
        nameEn: name?.nameEn ?? null,
        households: l.households.size,
        beneficiaries: l.beneficiaries,
        surveyed: l.surveyed,
        delivered: l.delivered,
        spent: l.spent
      }
    })
    const sum = (f: (l: ReportLine) => number) => areas.reduce((n, l) => n + f(l), 0)
    return {
      program: program.id,
      nameTh: program.nameTh,
      nameEn: program.nameEn,
      status: program.status,
      budget: program.budget.amount,
      households: sum((l) => l.households),
      beneficiaries: sum((l) => l.beneficiaries),
      surveyed: sum((l) => l.surveyed),
      delivered: sum((l) => l.delivered),
      spent: sum((l) => l.spent),
      areas
    }
  })
