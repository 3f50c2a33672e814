// The registry on real databases, through the real CLI, each figure beside a baseline
// measured in the same run:
//  1. `phungpao import FILE.csv --round 2564` into a fresh SQLite file: member rows/s,
//     against a raw better-sqlite3 prepared-statement insert of the same rows in one
//     transaction into a fresh file with the same schema (made by the project's migration,
//     its columns read from it and filled as the registry fills them, rows in file order,
//     as the import reads them). The same rows are the household rows and the member
//     rows: since the schema's migration 004 a member's data lives in their household's
//     record, and the member table only finds a person, so the member rows alone would be
//     a baseline that stores a fraction of the data.
//  2. Peak RSS (VmHWM) of importing a much bigger file (2,000,000 households by default),
//     against the peak RSS of the import of 1.
//  3. The import of 1 into PostgreSQL, against `COPY household (…)` and `COPY member (…)
//     FROM STDIN` (FORMAT csv) of the same rows by `psql` reading prepared CSV files on its
//     standard input, both timed, as in 1.
//  4. `phungpao evaluate --round 2564` on the SQLite registry of 1 (its default: one
//     thread): households/s, against RuleSet.evaluate over the same records already in
//     memory.
// Survey files are made by the CLI's own pipeline (synthetic `generate` then
// `SurveyFile.write(records, "csv", stream)`) and cached in bench/.work; database files are
// made fresh there for each run and removed at the end.
import { spawn } from "node:child_process"
import { createHash } from "node:crypto"
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { availableParallelism, loadavg } from "node:os"
import { dirname, join } from "node:path"
import { finished } from "node:stream/promises"
import { fileURLToPath, pathToFileURL } from "node:url"
import { Database, Migrations, RecordText } from "../packages/db/dist/index.js"
import { RuleSet, SurveyRecord } from "../packages/domain/dist/index.js"
import { SurveyFile } from "../packages/files/dist/index.js"
import { generate } from "../packages/synthetic/dist/index.js"
import { best, count, measure, report as printReport } from "./lib.mjs"

// The machine may be shared: each figure says how busy it was (1-minute load average).
const report = (...args) => {
  printReport(...args)
  console.log(`  (load average ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores)`)
}

const root = fileURLToPath(new URL("..", import.meta.url))
const work = fileURLToPath(new URL("./.work/", import.meta.url))
const cli = `${root}apps/cli/dist/main.js`
const round = 2564

// The database drivers (and effect, to run the migration) as packages/db has them.
const dbRequire = createRequire(new URL("../packages/db/package.json", import.meta.url))
const SqliteDatabase = dbRequire("better-sqlite3")
const pg = dbRequire("pg")
const effectPackage = dbRequire.resolve("effect/package.json")
const Effect = await import(
  pathToFileURL(join(dirname(effectPackage), JSON.parse(readFileSync(effectPackage, "utf8")).exports["./Effect"].import)).href
)

export const defaults = {
  registryHouseholds: 400_000,
  bigHouseholds: 2_000_000,
  pgUrl: "postgres://postgres@127.0.0.1:5432/phungpao_bench"
}

const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9
const s = (x) => `${x.toFixed(2)} s`
const mib = (file) => `${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`

// ---------------------------------------------------------------------------------------
// Files.

/** The generated province as CSV, written by the CLI's own writer; cached with its row count. */
const csvFile = async (households, seed) => {
  mkdirSync(work, { recursive: true })
  const file = `${work}sisaket-${households}-${seed}.csv`
  const sidecar = `${file}.json`
  if (!existsSync(file) || !existsSync(sidecar)) {
    const start = process.hrtime.bigint()
    const part = `${file}.part`
    const written = await SurveyFile.write(generate({ province: "33", households, seed, surveyYear: round }), "csv", createWriteStream(part))
    if (written.records !== households || written.unwritten.length > 0) throw new Error(`CSV writer wrote ${JSON.stringify(written)}`)
    renameSync(part, file)
    writeFileSync(sidecar, JSON.stringify({ records: written.records, memberRows: written.rows }))
    console.log(`generated ${file} (${mib(file)}, ${count(written.rows)} member rows) in ${s(seconds(start))}`)
  }
  return { file, ...JSON.parse(readFileSync(sidecar, "utf8")) }
}

const freshSqlite = (file) => {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true })
  return file
}

/**
 * Runs the CLI with DATABASE_URL set; resolves with `measure`'s wall time and peak RSS
 * and what the command printed (standard output goes to a file, not a pipe to us).
 */
const runCli = async (args, databaseUrl, name) => {
  const out = `${work}${name}.out`
  const fd = openSync(out, "w")
  const before = process.env.DATABASE_URL
  process.env.DATABASE_URL = databaseUrl
  try {
    const build = statSync(`${root}packages/db/dist/index.js`).mtime.toISOString()
    const r = await measure(process.execPath, [cli, ...args], { stdout: fd })
    const text = readFileSync(out, "utf8")
    if (r.code !== 0) throw new Error(`phungpao ${args.join(" ")} exited ${r.code}: ${text}`)
    return { ...r, text, build }
  } finally {
    closeSync(fd)
    if (before === undefined) delete process.env.DATABASE_URL
    else process.env.DATABASE_URL = before
  }
}

const importCli = async (csv, databaseUrl, name) => {
  const r = await runCli(["import", csv.file, "--round", String(round), "--format", "json"], databaseUrl, name)
  const summary = JSON.parse(r.text)
  if (summary.inserted !== csv.records || summary.rejected !== 0) throw new Error(`import of ${csv.file}: ${r.text}`)
  return r
}

// ---------------------------------------------------------------------------------------
// Rows as the registry's tables hold them, for the baselines: the columns are read from the
// migrated schema (so they stay the member table's own while the schema changes), each
// filled with the value the registry stores there, taken from the generated records.

const householdColumnFields = new Set(["houseCode", "villageCode", "houseNumber", "surveyYear", "surveyedOn", "welfareCard", "members"])
const memberColumnFields = new Set(["citizenId", "title", "firstName", "lastName", "sex", "birthDate", "relation"])
const householdAnswers = new Set(Object.keys(SurveyRecord.SurveyRecord.from.fields).filter((f) => !householdColumnFields.has(f)))
const memberAnswers = new Set(Object.keys(SurveyRecord.Member.fields).filter((f) => !memberColumnFields.has(f)))

/** [answers JSON, extra JSON or null], as the registry stores a record's other fields. */
const split = (value, columnFields, answerFields) => {
  const answers = {}
  let extra
  for (const [field, v] of Object.entries(value)) {
    if (v === undefined || columnFields.has(field)) continue
    if (answerFields.has(field)) answers[field] = v
    else (extra ??= {})[field] = v
  }
  return [JSON.stringify(answers), extra === undefined ? null : JSON.stringify(extra)]
}

/** Every column the registry has had, by table, and its value for a record (and member). */
const householdValues = {
  round: () => round,
  house_code: (r) => r.houseCode,
  village_code: (r) => r.villageCode,
  house_number: (r) => r.houseNumber ?? null,
  survey_year: (r) => r.surveyYear,
  surveyed_on: (r) => r.surveyedOn,
  welfare_card: (r) => r.welfareCard,
  persons: (r) => r.members.length,
  answers: (r) => split(r, householdColumnFields, householdAnswers)[0],
  extra: (r) => split(r, householdColumnFields, householdAnswers)[1],
  content_hash: (r) => createHash("sha1").update(JSON.stringify(r)).digest("base64"),
  record: (r) => RecordText.encode(r),
  imported_at: (_r, at) => at
}
const memberValues = {
  round: () => round,
  house_code: (r) => r.houseCode,
  ordinal: (_r, _m, ordinal) => ordinal,
  citizen_id: (_r, m) => m.citizenId,
  title: (_r, m) => m.title ?? null,
  first_name: (_r, m) => m.firstName,
  last_name: (_r, m) => m.lastName,
  sex: (_r, m) => m.sex,
  birth_date: (_r, m) => m.birthDate,
  relation: (_r, m) => m.relation,
  answers: (_r, m) => split(m, memberColumnFields, memberAnswers)[0],
  extra: (_r, m) => split(m, memberColumnFields, memberAnswers)[1]
}

const valuesOf = (table, columns, known) =>
  columns.map((column) => {
    const value = known[column]
    if (value === undefined) throw new Error(`${table}.${column}: a column bench/registry.mjs does not know how to fill`)
    return value
  })

/** Column names of the migrated schema, in table order. */
const sqliteColumns = (raw, table) => raw.prepare(`select name from pragma_table_info(?) order by cid`).all(table).map((c) => c.name)

/** The household and member rows of the records, as arrays in the tables' column order. */
const rowsOf = (records, columns) => {
  const at = new Date().toISOString()
  const house = valuesOf("household", columns.household, householdValues)
  const person = valuesOf("member", columns.member, memberValues)
  const households = []
  const members = []
  for (const r of records) {
    households.push(house.map((f) => f(r, at)))
    r.members.forEach((m, ordinal) => members.push(person.map((f) => f(r, m, ordinal))))
  }
  return { households, members, columns }
}

const insertText = (table, columns) => `insert into ${table} (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})`

/** A fresh SQLite file with the project's schema, made by its migration. */
const migratedSqlite = async (file) => {
  const handle = Database.open({ engine: "sqlite", file: freshSqlite(file) })
  try {
    await Effect.runPromise(Migrations.migrateToLatest(handle.db))
  } finally {
    await handle.close()
  }
}

/** The columns of the schema the project's migration makes today. */
const schemaColumns = async (file) => {
  await migratedSqlite(file)
  const raw = new SqliteDatabase(file, { readonly: true })
  try {
    return { household: sqliteColumns(raw, "household"), member: sqliteColumns(raw, "member") }
  } finally {
    raw.close()
    freshSqlite(file)
  }
}

/** Seconds of inserting the household and member rows with a prepared statement each, in one transaction. */
const sqliteBaseline = async (file, rows) => {
  await migratedSqlite(file)
  const raw = new SqliteDatabase(file)
  try {
    // As Database.open sets them.
    raw.pragma("journal_mode = WAL")
    raw.pragma("busy_timeout = 5000")
    raw.pragma("synchronous = NORMAL")
    raw.pragma("foreign_keys = ON")
    const house = raw.prepare(insertText("household", rows.columns.household))
    const member = raw.prepare(insertText("member", rows.columns.member))
    const start = process.hrtime.bigint()
    raw.transaction(() => {
      for (const row of rows.households) house.run(row)
      for (const row of rows.members) member.run(row)
    })()
    const took = seconds(start)
    const stored = raw.prepare("select count(*) as n from member").get().n
    if (stored !== rows.members.length) throw new Error(`baseline stored ${stored} member rows of ${rows.members.length}`)
    return took
  } finally {
    raw.close()
  }
}

// ---------------------------------------------------------------------------------------
// PostgreSQL.

/** Runs `f` with a client on the server's `postgres` database (to create and drop ours). */
const withAdmin = async (url, f) => {
  const u = new URL(url)
  u.pathname = "/postgres"
  const client = new pg.Client({ connectionString: u.toString() })
  await client.connect()
  try {
    return await f(client)
  } finally {
    await client.end()
  }
}

const databaseName = (url) => decodeURIComponent(new URL(url).pathname.slice(1))
const dropDatabase = (url) => withAdmin(url, (c) => c.query(`drop database if exists "${databaseName(url)}" with (force)`))
const freshDatabase = async (url) => {
  await dropDatabase(url)
  await withAdmin(url, (c) => c.query(`create database "${databaseName(url)}"`))
}
const checkpoint = (url) => withAdmin(url, (c) => c.query("checkpoint"))

/** A CSV cell as COPY (FORMAT csv) reads it: null unquoted and empty, text always quoted. */
const copyCell = (v) => (v === null ? "" : typeof v === "number" ? String(v) : `"${v.replaceAll('"', '""')}"`)

const writeCopyCsv = async (file, rows) => {
  const out = createWriteStream(file)
  let chunk = ""
  for (let i = 0; i < rows.length; i++) {
    chunk += `${rows[i].map(copyCell).join(",")}\n`
    if (chunk.length > 1 << 20 || i === rows.length - 1) {
      if (!out.write(chunk)) await new Promise((resolve) => out.once("drain", resolve))
      chunk = ""
    }
  }
  out.end()
  await finished(out)
}

/** `psql URL -c "COPY table (…) FROM STDIN (FORMAT csv)" < file`: its wall time. */
const psqlCopy = (url, table, columns, file) =>
  new Promise((resolve, reject) => {
    const input = openSync(file, "r")
    const start = process.hrtime.bigint()
    const child = spawn("psql", [url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", `COPY ${table} (${columns.join(", ")}) FROM STDIN (FORMAT csv)`], {
      stdio: [input, "ignore", "inherit"]
    })
    child.on("error", reject)
    child.on("exit", (code) => {
      closeSync(input)
      if (code !== 0) reject(new Error(`psql COPY ${table} exited ${code}`))
      else resolve(seconds(start))
    })
  })

const pgCount = async (url, table) => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return Number((await client.query(`select count(*) as n from ${table}`)).rows[0].n)
  } finally {
    await client.end()
  }
}

const pgColumns = async (url, table) => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query(
      "select column_name from information_schema.columns where table_schema = current_schema() and table_name = $1 order by ordinal_position",
      [table]
    )
    return rows.map((r) => r.column_name)
  } finally {
    await client.end()
  }
}

const psqlVersion = () =>
  new Promise((resolve) => {
    const child = spawn("psql", ["--version"], { stdio: ["ignore", "pipe", "ignore"] })
    let text = ""
    child.stdout.on("data", (d) => (text += d))
    child.on("error", () => resolve(undefined))
    child.on("exit", (code) => resolve(code === 0 ? text.trim() : undefined))
  })

// ---------------------------------------------------------------------------------------

export const run = async ({ seed, registryHouseholds = defaults.registryHouseholds, bigHouseholds = defaults.bigHouseholds, pgUrl = defaults.pgUrl }) => {
  const started = new Date()
  console.log(`\n== registry: ${count(registryHouseholds)} households (big file ${count(bigHouseholds)}), seed ${seed}, started ${started.toISOString()} ==`)
  const built = () => ["packages/db/dist/index.js", "apps/cli/dist/main.js"].map((path) => `${path} built ${statSync(`${root}${path}`).mtime.toISOString()}`).join(", ")
  const builds = built()
  console.log(`measuring ${builds}`)
  mkdirSync(work, { recursive: true })
  const csv = await csvFile(registryHouseholds, seed)
  const sqliteFile = `${work}registry-${registryHouseholds}.db`
  const baselineFile = `${work}registry-baseline.db`

  // The same records, decoded, and their rows, for the baselines.
  let t = process.hrtime.bigint()
  const records = []
  for (const raw of generate({ province: "33", households: registryHouseholds, seed, surveyYear: round })) {
    const decoded = SurveyRecord.decode(raw)
    if (decoded._tag === "Left") throw new Error(`generated record invalid: ${decoded.left.message}`)
    records.push(decoded.right)
  }
  const columns = await schemaColumns(baselineFile)
  let rows = rowsOf(records, columns)
  if (rows.members.length !== csv.memberRows) throw new Error(`${rows.members.length} member rows generated, ${csv.memberRows} in the CSV`)
  console.log(`${count(records.length)} records and ${count(rows.members.length)} member rows in memory in ${s(seconds(t))}; member columns ${columns.member.join(", ")}`)

  // 1. SQLite import.
  let baseline = Infinity
  for (let i = 0; i < 2; i++) baseline = Math.min(baseline, await sqliteBaseline(baselineFile, rows))
  freshSqlite(baselineFile)
  const sqliteUrl = `sqlite:${freshSqlite(sqliteFile)}`
  const imported = await importCli(csv, sqliteUrl, "import-sqlite")
  const members = csv.memberRows
  const cliRate = members / imported.seconds
  const rawRate = members / baseline
  console.log(`SQLite: import ${s(imported.seconds)} (${count(csv.records / imported.seconds)} households/s, peak RSS ${imported.peakMb.toFixed(0)} MB), raw insert ${s(baseline)}; database ${mib(sqliteFile)}; db dist of ${imported.build}`)
  report(
    "phungpao import CSV → SQLite",
    `${count(cliRate)} member rows/s`,
    `${count(rawRate)} member rows/s raw better-sqlite3 insert`,
    cliRate / rawRate,
    { text: "≥ 0.25 and ≥ 100,000 rows/s", met: cliRate / rawRate >= 0.25 && cliRate >= 100_000 }
  )

  // 4. Evaluate the round from the SQLite registry of 1.
  let sink = 0
  const inProcess = best(3, () => {
    for (let i = 0; i < records.length; i++) sink += RuleSet.evaluate(RuleSet.tpmap2565, records[i]).failedDimensions.length
  })
  const evaluated = await runCli(["evaluate", "--round", String(round), "--lang", "en"], sqliteUrl, "evaluate-sqlite")
  const said = /evaluated under \S+: ([\d,]+) households/.exec(evaluated.text)
  if (said === null || Number(said[1].replaceAll(",", "")) !== records.length) throw new Error(`evaluate said: ${evaluated.text}`)
  const evalRate = records.length / evaluated.seconds
  console.log(
    `evaluate --round: ${s(evaluated.seconds)} (peak RSS ${evaluated.peakMb.toFixed(0)} MB), in process ${s(inProcess)}; db dist of ${evaluated.build}`
  )
  report(
    "phungpao evaluate --round (SQLite)",
    `${count(evalRate)} households/s`,
    `${count(records.length / inProcess)} households/s RuleSet.evaluate in memory`,
    inProcess / evaluated.seconds,
    { text: "≥ 100,000 households/s", met: evalRate >= 100_000 }
  )
  freshSqlite(sqliteFile)

  // 3. PostgreSQL.
  const version = await psqlVersion()
  let reachable = true
  try {
    await withAdmin(pgUrl, (c) => c.query("select 1"))
  } catch (e) {
    reachable = false
    console.log(`PostgreSQL at ${pgUrl}: ${e.message}`)
  }
  if (version === undefined || !reachable) {
    console.log(`phungpao import CSV → PostgreSQL: SKIPPED (${version === undefined ? "no psql" : "server not reachable"})  [TARGET MISSED]`)
  } else {
    t = process.hrtime.bigint()
    const householdCsv = `${work}copy-household.csv`
    const memberCsv = `${work}copy-member.csv`
    await writeCopyCsv(householdCsv, rows.households)
    await writeCopyCsv(memberCsv, rows.members)
    console.log(`COPY files written in ${s(seconds(t))} (${mib(memberCsv)} of member rows); COPY by ${version}`)
    try {
      let copy = Infinity
      for (let i = 0; i < 2; i++) {
        await freshDatabase(pgUrl)
        const handle = Database.open({ engine: "postgres", url: pgUrl })
        try {
          await Effect.runPromise(Migrations.migrateToLatest(handle.db))
        } finally {
          await handle.close()
        }
        for (const table of ["household", "member"]) {
          const names = (await pgColumns(pgUrl, table)).join(", ")
          if (names !== columns[table].join(", ")) throw new Error(`PostgreSQL ${table} has columns ${names}, SQLite ${columns[table].join(", ")}`)
        }
        await checkpoint(pgUrl)
        const households = await psqlCopy(pgUrl, "household", columns.household, householdCsv)
        copy = Math.min(copy, households + (await psqlCopy(pgUrl, "member", columns.member, memberCsv)))
        const stored = await pgCount(pgUrl, "member")
        if (stored !== members) throw new Error(`COPY stored ${stored} member rows of ${members}`)
      }
      await freshDatabase(pgUrl)
      await checkpoint(pgUrl)
      const pgImport = await importCli(csv, pgUrl, "import-postgres")
      const stored = await pgCount(pgUrl, "member")
      if (stored !== members) throw new Error(`import stored ${stored} member rows of ${members}`)
      const pgRate = members / pgImport.seconds
      console.log(`PostgreSQL: import ${s(pgImport.seconds)} (${count(csv.records / pgImport.seconds)} households/s, peak RSS ${pgImport.peakMb.toFixed(0)} MB), COPY household and member ${s(copy)}; db dist of ${pgImport.build}`)
      report(
        "phungpao import CSV → PostgreSQL",
        `${count(pgRate)} member rows/s`,
        `${count(members / copy)} member rows/s psql COPY household, member FROM STDIN (csv)`,
        copy / pgImport.seconds,
        { text: "≥ 0.3", met: copy / pgImport.seconds >= 0.3 }
      )
    } finally {
      await dropDatabase(pgUrl)
      rmSync(householdCsv, { force: true })
      rmSync(memberCsv, { force: true })
    }
  }
  records.length = 0
  rows = undefined

  // 2. Peak RSS of a big import.
  const big = await csvFile(bigHouseholds, seed)
  const bigFile = `${work}registry-${bigHouseholds}.db`
  const bigImport = await importCli(big, `sqlite:${freshSqlite(bigFile)}`, "import-big")
  console.log(`big import: ${count(big.records)} households, ${count(big.memberRows)} member rows (${mib(big.file)} CSV) in ${s(bigImport.seconds)}, ${count(big.memberRows / bigImport.seconds)} member rows/s; database ${mib(bigFile)}; db dist of ${bigImport.build}`)
  freshSqlite(bigFile)
  report(
    `phungpao import peak RSS, ${count(bigHouseholds)} households`,
    `${bigImport.peakMb.toFixed(0)} MB`,
    `${imported.peakMb.toFixed(0)} MB importing ${count(registryHouseholds)} households`,
    bigImport.peakMb / imported.peakMb,
    { text: "≤ 512 MB", met: bigImport.peakMb <= 512 }
  )
  console.log(`registry benches took ${s((Date.now() - started.getTime()) / 1000)}`)
  // The adapters may be rebuilt while this runs: then the figures are of more than one build.
  if (built() !== builds) console.log(`WARNING: rebuilt during the run: now ${built()}`)
  return sink
}
