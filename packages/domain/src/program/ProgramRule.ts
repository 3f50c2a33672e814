/**
 * A program's eligibility rule: one CEL expression (Common Expression Language) over a
 * household of a stored round, or over each of its members, and the household's stored
 * decision. The CEL library is wrapped here and nowhere else, so it stays replaceable: a
 * rule is compiled once (parsed and type-checked before any record is read), then
 * `select` runs it over one household at a time.
 */
import { Environment } from "@marcbachmann/cel-js"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as CalendarDate from "../kernel/CalendarDate.js"
import type { Decision } from "../survey/Decision.js"
import type { SurveyRecord } from "../survey/SurveyRecord.js"

/** What a rule selects: whole households, or members of them. */
export const Unit = Schema.Literal("household", "member")
export type Unit = typeof Unit.Type

/** A rule that does not parse, names an unknown variable or field, or is not a condition: where and why. */
export class RuleRefused extends Schema.TaggedError<RuleRefused>()("RuleRefused", {
  where: Schema.String,
  /** 1-based line and column of the first character the reason is about. */
  line: Schema.Int,
  column: Schema.Int,
  reason: Schema.String
}) {
  override get message(): string {
    return `rule refused at line ${this.line}, column ${this.column}: ${this.reason}`
  }
}

/** CEL types of the variables' fields (`int` is a BigInt in JavaScript, `double` a number). */
type CelType = "string" | "bool" | "int" | "double" | "list<string>" | "list<int>"

/**
 * The variables a rule reads, field by field, as `indicators.md` names the survey
 * record's fields (docs/programs.md). A field with no answer is absent: `has(member.caredFor)`.
 */
export const variables = {
  household: {
    houseCode: "string",
    villageCode: "string",
    houseNumber: "string",
    surveyYear: "int",
    surveyedOn: "string",
    welfareCard: "string",
    annualIncomeBaht: "double",
    hygienicFood: "bool",
    appropriateMedicineUse: "bool",
    secureTenure: "bool",
    durableHouse: "bool",
    drinkingWaterLitresPerPersonPerDay: "double",
    waterUseLitresPerPersonPerDay: "double",
    tidyHome: "bool",
    /** The number of members. */
    size: "int",
    /** `annualIncomeBaht / size`; absent when the income is missing. */
    incomePerPersonBaht: "double"
  },
  member: {
    citizenId: "string",
    title: "string",
    firstName: "string",
    lastName: "string",
    sex: "string",
    birthDate: "string",
    relation: "string",
    birthWeightGrams: "double",
    exercises: "bool",
    preschoolCare: "bool",
    compulsoryEducation: "bool",
    finishedGrade9: "bool",
    continuedToGrade10: "bool",
    literate: "bool",
    studying: "bool",
    unableToWork: "bool",
    hasOccupationAndIncome: "bool",
    disabled: "bool",
    caredFor: "bool",
    /** Completed years on `surveyedOn`, as the rules compute it. */
    age: "int"
  },
  decision: {
    target: "bool",
    surveyPoor: "bool",
    deprivationScore: "double",
    failedDimensions: "list<string>",
    failedIndicators: "list<int>"
  }
} as const satisfies Record<string, Record<string, CelType>>

/** The longest rule accepted, in characters. */
export const maxLength = 4000

// The variables' values are instances of these, so the library reads their fields as they
// are instead of converting a plain object at every evaluation.
class HouseholdVariable {}
class MemberVariable {}
class DecisionVariable {}

const environment = (unit: Unit): Environment => {
  const env = new Environment({ limits: { maxAstNodes: 2000, maxDepth: 64, maxListElements: 200, maxMapEntries: 200, maxCallArguments: 8 } })
    .registerType("Household", { ctor: HouseholdVariable, fields: variables.household })
    .registerType("Decision", { ctor: DecisionVariable, fields: variables.decision })
    .registerVariable("household", "Household")
    .registerVariable("decision", "Decision")
  return unit === "member" ? env.registerType("Member", { ctor: MemberVariable, fields: variables.member }).registerVariable("member", "Member") : env
}

// Made on first use, so a program that never compiles a rule never builds them.
const environments: Partial<Record<Unit, Environment>> = {}

/** A rule compiled once: its unit, its text, and the CEL program. */
export interface ProgramRule {
  readonly unit: Unit
  readonly where: string
  readonly run: (context: Record<string, unknown>) => unknown
}

const lineColumn = (text: string, offset: number): { readonly line: number; readonly column: number } => {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)))
  const lines = before.split("\n")
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 }
}

const refused = (where: string, offset: number, reason: string) => new RuleRefused({ where, ...lineColumn(where, offset), reason })

interface CelErrorLike {
  readonly summary?: string
  readonly message: string
  readonly range?: { readonly start: number }
  readonly node?: { readonly pos?: number }
}

const refusal = (where: string, e: CelErrorLike) =>
  refused(where, e.range?.start ?? e.node?.pos ?? 0, e.summary ?? e.message.split("\n")[0] ?? "does not parse")

/**
 * Parses and type-checks a rule for its unit before any record is read: a syntax error,
 * an unknown variable or field, or a rule that is not a condition is refused with its
 * line, column and reason.
 *
 * @example compile("member", "member.age >= 6 && member.age <= 15 && 'income' in decision.failedDimensions")
 */
export const compile = (unit: Unit, where: string): Either.Either<ProgramRule, RuleRefused> => {
  if (where.trim() === "") return Either.left(refused(where, 0, "the rule is empty"))
  if (where.length > maxLength) return Either.left(refused(where, maxLength, `the rule is longer than ${maxLength} characters`))
  const env = (environments[unit] ??= environment(unit))
  let checked: ReturnType<Environment["check"]>
  try {
    checked = env.check(where)
  } catch (e) {
    return Either.left(refusal(where, e as CelErrorLike))
  }
  if (!checked.valid) return Either.left(refusal(where, checked.error as CelErrorLike))
  if (checked.type !== "bool" && checked.type !== "dyn") {
    return Either.left(refused(where, 0, `the rule must be a condition (bool), but it is ${checked.type}`))
  }
  let program: (context: Record<string, unknown>) => unknown
  try {
    program = env.parse(where)
  } catch (e) {
    return Either.left(refusal(where, e as CelErrorLike))
  }
  return Either.right({ unit, where, run: program })
}

/** What a rule made of one household: whether it is selected, which members (by place), and the errors. */
export interface Selection {
  /** Household rule: the household passed. Member rule: at least one member did. */
  readonly selected: boolean
  /** The selected members' places in the record (all of them for a selected household rule). */
  readonly members: ReadonlyArray<number>
  /** How many evaluations failed (a household, or each member, counts once). */
  readonly errors: number
  /** The first failure's message, naming the house code (and member place), never a citizen ID. */
  readonly error?: string
}

/** Selects one household of a round with its stored decision (absent when it has none). */
export type Selector = (record: SurveyRecord, decision: Decision | undefined) => Selection

const householdFields = Object.keys(variables.household).filter((f) => f !== "size" && f !== "incomePerPersonBaht" && f !== "surveyYear")
const memberFields = Object.keys(variables.member).filter((f) => f !== "age")

/** The `household` variable of a record: its declared fields, `surveyYear` and `size` as ints. */
export const householdOf = (record: SurveyRecord): Record<string, unknown> => {
  const out = new HouseholdVariable() as Record<string, unknown>
  const source = record as unknown as Record<string, unknown>
  for (const f of householdFields) {
    const v = source[f]
    if (v !== undefined && v !== null) out[f] = v
  }
  out["surveyYear"] = BigInt(record.surveyYear)
  const size = record.members.length
  out["size"] = BigInt(size)
  if (record.annualIncomeBaht !== undefined && record.annualIncomeBaht !== null) out["incomePerPersonBaht"] = record.annualIncomeBaht / size
  return out
}

/** The `member` variable of a record's member: its declared fields and `age` on `surveyedOn`. */
export const memberOf = (record: SurveyRecord, place: number): Record<string, unknown> => {
  const m = record.members[place]! as unknown as Record<string, unknown>
  const out = new MemberVariable() as Record<string, unknown>
  for (const f of memberFields) {
    const v = m[f]
    if (v !== undefined && v !== null) out[f] = v
  }
  out["age"] = BigInt(CalendarDate.ageOn(record.members[place]!.birthDate, record.surveyedOn))
  return out
}

/** The `decision` variable: outcome, score, failed dimensions in the rules' order, failed indicator numbers ascending. */
export const decisionOf = (d: Decision): Record<string, unknown> => {
  const failed: Array<bigint> = []
  for (const r of d.indicators) if (r.status === "fail") failed.push(BigInt(r.indicator))
  failed.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return Object.assign(new DecisionVariable() as Record<string, unknown>, {
    target: d.target,
    surveyPoor: d.surveyPoor,
    deprivationScore: d.deprivationScore,
    failedDimensions: d.failedDimensions,
    failedIndicators: failed
  })
}

const reasonOf = (e: unknown): string => {
  const c = e as CelErrorLike
  return typeof c?.summary === "string" ? c.summary : e instanceof Error ? e.message.split("\n")[0]! : String(e)
}

const none: ReadonlyArray<number> = Object.freeze([])

/**
 * Runs a compiled rule over one household: a failing evaluation (an absent field read,
 * no stored decision, a result that is not a bool) selects nothing and is counted.
 *
 * @example selector(rule)(record, decision) // { selected: true, members: [2, 3], errors: 0 }
 */
export const selector = (rule: ProgramRule): Selector => {
  const test = (context: Record<string, unknown>): boolean => {
    const out = rule.run(context)
    if (typeof out !== "boolean") throw new Error(`the rule gave ${out === null ? "null" : typeof out}, not a bool`)
    return out
  }
  if (rule.unit === "household") {
    return (record, decision) => {
      if (decision === undefined) return { selected: false, members: none, errors: 1, error: `household ${record.houseCode}: no stored decision` }
      try {
        return test({ household: householdOf(record), decision: decisionOf(decision) })
          ? { selected: true, members: record.members.map((_, i) => i), errors: 0 }
          : { selected: false, members: none, errors: 0 }
      } catch (e) {
        return { selected: false, members: none, errors: 1, error: `household ${record.houseCode}: ${reasonOf(e)}` }
      }
    }
  }
  return (record, decision) => {
    if (decision === undefined) {
      return { selected: false, members: none, errors: record.members.length, error: `household ${record.houseCode}: no stored decision` }
    }
    const context: Record<string, unknown> = { household: householdOf(record), decision: decisionOf(decision), member: undefined }
    let members: Array<number> | undefined
    let errors = 0
    let error: string | undefined
    for (let i = 0; i < record.members.length; i++) {
      context["member"] = memberOf(record, i)
      try {
        if (test(context)) (members ??= []).push(i)
      } catch (e) {
        errors++
        error ??= `household ${record.houseCode}, member ${i + 1}: ${reasonOf(e)}`
      }
    }
    return { selected: members !== undefined, members: members ?? none, errors, ...(error === undefined ? {} : { error }) }
  }
}
