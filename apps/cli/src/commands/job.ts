/**
 * `phungpao job submit|list|show|cancel|retry|rejects|workers`: background jobs, as the
 * acting user (the token's, or the operator). Submitting stores the job and queues it;
 * `pnpm worker` runs it. `--follow` draws a progress bar on a terminal.
 */
import { Job, Jobs, JourneyCommands } from "@phungpao/domain"
import { AccessSql, JobSql, JourneySql } from "@phungpao/db"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { resolve } from "node:path"
import * as Cli from "../Cli.js"
import * as Identity from "../Identity.js"
import * as Lang from "../Lang.js"
import * as Registry from "../Registry.js"
import * as Table from "../Table.js"

export const options = {
  round: { type: "string" },
  on: { type: "string" },
  out: { type: "string" },
  audience: { type: "string" },
  program: { type: "string" },
  batch: { type: "string" },
  "part-size": { type: "string" },
  kind: { type: "string" },
  status: { type: "string" },
  limit: { type: "string" },
  key: { type: "string" },
  follow: { type: "boolean" },
  ...Identity.options,
  format: { type: "string" },
  lang: { type: "string" },
  help: { type: "boolean", short: "h" }
} as const

const layer = Layer.mergeAll(JobSql.layer, AccessSql.layer, JourneyCommands.users.pipe(Layer.provide(JourneySql.layer)))

type Values = Cli.Values

/** The input of a kind from the command line's options (the domain decodes and checks it). */
const inputOf = (kind: string, file: string | undefined, values: Values): Record<string, unknown> => {
  const round = () => Cli.wholeNumber("round", Cli.required(values, "round", `job submit ${kind}`), 1)
  const partSize = values["part-size"] === undefined ? {} : { partSize: Cli.wholeNumber("part-size", String(values["part-size"]), 1) }
  switch (kind) {
    case "import":
      if (file === undefined) throw new Cli.UsageError("job submit import: give the FILE to import")
      return {
        round: round(),
        path: resolve(Cli.readable(file)),
        ...(values["batch"] === undefined ? {} : { batch: Cli.wholeNumber("batch", String(values["batch"]), 1) })
      }
    case "evaluate-round":
      return { round: round(), ...partSize }
    case "close-from-round":
      return { round: round(), on: Cli.day(values, "on", "job submit close-from-round"), ...partSize }
    case "export":
      return { round: round(), out: resolve(Cli.required(values, "out", "job submit export")), ...partSize }
    case "fund-report":
      return { audience: Cli.required(values, "audience", "job submit fund-report") }
    case "overdue-reminders":
      return { on: Cli.day(values, "on", "job submit overdue-reminders", Cli.today()) }
    case "program-enrol":
      return { program: Cli.required(values, "program", "job submit program-enrol"), ...(values["round"] === undefined ? {} : { round: round() }) }
    default:
      throw new Cli.UsageError(`job submit: ${kind}: expected import, evaluate-round, close-from-round, export, fund-report, overdue-reminders or program-enrol`)
  }
}

const statusLabel: Record<Job.Status, { th: string; en: string }> = {
  queued: { th: "รอคิว", en: "queued" },
  running: { th: "กำลังทำ", en: "running" },
  succeeded: { th: "สำเร็จ", en: "succeeded" },
  failed: { th: "ล้มเหลว", en: "failed" },
  cancelled: { th: "ยกเลิก", en: "cancelled" }
}

const seconds = (s: number, lang: "th" | "en") =>
  s >= 90 ? Lang.pick(lang, { th: `${Math.round(s / 60)} นาที`, en: `${Math.round(s / 60)} min` }) : Lang.pick(lang, { th: `${Math.max(1, Math.round(s))} วินาที`, en: `${Math.max(1, Math.round(s))} s` })

/** One line of progress: a bar of the tasks done, the rows, the rate since the job started, and the time left at that rate. */
export const progressLine = (job: Job.Job, now: number, lang: "th" | "en"): string => {
  const width = 24
  const total = job.tasksTotal
  const filled = total === 0 ? 0 : Math.round((job.tasksDone / total) * width)
  const bar = `[${"█".repeat(filled)}${"░".repeat(width - filled)}]`
  const elapsed = job.startedAt === undefined ? 0 : (now - Date.parse(job.startedAt)) / 1000
  const rate = elapsed > 0 ? job.rows / elapsed : 0
  const left =
    total > 0 && job.tasksDone > 0 && job.tasksDone < total && elapsed > 0 ? (elapsed / job.tasksDone) * (total - job.tasksDone) : undefined
  const n = (x: number) => Math.round(x).toLocaleString("en-US")
  const parts = [
    `${job.id} ${Lang.pick(lang, statusLabel[job.status])}`,
    total === 0 && !job.planned ? Lang.pick(lang, { th: "กำลังแบ่งงาน", en: "planning" }) : `${bar} ${job.tasksDone}/${total} ${Lang.pick(lang, { th: "งานย่อย", en: "tasks" })}`,
    `${n(job.rows)} ${Lang.pick(lang, { th: "แถว", en: "rows" })}`,
    ...(rate > 0 ? [`${n(rate)} ${Lang.pick(lang, { th: "แถว/วินาที", en: "rows/s" })}`] : []),
    ...(left === undefined ? [] : [Lang.pick(lang, { th: `เหลืออีกราว ${seconds(left, "th")}`, en: `about ${seconds(left, "en")} left` })])
  ]
  return parts.join(" · ")
}

const describe = (job: Job.Job, lang: "th" | "en"): string => {
  const lines = [progressLine(job, job.finishedAt === undefined ? Date.now() : Date.parse(job.finishedAt), lang)]
  if (job.failure !== undefined) {
    const task = job.failure.task < 0 ? Lang.pick(lang, { th: "การแบ่งงาน", en: "the plan" }) : `${Lang.pick(lang, { th: "งานย่อย", en: "task" })} ${job.failure.task}`
    lines.push(Lang.pick(lang, { th: `ล้มเหลวที่${task} หลังลอง ${job.failure.attempts} ครั้ง: ${job.failure.error}`, en: `failed at ${task} after ${job.failure.attempts} attempt(s): ${job.failure.error}` }))
  }
  if (job.result !== undefined && job.kind !== "overdue-reminders") lines.push(JSON.stringify(job.result))
  return lines.join("\n")
}

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const { values, positionals } = Cli.parse(args, options)
  const [verb, first, second] = positionals
  const { format, lang } = Cli.output(values)
  const acting = <A, E extends { readonly message: string }>(f: (actor: Parameters<typeof Jobs.show>[0]) => Effect.Effect<A, E, Layer.Layer.Success<typeof layer>>) =>
    Registry.run(Effect.provide(Effect.flatMap(Identity.actorOf(values), f), layer))
  const json = (value: unknown) => Cli.write(process.stdout, `${JSON.stringify(value, null, 2)}\n`)

  const follow = async (id: string): Promise<number> => {
    const tty = process.stderr.isTTY === true
    let last = ""
    for (;;) {
      const { job } = await acting((actor) => Jobs.show(actor, id))
      const line = progressLine(job, Date.now(), lang)
      const step = `${job.status}:${job.tasksDone}:${job.planned}`
      if (tty) process.stderr.write(`\r${line}\u001b[K`)
      else if (step !== last) process.stderr.write(`${line}\n`)
      last = step
      if (Job.ended(job.status)) {
        if (tty) process.stderr.write("\n")
        if (format === "json") await json(job)
        else await Cli.write(process.stdout, `${describe(job, lang)}\n`)
        return job.status === "succeeded" ? 0 : 1
      }
      await new Promise((r) => setTimeout(r, 500))
    }
  }

  if (verb === "submit" && first !== undefined && positionals.length <= 3) {
    const input = inputOf(first, second, values)
    if (second !== undefined && first !== "import") throw new Cli.UsageError(`job submit ${first}: unexpected argument ${JSON.stringify(second)}`)
    const key = Cli.keyOf(values, lang)
    const { job, created } = await acting((actor) => Jobs.submit(actor, first, input, key))
    if (!created) process.stderr.write(`${Lang.pick(lang, { th: `คีย์นี้ส่งงาน ${job.id} ไปแล้ว: แสดงงานเดิม`, en: `this key submitted ${job.id} before: that job is shown` })}\n`)
    if (values.follow === true) {
      process.stderr.write(`${job.id}\n`)
      return follow(job.id)
    }
    if (format === "json") await json(job)
    else await Cli.write(process.stdout, `${job.id}\n`)
    return 0
  }
  if (verb === "list" && positionals.length === 1) {
    const limit = values.limit === undefined ? 50 : Cli.wholeNumber("limit", values.limit, 1)
    const page = await acting((actor) =>
      Jobs.list(actor, {
        limit,
        ...(values.kind === undefined ? {} : { kind: values.kind as Job.Kind }),
        ...(values.status === undefined ? {} : { status: values.status as Job.Status })
      })
    )
    if (format === "json") await json(page)
    else {
      const h = (th: string, en: string) => Lang.pick(lang, { th, en })
      const rows = page.items.map((j) => [j.id, j.kind, Lang.pick(lang, statusLabel[j.status]), `${j.tasksDone}/${j.tasksTotal}`, j.rows.toLocaleString("en-US"), j.submittedBy, j.submittedAt])
      const columns = Table.fit(
        [h("รหัส", "id"), h("ประเภท", "kind"), h("สถานะ", "status"), h("งานย่อย", "tasks"), h("แถว", "rows"), h("ผู้ส่ง", "by"), h("ส่งเมื่อ", "submitted")].map((header) => ({
          header,
          align: "left" as const
        })),
        rows
      )
      await Cli.write(process.stdout, `${[Table.header(columns), ...rows.map((r) => Table.row(columns, r))].join("\n")}\n`)
    }
    return 0
  }
  if (verb === "show" && first !== undefined && positionals.length === 2) {
    if (values.follow === true) return follow(first)
    const shown = await acting((actor) => Jobs.show(actor, first))
    if (format === "json") await json(shown)
    else await Cli.write(process.stdout, `${describe(shown.job, lang)}\n`)
    return 0
  }
  if ((verb === "cancel" || verb === "retry") && first !== undefined && positionals.length === 2) {
    const job = verb === "cancel" ? await acting((actor) => Jobs.cancel(actor, first)) : await acting((actor) => Jobs.retry(actor, first))
    if (format === "json") await json(job)
    else await Cli.write(process.stdout, `${describe(job, lang)}\n`)
    return 0
  }
  if (verb === "rejects" && first !== undefined && positionals.length === 2) {
    const rejects = await acting((actor) => Jobs.rejects(actor, first))
    if (format === "json") await json(rejects)
    else await Cli.write(process.stdout, `line,field,reason\n${rejects.map((r) => `${r.line},${JSON.stringify(r.field)},${JSON.stringify(r.reason)}`).join("\n")}${rejects.length > 0 ? "\n" : ""}`)
    return 0
  }
  if (verb === "workers" && positionals.length === 1) {
    const workers = await acting((actor) => Jobs.workers(actor))
    if (format === "json") await json(workers)
    else {
      const h = (th: string, en: string) => Lang.pick(lang, { th, en })
      const rows = workers.map((w) => [w.id, w.engine, String(w.concurrency), w.seenAt, w.running.map((r) => `${r.job}:${r.task < 0 ? "plan" : r.task}`).join(" ") || "—"])
      const columns = Table.fit(
        [h("ผู้ทำงาน", "worker"), h("ฐานข้อมูล", "engine"), h("พร้อมกัน", "concurrency"), h("เห็นล่าสุด", "last seen"), h("กำลังทำ", "running")].map((header) => ({ header, align: "left" as const })),
        rows
      )
      await Cli.write(process.stdout, `${[Table.header(columns), ...rows.map((r) => Table.row(columns, r))].join("\n")}\n`)
    }
    return 0
  }
  throw new Cli.UsageError("expected 'job submit KIND …', 'job list', 'job show ID', 'job cancel ID', 'job retry ID', 'job rejects ID' or 'job workers' (see 'help job')")
}
