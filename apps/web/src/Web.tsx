/**
 * The dashboard as a Hono app: server-rendered pages over the HTTP API, called in process
 * with the signed-in user's own token, so the API's roles, area scope, masking and audit
 * hold on every page. The API's own paths (`/v1`, `/openapi.json`, `/docs`, `/health`,
 * `/ready`) pass through unchanged. No script runs in the browser: links, forms (with a
 * CSRF field and an idempotency key each) and charts drawn on the server as SVG.
 */
import { Satang } from "@phungpao/domain"
import { Hono } from "hono"
import type { Context } from "hono"
import { deleteCookie, getCookie, setCookie } from "hono/cookie"
import { createHash, randomUUID } from "node:crypto"
import * as Assets from "./Assets.js"
import { type Api, client, query, type Problem } from "./Client.js"
import { type Ctx, ctxOf, home, type Me, may } from "./Context.js"
import type { Lang } from "./I18n.js"
import { AreaPage, fiscalStart } from "./pages/Area.js"
import { FundPage } from "./pages/Fund.js"
import { type FormState, HouseholdPage } from "./pages/Household.js"
import { HouseholdsPage, OverduePage } from "./pages/Households.js"
import { PreviewPage, ProgramsPage } from "./pages/Programs.js"
import { PublicPage } from "./pages/Public.js"
import { SignInPage } from "./pages/SignIn.js"

export const sessionCookie = "phungpao_session"
const langCookie = "phungpao_lang"

/** The form field that proves a POST came from a page this server gave the session: a hash of its token, never the token. */
export const csrfOf = (token: string | undefined): string =>
  createHash("sha256")
    .update(`csrf:${token ?? "anonymous"}`)
    .digest("hex")
    .slice(0, 32)

export interface Options {
  /** One JSON line per page: method, route, status, duration, actor id; never a token, a citizen ID or a body. */
  readonly log?: (line: Readonly<Record<string, unknown>>) => void
  /** Mark the session cookie `Secure` (behind HTTPS). */
  readonly secureCookies?: boolean
}

const apiPaths = ["/v1/*", "/openapi.json", "/docs", "/docs/*", "/health", "/ready"]

/** The pages' security headers: no script at all, styles and fonts from this server only, never in a frame. */
const pageHeaders: Record<string, string> = {
  "content-security-policy":
    "default-src 'none'; style-src 'self'; style-src-attr 'unsafe-inline'; font-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
  "cross-origin-opener-policy": "same-origin",
  "cache-control": "no-store"
}

type Env = { Variables: { ctx: Ctx; token: string | undefined; requestId: string; route: string } }

/** Thailand keeps UTC+7 all year: the Thai date a form defaults to. */
const thaiToday = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)

const langOf = (c: Context<Env>): Lang => (getCookie(c, langCookie) === "en" ? "en" : "th")

const fieldOfPath = (path: string): string => {
  const rest = path.replace(/^body\.?/, "")
  const head = rest.split(/[.[]/)[0] ?? rest
  if (head === "giver") return "person"
  if (head === "responsible") return "agency"
  if (head === "transferReference" || head === "paidOn") return head
  return head === "" ? "_" : head
}

const reasonText = (lang: Lang, reason: string): string =>
  lang === "th" ? (reason === "is required" ? "จำเป็นต้องกรอก" : `ข้อมูลไม่ถูกต้อง (${reason})`) : reason

/** A refused write as the form shows it: each field's error, or the refusal's title and detail. */
const stateOf = (lang: Lang, form: FormState["form"], values: FormState["values"], problem: Problem): FormState => {
  const errors: Record<string, string> = {}
  for (const e of problem.errors ?? []) errors[fieldOfPath(e.path)] ??= reasonText(lang, e.reason)
  const title = lang === "th" ? (problem.titleTh ?? problem.title) : problem.title
  const refusal = Object.keys(errors).length > 0 ? (lang === "th" ? "กรุณาแก้ไขข้อมูลที่ไม่ถูกต้อง" : "Please correct the fields below") : `${title ?? ""}${problem.detail === undefined ? "" : `: ${problem.detail}`}`
  return { form, values, errors, refusal }
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined)
const list = (v: unknown): ReadonlyArray<string> => (Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : [])
/** A baht amount as satang; text that is no amount is passed on as it is, for the API to name the field. */
const money = (v: unknown): number | string => {
  const s = text(v) ?? "0"
  return Satang.parse(s) ?? s
}
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

export const makeWeb = (api: Api, options: Options = {}) => {
  const app = new Hono<Env>()
  for (const path of apiPaths) app.all(path, (c) => api.fetch(c.req.raw))

  app.get("/assets/:name", (c) => {
    const asset = Assets.byName.get(c.req.param("name"))
    if (asset === undefined) return c.notFound()
    const immutable = asset.name !== "LICENSE-sarabun.txt"
    return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, {
      "content-type": asset.type,
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "public, max-age=86400",
      "x-content-type-options": "nosniff"
    })
  })

  // Every page: its request id, language, session and the signed-in user (the API says who the token is).
  app.use(async (c, next) => {
    const started = performance.now()
    const requestId = randomUUID()
    c.set("requestId", requestId)
    const token = getCookie(c, sessionCookie)
    const lang = langOf(c)
    const api0 = client(api, token, requestId)
    let me: Me | undefined
    if (token !== undefined) {
      const who = await api0.get<Me>("/v1/me")
      if (who.status === 200) me = who.body
      else deleteCookie(c, sessionCookie, { path: "/" })
    }
    c.set("token", me === undefined ? undefined : token)
    const url = new URL(c.req.url)
    c.set("ctx", ctxOf({ lang, me, api: client(api, me === undefined ? undefined : token, requestId), csrf: csrfOf(me === undefined ? undefined : token), here: `${url.pathname}${url.search}` }))
    if (c.req.method === "POST") {
      // A form from another site is refused: the browser names the page's origin, and the field proves the session's.
      const origin = c.req.header("origin")
      const site = c.req.header("sec-fetch-site")
      const form = await c.req.parseBody({ all: true })
      const fromHere = (origin === undefined || origin === url.origin) && (site === undefined || site === "same-origin" || site === "none")
      if (!fromHere || form["_csrf"] !== csrfOf(me === undefined ? undefined : token)) {
        return c.text(lang === "th" ? "คำขอนี้ไม่ได้มาจากหน้าของระบบ" : "This request did not come from a page of this site", 403, pageHeaders)
      }
    }
    await next()
    for (const [k, v] of Object.entries(pageHeaders)) if (!c.res.headers.has(k) || k === "cache-control") c.res.headers.set(k, v)
    c.res.headers.set("x-request-id", requestId)
    options.log?.({
      face: "web",
      requestId,
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      actor: me?.id ?? null
    })
  })

  const signedIn = (c: Context<Env>) => c.get("ctx").me !== undefined
  const toSignIn = (c: Context<Env>) => c.redirect(`/signin`, 303)

  app.get("/lang/:lang", (c) => {
    const lang = c.req.param("lang") === "en" ? "en" : "th"
    setCookie(c, langCookie, lang, { path: "/", sameSite: "Lax", maxAge: 365 * 86_400, httpOnly: true })
    const back = c.req.query("back") ?? "/"
    // Back to a page of this site only.
    return c.redirect(back.startsWith("/") && !back.startsWith("//") ? back : "/", 303)
  })

  app.get("/signin", (c) => c.html(<SignInPage ctx={c.get("ctx")} failed={false} />))
  app.post("/signin", async (c) => {
    const form = await c.req.parseBody()
    const token = text(form["token"])
    const who = token === undefined ? undefined : await client(api, token, c.get("requestId")).get<Me>("/v1/me")
    if (who === undefined || who.status !== 200) return c.html(<SignInPage ctx={c.get("ctx")} failed />, 401)
    setCookie(c, sessionCookie, token!, { path: "/", httpOnly: true, sameSite: "Strict", secure: options.secureCookies ?? false, maxAge: 12 * 3600 })
    return c.redirect("/", 303)
  })
  app.post("/signout", (c) => {
    deleteCookie(c, sessionCookie, { path: "/" })
    return c.redirect("/signin", 303)
  })

  app.get("/public", async (c) => {
    const ctx = c.get("ctx")
    const [progress, fund] = await Promise.all([ctx.api.get("/v1/public/progress"), ctx.api.get("/v1/fund/reports/public")])
    return c.html(<PublicPage ctx={ctx} progress={progress} fund={fund} />)
  })

  app.get("/", (c) => {
    const me = c.get("ctx").me
    if (me === undefined) return toSignIn(c)
    if (may(me, "readReport")) return c.redirect(`/area/${home(me)}`, 303)
    if (may(me, "readFund")) return c.redirect("/fund", 303)
    return c.redirect("/public", 303)
  })

  const areaPage = async (c: Context<Env>, code: string) => {
    const ctx = c.get("ctx")
    if (!/^(\d{2}|\d{4}|\d{6}|\d{8})$/.test(code)) return c.html(<AreaPage ctx={ctx} data={{ code, progress: { status: 404, body: {} }, report: undefined, round: undefined, burnDowns: undefined }} />, 404)
    const level = code.length === 2 ? "province" : code.length === 4 ? "district" : code.length === 6 ? "subdistrict" : "village"
    const by = code.length === 2 ? "district" : code.length === 4 ? "subdistrict" : "village"
    const rounds = ctx.api.get("/v1/rounds")
    const [progress, burnDowns, roundList] = await Promise.all([
      ctx.api.get(`/v1/journey/progress${query({ area: code, depth: 1 })}`),
      code.length <= 4 ? ctx.api.get(`/v1/journey/burndowns${query({ area: code, from: fiscalStart(thaiToday()), every: 14 })}`) : Promise.resolve(undefined),
      rounds
    ])
    const round = roundList.status === 200 ? (roundList.body.items as ReadonlyArray<{ round: number }>).map((r) => r.round).sort((a, b) => b - a)[0] : undefined
    let report: { status: number; body: any } | undefined
    if (round !== undefined) {
      const [own, within] = await Promise.all([
        ctx.api.get(`/v1/reports/areas${query({ round, by: level })}`),
        code.length === 8 ? Promise.resolve(undefined) : ctx.api.get(`/v1/reports/areas${query({ round, by })}`)
      ])
      report =
        own.status !== 200
          ? own
          : { status: 200, body: [...(own.body as ReadonlyArray<any>).filter((l) => l.area === code), ...((within?.status === 200 ? within.body : []) as ReadonlyArray<any>).filter((l) => l.area.startsWith(code))] }
    }
    const status = progress.status === 200 ? 200 : progress.status === 403 ? 403 : 404
    return c.html(<AreaPage ctx={ctx} data={{ code, progress, report, round, burnDowns }} />, status)
  }
  app.get("/area", (c) => (signedIn(c) ? c.redirect(`/area/${home(c.get("ctx").me!)}`, 303) : toSignIn(c)))
  app.get("/area/:code", (c) => (signedIn(c) ? areaPage(c, c.req.param("code")) : toSignIn(c)))

  const filterKeys = ["step", "reached", "dimension", "team", "helped", "solved", "code", "sort"] as const
  app.get("/households", async (c) => {
    if (!signedIn(c)) return toSignIn(c)
    const ctx = c.get("ctx")
    const area = c.req.query("area") ?? home(ctx.me!)
    const filters = { area, ...Object.fromEntries(filterKeys.map((k) => [k, text(c.req.query(k))])) }
    const cursor = text(c.req.query("cursor"))
    const answer = await ctx.api.get(`/v1/journey/households${query({ ...filters, limit: 50, cursor })}`)
    return c.html(<HouseholdsPage ctx={ctx} filters={filters} answer={answer} cursor={cursor} />, (answer.status === 200 ? 200 : answer.status) as 200)
  })
  app.get("/overdue", async (c) => {
    if (!signedIn(c)) return toSignIn(c)
    const ctx = c.get("ctx")
    const area = c.req.query("area") ?? home(ctx.me!)
    const answer = await ctx.api.get(`/v1/journey/overdue${query({ area, limit: 100, cursor: text(c.req.query("cursor")) })}`)
    return c.html(<OverduePage ctx={ctx} area={area} answer={answer} />, (answer.status === 200 ? 200 : answer.status) as 200)
  })

  const householdPage = async (c: Context<Env>, houseCode: string, extra: { readonly saved?: string; readonly state?: FormState; readonly status?: number } = {}) => {
    const ctx = c.get("ctx")
    const unmask = c.req.method === "GET" && c.req.query("unmask") === "true"
    const reason = text(c.req.query("reason"))
    const journey = await ctx.api.get(`/v1/journey/households/${encodeURIComponent(houseCode)}`)
    let decision: { status: number; body: any } | undefined
    let record: { status: number; body: any } | undefined
    if (journey.status === 200) {
      const round = journey.body.facts.household.round as number
      ;[decision, record] = await Promise.all([
        ctx.api.get(`/v1/households/${houseCode}/decision${query({ round })}`),
        may(ctx.me, "readRegistry") ? ctx.api.get(`/v1/households/${houseCode}${query({ round, ...(unmask ? { unmask: "true", reason } : {}) })}`) : Promise.resolve(undefined)
      ])
    }
    const unmasked = unmask && record?.status === 200
    const status = extra.status ?? (journey.status === 200 ? 200 : journey.status === 403 ? 403 : 404)
    return c.html(
      <HouseholdPage ctx={ctx} data={{ houseCode, journey, decision, record, unmasked, saved: extra.saved, state: extra.state }} formKey={randomUUID()} today={thaiToday()} />,
      status as 200
    )
  }
  app.get("/household/:code", (c) => {
    if (!signedIn(c)) return toSignIn(c)
    const saved = text(c.req.query("saved"))
    return householdPage(c, c.req.param("code"), saved === undefined ? {} : { saved })
  })

  /** A form's write: the API's answer decides, a redirect on success (the page reloads with it) or the page with the errors. */
  const write = async (c: Context<Env>, form: FormState["form"], path: string, body: unknown, done: string) => {
    const ctx = c.get("ctx")
    const values = (await c.req.parseBody({ all: true })) as Record<string, string | Array<string>>
    const key = text(values["_key"])
    const answer = await ctx.api.post(path, body, key)
    const houseCode = c.req.param("code")!
    if (answer.status >= 200 && answer.status < 300) return c.redirect(`/household/${houseCode}?saved=${encodeURIComponent(done)}`, 303)
    const { _csrf, _key, ...typed } = values
    return householdPage(c, houseCode, { state: stateOf(ctx.lang, form, typed, answer.body as Problem), status: answer.status === 404 ? 404 : 422 })
  }
  app.post("/household/:code/visit", async (c) => {
    if (!signedIn(c)) return toSignIn(c)
    const f = await c.req.parseBody({ all: true })
    const body = defined({ on: text(f["on"]), stage: text(f["stage"]), confirms: list(f["confirms"]).map(Number), note: text(f["note"]) })
    return write(c, "visit", `/v1/journey/households/${c.req.param("code")}/visits`, body, c.get("ctx").t("recordVisit"))
  })
  app.post("/household/:code/help", async (c) => {
    if (!signedIn(c)) return toSignIn(c)
    const f = await c.req.parseBody({ all: true })
    const body = defined({
      on: text(f["on"]),
      giver: defined({ person: text(f["person"]), agency: text(f["agency"]) }),
      kind: text(f["kind"]),
      value: money(f["value"]),
      problems: list(f["problems"]).map(Number),
      budgetSource: text(f["budgetSource"]),
      note: text(f["note"])
    })
    return write(c, "help", `/v1/journey/households/${c.req.param("code")}/help`, body, c.get("ctx").t("recordHelp"))
  })
  app.post("/household/:code/action", async (c) => {
    if (!signedIn(c)) return toSignIn(c)
    const f = await c.req.parseBody({ all: true })
    const agency = text(f["agency"])
    const body = defined({
      part: text(f["part"]),
      description: text(f["description"]),
      problems: list(f["problems"]).map(Number),
      responsible: agency === undefined ? undefined : { _tag: "agency", code: agency },
      budgetSource: text(f["budgetSource"]),
      plannedCost: money(f["plannedCost"]),
      due: text(f["due"])
    })
    return write(c, "action", `/v1/journey/households/${c.req.param("code")}/actions`, body, c.get("ctx").t("addAction"))
  })

  const fundPage = async (c: Context<Env>, notice?: { good: boolean; text: string }, status = 200) => {
    const ctx = c.get("ctx")
    const report = await ctx.api.get("/v1/fund/reports/committee")
    return c.html(<FundPage ctx={ctx} report={report} notice={notice} formKey={randomUUID()} today={thaiToday()} />, (report.status === 200 ? status : report.status) as 200)
  }
  app.get("/fund", (c) => {
    if (!signedIn(c)) return toSignIn(c)
    const done = text(c.req.query("done"))
    return fundPage(c, done === undefined ? undefined : { good: true, text: `${c.get("ctx").t("saved")}: ${done}` })
  })
  app.post("/fund/requests/:id/:verb{approve|reject|pay}", async (c) => {
    if (!signedIn(c)) return toSignIn(c)
    const ctx = c.get("ctx")
    const f = await c.req.parseBody()
    const id = c.req.param("id")
    const verb = c.req.param("verb") as "approve" | "reject" | "pay"
    const body = verb === "approve" ? {} : verb === "reject" ? defined({ reason: text(f["reason"]) }) : defined({ transferReference: text(f["transferReference"]), paidOn: text(f["paidOn"]) })
    const answer = await ctx.api.post(`/v1/fund/requests/${encodeURIComponent(id)}/${verb}`, body, text(f["_key"]))
    if (answer.status >= 200 && answer.status < 300) return c.redirect(`/fund?done=${encodeURIComponent(`${ctx.t(verb)} ${id}`)}`, 303)
    const problem = answer.body as Problem
    const title = ctx.lang === "th" ? (problem.titleTh ?? problem.title) : problem.title
    return fundPage(c, { good: false, text: `${ctx.t("refused")} ${id}: ${title ?? answer.status}${problem.errors?.length ? ` (${problem.errors.map((e) => e.path).join(", ")})` : ""}` }, answer.status === 403 ? 403 : 422)
  })

  app.get("/programs", async (c) => {
    if (!signedIn(c)) return toSignIn(c)
    const ctx = c.get("ctx")
    const list = await ctx.api.get("/v1/programs")
    const programs = list.status === 200 ? ((list.body.items ?? []) as ReadonlyArray<{ id: string }>) : []
    const reports = await Promise.all(programs.slice(0, 20).map(async (p) => ({ id: p.id, ...(await ctx.api.get(`/v1/programs/${encodeURIComponent(p.id)}/report`)) })))
    return c.html(<ProgramsPage ctx={ctx} list={list} reports={reports} />)
  })

  // A rule typed in (what-if): a GET form, so that a preview is a link to share; it writes nothing.
  app.get("/programs/preview", async (c) => {
    if (!signedIn(c)) return toSignIn(c)
    const ctx = c.get("ctx")
    const rounds = await ctx.api.get("/v1/rounds")
    const known = rounds.status === 200 ? ((rounds.body.items ?? []) as ReadonlyArray<{ round: number }>).map((r) => r.round).sort((a, b) => b - a) : []
    const form = {
      round: c.req.query("round") ?? String(known[0] ?? ""),
      unit: c.req.query("unit") === "household" ? "household" : "member",
      where: (c.req.query("where") ?? "").slice(0, 4000),
      by: ["province", "district", "subdistrict", "village"].includes(c.req.query("by") ?? "") ? c.req.query("by")! : "district"
    }
    const answer =
      form.where.trim() === ""
        ? undefined
        : await ctx.api.post("/v1/programs/preview", { round: Number(form.round), unit: form.unit, where: form.where, by: form.by })
    return c.html(<PreviewPage ctx={ctx} title={ctx.t("previewRule")} form={form} {...(answer === undefined ? {} : { answer })} rounds={known} />, answer === undefined || answer.status === 200 ? 200 : 422)
  })

  app.get("/programs/:id/preview", async (c) => {
    if (!signedIn(c)) return toSignIn(c)
    const ctx = c.get("ctx")
    const id = c.req.param("id")
    const by = ["province", "district", "subdistrict", "village"].includes(c.req.query("by") ?? "") ? c.req.query("by")! : "district"
    const answer = await ctx.api.get(`/v1/programs/${encodeURIComponent(id)}/preview${query({ by })}`)
    if (answer.status === 404) return c.notFound()
    return c.html(<PreviewPage ctx={ctx} title={`${id} · ${ctx.t("previewByArea")}`} answer={answer} rounds={[]} />, answer.status === 200 ? 200 : answer.status === 403 ? 403 : 422)
  })

  app.notFound((c) => c.html(<AreaPage ctx={c.get("ctx") ?? ctxOf({ lang: "th", me: undefined, api: client(api, undefined, ""), csrf: "", here: "/" })} data={{ code: "", progress: { status: 404, body: {} }, report: undefined, round: undefined, burnDowns: undefined }} />, 404))
  return app
}

/** The dashboard as the API server's front (`Server.start`'s third argument). */
export const front = (options: Options = {}) => ({
  name: "dashboard",
  make: (api: Api) => makeWeb(api, options)
})
