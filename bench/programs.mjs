// Programs: the preview of a member rule (CEL) over a stored SQLite round, as the command
// line runs it and in process, against a hand-written TypeScript predicate computing the
// same selection over the same stored rows (the same scan of households and decisions),
// in the same run. The round is generated, imported and evaluated once and kept in
// bench/.work for later runs.
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { availableParallelism, loadavg } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { Database, Migrations, RegistrySql } from "../packages/db/dist/index.js"
import { Actor, CalendarDate, Decision, ProgramPreview, ProgramRule } from "../packages/domain/dist/index.js"
import { count, report } from "./lib.mjs"

const root = fileURLToPath(new URL("..", import.meta.url))
const work = fileURLToPath(new URL("./.work/", import.meta.url))
const cli = `${root}apps/cli/dist/main.js`
const round = 2564

const dbRequire = createRequire(new URL("../packages/db/package.json", import.meta.url))
const effectModule = async (name) => {
  const pkg = dbRequire.resolve("effect/package.json")
  return import(pathToFileURL(join(dirname(pkg), JSON.parse(readFileSync(pkg, "utf8")).exports[`./${name}`].import)).href)
}
const Effect = await effectModule("Effect")
const Layer = await effectModule("Layer")

export const defaults = { programHouseholds: 400_000 }

/** The scout-uniform rule of the README's main job. */
export const where = 'member.age >= 6 && member.age <= 15 && decision.target && "income" in decision.failedDimensions'

/** The same rule, written by hand over the same record and decision. */
const byHand = (record, decision) => {
  if (decision === undefined) return { selected: false, members: [], errors: 1 }
  if (!decision.target || !Decision.fails(decision, "income")) return { selected: false, members: [], errors: 0 }
  const members = []
  for (let i = 0; i < record.members.length; i++) {
    const age = CalendarDate.ageOn(record.members[i].birthDate, record.surveyedOn)
    if (age >= 6 && age <= 15) members.push(i)
  }
  return { selected: members.length > 0, members, errors: 0 }
}

const cliRun = (args, env) => {
  const start = process.hrtime.bigint()
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 26 })
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed (${r.status}): ${r.stderr}`)
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, stdout: r.stdout }
}

/** A stored, evaluated round of `households`, made once. */
const storedRound = (households, seed) => {
  const file = `${work}programs-${households}-${seed}.db`
  if (existsSync(`${file}.ready`)) return file
  mkdirSync(work, { recursive: true })
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true })
  const records = `${work}programs-${households}-${seed}.ndjson`
  const env = { DATABASE_URL: `sqlite:${file}` }
  const t = process.hrtime.bigint()
  cliRun(["generate", "--province", "33", "--households", String(households), "--seed", String(seed), "--out", records], env)
  cliRun(["import", records, "--round", String(round)], env)
  cliRun(["evaluate", "--round", String(round)], env)
  rmSync(records, { force: true })
  writeFileSync(`${file}.ready`, "")
  console.log(`stored round ${round} of ${count(households)} households made in ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s`)
  return file
}

export const run = async ({ programHouseholds = defaults.programHouseholds, seed }) => {
  console.log(`\n== programs: preview of a member rule over a ${count(programHouseholds)}-household SQLite round (seed ${seed}) ==`)
  const file = storedRound(programHouseholds, seed)
  const rule = ProgramRule.compile("member", where)
  if (rule._tag === "Left") throw new Error(rule.left.message)
  const actor = Actor.system("bench")
  const options = { round, ruleSetKey: "tpmap-2565", by: "district" }
  const names = () => undefined
  const layer = Layer.provideMerge(Layer.mergeAll(RegistrySql.layer, Migrations.layer), Database.layer({ engine: "sqlite", file }))
  const timed = (select) =>
    Effect.map(Effect.timed(ProgramPreview.count(actor, select, options, names)), ([d, counts]) => ({ seconds: Number(d.value.millis ?? 0) / 1000 || Number(d.value.nanos) / 1e9, counts }))
  // Members evaluated: every member of every household of the round, counted on the way.
  let seen = { households: 0, members: 0 }
  const counting = (record, decision) => {
    seen.households += 1
    seen.members += record.members.length
    return byHand(record, decision)
  }
  const results = await Effect.runPromise(
    Effect.scoped(
      Effect.provide(
        Effect.gen(function* () {
          const cel = []
          const hand = []
          yield* timed(counting)
          for (let i = 0; i < 3; i++) {
            hand.push(yield* timed(byHand))
            cel.push(yield* timed(ProgramRule.selector(rule.right)))
          }
          return { cel, hand }
        }),
        layer
      )
    )
  )
  const { households, members } = seen
  const fastest = (runs) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a))
  const cel = fastest(results.cel)
  const hand = fastest(results.hand)
  if (cel.counts.members !== hand.counts.members || cel.counts.households !== hand.counts.households || cel.counts.errors !== 0) {
    throw new Error(`the CEL rule and the hand-written predicate disagree: ${JSON.stringify([cel.counts.members, hand.counts.members, cel.counts.errors])}`)
  }
  const preview = cliRun(["program", "preview", "--round", String(round), "--unit", "member", "--where", where, "--format", "json"], { DATABASE_URL: `sqlite:${file}` })
  const out = JSON.parse(preview.stdout)
  if (out.members !== cel.counts.members) throw new Error(`program preview selected ${out.members}, in process ${cel.counts.members}`)
  console.log(
    `${count(households)} households, ${count(members)} members; selected ${count(out.households)} households, ${count(out.members)} members; ` +
      `in process: CEL ${cel.seconds.toFixed(2)} s, hand-written ${hand.seconds.toFixed(2)} s; program preview (whole command) ${preview.seconds.toFixed(2)} s`
  )
  report(
    "program preview, member rule (CEL, in process)",
    `${count(members / cel.seconds)} members/s`,
    `${count(members / hand.seconds)} members/s hand-written TypeScript predicate`,
    hand.seconds / cel.seconds,
    { text: "≥ 0.3", met: hand.seconds / cel.seconds >= 0.3 }
  )
  report(
    "pnpm cli program preview (whole command)",
    `${preview.seconds.toFixed(2)} s, ${count(members / preview.seconds)} members/s`,
    `${count(members / hand.seconds)} members/s hand-written TypeScript predicate`,
    hand.seconds / preview.seconds,
    { text: "< 10 s", met: preview.seconds < 10 }
  )
  console.log(`  (load average ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores)`)
}
