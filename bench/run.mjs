// `pnpm bench`: every benchmark, each printing its figure beside a baseline measured in
// the same run. Options: --households N (default 1,000,000; the evaluate and cli benches),
// --seed S, --only NAME (evaluate, cli, registry, fund, api, programs, worker, web), and for the registry bench
// --registry-households N (default 400,000), --big-households N (the peak-RSS import,
// default 2,000,000) and --pg-url URL (a database of its own, dropped and created:
// default postgres://postgres@127.0.0.1:5432/phungpao_bench); for the fund bench
// --fund-requests N (default 1,000) and --fund-seeds N (the concurrency suite's seeds, default 10);
// for the api bench --api-households N (default 400,000), --api-duration S (seconds of load a
// side, default 15), --api-rounds N (the rounds they are cut into, the API and its baseline taken
// in turn, default 3; the median round's ratio counts), --api-connections N (default 16), --api-users N (users stored besides the
// token's; default a mentor per subdistrict and a district centre per district) and
// --api-profile (the server under --cpu-prof); for the programs bench --program-households N
// (default 400,000); for the worker bench --worker-households N
// (default 2,000,000), --worker-pg-url URL (a database of its own, dropped and created:
// default postgres://postgres@127.0.0.1:5432/phungpao_bench_worker), --worker-part-size N
// (households a task; default the job kind's) and --worker-concurrency N (steps a worker
// runs at once; default 1), --worker-reuse (keep a database already holding the round).
import { parseArgs } from "node:util"
import * as Api from "./api.mjs"
import * as Cli from "./cli.mjs"
import * as Evaluate from "./evaluate.mjs"
import * as Fund from "./fund.mjs"
import * as Programs from "./programs.mjs"
import * as Registry from "./registry.mjs"
import * as Web from "./web.mjs"
import * as Worker from "./worker.mjs"

const { values } = parseArgs({
  options: {
    households: { type: "string" },
    seed: { type: "string" },
    only: { type: "string" },
    "registry-households": { type: "string" },
    "big-households": { type: "string" },
    "pg-url": { type: "string" },
    "fund-requests": { type: "string" },
    "fund-seeds": { type: "string" },
    "api-households": { type: "string" },
    "api-duration": { type: "string" },
    "api-rounds": { type: "string" },
    "api-connections": { type: "string" },
    "api-users": { type: "string" },
    "api-profile": { type: "boolean" },
    "program-households": { type: "string" },
    "worker-households": { type: "string" },
    "worker-pg-url": { type: "string" },
    "worker-part-size": { type: "string" },
    "worker-concurrency": { type: "string" },
    "worker-reuse": { type: "boolean" },
    "web-db": { type: "string" },
    "web-runs": { type: "string" }
  }
})
const options = {
  households: Number(values.households ?? 1_000_000),
  seed: Number(values.seed ?? 2565),
  registryHouseholds: Number(values["registry-households"] ?? Registry.defaults.registryHouseholds),
  bigHouseholds: Number(values["big-households"] ?? Registry.defaults.bigHouseholds),
  pgUrl: values["pg-url"] ?? Registry.defaults.pgUrl,
  fundRequests: Number(values["fund-requests"] ?? Fund.defaults.fundRequests),
  fundSeeds: Number(values["fund-seeds"] ?? Fund.defaults.fundSeeds),
  apiHouseholds: Number(values["api-households"] ?? Api.defaults.apiHouseholds),
  apiDuration: Number(values["api-duration"] ?? Api.defaults.apiDuration),
  apiConnections: Number(values["api-connections"] ?? Api.defaults.apiConnections),
  apiRounds: Number(values["api-rounds"] ?? Api.defaults.apiRounds),
  apiUsers: values["api-users"] === undefined ? undefined : Number(values["api-users"]),
  apiProfile: values["api-profile"] ?? false,
  programHouseholds: Number(values["program-households"] ?? Programs.defaults.programHouseholds),
  workerHouseholds: Number(values["worker-households"] ?? Worker.defaults.workerHouseholds),
  workerPgUrl: values["worker-pg-url"] ?? Worker.defaults.workerPgUrl,
  workerPartSize: values["worker-part-size"] === undefined ? undefined : Number(values["worker-part-size"]),
  workerConcurrency: values["worker-concurrency"] === undefined ? undefined : Number(values["worker-concurrency"]),
  workerReuse: values["worker-reuse"] ?? false,
  webDb: values["web-db"] ?? Web.defaults.webDb,
  webRuns: Number(values["web-runs"] ?? Web.defaults.webRuns)
}
const benches = { evaluate: Evaluate.run, cli: Cli.run, registry: Registry.run, fund: Fund.run, api: Api.run, programs: Programs.run, worker: Worker.run, web: Web.run }
if (values.only !== undefined && !(values.only in benches)) throw new Error(`--only ${values.only}: expected one of ${Object.keys(benches).join(", ")}`)

console.log(`node ${process.version}, ${(await import("node:os")).availableParallelism()} cores`)
for (const [name, run] of Object.entries(benches)) {
  if (values.only === undefined || values.only === name) await run(options)
}
