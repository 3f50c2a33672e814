/** The programs' port in memory, for tests: the same behaviour as the SQL adapters, lost on exit. */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Program from "./Program.js"
import { ProgramStore } from "./ProgramStore.js"

const byKey = <T extends { readonly houseCode: string; readonly member?: number | undefined }>(a: T, b: T) =>
  a.houseCode < b.houseCode ? -1 : a.houseCode > b.houseCode ? 1 : (a.member ?? 0) - (b.member ?? 0)

/** A fresh, empty store. */
export const make = (): ProgramStore["Type"] => {
  const sequences = new Map<string, number>()
  const programs = new Map<string, Program.Program>()
  const enrolments: Array<Program.Enrolment> = []
  const beneficiaries = new Map<string, Map<string, Program.Beneficiary>>()
  const needs = new Map<string, Map<string, Program.NeedAnswers>>()
  const deliveries: Array<Program.Delivery> = []
  const created = new Map<string, { readonly id: string; readonly hash: string }>()
  const of = <V>(m: Map<string, Map<string, V>>, id: string) => {
    let inner = m.get(id)
    if (inner === undefined) m.set(id, (inner = new Map()))
    return inner
  }
  return {
    next: (sequence) =>
      Effect.sync(() => {
        const n = (sequences.get(sequence) ?? 0) + 1
        sequences.set(sequence, n)
        return n
      }),
    create: (key, hash, build) =>
      Effect.sync(() => {
        const first = created.get(key)
        if (first !== undefined) return { program: programs.get(first.id)!, hash: first.hash }
        const n = (sequences.get("program") ?? 0) + 1
        sequences.set("program", n)
        const program = build(n)
        programs.set(program.id, program)
        created.set(key, { id: program.id, hash })
        return { program, hash }
      }),
    put: (program) => Effect.sync(() => void programs.set(program.id, program)),
    get: (id) => Effect.sync(() => Option.fromNullable(programs.get(id))),
    list: () => Effect.sync(() => [...programs.values()].sort((a, b) => Number(a.id.slice(2)) - Number(b.id.slice(2)))),
    enrol: (enrolment, added, reselected) =>
      Effect.sync(() => {
        if (enrolments.some((e) => e.program === enrolment.program && e.number === enrolment.number)) {
          throw new Error(`enrolment ${enrolment.number} of ${enrolment.program} stored twice`)
        }
        enrolments.push(enrolment)
        const list = of(beneficiaries, enrolment.program)
        for (const b of [...added, ...reselected]) list.set(Program.key(b), b)
      }),
    enrolments: (id) => Effect.sync(() => enrolments.filter((e) => e.program === id)),
    beneficiaries: (id) => Effect.sync(() => [...of(beneficiaries, id).values()].sort(byKey)),
    putNeed: (answers) => Effect.sync(() => void of(needs, answers.program).set(Program.key(answers), answers)),
    needs: (id) => Effect.sync(() => [...of(needs, id).values()].sort(byKey)),
    delivery: (id, key) => Effect.sync(() => Option.fromNullable(deliveries.find((d) => d.program === id && d.key === key))),
    putDelivery: (delivery) =>
      Effect.sync(() => {
        if (deliveries.some((d) => d.program === delivery.program && d.key === delivery.key)) throw new Error(`delivery ${delivery.key} stored twice`)
        deliveries.push(delivery)
      }),
    deliveries: (id) => Effect.sync(() => deliveries.filter((d) => d.program === id))
  }
}

/** The store in memory, fresh for each layer built. */
export const layerMemory: Layer.Layer<ProgramStore> = Layer.sync(ProgramStore, make)
