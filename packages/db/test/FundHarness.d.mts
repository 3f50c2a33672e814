// Types of FundHarness.mjs, for the TypeScript test that drives it.
import type { Actor, FundStore, Registry } from "@phungpao/domain"
import type * as Effect from "effect/Effect"
import type { Config } from "../src/index.js"

export interface Op {
  readonly command: "approve" | "pay" | "cancel" | "reject"
  readonly actor: string
  readonly key: string
  readonly input: Record<string, unknown>
}
export interface Plan {
  readonly receipts: ReadonlyArray<Record<string, unknown>>
  readonly requests: ReadonlyArray<{ readonly n: number; readonly amount: number }>
  readonly clients: ReadonlyArray<ReadonlyArray<Op>>
}
export interface Outcome {
  readonly key: string
  readonly content: string
  readonly outcome: string
  readonly result?: string
}
export interface Checked {
  readonly broken: ReadonlyArray<{ readonly name: string; readonly example: string }>
  readonly tally: Readonly<Record<string, number>>
  readonly paid: number
  readonly approved: number
  readonly movements: number
}
/** The fund's people in the plans: the operator, the committee, the treasurers and a mentor who asks. */
export declare const actors: Readonly<Record<"system" | "m1" | "m2" | "m3" | "t1" | "t2" | "mentor", Actor.Actor>>
export declare const plan: (options: { seed: number; requests?: number; clients?: number }) => Plan
export declare const benchPlan: (options: { seed: number; requests: number; clients: number }) => Plan
export declare const registered: (houseCodes: ReadonlyArray<string>, villageCode?: string) => Effect.Effect<unknown, never, Registry.HouseholdRegistry>
export declare const setup: (plan: Plan) => Effect.Effect<void, never, FundStore.FundStore | Registry.HouseholdRegistry>
export declare const outcome: (op: Op) => Effect.Effect<Outcome, never, FundStore.FundStore>
export declare const prepare: (config: Config, plan: Plan) => Promise<void>
export declare const race: (
  config: Config,
  plan: Plan,
  options?: { naive?: boolean; concurrency?: number }
) => Promise<{ outcomes: ReadonlyArray<Outcome>; seconds: number }>
export declare const check: (config: Config, outcomes: ReadonlyArray<Outcome>) => Promise<Checked>
