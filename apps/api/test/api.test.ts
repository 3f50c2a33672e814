/**
 * The API's shared behaviour, route by route, on the memory fakes and on real SQLite and
 * PostgreSQL: the routes come from the OpenAPI document, every answer is checked against
 * its schema there, and no answer carries a full citizen ID unless it was asked unmasked.
 */
import { Access, JobStore, Journey } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { basename, join } from "node:path"
import pg from "pg"
import { Validator } from "@seriousme/openapi-schema-validator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { check, document, operationFor, operations } from "./contract.js"
import { ownUserFor, type Sample, samples, scopedUserFor } from "./samples.js"
import { as, engines, postgresUrl, type World, world } from "./world.js"

// Thirteen digits standing alone: not a run of digits inside a random id (a job's hex, a file name).
const fullId = /(?<![0-9A-Za-z-])[1-8][0-9]{12}(?![0-9A-Za-z])/

/** A request to the app, its answer checked against the document; the answer and its JSON. */
const call = async (w: World, method: string, path: string, init: { headers?: Record<string, string>; body?: unknown; contentType?: string } = {}) => {
  const response = await w.app.request(path, {
    method,
    headers: { ...(init.body === undefined ? {} : { "content-type": init.contentType ?? "application/json" }), ...init.headers },
    ...(init.body === undefined ? {} : { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) })
  })
  const body = (await check(method, path, response)) as any
  if (!path.includes("unmask=true")) expect(JSON.stringify(body) ?? "", `${method} ${path} answers a full citizen ID`).not.toMatch(fullId)
  return { status: response.status, body, headers: response.headers }
}

/** A sample's request, with the caller's headers: its body and media type, and the headers it needs besides the token. */
const requestOf = (sample: Sample, headers: Record<string, string>) => ({
  headers: { ...sample.headers, ...headers },
  ...(sample.body === undefined ? {} : { body: sample.body }),
  ...(sample.contentType === undefined ? {} : { contentType: sample.contentType })
})

/** Submits a job as `user` under `key`. */
const submit = (w: World, user: string, kind: string, input: unknown, key: string) =>
  call(w, "post", "/v1/jobs", { headers: as(w, user, { "idempotency-key": key }), body: { kind, input } })

/** The keys of a job's steps waiting in graphile-worker's queue. */
const queueKeys = async (job: string): Promise<Array<string>> => {
  const client = new pg.Client({ connectionString: postgresUrl })
  await client.connect()
  try {
    return (await client.query<{ key: string }>("select key from graphile_worker.jobs where key like $1 order by key", [`${job}:%`])).rows.map((r) => r.key)
  } finally {
    await client.end()
  }
}

const sampleOf = (operationId: string) => {
  const sample = samples[operationId]
  if (sample === undefined) throw new Error(`operation ${operationId} has no sample in test/samples.ts`)
  return sample
}

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1, by a validator library", async () => {
    const result = await new Validator().validate(document as never)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect((document as { openapi?: string }).openapi).toBe("3.1.0")
  })

  it("has a sample for every operation, and names the right each one needs from Access.table", () => {
    for (const { operation } of operations) {
      expect(samples[operation.operationId], operation.operationId).toBeDefined()
      const action = operation["x-phungpao-action"]
      if (action !== undefined) expect(Object.keys(Access.table)).toContain(action)
    }
    expect(operations.length).toBeGreaterThanOrEqual(45)
  })

  it("says which writes require an Idempotency-Key, and which do not read one", () => {
    const keyOf = (method: string, path: string) => operationFor(method, path)?.operation.parameters?.find((p) => p.name === "Idempotency-Key")
    expect(keyOf("post", "/v1/jobs")).toMatchObject({ in: "header", required: true })
    expect(keyOf("post", "/v1/imports")).toMatchObject({ in: "header", required: false })
    expect(keyOf("post", "/v1/jobs/JOB-1/cancel")).toBeUndefined()
    expect(keyOf("post", "/v1/jobs/JOB-1/retry")).toBeUndefined()
    expect(Object.keys(operationFor("post", "/v1/jobs")!.operation.responses)).toContain("202")
  })
})

for (const engine of engines) {
  describe(`the API on ${engine}`, () => {
    let w: World
    beforeAll(async () => {
      w = await world(engine)
    })
    afterAll(async () => {
      await w?.close()
    })

    it("answers 401 with problem+json, without a token or with a bad one, on every route that needs one", async () => {
      const secured = operations.filter((o) => o.operation.security.length > 0)
      expect(secured.length).toBeGreaterThan(40)
      for (const { method, operation } of secured) {
        const sample = sampleOf(operation.operationId)(w, "a")
        for (const headers of [{}, { authorization: "Bearer php_not-a-token" }, { authorization: "Basic abc" }]) {
          const answer = await call(w, method, sample.path, requestOf(sample, headers))
          expect(answer.status, `${method} ${operation.operationId}`).toBe(401)
          expect(answer.headers.get("content-type")).toContain("application/problem+json")
          expect(answer.headers.get("www-authenticate")).toContain("Bearer")
        }
      }
    })

    it("answers 403 to a role the table gives no right, on every route that needs one", async () => {
      const users = ["officer", "auditor", "t1", "m1", "mentor-a", "dc-a", "pc"]
      const roleOf: Record<string, string> = { officer: "agencyOfficer", auditor: "auditor", t1: "treasurer", m1: "fundCommittee", "mentor-a": "mentor", "dc-a": "districtCentre", pc: "provincialCentre" }
      let checked = 0
      for (const { method, operation } of operations) {
        const action = operation["x-phungpao-action"] as Access.Action | undefined
        if (action === undefined) continue
        const user = users.find((u) => !(Access.table[action] as ReadonlyArray<string>).includes(roleOf[u]!))
        if (user === undefined) continue
        const sample = sampleOf(operation.operationId)(w, "a")
        const answer = await call(w, method, sample.path, requestOf(sample, as(w, user)))
        expect([answer.status, answer.body.tag], `${method} ${operation.operationId} as ${user}`).toEqual([403, "NotPermitted"])
        checked++
      }
      expect(checked).toBeGreaterThan(35)
    })

    it("answers 404 for a record outside the caller's areas, exactly as for one that does not exist (BOLA), on every scoped route", async () => {
      const scoped = operations.filter((o) => o.operation["x-phungpao-scoped"] === true)
      expect(scoped.length).toBeGreaterThanOrEqual(20)
      const refusals: Array<unknown> = []
      for (const { method, operation } of scoped) {
        const action = operation["x-phungpao-action"]
        const sample = sampleOf(operation.operationId)(w, "b")
        const answer = await call(w, method, sample.path, requestOf(sample, as(w, scopedUserFor(action))))
        expect(answer.status, `${method} ${operation.operationId} as ${scopedUserFor(action)} on district b`).toBe(404)
        refusals.push(answer.body)
      }
      // One body for all: nothing tells a record outside from no record.
      expect(new Set(refusals.map((r) => JSON.stringify(r))).size).toBe(1)
      const missing = await call(w, "get", `/v1/households/${w.houses.a.slice(0, 7)}9999?round=2564`, { headers: as(w, "dc-a") })
      expect(JSON.stringify(missing.body)).toBe(JSON.stringify(refusals[0]))
      // The control: the same requests by district b's own user are not refused for the area.
      for (const { method, operation } of scoped) {
        const action = operation["x-phungpao-action"]
        const sample = sampleOf(operation.operationId)(w, "b")
        const answer = await call(w, method, sample.path, requestOf(sample, as(w, ownUserFor(action))))
        expect(answer.status, `${method} ${operation.operationId} as ${ownUserFor(action)}: ${JSON.stringify(answer.body)}`).not.toBe(404)
      }
    })

    it("cuts lists and reports to the caller's areas", async () => {
      const mine = await call(w, "get", "/v1/households?round=2564&limit=500", { headers: as(w, "dc-a") })
      expect(mine.status).toBe(200)
      expect(mine.body.items.length).toBeGreaterThan(0)
      expect(mine.body.items.every((i: { villageCode: string }) => i.villageCode.startsWith(w.districts.a))).toBe(true)
      const report = await call(w, "get", "/v1/reports/areas?round=2564&by=district", { headers: as(w, "dc-a") })
      expect(report.body.map((l: { area: string }) => l.area)).toEqual([w.districts.a])
      const all = await call(w, "get", "/v1/reports/areas?round=2564&by=district", { headers: as(w, "pc") })
      expect(all.body.map((l: { area: string }) => l.area)).toContain(w.districts.b)
      const logbook = await call(w, "get", "/v1/journey/logbook", { headers: as(w, "dc-a") })
      expect(logbook.body.items.every((e: { villageCode: string }) => e.villageCode.startsWith(w.districts.a))).toBe(true)
    })

    it("answers the dashboard's reads: who the token is, target households by filter, progress to a depth, burn-downs, the public's progress", async () => {
      const me = await call(w, "get", "/v1/me", { headers: as(w, "dc-a") })
      expect(me.body).toMatchObject({ id: "dc-a", role: "districtCentre", scope: [w.districts.a] })
      const all = await call(w, "get", `/v1/journey/households?area=${w.districts.a}&limit=500`, { headers: as(w, "dc-a") })
      expect(all.status).toBe(200)
      expect(all.body.total).toBe(all.body.items.length)
      expect(all.body.total).toBeGreaterThan(0)
      const verified = await call(w, "get", `/v1/journey/households?area=${w.districts.a}&reached=verified&limit=500`, { headers: as(w, "dc-a") })
      const progress = await call(w, "get", `/v1/journey/progress?area=${w.districts.a}&depth=0`, { headers: as(w, "dc-a") })
      expect(progress.body.map((a: { code: string }) => a.code)).toEqual([w.districts.a])
      // The list and the counts come from the same facts: they agree.
      expect(verified.body.total).toBe(progress.body[0].counts.households.verified)
      expect(all.body.total).toBe(progress.body[0].counts.households.targets)
      const house = all.body.items[0].houseCode as string
      const byCode = await call(w, "get", `/v1/journey/households?area=${w.districts.a}&code=${house}`, { headers: as(w, "dc-a") })
      expect(byCode.body.items.map((i: { houseCode: string }) => i.houseCode)).toEqual([house])
      const furthest = await call(w, "get", `/v1/journey/households?area=${w.districts.a}&sort=-step&limit=500`, { headers: as(w, "dc-a") })
      const ranks = furthest.body.items.map((i: { step: string }) => Journey.rank(i.step as Journey.Step))
      expect(ranks).toEqual([...ranks].sort((x: number, y: number) => y - x))
      expect(furthest.body.total).toBe(all.body.total)
      const bad = await call(w, "get", `/v1/journey/households?area=${w.districts.a}&dimension=wealth`, { headers: as(w, "dc-a") })
      expect([bad.status, bad.body.path]).toEqual([400, "query.dimension"])
      const children = await call(w, "get", `/v1/journey/progress?area=${w.districts.a}&depth=1`, { headers: as(w, "dc-a") })
      expect(children.body.every((a: { level: string }) => a.level === "district" || a.level === "subdistrict")).toBe(true)
      const sum = children.body.slice(1).reduce((n: number, a: { counts: { households: { targets: number } } }) => n + a.counts.households.targets, 0)
      expect(sum).toBe(progress.body[0].counts.households.targets)
      const burns = await call(w, "get", "/v1/journey/burndowns?area=33&from=2022-01-01&every=30", { headers: as(w, "pc") })
      expect(burns.body.map((b: { district: string }) => b.district)).toEqual(expect.arrayContaining([w.districts.a, w.districts.b]))
      const open = await call(w, "get", "/v1/public/progress")
      expect(open.status).toBe(200)
      expect(open.body[0].level).toBe("province")
      for (const area of open.body) for (const n of Object.values(area.households)) expect(n === null || n === 0 || (n as number) >= 5).toBe(true)
      expect(JSON.stringify(open.body)).not.toContain(house)
    })

    it("pages a list with a cursor: every household once, in order, with no page over the limit", async () => {
      const seen: Array<string> = []
      let cursor: string | null = null
      for (let pages = 0; pages < 100; pages++) {
        const page: { body: { items: Array<{ houseCode: string }>; next: string | null } } = await call(
          w,
          "get",
          `/v1/households?round=2564&limit=7${cursor === null ? "" : `&cursor=${cursor}`}`,
          { headers: as(w, "pc") }
        )
        expect(page.body.items.length).toBeLessThanOrEqual(7)
        seen.push(...page.body.items.map((i) => i.houseCode))
        cursor = page.body.next
        if (cursor === null) break
      }
      expect(seen).toEqual([...seen].sort())
      expect(new Set(seen).size).toBe(seen.length)
      const rounds = await call(w, "get", "/v1/rounds", { headers: as(w, "pc") })
      expect(seen.length).toBe(rounds.body.items[0].households)
      const bad = await call(w, "get", "/v1/households?round=2564&limit=0", { headers: as(w, "pc") })
      expect([bad.status, bad.body.path]).toEqual([400, "query.limit"])
    })

    it("masks citizen IDs by default; unmask=true shows them to a role that may, in its areas, and puts the read on record", async () => {
      const masked = await call(w, "get", `/v1/households/${w.houses.a}?round=2564`, { headers: as(w, "dc-a") })
      expect(masked.status).toBe(200)
      expect(masked.body.members.every((m: { citizenId: string }) => /^x{9}\d{4}$/.test(m.citizenId))).toBe(true)
      const decision = await call(w, "get", `/v1/households/${w.houses.a}/decision?round=2564`, { headers: as(w, "dc-a") })
      expect(decision.body.target).toBe(true)
      const journey = await call(w, "get", `/v1/journey/households/${w.houses.a}`, { headers: as(w, "dc-a") })
      expect(journey.status).toBe(200)

      const before = await call(w, "get", "/v1/audit", { headers: as(w, "auditor") })
      const shown = await call(w, "get", `/v1/households/${w.houses.a}?round=2564&unmask=true&reason=${encodeURIComponent("ยืนยันตัวตน")}`, { headers: as(w, "mentor-a") })
      expect(shown.status).toBe(200)
      expect(shown.body.members.every((m: { citizenId: string }) => /^\d{13}$/.test(m.citizenId))).toBe(true)
      const refused = await call(w, "get", `/v1/households/${w.houses.a}?round=2564&unmask=true`, { headers: as(w, "auditor") })
      expect(refused.status).toBe(403)
      const outside = await call(w, "get", `/v1/households/${w.houses.b}?round=2564&unmask=true`, { headers: as(w, "mentor-a") })
      expect(outside.status).toBe(404)
      const after = await call(w, "get", "/v1/audit?limit=500", { headers: as(w, "auditor") })
      const added = after.body.items.slice(before.body.items.length)
      expect(added.map((e: { actor: string; action: string; what: string; houseCodes: Array<string>; reason?: string }) => [e.actor, e.action, e.what, e.houseCodes, e.reason])).toEqual([
        ["mentor-a", "unmask", "GET /v1/households/{houseCode}", [w.houses.a], "ยืนยันตัวตน"]
      ])
      const audit403 = await call(w, "get", "/v1/audit", { headers: as(w, "mentor-a") })
      expect(audit403.status).toBe(403)
    })

    it("replays a POST with the same Idempotency-Key and body, writing nothing; refuses the key with another body (422)", async () => {
      const sample = samples.recordHelp!(w, "a")
      const count = async () => (await call(w, "get", `/v1/journey/logbook?area=${w.districts.a}&limit=500`, { headers: as(w, "dc-a") })).body.items.length
      const before = await count()
      const headers = as(w, "dc-a", { "idempotency-key": `help-replay-${engine}` })
      const first = await call(w, "post", sample.path, { headers, body: sample.body })
      const again = await call(w, "post", sample.path, { headers, body: sample.body })
      expect(first.status).toBe(201)
      expect(again).toMatchObject({ status: first.status, body: first.body })
      expect(await count()).toBe(before + 1)
      const other = await call(w, "post", sample.path, { headers, body: { ...(sample.body as object), value: 100 } })
      expect([other.status, other.body.tag]).toEqual([422, "KeyReused"])
      expect(await count()).toBe(before + 1)
      const badKey = await call(w, "post", sample.path, { headers: as(w, "dc-a", { "idempotency-key": "with space" }), body: sample.body })
      expect([badKey.status, badKey.body.path]).toEqual([400, "Idempotency-Key"])
    })

    it("refuses a body that sets a field the server owns (no mass assignment), naming the field and not its value", async () => {
      const sample = samples.recordHelp!(w, "a")
      const forged = await call(w, "post", sample.path, { headers: as(w, "dc-a"), body: { ...(sample.body as object), recordedBy: "someone-else", id: "L-1" } })
      expect(forged.status).toBe(400)
      expect(forged.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["id", "recordedBy"])
      expect(JSON.stringify(forged.body)).not.toContain("someone-else")
      const request = samples.request!(w, "a")
      const asSomeone = await call(w, "post", request.path, { headers: as(w, "dc-a"), body: { ...(request.body as object), requester: "m1", state: { _tag: "paid" } } })
      expect(asSomeone.status).toBe(400)
      const wrong = await call(w, "post", request.path, { headers: as(w, "dc-a"), body: { ...(request.body as object), houseCode: "1101700230708" } })
      expect([wrong.status, wrong.body.path]).toEqual([400, "houseCode"])
      expect(JSON.stringify(wrong.body)).not.toContain("1101700230708")
      const notJson = await call(w, "post", request.path, { headers: as(w, "dc-a", { "content-type": "application/json" }), body: "{" })
      expect([notJson.status, notJson.body.tag]).toEqual([400, "InvalidInput"])
    })

    it("evaluates records without storing them, masked, and names the field of a bad one without its value", async () => {
      const [record] = (await import("@phungpao/synthetic")).generate({ province: "33", households: 1, seed: 5 })
      const one = await call(w, "post", "/v1/evaluate", { headers: as(w, "officer"), body: record })
      expect(one.status).toBe(200)
      expect(one.body.houseCode).toBe(record!.houseCode)
      const spoiled = { ...record!, members: record!.members.map((m, i) => (i === 0 ? { ...m, sex: m.citizenId } : m)) }
      const bad = await call(w, "post", "/v1/evaluate", { headers: as(w, "officer"), body: [record, spoiled] })
      expect([bad.status, bad.body.tag, bad.body.path]).toEqual([422, "InvalidRecord", "[1].members[0].sex"])
      expect(JSON.stringify(bad.body)).not.toContain(record!.members[0]!.citizenId)
    })

    it("previews a program rule by area, cut to the caller's areas, and refuses a rule that does not compile with where and why", async () => {
      const body = { round: 2564, unit: "member", where: "member.age >= 6 && member.age <= 15 && decision.surveyPoor", list: 5 }
      const all = await call(w, "post", "/v1/programs/preview", { headers: as(w, "pc"), body })
      expect(all.status).toBe(200)
      expect(all.body.members).toBeGreaterThan(0)
      expect(all.body.areas.reduce((n: number, a: { members: number }) => n + a.members, 0)).toBe(all.body.members)
      expect(all.body.selected.length).toBe(Math.min(5, all.body.households))
      const mine = await call(w, "post", "/v1/programs/preview", { headers: as(w, "dc-a"), body })
      expect(mine.body.areas.map((a: { area: string }) => a.area)).toEqual(mine.body.areas.length === 0 ? [] : [w.districts.a])
      const bad = await call(w, "post", "/v1/programs/preview", { headers: as(w, "pc"), body: { ...body, where: "member.agee > 6" } })
      expect([bad.status, bad.body.tag]).toEqual([422, "RuleRefused"])
      expect([bad.body.path, bad.body.reason]).toEqual(["where", expect.stringMatching(/^line 1, column 8: /)])
      const stored = await call(w, "get", `/v1/programs/${w.programs.id}/preview?by=province`, { headers: as(w, "pc") })
      expect([stored.status, stored.body.unit, stored.body.areas.map((a: { area: string }) => a.area)]).toEqual([200, "household", ["33"]])
    })

    it("runs a program's course over HTTP: created once per key, activated, enrolled, need-surveyed, delivered, reversed to zero, reported", async () => {
      // Every school-age member, so that each district has beneficiaries.
      const sample = { body: { ...(samples.createProgram!(w, "a").body as object), where: "member.age >= 6 && member.age <= 15" } }
      const headers = as(w, "pc", { "idempotency-key": `program-${engine}` })
      const first = await call(w, "post", "/v1/programs", { headers, body: sample.body })
      const again = await call(w, "post", "/v1/programs", { headers, body: sample.body })
      expect(first.status).toBe(201)
      expect(again.body).toEqual(first.body)
      const other = await call(w, "post", "/v1/programs", { headers, body: { ...(sample.body as object), nameEn: "Another" } })
      expect([other.status, other.body.tag]).toEqual([422, "KeyReused"])
      const forged = await call(w, "post", "/v1/programs", { headers: as(w, "pc"), body: { ...(sample.body as object), status: "active", createdBy: "x" } })
      expect(forged.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["createdBy", "status"])
      const id = first.body.id as string
      const listed = await call(w, "get", "/v1/programs?limit=500", { headers: as(w, "dc-a") })
      expect(listed.body.items.filter((p: { id: string }) => p.id === id)).toHaveLength(1)
      expect((await call(w, "post", `/v1/programs/${id}/enrol`, { headers: as(w, "pc"), body: {} })).body.tag).toBe("WrongStatus")
      expect((await call(w, "post", `/v1/programs/${id}/activate`, { headers: as(w, "pc") })).body.status).toBe("active")
      const enrolled = await call(w, "post", `/v1/programs/${id}/enrol`, { headers: as(w, "pc"), body: {} })
      expect(enrolled.status).toBe(200)
      const everyone = await call(w, "get", `/v1/programs/${id}/beneficiaries?limit=500`, { headers: as(w, "pc") })
      expect(everyone.body.items).toHaveLength(enrolled.body.added)
      const mine = (await call(w, "get", `/v1/programs/${id}/beneficiaries?limit=500`, { headers: as(w, "dc-a") })).body.items as Array<{ houseCode: string; member: number; villageCode: string; citizenId: string }>
      expect(mine.every((b) => b.villageCode.startsWith(w.districts.a) && /^x{9}\d{4}$/.test(b.citizenId))).toBe(true)
      expect(mine.length).toBeGreaterThan(0)
      expect(mine.length).toBeLessThan(everyone.body.items.length)
      const b = mine[0]!
      const before = (await call(w, "get", `/v1/programs/${id}/report`, { headers: as(w, "dc-a") })).body
      const need = await call(w, "post", `/v1/programs/${id}/needs`, { headers: as(w, "dc-a"), body: { houseCode: b.houseCode, member: b.member, answers: { uniformSize: "XXL" } } })
      expect([need.status, need.body.tag, need.body.path]).toEqual([422, "InvalidNeed", "answers.uniformSize"])
      expect((await call(w, "post", `/v1/programs/${id}/needs`, { headers: as(w, "dc-a"), body: { houseCode: b.houseCode, member: b.member, answers: { uniformSize: "M" } } })).status).toBe(200)
      const given = await call(w, "post", `/v1/programs/${id}/deliveries`, {
        headers: as(w, "dc-a", { "idempotency-key": `deliver-${engine}` }),
        body: { houseCode: b.houseCode, member: b.member, on: "2022-05-16", kind: "goods", value: 45000, giver: { agency: w.agency }, evidence: "ใบรับของ 1" }
      })
      expect(given.status).toBe(201)
      const after = (await call(w, "get", `/v1/programs/${id}/report`, { headers: as(w, "dc-a") })).body
      expect([after.surveyed - before.surveyed, after.delivered - before.delivered, after.spent - before.spent]).toEqual([1, 1, 45000])
      expect(after.areas.map((a: { area: string }) => a.area)).toEqual([w.districts.a])
      const reversed = await call(w, "post", `/v1/programs/${id}/entries/${given.body.entry}/reverse`, { headers: as(w, "dc-a"), body: { on: "2022-05-17", reason: "ผิดคน" } })
      expect([reversed.status, reversed.body.value]).toEqual([201, -45000])
      const twice = await call(w, "post", `/v1/programs/${id}/entries/${given.body.entry}/reverse`, { headers: as(w, "dc-a"), body: { on: "2022-05-17", reason: "ผิดคน" } })
      expect(twice.status).toBe(409)
      const net = (await call(w, "get", `/v1/programs/${id}/report`, { headers: as(w, "dc-a") })).body
      expect([net.spent, net.delivered]).toEqual([before.spent, before.delivered])
      const entries = await call(w, "get", `/v1/programs/${id}/entries`, { headers: as(w, "dc-a") })
      expect(entries.body.items.map((e: { value: number }) => e.value).sort()).toEqual([-45000, 45000])
    })

    it("imports an uploaded file as an import job: 202 with the job queued, the file kept 0600 for the worker, then its counts and its rejects by line and field", async () => {
      const Synthetic = await import("@phungpao/synthetic")
      const records = [...Synthetic.generate({ province: "33", households: 200, seed: 11, surveyYear: 2565 })]
      const mine = records.filter((r) => r.villageCode.startsWith(w.districts.a)).slice(0, 3)
      const theirs = records.find((r) => r.villageCode.startsWith(w.districts.b))!
      const spoiled = { ...mine[0]!, houseCode: "33019999990", members: mine[0]!.members.map((m) => ({ ...m, birthDate: m.citizenId })) }
      const file = [...mine, theirs].map((r) => JSON.stringify(r)).concat(["not json", JSON.stringify(spoiled)]).join("\n")
      const headers = as(w, "dc-a", { "idempotency-key": `upload-${engine}` })
      const accepted = await call(w, "post", "/v1/imports?round=2565", { headers, body: file, contentType: "application/x-ndjson" })
      expect(accepted.status).toBe(202)
      expect(accepted.body).toMatchObject({ kind: "import", status: "queued", submittedBy: "dc-a", input: { round: 2565 }, tasksDone: 0 })
      const path: string = accepted.body.input.path
      expect(path.startsWith(`${w.uploads}/`)).toBe(true)
      expect(statSync(path).mode & 0o777).toBe(0o600)
      expect(readFileSync(path, "utf8")).toBe(file)
      if (engine === "postgres") expect(await queueKeys(accepted.body.id)).toEqual([`${accepted.body.id}:plan`])
      // Sent again: the same job, and no other file; another file under the key is refused and not kept.
      const again = await call(w, "post", "/v1/imports?round=2565", { headers, body: file, contentType: "application/x-ndjson" })
      expect([again.status, again.body.id]).toEqual([202, accepted.body.id])
      const reused = await call(w, "post", "/v1/imports?round=2565", { headers, body: file.slice(0, 100), contentType: "application/x-ndjson" })
      expect([reused.status, reused.body.tag]).toEqual([422, "KeyReused"])
      expect(readdirSync(w.uploads).filter((f) => !f.startsWith("seed-"))).toEqual([basename(path)])

      expect(await w.drain()).toBeGreaterThanOrEqual(2)
      const job = await call(w, "get", `/v1/imports/${accepted.body.id}`, { headers: as(w, "dc-a") })
      expect(job.body).toMatchObject({ status: "succeeded", rows: 6, tasksDone: 1, tasksTotal: 1, result: { round: 2565, inserted: 3, rejected: 3 } })
      const rejects = await w.app.request(`/v1/imports/${accepted.body.id}/rejects`, { headers: as(w, "dc-a") })
      expect(rejects.headers.get("content-type")).toContain("text/csv")
      const lines = (await rejects.text()).replace(/^\ufeff/, "").trim().split("\n")
      expect(lines[0]).toBe("line,field,reason")
      expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["4", "5", "6"])
      expect(lines.join("\n")).not.toMatch(fullId)
      const other = await call(w, "get", `/v1/imports/${accepted.body.id}`, { headers: as(w, "dc-b") })
      expect(other.status).toBe(404)
      const province = await call(w, "get", `/v1/imports/${accepted.body.id}`, { headers: as(w, "pc") })
      expect(province.status).toBe(200)
      const report = await submit(w, "pc", "fund-report", { audience: "public" }, `public-${engine}`)
      const notAnImport = await call(w, "get", `/v1/imports/${report.body.id}`, { headers: as(w, "pc") })
      expect(notAnImport.status).toBe(404)
      const wrongType = await call(w, "post", "/v1/imports?round=2565", { headers: as(w, "dc-a"), body: file, contentType: "text/plain" })
      expect(wrongType.status).toBe(415)
      const rounds = await call(w, "get", "/v1/rounds", { headers: as(w, "pc") })
      expect(rounds.body.items.map((r: { round: number }) => r.round).sort()).toEqual([2564, 2565])
    })

    it("submits a job under the Idempotency-Key it requires: 202 queued, the same job for the key again, 422 for the key with another body", async () => {
      const body = { kind: "fund-report", input: { audience: "committee" } }
      const missing = await call(w, "post", "/v1/jobs", { headers: as(w, "m1"), body })
      expect([missing.status, missing.body.path]).toEqual([400, "Idempotency-Key"])
      const first = await submit(w, "m1", "fund-report", { audience: "committee" }, `committee-${engine}`)
      expect(first.status).toBe(202)
      expect(first.body).toMatchObject({ kind: "fund-report", status: "queued", submittedBy: "m1", input: { audience: "committee" }, planned: false })
      const again = await submit(w, "m1", "fund-report", { audience: "committee" }, `committee-${engine}`)
      expect([again.status, again.body.id]).toEqual([202, first.body.id])
      const other = await submit(w, "m1", "fund-report", { audience: "public" }, `committee-${engine}`)
      expect([other.status, other.body.tag]).toEqual([422, "KeyReused"])
      // The same key is another user's own.
      const theirs = await submit(w, "m2", "fund-report", { audience: "committee" }, `committee-${engine}`)
      expect(theirs.body.id).not.toBe(first.body.id)

      await w.drain()
      const done = await call(w, "get", `/v1/jobs/${first.body.id}`, { headers: as(w, "m1") })
      expect(done.body.job).toMatchObject({ status: "succeeded", planned: true, tasksDone: 1, tasksTotal: 1 })
      expect(done.body.tasks.map((t: { index: number; status: string; attempts: number }) => [t.index, t.status, t.attempts])).toEqual([[0, "done", 1]])
      const report = await call(w, "get", "/v1/fund/reports/committee", { headers: as(w, "m1") })
      expect(Object.keys(done.body.job.result).sort()).toEqual(Object.keys(report.body).sort())
    })

    it("enrols a program in the background: a program-enrol job the workers run, its enrolment the job's result", async () => {
      const created = await call(w, "post", "/v1/programs", {
        headers: as(w, "pc", { "idempotency-key": `program-job-${engine}` }),
        body: { ...(samples.createProgram!(w, "a").body as object), unit: "household", where: "decision.target" }
      })
      await call(w, "post", `/v1/programs/${created.body.id}/activate`, { headers: as(w, "pc") })
      const notMine = await submit(w, "mentor-a", "program-enrol", { program: created.body.id }, `enrol-mentor-${engine}`)
      expect([notMine.status, notMine.body.tag]).toEqual([403, "NotPermitted"])
      const job = await submit(w, "pc", "program-enrol", { program: created.body.id }, `enrol-${engine}`)
      expect([job.status, job.body.status]).toEqual([202, "queued"])
      await w.drain()
      const done = await call(w, "get", `/v1/jobs/${job.body.id}`, { headers: as(w, "pc") })
      expect(done.body.job).toMatchObject({ status: "succeeded", tasksDone: 1, result: { program: created.body.id, number: 1, errors: 0 } })
      const listed = await call(w, "get", `/v1/programs/${created.body.id}/beneficiaries?limit=500`, { headers: as(w, "pc") })
      expect(listed.body.items.length).toBe(done.body.job.result.added)
      expect(listed.body.items.length).toBeGreaterThan(0)
    })

    it("refuses a job's bad input by field (400 for the kind, 422 for its input), a file outside the uploads folder, and a kind the role may not run", async () => {
      const kind = await call(w, "post", "/v1/jobs", { headers: as(w, "pc", { "idempotency-key": "bad-kind" }), body: { kind: "mine-bitcoin", input: {} } })
      expect([kind.status, kind.body.path]).toEqual([400, "kind"])
      const round = await submit(w, "pc", "evaluate-round", { round: "2564" }, "bad-round")
      expect([round.status, round.body.tag, round.body.path]).toEqual([422, "InvalidJobInput", "input.round"])
      const extra = await submit(w, "pc", "evaluate-round", { round: 2564, owner: "x" }, "bad-extra")
      expect([extra.status, extra.body.path]).toEqual([422, "input.owner"])
      for (const path of ["/etc/passwd", `${w.uploads}/../phungpao.db`, "seed-a.ndjson"]) {
        const outside = await submit(w, "pc", "import", { round: 2565, path }, `outside-${path.length}`)
        expect([outside.status, outside.body.tag, outside.body.path], path).toEqual([422, "InvalidJobInput", "input.path"])
        expect(JSON.stringify(outside.body)).not.toContain("passwd")
      }
      const exportOutside = await submit(w, "pc", "export", { round: 2564, out: "/tmp/everyone.ndjson" }, "outside-export")
      expect([exportOutside.status, exportOutside.body.path]).toEqual([422, "input.out"])
      const notTheirs = await submit(w, "officer", "evaluate-round", { round: 2564 }, "officer-evaluates")
      expect([notTheirs.status, notTheirs.body.tag]).toEqual([403, "NotPermitted"])
      const listed = await call(w, "get", "/v1/jobs?limit=500", { headers: as(w, "pc") })
      expect(listed.body.items.filter((j: { key: string }) => j.key.startsWith("bad-") || j.key.startsWith("outside-"))).toEqual([])
    })

    it("lists the jobs a caller may see, newest first, a page at a time, by kind and status", async () => {
      const seen: Array<{ id: string; submittedAt: string; submittedBy: string; kind: string }> = []
      let cursor: string | null = null
      for (let pages = 0; pages < 50; pages++) {
        const page: { body: { items: typeof seen; next: string | null } } = await call(w, "get", `/v1/jobs?limit=1${cursor === null ? "" : `&cursor=${cursor}`}`, { headers: as(w, "pc") })
        expect(page.body.items.length).toBeLessThanOrEqual(1)
        seen.push(...page.body.items)
        cursor = page.body.next
        if (cursor === null) break
      }
      const all = await call(w, "get", "/v1/jobs?limit=500", { headers: as(w, "pc") })
      expect(seen.map((j) => j.id)).toEqual(all.body.items.map((j: { id: string }) => j.id))
      expect(new Set(seen.map((j) => j.id)).size).toBe(seen.length)
      expect(seen.map((j) => j.submittedAt)).toEqual([...seen.map((j) => j.submittedAt)].sort().reverse())
      expect(seen.map((j) => j.id)).toEqual(expect.arrayContaining([w.jobs.a, w.jobs.b]))
      // A district's centre sees its own and none of the other district's.
      const a = await call(w, "get", "/v1/jobs?limit=500", { headers: as(w, "dc-a") })
      expect(a.body.items.map((j: { id: string }) => j.id)).toContain(w.jobs.a)
      expect(a.body.items.every((j: { submittedBy: string }) => j.submittedBy !== "dc-b")).toBe(true)
      const imports = await call(w, "get", "/v1/jobs?limit=500&kind=import", { headers: as(w, "pc") })
      expect(imports.body.items.length).toBeGreaterThan(0)
      expect(imports.body.items.every((j: { kind: string }) => j.kind === "import")).toBe(true)
      const succeeded = await call(w, "get", "/v1/jobs?limit=500&status=succeeded", { headers: as(w, "pc") })
      expect(succeeded.body.items.every((j: { status: string }) => j.status === "succeeded")).toBe(true)
      const badStatus = await call(w, "get", "/v1/jobs?status=sleeping", { headers: as(w, "pc") })
      expect([badStatus.status, badStatus.body.path]).toEqual([400, "query.status"])
      for (const cursor of ["garbage", Buffer.from("\u0000|JOB-1").toString("base64url"), Buffer.from("x|y").toString("base64url")]) {
        const badCursor = await call(w, "get", `/v1/jobs?cursor=${cursor}`, { headers: as(w, "pc") })
        expect([badCursor.status, badCursor.body.path], cursor).toEqual([400, "query.cursor"])
      }
    })

    it("cancels a job before it runs (nothing of it runs after), refuses to cancel it twice (409), and retries it to success", async () => {
      const record = [...(await import("@phungpao/synthetic")).generate({ province: "33", households: 200, seed: 11, surveyYear: 2566 })].find((r) => r.villageCode.startsWith(w.districts.a))!
      const upload = await call(w, "post", "/v1/imports?round=2566", { headers: as(w, "dc-a"), body: JSON.stringify(record), contentType: "application/x-ndjson" })
      const id: string = upload.body.id
      const outsider = await call(w, "post", `/v1/jobs/${id}/cancel`, { headers: as(w, "dc-b") })
      expect(outsider.status).toBe(404)
      const officer = await call(w, "post", `/v1/jobs/${id}/cancel`, { headers: as(w, "officer") })
      expect([officer.status, officer.body.tag]).toEqual([403, "NotPermitted"])
      const early = await call(w, "post", `/v1/jobs/${id}/retry`, { headers: as(w, "dc-a") })
      expect([early.status, early.body.tag]).toEqual([409, "JobNotRetryable"])
      const cancelled = await call(w, "post", `/v1/jobs/${id}/cancel`, { headers: as(w, "dc-a") })
      expect(cancelled.body).toMatchObject({ id, status: "cancelled", cancelledBy: "dc-a" })
      if (engine === "postgres") expect(await queueKeys(id)).toEqual([])
      const twice = await call(w, "post", `/v1/jobs/${id}/cancel`, { headers: as(w, "dc-a") })
      expect([twice.status, twice.body.tag]).toEqual([409, "JobEnded"])
      await w.drain()
      expect((await call(w, "get", `/v1/jobs/${id}`, { headers: as(w, "dc-a") })).body.job).toMatchObject({ status: "cancelled", planned: false, tasksDone: 0 })
      expect((await call(w, "get", "/v1/rounds", { headers: as(w, "pc") })).body.items.map((r: { round: number }) => r.round)).not.toContain(2566)

      const retried = await call(w, "post", `/v1/jobs/${id}/retry`, { headers: as(w, "pc") })
      expect([retried.status, retried.body.status]).toEqual([200, "queued"])
      await w.drain()
      const done = await call(w, "get", `/v1/jobs/${id}`, { headers: as(w, "dc-a") })
      expect(done.body.job).toMatchObject({ status: "succeeded", rows: 1, result: { inserted: 1 } })
      expect((await call(w, "get", "/v1/rounds", { headers: as(w, "pc") })).body.items.map((r: { round: number }) => r.round)).toContain(2566)
      const again = await call(w, "post", `/v1/jobs/${id}/retry`, { headers: as(w, "dc-a") })
      expect([again.status, again.body.tag]).toEqual([409, "JobNotRetryable"])
    })

    it("shows a failed job's task, attempts and error, and retried once its file is there, it succeeds", async () => {
      const path = join(w.uploads, `later-${engine}.ndjson`)
      const submitted = await submit(w, "dc-a", "import", { round: 2567, path }, `later-${engine}`)
      expect(submitted.status).toBe(202)
      await w.drain()
      const failed = await call(w, "get", `/v1/jobs/${submitted.body.id}`, { headers: as(w, "dc-a") })
      expect(failed.body.job).toMatchObject({ status: "failed", failure: { task: -1, attempts: 1 } })
      expect(failed.body.job.failure.error).toMatch(/^UnreadableSource: /)
      const record = [...(await import("@phungpao/synthetic")).generate({ province: "33", households: 200, seed: 11, surveyYear: 2567 })].find((r) => r.villageCode.startsWith(w.districts.a))!
      writeFileSync(path, `${JSON.stringify(record)}\n`, { mode: 0o600 })
      const retried = await call(w, "post", `/v1/jobs/${submitted.body.id}/retry`, { headers: as(w, "dc-a") })
      // Started before, it is running again (its steps queued), its failure cleared.
      expect([retried.status, retried.body.status, retried.body.failure]).toEqual([200, "running", undefined])
      await w.drain()
      const done = await call(w, "get", `/v1/jobs/${submitted.body.id}`, { headers: as(w, "dc-a") })
      expect(done.body.job).toMatchObject({ status: "succeeded", tasksDone: 1, tasksTotal: 1, result: { round: 2567, inserted: 1 } })
    })

    it("answers the latest overdue reminders cut to the caller's areas, and 404 before the first", async () => {
      const none = await call(w, "get", "/v1/reminders", { headers: as(w, "pc") })
      expect(none.status).toBe(404)
      const submitted = await submit(w, "pc", "overdue-reminders", { on: "2026-12-03" }, `reminders-${engine}`)
      expect(submitted.status).toBe(202)
      await w.drain()
      const all = await call(w, "get", "/v1/reminders", { headers: as(w, "pc") })
      expect(all.status).toBe(200)
      expect(all.body).toMatchObject({ job: submitted.body.id, on: "2026-12-03" })
      const districts = all.body.districts.map((d: { district: string }) => d.district)
      expect(districts).toEqual(expect.arrayContaining([w.districts.a, w.districts.b]))
      const overdue = all.body.districts.flatMap((d: { overdue: Array<{ houseCode: string }> }) => d.overdue.map((o) => o.houseCode))
      expect(overdue).toEqual(expect.arrayContaining([w.houses.a, w.houses.b]))
      const a = await call(w, "get", "/v1/reminders", { headers: as(w, "dc-a") })
      expect(a.body.districts.map((d: { district: string }) => d.district)).toEqual([w.districts.a])
      expect(JSON.stringify(a.body)).not.toContain(w.houses.b)
      const treasurer = await call(w, "get", "/v1/reminders", { headers: as(w, "t1") })
      expect(treasurer.status).toBe(403)
    })

    it("lists the workers alive and what each runs", async () => {
      const before = await call(w, "get", "/v1/workers", { headers: as(w, "officer") })
      expect(before.body).toEqual([])
      const now = new Date().toISOString()
      const info = { id: `w-${engine}`, host: "box-1", pid: 42, engine: "sqlite" as const, concurrency: 2, startedAt: now, seenAt: now, queueIds: [], running: [{ job: w.jobs.a, task: 0 }] }
      await w.run(Effect.flatMap(JobStore.JobStore, (store) => store.heartbeat(info)))
      const after = await call(w, "get", "/v1/workers", { headers: as(w, "officer") })
      expect(after.body).toEqual([info])
    })

    it("reconciles an uploaded bank statement against the books", async () => {
      const sample = samples.reconcileStatement!(w, "a")
      const answer = await call(w, "post", sample.path, { headers: as(w, "t1"), body: sample.body, contentType: "text/csv" })
      expect(answer.status).toBe(200)
      expect(answer.body.rejectedLines).toEqual([])
      expect(answer.body.matched.length).toBe(1)
    })

    it("serves the public report without a token, and the fund's books to the committee", async () => {
      const open = await call(w, "get", "/v1/fund/reports/public")
      expect(open.status).toBe(200)
      expect(JSON.stringify(open.body)).not.toContain(w.houses.a)
      const committee = await call(w, "get", "/v1/fund/reports/committee", { headers: as(w, "m1") })
      expect(committee.status).toBe(200)
      // CSV as the command line writes it, cells neutralised.
      const csv = await w.app.request("/v1/fund/reports/public?format=csv&lang=en")
      expect(csv.headers.get("content-type")).toContain("text/csv")
      expect((await csv.text()).replace(/^\ufeff/, "").split("\n")[0]).toBe("section,key,name,figure,value")
      const committeeCsv = await w.app.request("/v1/fund/reports/committee?format=csv", { headers: as(w, "m1") })
      expect((await committeeCsv.text())).toContain("pools,bank,")
    })

    it("puts Hono's security headers and the request id on every answer: a route's, a refusal, one outside the routes", async () => {
      // What Hono's own middleware sets, as the app configures it: the app's constant set must match it.
      const { Hono } = await import("hono")
      const { secureHeaders } = await import("hono/secure-headers")
      const probe = new Hono().use(secureHeaders({ crossOriginResourcePolicy: "same-origin" })).get("/", (c) => c.text("ok"))
      const expected = [...(await probe.request("/")).headers].filter(([name]) => name !== "content-type")
      expect(expected.length).toBeGreaterThan(8)
      const answers = [
        await w.app.request(`/v1/households/${w.houses.a}?round=2564`, { headers: as(w, "pc") }),
        await w.app.request(`/v1/households/${w.houses.a}?round=2564`),
        await w.app.request("/v1/evaluate", { method: "POST", headers: { ...as(w, "pc"), "content-type": "application/json" }, body: "[" }),
        await w.app.request("/nowhere"),
        await w.app.request("/health")
      ]
      expect(answers.map((a) => a.status)).toEqual([200, 401, 400, 404, 200])
      const ids = new Set<string>()
      for (const answer of answers) {
        for (const [name, value] of expected) expect(answer.headers.get(name), name).toBe(value)
        const id = answer.headers.get("x-request-id")
        expect(id).toMatch(/^[0-9a-f-]{36}$/)
        ids.add(id!)
      }
      expect(ids.size).toBe(answers.length)
      // A well-formed id of the caller's is kept, a malformed one replaced.
      expect((await w.app.request("/v1/rounds", { headers: { ...as(w, "pc"), "x-request-id": "trace-42" } })).headers.get("x-request-id")).toBe("trace-42")
      expect((await w.app.request("/v1/rounds", { headers: { ...as(w, "pc"), "x-request-id": "no spaces" } })).headers.get("x-request-id")).not.toBe("no spaces")
    })

    it("logs one line a request with its route template and actor, never a token, an ID or a name", async () => {
      await call(w, "get", `/v1/households/${w.houses.a}?round=2564&unmask=true`, { headers: as(w, "mentor-a") })
      const last = w.log[w.log.length - 1]!
      expect(last).toMatchObject({ method: "GET", route: "/v1/households/:houseCode", status: 200, actor: "mentor-a" })
      expect(Object.keys(last).sort()).toEqual(["actor", "at", "method", "ms", "requestId", "route", "status"])
      const text = JSON.stringify(w.log)
      expect(text).not.toMatch(fullId)
      expect(text).not.toContain(w.houses.a)
      for (const token of Object.values(w.tokens)) expect(text).not.toContain(token)
      expect(text).not.toMatch(/[\u0e00-\u0e7f]/)
    })
  })
}

describe("the API's limits and failures", () => {
  let w: World
  beforeAll(async () => {
    w = await world("memory", { rateLimit: { points: 3, perSeconds: 60 }, bodyLimit: 2000 })
  })
  afterAll(async () => {
    await w?.close()
  })

  it("answers 429 with Retry-After once a token has used its requests, and not for another token", async () => {
    const statuses: Array<number> = []
    for (let i = 0; i < 5; i++) statuses.push((await call(w, "get", "/v1/rounds", { headers: as(w, "pc") })).status)
    expect(statuses).toEqual([200, 200, 200, 429, 429])
    const limited = await w.app.request("/v1/rounds", { headers: as(w, "pc") })
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0)
    expect((await call(w, "get", "/v1/rounds", { headers: as(w, "auditor") })).status).toBe(200)
  })

  it("answers 413 to a body over the limit, and security headers on every answer", async () => {
    const big = await call(w, "post", "/v1/evaluate", { headers: as(w, "officer"), body: [{ filler: "x".repeat(5000) }] })
    expect(big.status).toBe(413)
    const health = await w.app.request("/health")
    expect(health.headers.get("x-content-type-options")).toBe("nosniff")
    expect(health.headers.get("access-control-allow-origin")).toBeNull()
  })

  it("answers a defect with 500 and the request id only, and logs no message of it", async () => {
    const { makeApp } = await import("../src/App.js")
    const { define } = await import("../src/Route.js")
    const Schema = await import("effect/Schema")
    const broken = define({
      method: "get",
      path: "/v1/broken",
      operationId: "broken",
      tag: "test",
      summary: "dies",
      auth: "public",
      response: Schema.String,
      handler: () => Effect.die(new Error("1101700230708 สมชาย"))
    })
    const lines: Array<unknown> = []
    const real = makeApp({ run: (program) => Effect.runPromiseExit(program as never) as never, routes: [broken], log: (l) => lines.push(l), uploads: "/nowhere" })
    const answer = await real.request("/v1/broken")
    expect(answer.status).toBe(500)
    const body = (await answer.json()) as { requestId?: unknown }
    expect(body).toMatchObject({ status: 500, tag: "InternalError" })
    expect(typeof body.requestId).toBe("string")
    expect(JSON.stringify(body)).not.toContain("1101700230708")
    expect(JSON.stringify(lines)).not.toContain("1101700230708")
  })

  it("answers /health, /ready, /openapi.json and /docs", async () => {
    expect((await w.app.request("/health")).status).toBe(200)
    expect(await (await w.app.request("/ready")).json()).toEqual({ status: "ready" })
    expect(((await (await w.app.request("/openapi.json")).json()) as { openapi: string }).openapi).toBe("3.1.0")
    const docs = await w.app.request("/docs")
    expect(await docs.text()).toContain("/openapi.json")
    expect((await w.app.request("/docs/scalar.js")).status).toBe(200)
    const nothing = await w.app.request("/v1/nothing-here")
    expect([nothing.status, nothing.headers.get("content-type")]).toEqual([404, "application/problem+json"])
  })
})

describe("the API with CORS on", () => {
  let w: World
  beforeAll(async () => {
    w = await world("memory", { corsOrigins: ["https://dash.example"] })
  })
  afterAll(async () => {
    await w?.close()
  })

  it("answers a configured origin with CORS headers, the security headers and the request id still on every answer", async () => {
    const origin = { origin: "https://dash.example" }
    const answers = [
      await w.app.request(`/v1/households/${w.houses.a}?round=2564`, { headers: { ...as(w, "pc"), ...origin } }),
      await w.app.request("/v1/rounds", { headers: origin }),
      await w.app.request("/health", { headers: origin })
    ]
    expect(answers.map((a) => a.status)).toEqual([200, 401, 200])
    for (const answer of answers) {
      expect(answer.headers.get("access-control-allow-origin")).toBe("https://dash.example")
      expect(answer.headers.get("access-control-expose-headers")).toContain("X-Request-Id")
      expect(answer.headers.get("x-content-type-options")).toBe("nosniff")
      expect(answer.headers.get("strict-transport-security")).toBe("max-age=15552000; includeSubDomains")
      expect(answer.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/)
    }
    const other = await w.app.request("/v1/rounds", { headers: { ...as(w, "pc"), origin: "https://elsewhere.example" } })
    expect(other.status).toBe(200)
    expect(other.headers.get("access-control-allow-origin")).toBeNull()
  })
})
