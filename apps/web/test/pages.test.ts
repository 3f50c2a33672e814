/**
 * The dashboard's pages in process, over the API's test world (memory and SQLite): what
 * each role sees and may do, that the API's scope, masking and audit hold on every page,
 * and that a form's refusal comes back beside its fields. The browser suite drives the
 * same pages in Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { as, world, type World } from "../../api/test/world.js"
import { page, webOf } from "./helpers.js"

for (const engine of ["memory", "sqlite"] as const) {
  describe(`the dashboard on ${engine}`, () => {
    let w: World
    let web: ReturnType<typeof webOf>
    beforeAll(async () => {
      w = await world(engine)
      web = webOf(w)
    })
    afterAll(async () => {
      await w?.close()
    })

    it("shows the public page to anyone, in Thai by default and in English at one click, with no household on it", async () => {
      const th = await page(web, w, "/public")
      expect(th.status).toBe(200)
      expect(th.html).toContain('<html lang="th">')
      expect(th.html).toContain("รายงานสาธารณะ")
      expect(th.headers.get("content-security-policy")).toContain("default-src 'none'")
      expect(th.html).not.toContain(w.houses.a)
      const switched = await page(web, w, "/lang/en?back=%2Fpublic")
      expect([switched.status, switched.headers.get("location")]).toEqual([303, "/public"])
      expect(switched.headers.get("set-cookie")).toContain("phungpao_lang=en")
      const en = await page(web, w, "/public", { lang: "en" })
      expect(en.html).toContain('<html lang="en">')
      expect(en.html).toContain("Progress by district")
      expect((await page(web, w, "/lang/en?back=https%3A%2F%2Fevil.example")).headers.get("location")).toBe("/")
    })

    it("signs in with a token the API accepts and refuses one it does not", async () => {
      expect((await page(web, w, "/")).headers.get("location")).toBe("/signin")
      const bad = await page(web, w, "/signin", { form: { token: "php_nope" } })
      expect(bad.status).toBe(401)
      expect(bad.html).toContain("โทเค็นไม่ถูกต้อง")
      const good = await page(web, w, "/signin", { form: { token: w.tokens["pc"]! } })
      expect([good.status, good.headers.get("location")]).toEqual([303, "/"])
      expect(good.headers.get("set-cookie")).toMatch(/phungpao_session=.+; .*HttpOnly; SameSite=Strict/)
      expect((await page(web, w, "/", { user: "pc" })).headers.get("location")).toBe("/area/33")
    })

    it("drills down from the province to a village, every level's counts linking to its households", async () => {
      const province = await page(web, w, "/area/33", { user: "pc" })
      expect(province.status).toBe(200)
      expect(province.html).toContain(`href="/area/${w.districts.a}"`)
      expect(province.html).toContain("<svg")
      expect(province.html).toContain(`/households?area=${w.districts.a}&amp;reached=verified`)
      const village = w.villages.a
      for (const code of [w.districts.a, village.slice(0, 6), village]) {
        const got = await page(web, w, `/area/${code}`, { user: "pc" })
        expect(got.status, code).toBe(200)
      }
      const list = await page(web, w, `/households?area=${village}`, { user: "pc" })
      expect(list.html).toContain(`href="/household/${w.houses.a}"`)
      const sorted = await page(web, w, `/households?area=${w.districts.a}&sort=-step`, { user: "pc" })
      expect(sorted.status).toBe(200)
      expect(sorted.html).toContain('<option value="-step" selected="">')
    })

    it("shows each program's enrolment progress by area, and previews a rule's counts by area, cut to the user's areas", async () => {
      const province = await page(web, w, "/programs", { user: "pc" })
      expect(province.status).toBe(200)
      expect(province.html).toContain(`${w.programs.id} · ชุดนักเรียน`)
      expect(province.html).toContain("ดำเนินการ")
      // The world delivered once in each district: 2 of the enrolled households.
      expect(province.html).toMatch(/<progress max="\d+" value="2" aria-label="ส่งมอบแล้ว: 2 \/ \d+">/)
      const districts = [...province.html.matchAll(/<th scope="row">([^<]+)<\/th>/g)].length
      const mine = await page(web, w, "/programs", { user: "dc-a", lang: "en" })
      expect(mine.html).toContain("Enrolment, survey and delivery progress by area")
      expect([...mine.html.matchAll(/<th scope="row">([^<]+)<\/th>/g)].length).toBeLessThan(districts)
      const stored = await page(web, w, `/programs/${w.programs.id}/preview`, { user: "pc" })
      expect(stored.status).toBe(200)
      expect(stored.html).toContain("ผู้ที่เกณฑ์นี้จะเลือก")
      const rule = encodeURIComponent("member.age >= 6 && member.age <= 15")
      const tried = await page(web, w, `/programs/preview?round=2564&unit=member&by=district&where=${rule}`, { user: "dc-a", lang: "en" })
      expect(tried.status).toBe(200)
      expect(tried.html).toContain(`<th scope="row">`)
      expect(tried.html).not.toContain(`>${w.districts.b}<`)
      const bad = await page(web, w, `/programs/preview?round=2564&unit=member&where=${encodeURIComponent("member.agee > 6")}`, { user: "pc" })
      expect(bad.status).toBe(422)
      expect(bad.html).toContain("กฎของโครงการใช้ไม่ได้")
      expect(bad.html).toContain("line 1, column 8")
      expect((await page(web, w, "/programs/P-999/preview", { user: "pc" })).status).toBe(404)
    })

    it("keeps a district's user to their district: another district's household and area answer 404", async () => {
      const own = await page(web, w, `/household/${w.houses.a}`, { user: "dc-a" })
      expect(own.status).toBe(200)
      const other = await page(web, w, `/household/${w.houses.b}`, { user: "dc-a" })
      expect(other.status).toBe(404)
      expect(other.html).toContain("ไม่พบข้อมูล")
      expect(other.html).not.toContain("xxxxxxxxx")
      expect((await page(web, w, `/area/${w.districts.b}`, { user: "dc-a" })).status).toBe(404)
      const list = await page(web, w, `/households?area=${w.districts.b}`, { user: "dc-a" })
      expect(list.status).toBe(404)
      expect(list.html).not.toContain(w.houses.b)
    })

    it("masks citizen IDs; unmasking shows them in full to a mentor and puts the read on record", async () => {
      const masked = await page(web, w, `/household/${w.houses.a}`, { user: "mentor-a" })
      expect(masked.html).toMatch(/<code>x{9}\d{4}<\/code>/)
      expect(masked.html).not.toMatch(/<code>\d{13}<\/code>/)
      const before = await w.app.request("/v1/audit?limit=500", { headers: as(w, "auditor") })
      const count = ((await before.json()) as { items: Array<unknown> }).items.length
      const shown = await page(web, w, `/household/${w.houses.a}?unmask=true&reason=${encodeURIComponent("ยืนยันตัวตน")}`, { user: "mentor-a" })
      expect(shown.html).toMatch(/<code>\d{13}<\/code>/)
      const after = (await (await w.app.request("/v1/audit?limit=500", { headers: as(w, "auditor") })).json()) as { items: Array<{ actor: string; reason?: string; houseCodes: Array<string> }> }
      expect(after.items.length).toBe(count + 1)
      expect(after.items.at(-1)).toMatchObject({ actor: "mentor-a", reason: "ยืนยันตัวตน", houseCodes: [w.houses.a] })
    })

    it("records a visit from the household page, and shows a refused field beside it in Thai", async () => {
      const refused = await page(web, w, `/household/${w.houses.a}/visit`, { user: "mentor-a", form: { on: "31/02/2565", stage: "survive", _key: `bad-${engine}` } })
      expect(refused.status).toBe(422)
      expect(refused.html).toContain('id="visit-on-error"')
      expect(refused.html).toContain("ข้อมูลไม่ถูกต้อง")
      expect(refused.html).toContain('value="31/02/2565"')
      const saved = await page(web, w, `/household/${w.houses.a}/visit`, { user: "mentor-a", form: { on: "2022-04-01", stage: "sufficient", note: "ติดตามเยี่ยมบ้าน", _key: `ok-${engine}` } })
      expect([saved.status, saved.headers.get("location")]).toEqual([303, `/household/${w.houses.a}?saved=${encodeURIComponent("บันทึกการติดตาม")}`])
      const shown = await page(web, w, `/household/${w.houses.a}`, { user: "mentor-a" })
      expect(shown.html).toContain("ติดตามเยี่ยมบ้าน")
      // The same form sent twice (its idempotency key) is one visit.
      await page(web, w, `/household/${w.houses.a}/visit`, { user: "mentor-a", form: { on: "2022-04-01", stage: "sufficient", note: "ติดตามเยี่ยมบ้าน", _key: `ok-${engine}` } })
      const journey = (await (await w.app.request(`/v1/journey/households/${w.houses.a}`, { headers: as(w, "mentor-a") })).json()) as { facts: { visits: Array<{ note?: string }> } }
      expect(journey.facts.visits.filter((v) => v.note === "ติดตามเยี่ยมบ้าน").length).toBe(1)
    })

    it("refuses a form without the session's CSRF field or from another site", async () => {
      const form = { on: "2022-04-02", stage: "survive" }
      expect((await page(web, w, `/household/${w.houses.a}/visit`, { user: "mentor-a", form, csrf: false })).status).toBe(403)
      expect((await page(web, w, `/household/${w.houses.a}/visit`, { user: "mentor-a", form, csrf: "0".repeat(32) })).status).toBe(403)
      expect((await page(web, w, `/household/${w.houses.a}/visit`, { user: "mentor-a", form, headers: { origin: "https://evil.example" } })).status).toBe(403)
    })

    it("lets a committee member approve a request, but never their own", async () => {
      const asked = await w.app.request("/v1/fund/requests", {
        method: "POST",
        headers: as(w, "m1", { "content-type": "application/json", "idempotency-key": `web-own-${engine}` }),
        body: JSON.stringify({ houseCode: w.houses.a, villageCode: w.villages.a, purpose: "school-uniforms", pool: {}, amount: 20000 })
      })
      expect(asked.status).toBe(201)
      const id = ((await asked.json()) as { id: string }).id
      const fund = await page(web, w, "/fund", { user: "m1" })
      expect(fund.html).toContain(`action="/fund/requests/${id}/approve"`)
      const own = await page(web, w, `/fund/requests/${id}/approve`, { user: "m1", form: { _key: `own-${engine}` } })
      expect(own.status).toBe(403)
      expect(own.html).toContain("อนุมัติคำขอของตนเองไม่ได้")
      const other = await page(web, w, `/fund/requests/${id}/approve`, { user: "m2", form: { _key: `m2-${engine}` } })
      expect([other.status, other.headers.get("location")]).toEqual([303, `/fund?done=${encodeURIComponent(`อนุมัติ ${id}`)}`])
      const mentor = await page(web, w, "/fund", { user: "mentor-a" })
      expect(mentor.status).toBe(403)
    })
  })
}
