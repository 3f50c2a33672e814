// The dashboard in real Chromium (Debian's, through playwright-core), against the server
// process (`pnpm serve`: the API and the dashboard) on the main job's database: a
// Sisaket-sized registry of 400,000 households with its journey of ~16,000 target
// households, the API doing every aggregation. Figures, each beside a baseline measured in
// the same run and browser:
//  1. first meaningful paint of the province page (first-contentful-paint, the page's
//     whole HTML and its charts drawn on the server) for the provincial centre: the first
//     visit once the server has warmed up (it reads the journey and sums the newest round
//     in the background when it starts, and prints how long that took), and the median of
//     5 more, against the same
//     HTML served as a static file by a bare Hono app (the browser's own cost);
//  2. a drill-down click: from the province page to a district page, the click to the new
//     page's first contentful paint, the median over the districts, against the same click to the
//     static copy;
//  3. the payload of each page (HTML, and with the first visit's stylesheet and font).
// Targets: first paint ≤ 1.5 s, a drill-down ≤ 300 ms, the province page's data ≤ 200 KB.
// --web-db FILE: the SQLite database (default data/phungpao.db, made by `npm run
// main-job` when missing); --web-runs N (default 5).
import { spawn, spawnSync } from "node:child_process"
import { existsSync, mkdirSync } from "node:fs"
import { createRequire } from "node:module"
import { loadavg } from "node:os"
import { fileURLToPath, pathToFileURL } from "node:url"
import { report } from "./lib.mjs"

const root = fileURLToPath(new URL("..", import.meta.url))
const cli = `${root}apps/cli/dist/main.js`
const server = `${root}apps/web/dist/main.js`
export const defaults = { webDb: `${root}data/phungpao.db`, webRuns: 5 }
const targets = { paint: 1500, drill: 300, bytes: 200 * 1024 }

const webRequire = createRequire(new URL("../apps/web/package.json", import.meta.url))
const { chromium } = webRequire("playwright-core")

const load = () => loadavg().map((x) => x.toFixed(2)).join(" ")
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const kb = (n) => `${(n / 1024).toFixed(1)} KB`

const startServer = (env) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [server], { env, stdio: ["ignore", "pipe", "inherit"] })
    let text = ""
    child.stdout.on("data", (chunk) => {
      text += chunk
      const url = /phungpao api on (http:\/\/\S+)/.exec(text)?.[1]
      // Measured once the server has warmed up (it says so): what a user opening it then meets.
      const warm = /phungpao api warm in ([\d.]+) s/.exec(text)?.[1]
      if (url !== undefined && warm !== undefined) {
        console.log(`server warm in ${warm} s after it listened`)
        child.stdout.removeAllListeners("data")
        child.stdout.resume()
        resolve({ child, url })
      }
    })
    child.once("exit", (code) => reject(new Error(`the server exited ${code} before it listened`)))
  })

/** A bare Hono app answering each page's saved HTML and the same assets: the browser's own cost. */
const startStatic = async (pages, assets) => {
  const honoUrl = pathToFileURL(webRequire.resolve("hono")).href
  const { Hono } = await import(honoUrl)
  const apiRequire = createRequire(new URL("../apps/web/package.json", import.meta.url))
  const { serve } = await import(pathToFileURL(apiRequire.resolve("@hono/node-server")).href)
  const app = new Hono()
  app.get("/assets/:name", async (c) => {
    const asset = assets.get(c.req.param("name"))
    return asset === undefined ? c.notFound() : c.body(asset.body, 200, { "content-type": asset.type, "cache-control": "public, max-age=31536000, immutable" })
  })
  app.get("*", (c) => {
    const html = pages.get(new URL(c.req.url).pathname)
    return html === undefined ? c.notFound() : c.html(html)
  })
  return new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => resolve({ url: `http://127.0.0.1:${info.port}`, close: () => s.close() }))
  })
}

// The page's first-contentful-paint, waited for (a buffered observer sees one already made).
const paintOf = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve) => {
        const found = performance.getEntriesByName("first-contentful-paint")[0]
        if (found !== undefined) return resolve(found.startTime)
        new PerformanceObserver((list) => {
          const entry = list.getEntriesByName("first-contentful-paint")[0]
          if (entry !== undefined) resolve(entry.startTime)
        }).observe({ type: "paint", buffered: true })
        setTimeout(() => resolve(Number.NaN), 10_000)
      })
  )

/** When (epoch ms, this machine's clock) the page made its first contentful paint: a click's time to the next page. */
const paintedAt = async (page) => (await page.evaluate(() => performance.timeOrigin)) + (await paintOf(page))

export const run = async (options) => {
  const db = options.webDb ?? defaults.webDb
  const runs = options.webRuns ?? defaults.webRuns
  console.log(`\n## web: the dashboard in Chromium (database ${db}; load ${load()})`)
  if (!existsSync(db)) {
    console.log("no database: running the main job first (npm run main-job)")
    const r = spawnSync(process.execPath, [`${root}scripts/main-job.mjs`], { stdio: ["ignore", "ignore", "inherit"], cwd: root })
    if (r.status !== 0) throw new Error(`the main job exited ${r.status}`)
  }
  const env = { ...process.env, DATABASE_URL: `sqlite:${db}`, PORT: "0", RATE_LIMIT_PER_MINUTE: "100000" }
  const token = spawnSync(process.execPath, [cli, "token", "create", "--user", "pc-1", "--expires-days", "1"], { env, encoding: "utf8" })
  if (token.status !== 0) throw new Error(`token create --user pc-1: ${token.stderr}`)
  const { child, url } = await startServer(env)
  const browser = await chromium.launch({
    executablePath: process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
  })
  try {
    const host = new URL(url).hostname
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    await context.addCookies([{ name: "phungpao_session", value: token.stdout.trim(), domain: host, path: "/", httpOnly: true, sameSite: "Strict" }])
    const page = await context.newPage()

    // 1. First paint of the province page: cold (the first since the server started), then warm.
    const paints = []
    const t0 = performance.now()
    const first = await page.goto(`${url}/area/33`, { waitUntil: "load" })
    const coldWall = performance.now() - t0
    const cold = await paintOf(page)
    const provinceHtml = await first.text()
    for (let i = 0; i < runs; i++) {
      await page.goto(`${url}/area/33`, { waitUntil: "load" })
      paints.push(await paintOf(page))
    }
    // 2. Drill-downs: a click on each district's link on the province page, to the district page's first paint.
    const districts = await page.$$eval('main table a[href^="/area/"]', (links) => links.map((a) => a.getAttribute("href")))
    const drills = []
    const pages = new Map([["/area/33", provinceHtml]])
    for (const href of districts.slice(0, Math.max(runs, 5))) {
      await page.goto(`${url}/area/33`, { waitUntil: "load" })
      const clicked = Date.now()
      const [response] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(`main table a[href="${href}"]`)])
      drills.push((await paintedAt(page)) - clicked)
      pages.set(href, await response.text())
    }
    // 3. Payloads: each page's HTML, and the first visit's with its assets.
    const sized = {}
    const sub = [...pages.keys()].find((p) => p.length === 10)
    const one = { province: "/area/33", district: districts[0], public: "/public", fund: "/fund", households: `/households?area=${districts[0].slice(6)}` }
    for (const [name, path] of Object.entries(one)) {
      const r = await page.goto(`${url}${path}`, { waitUntil: "load" })
      sized[name] = (await r.body()).length
    }
    const fresh = await browser.newContext()
    await fresh.addCookies([{ name: "phungpao_session", value: token.stdout.trim(), domain: host, path: "/", httpOnly: true, sameSite: "Strict" }])
    const firstVisit = await fresh.newPage()
    let transferred = 0
    firstVisit.on("response", async (r) => {
      try {
        transferred += (await r.body()).length
      } catch {}
    })
    await firstVisit.goto(`${url}/area/33`, { waitUntil: "load" })
    await fresh.close()

    // The baseline: the same HTML as static files, the same browser.
    const assetNames = [...provinceHtml.matchAll(/\/assets\/([^"')]+)/g)].map((m) => m[1])
    const assets = new Map()
    for (const name of new Set(assetNames)) {
      const r = await page.request.get(`${url}/assets/${name}`)
      assets.set(name, { body: await r.body(), type: r.headers()["content-type"] })
    }
    const css = assets.get(assetNames.find((n) => n.endsWith(".css")))
    for (const m of css === undefined ? [] : css.body.toString().matchAll(/\/assets\/([^)]+)/g)) {
      const r = await page.request.get(`${url}/assets/${m[1]}`)
      assets.set(m[1], { body: await r.body(), type: r.headers()["content-type"] })
    }
    const bare = await startStatic(pages, assets)
    const basePaints = []
    for (let i = 0; i < runs + 1; i++) {
      await page.goto(`${bare.url}/area/33`, { waitUntil: "load" })
      basePaints.push(await paintOf(page))
    }
    const baseDrills = []
    for (const href of districts.slice(0, Math.max(runs, 5))) {
      await page.goto(`${bare.url}/area/33`, { waitUntil: "load" })
      const clicked = Date.now()
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(`main table a[href="${href}"]`)])
      baseDrills.push((await paintedAt(page)) - clicked)
    }
    bare.close()

    const warm = median(paints)
    const basePaint = median(basePaints.slice(1))
    console.log(`province page: first paint cold ${cold?.toFixed(0)} ms (load ${coldWall.toFixed(0)} ms), warm ${paints.map((p) => p.toFixed(0)).join(", ")} ms; load ${load()}`)
    report("web first paint, province (warm median)", `${warm.toFixed(0)} ms`, `${basePaint.toFixed(0)} ms static`, warm / basePaint, { text: `≤ ${targets.paint} ms`, met: warm <= targets.paint && cold <= targets.paint })
    report("web first paint, province (cold)", `${cold.toFixed(0)} ms`, `${basePaint.toFixed(0)} ms static`, cold / basePaint, { text: `≤ ${targets.paint} ms`, met: cold <= targets.paint })
    const drill = median(drills)
    const baseDrill = median(baseDrills)
    console.log(`drill-downs: ${drills.map((d) => d.toFixed(0)).join(", ")} ms`)
    report("web drill-down, province → district (median)", `${drill.toFixed(0)} ms`, `${baseDrill.toFixed(0)} ms static`, drill / baseDrill, { text: `≤ ${targets.drill} ms`, met: drill <= targets.drill })
    for (const [name, bytes] of Object.entries(sized)) console.log(`payload ${name}: ${kb(bytes)} HTML`)
    report("web province page data (HTML)", kb(sized.province), `${kb(transferred)} first visit with its stylesheet and font`, sized.province / transferred, { text: `≤ ${kb(targets.bytes)}`, met: sized.province <= targets.bytes })
    console.log(`load ${load()}${sub === undefined ? "" : ""}`)
  } finally {
    await browser.close()
    child.kill("SIGTERM")
  }
}
