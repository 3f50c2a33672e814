/**
 * The dashboard in real Chromium over the API's test world on SQLite, served over TCP:
 * sign in, drill down from the province to a village, open a household, record a visit,
 * approve a fund request as a committee member and be refused one's own, the public page,
 * and a district's user kept out of another district's household. Each main page is
 * checked by axe-core (no serious or critical violation) and photographed in Thai and
 * English at desktop and phone width into docs/screenshots/.
 */
import { serve } from "@hono/node-server"
import axe from "axe-core"
import { mkdirSync } from "node:fs"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { as, world, type World } from "../../api/test/world.js"
import { makeWeb } from "../src/Web.js"
import { launch } from "./browser.js"

const shots = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url))

const sizes = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const

describe("the dashboard in Chromium", () => {
  let w: World
  let browser: Browser
  let url: string
  let close: () => Promise<void>

  beforeAll(async () => {
    w = await world("sqlite")
    const web = makeWeb(w.app)
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: web.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s))
    })
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    close = () => new Promise<void>((resolve) => server.close(() => resolve()))
    browser = await launch()
    mkdirSync(shots, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
    await close?.()
    await w?.close()
  })

  /** A browser context signed in as `user` through the sign-in form, in `lang`. */
  const signedIn = async (user: string | undefined, options: { readonly lang?: "th" | "en"; readonly size?: keyof typeof sizes; readonly bypassCSP?: boolean } = {}) => {
    const context = await browser.newContext({ viewport: sizes[options.size ?? "desktop"], bypassCSP: options.bypassCSP ?? false, locale: "th-TH" })
    const page = await context.newPage()
    if (options.lang === "en") {
      await page.goto(`${url}/lang/en?back=/public`)
    }
    if (user !== undefined) {
      await page.goto(`${url}/signin`)
      await page.locator("#token").fill(w.tokens[user]!)
      await page.locator("main button[type=submit]").click()
      await page.waitForURL((u) => !u.pathname.startsWith("/signin"))
    }
    return { context, page }
  }

  const accessible = async (page: Page) => {
    await page.addScriptTag({ content: axe.source })
    const result = await page.evaluate(async () => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ["violations"] }))
    return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)
  }

  it("signs in, drills down from the province to a village, opens a household and records a visit", async () => {
    const { context, page } = await signedIn("pc")
    expect(new URL(page.url()).pathname).toBe("/area/33")
    await expect(page.locator("h1").textContent()).resolves.toBe("ศรีสะเกษ")
    for (const code of [w.districts.a, w.villages.a.slice(0, 6), w.villages.a]) {
      await page.locator(`main table a[href="/area/${code}"]`).first().click()
      await page.waitForURL(`${url}/area/${code}`)
    }
    await expect(page.locator(".crumbs li").count()).resolves.toBe(4)
    // The village's targets link to its households; one of them is the district's.
    await page.locator(`a[href="/households?area=${w.villages.a}"]`).first().click()
    await page.locator(`a[href="/household/${w.houses.a}"]`).click()
    await page.waitForURL(`${url}/household/${w.houses.a}`)
    await context.close()

    const mentor = await signedIn("mentor-a")
    await mentor.page.goto(`${url}/household/${w.houses.a}`)
    await mentor.page.locator("#visit-on").fill("2022-04-20")
    await mentor.page.locator("#visit-stage").selectOption("sufficient")
    await mentor.page.locator("#visit-note").fill("เยี่ยมบ้านครั้งที่สอง")
    await mentor.page.locator("#visit-form button[type=submit]").click()
    await mentor.page.waitForURL((u) => u.searchParams.has("saved"))
    await expect(mentor.page.locator("[role=status]").first().textContent()).resolves.toContain("บันทึกแล้ว")
    await expect(mentor.page.locator("section[aria-labelledby=visits]").textContent()).resolves.toContain("เยี่ยมบ้านครั้งที่สอง")
    // A date the API refuses comes back beside its field, with what was typed.
    await mentor.page.locator("#visit-on").evaluate((input: HTMLInputElement) => {
      input.type = "text"
    })
    await mentor.page.locator("#visit-on").fill("2022-13-40")
    await mentor.page.locator("#visit-form button[type=submit]").click()
    await expect(mentor.page.locator("#visit-on-error").textContent()).resolves.toContain("ข้อมูลไม่ถูกต้อง")
    await expect(mentor.page.locator("#visit-on").getAttribute("aria-invalid")).resolves.toBe("true")
    await mentor.context.close()
  })

  it("lets a committee member approve a request, and refuses their own", async () => {
    const asked = await w.app.request("/v1/fund/requests", {
      method: "POST",
      headers: as(w, "m1", { "content-type": "application/json", "idempotency-key": "e2e-own" }),
      body: JSON.stringify({ houseCode: w.houses.a, villageCode: w.villages.a, purpose: "school-uniforms", pool: {}, amount: 25000 })
    })
    const id = ((await asked.json()) as { id: string }).id
    const own = await signedIn("m1")
    await own.page.goto(`${url}/fund`)
    await own.page.locator(`form[action="/fund/requests/${id}/approve"] button`).click()
    await expect(own.page.locator("[role=alert]").textContent()).resolves.toContain("อนุมัติคำขอของตนเองไม่ได้")
    await own.context.close()
    const other = await signedIn("m2")
    await other.page.goto(`${url}/fund`)
    await other.page.locator(`form[action="/fund/requests/${id}/approve"] button`).click()
    await other.page.waitForURL((u) => u.pathname === "/fund" && u.searchParams.has("done"))
    await expect(other.page.locator("[role=status]").textContent()).resolves.toContain(id)
    await other.context.close()
  })

  it("keeps a district's user out of another district's household, even by URL", async () => {
    const { context, page } = await signedIn("dc-a")
    const response = await page.goto(`${url}/household/${w.houses.b}`)
    expect(response?.status()).toBe(404)
    await expect(page.locator("[role=alert]").textContent()).resolves.toContain("ไม่พบข้อมูล")
    expect(await page.content()).not.toContain("xxxxxxxxx")
    expect((await page.goto(`${url}/household/${w.houses.a}`))?.status()).toBe(200)
    await context.close()
  })

  it("shows the public page without signing in, with no household on it", async () => {
    const { context, page } = await signedIn(undefined)
    await page.goto(`${url}/public`)
    await expect(page.locator("h1").textContent()).resolves.toBe("รายงานสาธารณะ")
    expect(await page.content()).not.toContain(w.houses.a)
    await page.locator('a[hreflang="en"]').click()
    await expect(page.locator("h1").textContent()).resolves.toBe("Public report")
    await context.close()
  })

  const pages: ReadonlyArray<{ readonly name: string; readonly user: string | undefined; readonly path: () => string }> = [
    { name: "public", user: undefined, path: () => "/public" },
    { name: "signin", user: undefined, path: () => "/signin" },
    { name: "province", user: "pc", path: () => "/area/33" },
    { name: "district", user: "pc", path: () => `/area/${w.districts.a}` },
    { name: "households", user: "pc", path: () => `/households?area=${w.districts.a}` },
    { name: "household", user: "mentor-a", path: () => `/household/${w.houses.a}` },
    { name: "fund", user: "m2", path: () => "/fund" },
    { name: "programs", user: "pc", path: () => "/programs" },
    { name: "program-preview", user: "pc", path: () => `/programs/preview?round=2564&unit=member&by=district&where=${encodeURIComponent("member.age >= 6 && member.age <= 15")}` }
  ]

  // One test a language and width (each with the suite's timeout), so a loaded machine slows them without failing them.
  it.each([
    ["th", "desktop"],
    ["th", "phone"],
    ["en", "desktop"],
    ["en", "phone"]
  ] as const)("has no serious accessibility violation on any main page, and photographs each (%s, %s)", async (lang, size) => {
    const found: Array<string> = []
    for (const p of pages) {
      const { context, page } = await signedIn(p.user, { lang, size, bypassCSP: true })
      const response = await page.goto(`${url}${p.path()}`)
      expect(response?.status(), `${p.name} ${lang} ${size}`).toBe(200)
      await page.evaluate(() => document.fonts.ready)
      await page.screenshot({ path: `${shots}${p.name}-${lang}-${size}.png` })
      if (size === "desktop") for (const v of await accessible(page)) found.push(`${p.name} (${lang}): ${v}`)
      await context.close()
    }
    expect(found).toEqual([])
  })
})
