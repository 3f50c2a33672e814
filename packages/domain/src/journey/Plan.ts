/**
 * The household development plan (แผนพัฒนาครัวเรือน) along the four T's (4ท.): its actions,
 * each in one part, addressing one or more of the household's problems, with who is
 * responsible, the budget source, a planned cost, a due date and a status. A plan is
 * complete only when every open problem is addressed by a live action or closed (marked
 * self-resolved or cannot resolve with a reason, or resolved).
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Agency from "./Agency.js"
import * as CalendarDate from "../kernel/CalendarDate.js"
import * as HouseCode from "../kernel/HouseCode.js"
import * as Organisation from "./Organisation.js"
import * as Satang from "../kernel/Satang.js"

/** The four T's: ทัศนคติ attitude, ทักษะ skills, ทรัพยากร resources, ทางออก way out. */
export const FourT = Schema.Literal("attitude", "skills", "resources", "wayOut")
export type FourT = typeof FourT.Type

export const fourTLabel: Record<FourT, { readonly th: string; readonly en: string }> = {
  attitude: { th: "ทัศนคติ", en: "attitude" },
  skills: { th: "ทักษะ", en: "skills" },
  resources: { th: "ทรัพยากร", en: "resources" },
  wayOut: { th: "ทางออก", en: "way out" }
}

/** Whose money pays: an agency's own (Function) budget, local government, the fund, private donors, other. */
export const BudgetSource = Schema.Literal("agencyFunction", "localGovernment", "fund", "private", "other")
export type BudgetSource = typeof BudgetSource.Type

export const budgetSourceLabel: Record<BudgetSource, { readonly th: string; readonly en: string }> = {
  agencyFunction: { th: "งบประมาณปกติของหน่วยงาน (Function)", en: "agency function budget" },
  localGovernment: { th: "องค์กรปกครองส่วนท้องถิ่น", en: "local government" },
  fund: { th: "กองทุนขจัดความยากจน", en: "the fund" },
  private: { th: "ภาคเอกชน", en: "private" },
  other: { th: "อื่น ๆ", en: "other" }
}

export const ActionStatus = Schema.Literal("planned", "inProgress", "done", "cancelled")
export type ActionStatus = typeof ActionStatus.Type

export const actionStatusLabel: Record<ActionStatus, { readonly th: string; readonly en: string }> = {
  planned: { th: "วางแผนแล้ว", en: "planned" },
  inProgress: { th: "กำลังดำเนินการ", en: "in progress" },
  done: { th: "ดำเนินการแล้ว", en: "done" },
  cancelled: { th: "ยกเลิก", en: "cancelled" }
}

export const ActionId = Schema.String.pipe(
  Schema.pattern(/^A-\d+$/, { identifier: "ActionId", description: "A- and a number" }),
  Schema.brand("ActionId")
)
export type ActionId = typeof ActionId.Type

/** The id of the `n`th plan action. @example id(3) // "A-3" */
export const id = (n: number): ActionId => `A-${n}` as ActionId

/** Who carries an action out: an agency or a team. */
export const Responsible = Schema.Union(
  Schema.TaggedStruct("agency", { code: Agency.AgencyCode }),
  Schema.TaggedStruct("team", { id: Organisation.TeamId })
)
export type Responsible = typeof Responsible.Type

/** An action as the team writes it into the plan. */
export const ActionInput = Schema.Struct({
  houseCode: HouseCode.HouseCode,
  part: FourT,
  description: Schema.NonEmptyTrimmedString,
  /** The indicator numbers of the household's problems it addresses. */
  problems: Schema.NonEmptyArray(Schema.Int),
  responsible: Responsible,
  budgetSource: BudgetSource,
  plannedCost: Satang.Satang.pipe(Schema.nonNegative()),
  due: CalendarDate.IsoDate
}).annotations({ identifier: "PlanActionInput" })
export type ActionInput = typeof ActionInput.Type

export const Action = Schema.Struct({
  id: ActionId,
  ...ActionInput.fields,
  status: ActionStatus,
  createdBy: Schema.String,
  createdAt: Schema.String
}).annotations({ identifier: "PlanAction" })
export type Action = typeof Action.Type

/** The status change is not one an action can make (done and cancelled are final). */
export class InvalidActionTransition extends Schema.TaggedError<InvalidActionTransition>()("InvalidActionTransition", {
  actionId: Schema.String,
  from: Schema.String,
  to: Schema.String
}) {
  override get message(): string {
    return `plan action ${this.actionId} cannot go from ${this.from} to ${this.to}`
  }
}

const next: Record<ActionStatus, ReadonlyArray<ActionStatus>> = {
  planned: ["inProgress", "done", "cancelled"],
  inProgress: ["done", "cancelled"],
  done: [],
  cancelled: []
}

/**
 * The action in a new status, or a refusal: planned → in progress → done, cancelled from
 * either live status; done and cancelled are final.
 *
 * @example setStatus(action, "done") // Either.right({ ...action, status: "done" })
 */
export const setStatus = (action: Action, status: ActionStatus): Either.Either<Action, InvalidActionTransition> =>
  next[action.status].includes(status)
    ? Either.right({ ...action, status })
    : Either.left(new InvalidActionTransition({ actionId: action.id, from: action.status, to: status }))

/** Whether an action still counts for its problems: not cancelled. */
export const isLive = (action: Action): boolean => action.status !== "cancelled"

/** Whether an action is past its due date and neither done nor cancelled. @example overdue({ ...a, due: "2022-09-30", status: "planned" }, "2022-10-01") // true */
export const overdue = (action: Action, today: CalendarDate.IsoDate): boolean =>
  (action.status === "planned" || action.status === "inProgress") && action.due < today

/**
 * The indicators of the problems a plan leaves unaddressed: open and not addressed by
 * any live action. Empty when the plan is complete.
 *
 * @example unaddressed([{ indicator: 8, closed: false }], []) // [8]
 */
export const unaddressed = (
  problems: ReadonlyArray<{ readonly indicator: number; readonly closed: boolean }>,
  actions: ReadonlyArray<Action>
): ReadonlyArray<number> => {
  const covered = new Set(actions.filter(isLive).flatMap((a) => a.problems))
  return problems.filter((p) => !p.closed && !covered.has(p.indicator)).map((p) => p.indicator)
}

/** Planned cost of the live actions, by budget source. */
export const costBySource = (actions: ReadonlyArray<Action>): Partial<Record<BudgetSource, Satang.Satang>> => {
  const totals: Partial<Record<BudgetSource, Satang.Satang>> = {}
  for (const a of actions) {
    if (!isLive(a)) continue
    totals[a.budgetSource] = ((totals[a.budgetSource] ?? 0) + a.plannedCost) as Satang.Satang
  }
  return totals
}
