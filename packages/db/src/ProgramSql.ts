/**
 * The programs' port on SQLite or PostgreSQL: each definition, enrolment, beneficiary,
 * need answer and delivery kept as its JSON record (decoded with the domain's schema on
 * read) beside the keys it is read by. An enrolment is written in one transaction.
 */
import { Program, ProgramStore } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { sql } from "kysely"
import * as Database from "./Database.js"

const decodeProgram = Schema.decodeUnknownSync(Schema.parseJson(Program.Program))
const decodeEnrolment = Schema.decodeUnknownSync(Schema.parseJson(Program.Enrolment))
const decodeBeneficiary = Schema.decodeUnknownSync(Schema.parseJson(Program.Beneficiary))
const decodeNeed = Schema.decodeUnknownSync(Schema.parseJson(Program.NeedAnswers))
const decodeDelivery = Schema.decodeUnknownSync(Schema.parseJson(Program.Delivery))

const beneficiaryRow = (b: Program.Beneficiary) => ({
  program_id: b.program,
  house_code: b.houseCode,
  member: b.member ?? 0,
  village_code: b.villageCode,
  last_selected_in: b.lastSelectedIn,
  record: JSON.stringify(b)
})

const make = (database: Database.Service): ProgramStore.ProgramStore["Type"] => ({
  next: (sequence) =>
    database.transaction(async (tx) => {
      const row = await tx
        .insertInto("program_sequence")
        .values({ name: sequence, value: 1 })
        .onConflict((oc) => oc.column("name").doUpdateSet({ value: sql<number>`program_sequence.value + 1` }))
        .returning("value")
        .executeTakeFirstOrThrow()
      return Number(row.value)
    }),
  create: (key, hash, build) =>
    database.transaction(async (tx) => {
      // The key first: a second caller with it waits here for the first to commit, then finds it.
      const claimed = await tx
        .insertInto("program_create_key")
        .values({ key, hash, program_id: null })
        .onConflict((oc) => oc.column("key").doNothing())
        .returning("key")
        .executeTakeFirst()
      if (claimed === undefined) {
        const first = await tx.selectFrom("program_create_key").select(["hash", "program_id"]).where("key", "=", key).executeTakeFirstOrThrow()
        const row = await tx.selectFrom("program").select("record").where("id", "=", first.program_id!).executeTakeFirstOrThrow()
        return { program: decodeProgram(row.record), hash: first.hash }
      }
      const next = await tx
        .insertInto("program_sequence")
        .values({ name: "program", value: 1 })
        .onConflict((oc) => oc.column("name").doUpdateSet({ value: sql<number>`program_sequence.value + 1` }))
        .returning("value")
        .executeTakeFirstOrThrow()
      const program = build(Number(next.value))
      await tx.insertInto("program").values({ id: program.id, number: Number(next.value), status: program.status, record: JSON.stringify(program) }).execute()
      await tx.updateTable("program_create_key").set({ program_id: program.id }).where("key", "=", key).execute()
      return { program, hash }
    }),
  put: (program) =>
    database.transaction(async (tx) => {
      const row = { id: program.id, number: Number(program.id.slice(2)), status: program.status, record: JSON.stringify(program) }
      await tx
        .insertInto("program")
        .values(row)
        .onConflict((oc) => oc.column("id").doUpdateSet({ status: row.status, record: row.record }))
        .execute()
    }),
  get: (id) =>
    database.use(async (db) => {
      const row = await db.selectFrom("program").select("record").where("id", "=", id).executeTakeFirst()
      return row === undefined ? Option.none() : Option.some(decodeProgram(row.record))
    }),
  list: () => database.use(async (db) => (await db.selectFrom("program").select("record").orderBy("number").execute()).map((r) => decodeProgram(r.record))),
  enrol: (enrolment, added, reselected) =>
    database.transaction(async (tx) => {
      await tx.insertInto("program_enrolment").values({ program_id: enrolment.program, number: enrolment.number, record: JSON.stringify(enrolment) }).execute()
      for (let i = 0; i < added.length; i += 500) {
        await tx.insertInto("program_beneficiary").values(added.slice(i, i + 500).map(beneficiaryRow)).execute()
      }
      for (const b of reselected) {
        const row = beneficiaryRow(b)
        await tx
          .updateTable("program_beneficiary")
          .set({ last_selected_in: row.last_selected_in, record: row.record })
          .where("program_id", "=", row.program_id)
          .where("house_code", "=", row.house_code)
          .where("member", "=", row.member)
          .execute()
      }
    }),
  enrolments: (id) =>
    database.use(async (db) =>
      (await db.selectFrom("program_enrolment").select("record").where("program_id", "=", id).orderBy("number").execute()).map((r) => decodeEnrolment(r.record))),
  beneficiaries: (id) =>
    database.use(async (db) =>
      (await db.selectFrom("program_beneficiary").select("record").where("program_id", "=", id).orderBy("house_code").orderBy("member").execute()).map((r) =>
        decodeBeneficiary(r.record))),
  putNeed: (answers) =>
    database.transaction(async (tx) => {
      const row = { program_id: answers.program, house_code: answers.houseCode, member: answers.member ?? 0, record: JSON.stringify(answers) }
      await tx
        .insertInto("program_need")
        .values(row)
        .onConflict((oc) => oc.columns(["program_id", "house_code", "member"]).doUpdateSet({ record: row.record }))
        .execute()
    }),
  needs: (id) =>
    database.use(async (db) =>
      (await db.selectFrom("program_need").select("record").where("program_id", "=", id).orderBy("house_code").orderBy("member").execute()).map((r) =>
        decodeNeed(r.record))),
  delivery: (id, key) =>
    database.use(async (db) => {
      const row = await db.selectFrom("program_delivery").select("record").where("program_id", "=", id).where("key", "=", key).executeTakeFirst()
      return row === undefined ? Option.none() : Option.some(decodeDelivery(row.record))
    }),
  putDelivery: (delivery) =>
    database.transaction(async (tx) => {
      const last = await tx
        .selectFrom("program_delivery")
        .select((eb) => eb.fn.max<number>("position").as("position"))
        .where("program_id", "=", delivery.program)
        .executeTakeFirst()
      await tx
        .insertInto("program_delivery")
        .values({
          program_id: delivery.program,
          key: delivery.key,
          position: Number(last?.position ?? 0) + 1,
          entry_id: delivery.entry,
          record: JSON.stringify(delivery)
        })
        .execute()
    }),
  deliveries: (id) =>
    database.use(async (db) =>
      (await db.selectFrom("program_delivery").select("record").where("program_id", "=", id).orderBy("position").execute()).map((r) => decodeDelivery(r.record)))
})

/** The programs' store over the `Database`. */
export const layer: Layer.Layer<ProgramStore.ProgramStore, never, Database.Database> = Layer.effect(
  ProgramStore.ProgramStore,
  Effect.map(Database.Database, make)
)
