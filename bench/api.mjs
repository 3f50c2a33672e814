// The HTTP API against its server process over loopback, with autocannon, each figure
// beside a baseline measured in the same run:
//  1. `GET /v1/households/{houseCode}?round=2564` on a SQLite registry of 400,000 households
//     (imported fresh by the CLI), the house codes rotated over 10,000 of them spread over
//     the file, with a provincial centre's token (scope 33: every household);
//  2. `POST /v1/evaluate` of one survey record, rotated over 1,000 records of the file.
// Every request is authenticated, and the server looks its token's user up among the stored
// users: the database holds the users a province mid-journey has, as `journey simulate`
// stores them (a mentor for every subdistrict of the file and a district centre for every
// district), or `--api-users N` of them.
// For each: requests/s, p50 and p99 latency at the most the server answers with
// `--api-connections` connections, and the ratio to a bare Hono app on @hono/node-server
// (bench/api-baseline.mjs) answering a constant JSON of the same size (the sampled answer
// of median size) to the same requests. Both servers are up at once and are loaded in turn,
// `--api-rounds` rounds of `--api-duration` / rounds seconds a side (after a 2 s warm-up
// each), so a slow spell of a shared machine weighs on both sides of a round's ratio; the
// round of median ratio is the figure, and every round's ratio is printed. Then p99 at half
// that maximum (autocannon's `overallRate`).
// The servers run in child processes; autocannon runs in this one: they share the
// machine's cores, and each run prints how much CPU each side used. Latencies are every
// answered request's own (autocannon's 'response' event, in ms to the microsecond), not
// autocannon's whole-millisecond histogram. The survey file is made by `phungpao generate`
// and cached in bench/.work; the database is made there fresh and removed at the end.
// --api-profile starts the API server with --cpu-prof (profiles in bench/.work/api-profile).
import { spawn, spawnSync } from "node:child_process"
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { availableParallelism, loadavg } from "node:os"
import { dirname, join } from "node:path"
import { createInterface } from "node:readline"
import { fileURLToPath, pathToFileURL } from "node:url"
import { count, measure, report } from "./lib.mjs"

const root = fileURLToPath(new URL("..", import.meta.url))
const work = fileURLToPath(new URL("./.work/", import.meta.url))
const cli = `${root}apps/cli/dist/main.js`
const server = `${root}apps/api/dist/main.js`
const round = 2564
const warmup = 2

export const defaults = { apiHouseholds: 400_000, apiDuration: 15, apiConnections: 16, apiRounds: 3 }

const targets = { household: 0.25, evaluate: 0.4, p99: 50 }

const autocannon = createRequire(import.meta.url)("autocannon")

// hono and @hono/node-server as apps/api imports them (their ESM builds).
const apiRequire = createRequire(new URL("../apps/api/package.json", import.meta.url))
const esmEntry = (name) => {
  let dir = dirname(apiRequire.resolve(name))
  while (!existsSync(join(dir, "package.json")) || JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name !== name) dir = dirname(dir)
  const dot = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).exports["."]
  const entry = typeof dot.import === "string" ? dot.import : dot.import.default
  return pathToFileURL(join(dir, entry)).href
}

const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9
const ms = (x) => `${x.toFixed(2)} ms`
const mib = (file) => `${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`

// ---------------------------------------------------------------------------------------
// Data.

/** The generated province as NDJSON, written by `phungpao generate`; cached. */
const ndjsonFile = async (households, seed) => {
  mkdirSync(work, { recursive: true })
  const file = `${work}api-sisaket-${households}-${seed}.ndjson`
  if (!existsSync(file)) {
    const part = `${file}.part`
    const r = await measure(process.execPath, [cli, "generate", "--province", "33", "--households", String(households), "--seed", String(seed), "--survey-year", String(round), "--out", part])
    if (r.code !== 0) throw new Error(`phungpao generate exited ${r.code}`)
    renameSync(part, file)
    console.log(`generated ${file} (${mib(file)}) in ${r.seconds.toFixed(2)} s`)
  }
  return file
}

/** House codes of `codes` records and the text of `bodies` records, spread evenly over the file; its subdistricts and districts. */
const sample = async (file, households, codes, bodies) => {
  const codeEvery = Math.max(1, Math.floor(households / codes))
  const bodyEvery = Math.max(1, Math.floor(households / bodies))
  const houseCodes = []
  const records = []
  const subdistricts = new Set()
  let i = 0
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line === "") continue
    const village = /"villageCode":"(\d{8})"/.exec(line)?.[1]
    if (village === undefined) throw new Error(`${file}: record ${i + 1} has no villageCode`)
    subdistricts.add(village.slice(0, 6))
    if (i % codeEvery === 0 && houseCodes.length < codes) houseCodes.push(JSON.parse(line).houseCode)
    if (i % bodyEvery === 0 && records.length < bodies) records.push(line)
    i++
  }
  if (i !== households) throw new Error(`${file} holds ${i} records, expected ${households}`)
  const districts = new Set([...subdistricts].map((s) => s.slice(0, 4)))
  return { houseCodes, records, subdistricts: [...subdistricts].sort(), districts: [...districts].sort() }
}

const dbRequire = createRequire(new URL("../packages/db/package.json", import.meta.url))

/**
 * Stores `n` more users (mentors of the subdistricts, then district centres of the
 * districts, then more mentors) in one transaction, as `user add` stores them; checked
 * by `user list`.
 */
const storeUsers = (dbFile, databaseUrl, n, subdistricts, districts) => {
  const SqliteDatabase = dbRequire("better-sqlite3")
  const raw = new SqliteDatabase(dbFile)
  try {
    const user = raw.prepare("insert into journey_user (id, name, role, agency, team_id) values (?, ?, ?, null, null)")
    const scope = raw.prepare("insert into journey_user_scope (user_id, area, ordinal) values (?, ?, 0)")
    raw.transaction(() => {
      for (let i = 0; i < n; i++) {
        const [id, name, role, area] =
          i < subdistricts.length
            ? [`mentor-${subdistricts[i]}`, `พี่เลี้ยง ${subdistricts[i]}`, "mentor", subdistricts[i]]
            : i < subdistricts.length + districts.length
              ? [`dc-${districts[i - subdistricts.length]}`, `ศจพ.อ. ${districts[i - subdistricts.length]}`, "districtCentre", districts[i - subdistricts.length]]
              : [`mentor-${i}`, `พี่เลี้ยง ${i}`, "mentor", subdistricts[i % subdistricts.length]]
        user.run(id, name, role)
        scope.run(id, area)
      }
    })()
  } finally {
    raw.close()
  }
  const listed = JSON.parse(cliSync(["user", "list", "--format", "json"], databaseUrl))
  if (listed.length !== n + 1) throw new Error(`user list shows ${listed.length} users, expected ${n + 1}`)
}

const freshSqlite = (file) => {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true })
  return file
}

const cliSync = (args, databaseUrl) => {
  const r = spawnSync(process.execPath, [cli, ...args, "--lang", "en"], { encoding: "utf8", env: { ...process.env, DATABASE_URL: databaseUrl } })
  if (r.status !== 0) throw new Error(`phungpao ${args.join(" ")} exited ${r.status}: ${r.stderr}`)
  return r.stdout
}

/** A fresh SQLite registry with the file imported, `users` more users, a provincial centre over province 33 and their token. */
const registry = async (file, households, dbFile, users) => {
  const databaseUrl = `sqlite:${freshSqlite(dbFile)}`
  const out = `${work}api-import.out`
  const fd = openSync(out, "w")
  const before = process.env.DATABASE_URL
  process.env.DATABASE_URL = databaseUrl
  let r
  try {
    r = await measure(process.execPath, [cli, "import", file, "--round", String(round), "--format", "json"], { stdout: fd })
  } finally {
    closeSync(fd)
    if (before === undefined) delete process.env.DATABASE_URL
    else process.env.DATABASE_URL = before
  }
  const text = readFileSync(out, "utf8")
  rmSync(out, { force: true })
  if (r.code !== 0) throw new Error(`phungpao import exited ${r.code}: ${text}`)
  const summary = JSON.parse(text)
  if (summary.inserted !== households || summary.rejected !== 0) throw new Error(`import of ${file}: ${text}`)
  console.log(`imported ${count(households)} households into ${dbFile} (${mib(dbFile)}) in ${r.seconds.toFixed(2)} s`)
  cliSync(["user", "add", "--id", "pc-33", "--name", "ศจพ.จ. ศรีสะเกษ", "--role", "provincialCentre", "--scope", "33", "--key", "bench-pc-33"], databaseUrl)
  storeUsers(dbFile, databaseUrl, users.n, users.subdistricts, users.districts)
  const token = cliSync(["token", "create", "--user", "pc-33", "--expires-days", "1"], databaseUrl).trim()
  if (!/^php_\S+$/.test(token)) throw new Error(`token create printed ${JSON.stringify(token)}`)
  return { databaseUrl, token }
}

// ---------------------------------------------------------------------------------------
// Processes.

const clockTicks = 100
/** CPU seconds (user + system) a process has used so far, from /proc. */
const cpuOf = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")
  return (Number(fields[11]) + Number(fields[12])) / clockTicks
}
const selfCpu = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

/**
 * Starts a server child; resolves once the first line of its standard output (a file,
 * never a pipe that could fill and block it) names its URL.
 */
const startChild = (name, args, env) =>
  new Promise((resolve, reject) => {
    const log = `${work}${name}.out`
    const fd = openSync(log, "w")
    const child = spawn(process.execPath, args, { stdio: ["ignore", fd, "inherit"], env: { ...process.env, ...env } })
    closeSync(fd)
    const exited = new Promise((r) => child.once("exit", (code, signal) => r({ code, signal })))
    const started = process.hrtime.bigint()
    const poll = setInterval(() => {
      const first = readFileSync(log, "utf8").split("\n")
      const url = first.length > 1 ? /https?:\/\/[^\s)]+/.exec(first[0])?.[0] : undefined
      if (url !== undefined) {
        clearInterval(poll)
        resolve({
          url,
          pid: child.pid,
          stop: async () => {
            child.kill("SIGTERM")
            const end = await exited
            rmSync(log, { force: true })
            return end
          }
        })
      } else if (seconds(started) > 120) {
        clearInterval(poll)
        child.kill("SIGTERM")
        reject(new Error(`${name} did not start in 120 s`))
      }
    }, 50)
    child.once("error", reject)
    exited.then(({ code, signal }) => {
      clearInterval(poll)
      reject(new Error(`${name} exited (${code ?? signal}) before it was listening`))
    })
  })

// ---------------------------------------------------------------------------------------
// Load.

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]

/**
 * autocannon against `url` for `duration` s with the route's requests (each connection
 * takes the next of `next()`'s); every answer must be 2xx. Resolves with requests/s, the
 * exact p50/p99 of every answer, and the CPU share of the server and of this process.
 */
const load = async (url, route, pid, { duration, connections, overallRate }) => {
  const latencies = []
  const cpu0 = [cpuOf(pid), selfCpu()]
  const instance = autocannon({
    url,
    connections,
    duration,
    ...(overallRate === undefined ? {} : { overallRate }),
    method: route.method,
    headers: route.headers,
    requests: [{ setupRequest: route.next }]
  })
  instance.on("response", (_client, _status, _bytes, took) => latencies.push(took))
  const result = await instance
  const cpu1 = [cpuOf(pid), selfCpu()]
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${route.name} at ${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts (${JSON.stringify(result.statusCodeStats)})`)
  }
  latencies.sort((a, b) => a - b)
  return {
    rps: result.requests.total / result.duration,
    total: result.requests.total,
    seconds: result.duration,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    serverCpu: (cpu1[0] - cpu0[0]) / result.duration,
    loaderCpu: (cpu1[1] - cpu0[1]) / result.duration
  }
}

/** The round of median ratio (of an even number, the lower middle one). */
const medianOf = (rounds) => [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor((rounds.length - 1) / 2)]

const line = (r) => `${count(r.rps)} req/s, p50 ${ms(r.p50)}, p99 ${ms(r.p99)}`
const cpuNote = (what, r) =>
  `  (${what}: ${count(r.total)} requests; server ${(r.serverCpu * 100).toFixed(0)} % of a core (${ms((1000 * r.serverCpu * r.seconds) / r.total)} of CPU a request), autocannon ${(r.loaderCpu * 100).toFixed(0)} %; load average ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores)`

/** The route's answers to its first `n` requests, each checked 200; the median-sized one (its body) and the size range. */
const answers = async (url, route, n) => {
  const sizes = []
  for (let i = 0; i < n; i++) {
    const req = route.next({ method: route.method, path: "/" })
    const res = await fetch(`${url}${req.path}`, { method: route.method, headers: route.headers, ...(req.body === undefined ? {} : { body: req.body }) })
    const text = await res.text()
    if (res.status !== 200) throw new Error(`${route.name} answered ${res.status}: ${text.slice(0, 300)}`)
    sizes.push({ bytes: Buffer.byteLength(text), text })
  }
  sizes.sort((a, b) => a.bytes - b.bytes)
  return { median: sizes[Math.floor(sizes.length / 2)], min: sizes[0].bytes, max: sizes.at(-1).bytes }
}

// ---------------------------------------------------------------------------------------

export const run = async ({
  seed,
  apiHouseholds = defaults.apiHouseholds,
  apiDuration = defaults.apiDuration,
  apiConnections = defaults.apiConnections,
  apiRounds = defaults.apiRounds,
  apiUsers,
  apiProfile = false
}) => {
  const started = new Date()
  console.log(
    `\n== api: ${count(apiHouseholds)} households, seed ${seed}, ${apiConnections} connections, ${apiRounds} rounds of ${Math.max(1, Math.round(apiDuration / apiRounds))} s a side taken in turn (after ${warmup} s warm-up each), started ${started.toISOString()} ==`
  )
  const built = () => ["apps/api/dist/main.js", "packages/db/dist/index.js"].map((path) => `${path} built ${statSync(`${root}${path}`).mtime.toISOString()}`).join(", ")
  const builds = built()
  console.log(`measuring ${builds}; autocannon ${createRequire(import.meta.url)("autocannon/package.json").version} in this process, each server in a child process`)
  const file = await ndjsonFile(apiHouseholds, seed)
  const { houseCodes, records, subdistricts, districts } = await sample(file, apiHouseholds, 10_000, 1_000)
  const dbFile = `${work}api-${apiHouseholds}.db`
  const users = apiUsers ?? subdistricts.length + districts.length
  const { databaseUrl, token } = await registry(file, apiHouseholds, dbFile, { n: users, subdistricts, districts })
  console.log(
    `${count(users + 1)} stored user${users === 0 ? "" : "s"}: the token's provincial centre${users === 0 ? "" : ` and ${count(users)} more`}${apiUsers === undefined ? ` (a mentor for each of ${subdistricts.length} subdistricts and a district centre for each of ${districts.length} districts)` : ""}`
  )
  const profileDir = `${work}api-profile`
  if (apiProfile) mkdirSync(profileDir, { recursive: true })

  const auth = { authorization: `Bearer ${token}` }
  let h = 0
  let e = 0
  const routes = [
    {
      name: "GET /v1/households/{houseCode}",
      key: "household",
      method: "GET",
      headers: auth,
      next: (req) => ({ ...req, path: `/v1/households/${houseCodes[h++ % houseCodes.length]}?round=${round}` })
    },
    {
      name: "POST /v1/evaluate",
      key: "evaluate",
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      next: (req) => ({ ...req, path: "/v1/evaluate", body: records[e++ % records.length] })
    }
  ]
  const settings = { duration: apiDuration, connections: apiConnections }
  const results = {}
  try {
    for (const route of routes) {
      const api = await startChild("api-server", [...(apiProfile ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : []), server], {
        DATABASE_URL: databaseUrl,
        PORT: "0",
        HOST: "127.0.0.1",
        RATE_LIMIT_PER_MINUTE: "100000000"
      })
      const answerFile = `${work}api-baseline-answer.json`
      let bare
      let rounds
      let half
      let sized
      try {
        sized = await answers(api.url, route, 200)
        writeFileSync(answerFile, sized.median.text)
        bare = await startChild("api-baseline", [fileURLToPath(new URL("./api-baseline.mjs", import.meta.url)), esmEntry("hono"), esmEntry("@hono/node-server"), answerFile], {})
        const check = await fetch(bare.url)
        const bytes = Buffer.byteLength(await check.text())
        if (bytes !== sized.median.bytes) throw new Error(`baseline answers ${bytes} bytes, not ${sized.median.bytes}`)
        await load(api.url, route, api.pid, { ...settings, duration: warmup })
        await load(bare.url, route, bare.pid, { ...settings, duration: warmup })
        // Both servers stay up; the rounds alternate between them, so a slower spell of
        // the machine falls on both sides of a ratio rather than on one.
        rounds = []
        const each = Math.max(1, Math.round(apiDuration / apiRounds))
        for (let i = 0; i < apiRounds; i++) {
          const measured = await load(api.url, route, api.pid, { ...settings, duration: each })
          const baseline = await load(bare.url, route, bare.pid, { ...settings, duration: each })
          rounds.push({ measured, baseline, ratio: measured.rps / baseline.rps })
        }
        half = await load(api.url, route, api.pid, { ...settings, overallRate: Math.max(1, Math.floor(medianOf(rounds).measured.rps / 2)) })
      } finally {
        await api.stop()
        if (bare !== undefined) await bare.stop()
        rmSync(answerFile, { force: true })
      }
      const { measured, baseline, ratio } = medianOf(rounds)
      console.log(`${route.name}: answers ${count(sized.min)}–${count(sized.max)} bytes (200 sampled), baseline a constant ${count(sized.median.bytes)} bytes (the median)`)
      const title = route.key === "household" ? `${route.name} (SQLite, ${count(apiHouseholds)} households)` : route.name
      report(title, line(measured), `${line(baseline)} bare Hono`, ratio, {
        text: `≥ ${targets[route.key]}`,
        met: ratio >= targets[route.key]
      })
      console.log(
        `  (the median of ${rounds.length} rounds of ${Math.max(1, Math.round(apiDuration / apiRounds))} s a side, taken in turn; in their order: ${rounds.map((r) => `${r.ratio.toFixed(2)} (${count(r.measured.rps)} against ${count(r.baseline.rps)} req/s)`).join(", ")})`
      )
      console.log(cpuNote("at most", measured))
      console.log(cpuNote("baseline", baseline))
      const met = half.p99 <= targets.p99
      console.log(
        `${route.name} at half the maximum (${count(Math.floor(measured.rps / 2))} req/s asked): ${line(half)} (target p99 ≤ ${targets.p99} ms)${met ? "  [target met]" : "  [TARGET MISSED]"}`
      )
      console.log(cpuNote("half rate", half))
      results[route.key] = { measured, baseline, half, ratio, rounds: rounds.map((r) => r.ratio) }
    }
  } finally {
    freshSqlite(dbFile)
  }
  if (apiProfile) console.log(`CPU profiles of the API server in ${profileDir}`)
  console.log(`api benches took ${((Date.now() - started.getTime()) / 1000).toFixed(2)} s`)
  if (built() !== builds) console.log(`WARNING: rebuilt during the run: now ${built()}`)
  return results
}
