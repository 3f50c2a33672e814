// The main job: a Sisaket-sized province (seeded, so every run is the same) goes into the
// embedded registry (the SQLite file data/phungpao.db unless DATABASE_URL names another),
// is evaluated under tpmap-2565 with every decision stored, and reported by district; then
// the journey, the fund and a targeted program run over it.
import { spawn, spawnSync } from "node:child_process"
import { mkdirSync, rmSync, statSync } from "node:fs"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))
const cli = `${root}apps/cli/dist/main.js`
const workerMain = `${root}apps/worker/dist/main.js`
const data = `${root}data`
const households = process.env["PHUNGPAO_HOUSEHOLDS"] ?? "400000"
const records = `${data}/sisaket-2564.ndjson`
const env = { ...process.env, DATABASE_URL: process.env["DATABASE_URL"] ?? `sqlite:${data}/phungpao.db` }

const step = (title, args) => {
  process.stderr.write(`\n▶ ${title}\n`)
  const started = Date.now()
  const r = spawnSync(process.execPath, [cli, ...args], { stdio: ["ignore", "inherit", "inherit"], cwd: root, env })
  if (r.status !== 0) {
    process.stderr.write(`main job: step failed (exit ${r.status})\n`)
    process.exit(r.status ?? 2)
  }
  process.stderr.write(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
}

mkdirSync(data, { recursive: true })
if (process.env["DATABASE_URL"] === undefined) {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${data}/phungpao.db${suffix}`, { force: true })
}
step(`generate ${Number(households).toLocaleString("en-US")} households of Sisaket (33), seed 2565 → ${records}`, [
  "generate", "--province", "33", "--households", households, "--seed", "2565", "--out", records
])
process.stderr.write(`  ${(statSync(records).size / 2 ** 20).toFixed(0)} MiB\n`)
// The import and the evaluation run as background jobs on the worker (`pnpm worker`, one
// process on SQLite; on PostgreSQL any number share the queue), each followed to its end
// with its progress; the fixed keys make a second run give back the same jobs.
const worker = spawn(process.execPath, [workerMain, "--concurrency", "2"], {
  cwd: root,
  env: { ...env, PHUNGPAO_WORKER_REMINDERS: "off" },
  stdio: ["ignore", "ignore", "inherit"]
})
const workerExited = new Promise((resolve) => worker.once("exit", resolve))
const job = (title, kind, args, key) => {
  process.stderr.write(`\n▶ ${title}\n`)
  const started = Date.now()
  const submitted = spawnSync(process.execPath, [cli, "job", "submit", kind, ...args, "--key", key], { cwd: root, env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
  if (submitted.status !== 0) {
    process.stderr.write(`main job: ${kind} could not be submitted (exit ${submitted.status})\n`)
    worker.kill("SIGTERM")
    process.exit(submitted.status ?? 2)
  }
  const id = submitted.stdout.trim()
  const followed = spawnSync(process.execPath, [cli, "job", "show", id, "--follow", "--lang", "en"], { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] })
  if (followed.status !== 0) {
    process.stderr.write(`main job: job ${id} did not succeed (exit ${followed.status}); 'pnpm --silent cli job show ${id}' tells why\n`)
    worker.kill("SIGTERM")
    process.exit(followed.status ?? 2)
  }
  process.stderr.write(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
}
job(`import into the registry (${env.DATABASE_URL}) as a job`, "import", [records, "--round", "2564", "--batch", "5000"], "main-job-import-2564")
job("evaluate round 2564 under tpmap-2565 as a job, storing every decision", "evaluate-round", ["--round", "2564"], "main-job-evaluate-2564")
worker.kill("SIGTERM")
await workerExited
step("district report (รายงานรายอำเภอ)", ["report", "--round", "2564", "--by", "district", "--lang", "th"])
step("district report (English)", ["report", "--round", "2564", "--by", "district", "--lang", "en"])

// The household journey mid-way: teams and users for every subdistrict, the evaluated
// round's target households enrolled, then each taken a seeded random way along the six
// steps through the domain's commands in one transaction (plans, help, some reversed,
// visits); then progress by district.
step("journey: the province mid-journey (seed 2565)", ["journey", "simulate", "--round", "2564", "--seed", "2565", "--lang", "en"])
step("journey: progress by district (ความก้าวหน้ารายอำเภอ)", ["progress", "--by", "district", "--lang", "th"])
step("journey: progress by district (English)", ["progress", "--by", "district", "--lang", "en"])

// The poverty eradication fund (กองทุนแก้จน) in the same database: settings, donors (some
// anonymous), pledges, receipts unrestricted and earmarked, requests for households in
// every state, one batch of commands under fixed idempotency keys (so a second run against
// the same database writes nothing); then a bank statement reconciled and the public report.
{
  const { writeFileSync } = await import("node:fs")
  const lines = [
    "configure --quorum 2 --committee m1,m2,m3 --treasurers t1 --ceiling 3000 --cap 9000 --as pc-1 --key job-configure",
    'contributor add --id c-1 --kind company --name "บริษัท ศรีสะเกษรุ่งเรือง จำกัด" --key job-c-1',
    'contributor add --id c-2 --kind network --name "เครือข่าย OTOP จังหวัดศรีสะเกษ" --key job-c-2',
    'contributor add --id c-3 --kind person --name "นายสมชาย ใจงาม" --anonymous --key job-c-3',
    'contributor add --id c-4 --kind network --name "กองทุนหมู่บ้านบ้านโพธิ์" --anonymous --key job-c-4',
    "pledge add --contributor c-1 --amount 200,000 --due 30/06/2565 --on 15/02/2565 --as t1 --key job-p-1",
    "pledge add --contributor c-2 --amount 50,000 --due 31/03/2565 --on 15/02/2565 --as t1 --key job-p-2",
    "receipt add --reference KTB-0001 --date 01/03/2565 --amount 100,000 --contributor c-1 --pledge P-1 --as t1 --key job-rc-1",
    "receipt add --reference KTB-0002 --date 02/03/2565 --amount 50,000 --contributor c-2 --pledge P-2 --pool-purpose school-uniforms --as t1 --key job-rc-2",
    "receipt add --reference KTB-0003 --date 03/03/2565 --amount 20,000 --contributor c-3 --pool-area 3301 --as t1 --key job-rc-3",
    "receipt add --reference KTB-0004 --date 04/03/2565 --amount 10,000 --contributor c-4 --as t1 --key job-rc-4",
    "receipt add --reference KTB-0005 --date 04/03/2565 --amount 5,000 --as t1 --key job-rc-5",
    'receipt reverse RC-5 --reason "บันทึกซ้ำกับ KTB-0004" --as t1 --key job-rc-5-reverse'
  ]
  // Households paid: 7 in Mueang Si Sa Ket (5 + 2 by subdistrict), 6 in Yang Chum Noi, 2 in
  // Kanthararom: the small cells are hidden in the public report, and the smallest beside
  // each, so that no total less the cells shown gives a hidden one away.
  const paid = [
    ...Array.from({ length: 5 }, (_, i) => ["33010101", i, "school-uniforms", "03"]),
    ...Array.from({ length: 2 }, (_, i) => ["33010201", i, "school-uniforms", "03"]),
    ...Array.from({ length: 6 }, (_, i) => ["33020101", i, i < 3 ? "occupation" : "school-uniforms", i < 4 ? "03" : "04"]),
    ...Array.from({ length: 2 }, (_, i) => ["33030101", i, "housing-repair", "04"])
  ]
  const statement = [
    "วันที่ทำรายการ,รายการ,เลขที่อ้างอิง,ถอน/เดบิต,ฝาก/เครดิต,คงเหลือ",
    "01/03/2565,รับโอน,KTB-0001,,\"100,000.00\"",
    "02/03/2565,รับโอน,KTB-0002,,\"50,000.00\"",
    "03/03/2565,รับโอน,KTB-0003,,\"20,000.00\"",
    "05/03/2565,รับโอน (ไม่พบในบัญชีกองทุน),KTB-0099,,\"3,000.00\""
  ]
  // A request's household must be in the registry: the i-th household of the village in the
  // generated file (the first few thousand lines hold every village's first ones).
  const wanted = { "33010101": 5, "33010201": 2, "33020101": 6, "33030101": 2, "33040101": 4, "33050101": 2 }
  const houses = {}
  {
    const { createReadStream } = await import("node:fs")
    const { createInterface } = await import("node:readline")
    const input = createReadStream(records)
    for await (const line of createInterface({ input })) {
      const { houseCode, villageCode } = JSON.parse(line)
      const list = wanted[villageCode] === undefined ? undefined : (houses[villageCode] ??= [])
      if (list !== undefined && list.length < wanted[villageCode]) list.push(houseCode)
      if (Object.entries(wanted).every(([v, k]) => (houses[v]?.length ?? 0) >= k)) break
    }
    input.destroy()
  }
  let n = 0
  const request = (village, i, purpose, amount, pool = "") => {
    n += 1
    const house = houses[village]?.[i]
    if (house === undefined) throw new Error(`main job: no household ${i} of village ${village} in ${records}`)
    lines.push(`request add --house ${house} --village ${village} --purpose ${purpose} --amount ${amount}${pool} --as dc-${village.slice(0, 4)} --key job-q-${n}`)
    return `R-${n}`
  }
  const approve = (id) => lines.push(`approve ${id} --as m1 --key job-${id}-m1`, `approve ${id} --as m2 --key job-${id}-m2`)
  for (const [village, i, purpose, month] of paid) {
    const pool = purpose === "school-uniforms" && village === "33010101" ? " --pool-purpose school-uniforms" : ""
    const id = request(village, i, purpose, 1500, pool)
    approve(id)
    lines.push(`pay ${id} --as t1 --transfer TRF-${id} --date 10/${month}/2565 --key job-${id}-pay`)
    statement.push(`10/${month}/2565,โอนเงิน TRF-${id},,"1,500.00",`)
  }
  approve(request("33040101", 1, "health-care", 2000)) // reserved, waiting for the treasurer
  lines.push(`approve ${request("33040101", 2, "health-care", 1200)} --as m3 --key job-waiting-m3`) // one approval of two
  const rejected = request("33040101", 3, "occupation", 2500)
  lines.push(`reject ${rejected} --as m2 --reason "ซ้ำกับงบของ อบต." --key job-${rejected}-reject`)
  const cancelled = request("33050101", 1, "school-uniforms", 900)
  approve(cancelled)
  lines.push(`cancel ${cancelled} --as m1 --key job-${cancelled}-cancel`)
  statement.push("30/04/2565,ค่าธรรมเนียม,,25.00,")
  const batchFile = `${data}/fund-job.txt`
  const statementFile = `${data}/fund-statement-2565.csv`
  writeFileSync(batchFile, `${lines.join("\n")}\n`)
  writeFileSync(statementFile, `\ufeff${statement.join("\n")}\n`)
  // The fund's people are stored users who act as themselves, each proving it with their
  // API token: the provincial centre (the first settings), the committee and the
  // treasurer; requests come from the district centres the journey's simulation added.
  // The batch holds the tokens of every user its lines name (--as), in a file only its
  // owner reads.
  const quiet = (args, what) => {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd: root, env })
    if (r.status !== 0) {
      process.stderr.write(`main job: ${what} failed: ${r.stderr}`)
      process.exit(r.status ?? 2)
    }
    return r.stdout
  }
  for (const [id, name, role] of [["pc-1", "ศจพ.จ.ศรีสะเกษ", "provincialCentre"], ["m1", "กรรมการ 1", "fundCommittee"], ["m2", "กรรมการ 2", "fundCommittee"], ["m3", "กรรมการ 3", "fundCommittee"], ["t1", "เหรัญญิก", "treasurer"]]) {
    quiet(["user", "add", "--id", id, "--name", name, "--role", role, "--scope", "33", "--key", `job-user-${id}`], `user add ${id}`)
  }
  const acting = [...new Set(lines.flatMap((line) => [...line.matchAll(/--as (\S+)/g)].map((m) => m[1])))]
  const tokensFile = `${data}/fund-tokens.txt`
  rmSync(tokensFile, { force: true })
  writeFileSync(tokensFile, acting.map((id) => quiet(["token", "create", "--user", id, "--expires-days", "1"], `token create --user ${id}`)).join(""), { mode: 0o600 })
  step(`fund: ${lines.length} commands (settings, 4 contributors, pledges, receipts, ${n} requests in every state)`, ["fund", "batch", batchFile, "--tokens", tokensFile, "--lang", "en"])
  process.stderr.write("\n▶ fund: reconcile the bank statement (unmatched lines on both sides are expected)\n")
  const reconciled = spawnSync(process.execPath, [cli, "fund", "reconcile", statementFile, "--lang", "th"], { stdio: ["ignore", "inherit", "inherit"], cwd: root, env })
  if (reconciled.status !== 0 && reconciled.status !== 1) process.exit(reconciled.status ?? 2)
  step("fund: public report (รายงานสาธารณะ)", ["fund", "report", "public", "--lang", "th"])
}

// A targeted program (โครงการแบบพุ่งเป้า), the seed's own example: scout uniforms
// (ชุดลูกเสือ-เนตรนารี) for school-age members (6–15) of target households failing the
// income dimension. Previewed by district, defined, activated, enrolled from the stored
// round; sizes surveyed for the first 8 beneficiaries; delivered by the Provincial
// Education Office, part paid by the fund (each such delivery the fund's payment and its
// logbook entry, one record); then its report.
{
  const { writeFileSync } = await import("node:fs")
  const where = 'member.age >= 6 && member.age <= 15 && decision.target && "income" in decision.failedDimensions'
  const run = (args, what, extraEnv = {}) => {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd: root, env: { ...env, ...extraEnv }, maxBuffer: 1 << 30 })
    if (r.status !== 0) {
      process.stderr.write(`main job: ${what} failed (exit ${r.status}): ${r.stderr}`)
      process.exit(r.status ?? 2)
    }
    return r.stdout
  }
  const json = (args, what, extraEnv) => JSON.parse(run([...args, "--format", "json"], what, extraEnv))
  step("program: preview the scout-uniform rule by district (ตัวอย่างผู้เข้าเกณฑ์รายอำเภอ)", ["program", "preview", "--round", "2564", "--unit", "member", "--where", where, "--lang", "th", "--list", "5"])
  const preview = json(["program", "preview", "--round", "2564", "--unit", "member", "--where", where], "program preview")
  process.stderr.write(`  preview: ${preview.members} members in ${preview.households} households, ${preview.areas.length} districts, ${preview.errors} errors\n`)
  const started = Date.now()
  const program = json(
    [
      "program", "create", "--name-th", "ชุดลูกเสือ-เนตรนารี", "--name-en", "Scout and girl guide uniforms",
      "--purpose", "ชุดลูกเสือ-เนตรนารีสำหรับเด็กวัยเรียน (6–15 ปี) ในครัวเรือนเป้าหมายที่ตกเกณฑ์ด้านรายได้",
      "--unit", "member", "--where", where, "--round", "2564", "--budget", "500,000", "--agency", "education",
      "--need", "uniformSize:choice:S|M|L|XL", "--need", "scoutOrGuide:choice:scout|guide",
      "--on", "16/05/2565", "--place", "ศาลากลางจังหวัดศรีสะเกษ", "--key", "main-job-scout-uniforms"
    ],
    "program create"
  )
  run(["program", "activate", program.id], "program activate")
  const enrolment = json(["program", "enrol", program.id], "program enrol")
  process.stderr.write(`\n▶ program ${program.id}: enrolled ${enrolment.added} beneficiaries (round ${enrolment.round}, ${enrolment.errors} errors)\n`)
  const beneficiaries = json(["program", "beneficiaries", program.id], "program beneficiaries")
  // The need survey for the first 8; deliveries to the first 6, the last 2 of them paid by the fund.
  const surveyed = beneficiaries.slice(0, 8)
  const sizeOf = (i) => ["S", "M", "L", "XL"][i % 4]
  surveyed.forEach((b, i) =>
    run(["program", "need", "record", program.id, "--house", b.houseCode, "--member", String(b.member), "--answer", `uniformSize=${sizeOf(i)}`, "--answer", `scoutOrGuide=${i % 2 === 0 ? "scout" : "guide"}`], "program need record"))
  process.stderr.write(`  need survey: ${surveyed.length} beneficiaries' sizes recorded\n`)
  const token = (id) => run(["token", "create", "--user", id, "--expires-days", "1"], `token create --user ${id}`).trim()
  const tokens = { pc: token("pc-1"), m1: token("m1"), m2: token("m2"), t1: token("t1") }
  surveyed.slice(0, 6).forEach((b, i) => {
    const target = [program.id, "--house", b.houseCode, "--member", String(b.member), "--on", "16/05/2565", "--key", `job-program-${i}`]
    if (i < 4) {
      run(["program", "deliver", ...target, "--value", "450", "--agency", "education", "--evidence", `ใบรับชุด ${i + 1}`], "program deliver")
      return
    }
    const request = json(["fund", "request", "add", "--house", b.houseCode, "--village", b.villageCode, "--purpose", "school-uniforms", "--amount", "450", "--key", `job-program-q-${i}`], "fund request add", { PHUNGPAO_TOKEN: tokens.pc })
    run(["fund", "approve", request.id, "--key", `job-program-${request.id}-m1`], "fund approve", { PHUNGPAO_TOKEN: tokens.m1 })
    run(["fund", "approve", request.id, "--key", `job-program-${request.id}-m2`], "fund approve", { PHUNGPAO_TOKEN: tokens.m2 })
    run(["program", "deliver", ...target, "--value", "450", "--person", "เหรัญญิกกองทุน", "--fund-request", request.id, "--transfer", `TRF-${request.id}`], "program deliver (fund)", { PHUNGPAO_TOKEN: tokens.t1 })
  })
  process.stderr.write(`  delivered to 6 beneficiaries (2 paid by the fund) in ${((Date.now() - started) / 1000).toFixed(1)} s since the preview\n`)
  step(`program ${program.id}: report by district (รายงานโครงการรายอำเภอ)`, ["program", "report", program.id, "--by", "district", "--lang", "th"])
  writeFileSync(`${data}/program-report.json`, run(["program", "report", program.id, "--by", "district", "--format", "json"], "program report"))
}
