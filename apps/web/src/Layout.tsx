/** The frame of every page: skip link, the bar with the menu for the user's role, the language switch, and the footer. */
import type { Child } from "hono/jsx"
import * as Assets from "./Assets.js"
import { type Ctx, home, may } from "./Context.js"

const roleLabel: Record<string, { th: string; en: string }> = {
  provincialCentre: { th: "ศูนย์อำนวยการฯ จังหวัด", en: "Provincial centre" },
  districtCentre: { th: "ศูนย์ปฏิบัติการฯ อำเภอ", en: "District centre" },
  mentor: { th: "ทีมพี่เลี้ยง", en: "Mentor team" },
  agencyOfficer: { th: "เจ้าหน้าที่หน่วยงาน", en: "Agency officer" },
  fundCommittee: { th: "คณะกรรมการกองทุน", en: "Fund committee" },
  treasurer: { th: "เหรัญญิก", en: "Treasurer" },
  auditor: { th: "ผู้ตรวจสอบ", en: "Auditor" },
  system: { th: "ระบบ", en: "System" }
}

export const Page = (props: { readonly ctx: Ctx; readonly title: string; readonly children?: Child; readonly crumbs?: ReadonlyArray<{ readonly href?: string; readonly text: string }> }) => {
  const { ctx } = props
  const { t, me } = ctx
  const other = ctx.lang === "th" ? "en" : "th"
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t("app")}`}</title>
        <link rel="preload" href={Assets.preloadFont} as="font" type="font/woff2" crossorigin="anonymous" />
        <link rel="stylesheet" href={Assets.stylesheetPath} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t("skip")}
        </a>
        <header class="top">
          <a class="brand" href={me === undefined ? "/public" : "/"}>
            {t("app")}
          </a>
          <nav aria-label={ctx.lang === "th" ? "เมนูหลัก" : "Main menu"}>
            <ul>
              {me !== undefined && may(me, "readReport") ? (
                <li>
                  <a href={`/area/${home(me)}`}>{t("overview")}</a>
                </li>
              ) : null}
              {me !== undefined && may(me, "readJourney") ? (
                <>
                  <li>
                    <a href={`/households?area=${home(me)}`}>{t("households")}</a>
                  </li>
                  <li>
                    <a href={`/overdue?area=${home(me)}`}>{t("overdue")}</a>
                  </li>
                  <li>
                    <a href={`/households?area=${home(me)}&helped=false&solved=false`}>{t("noHelp")}</a>
                  </li>
                </>
              ) : null}
              {me !== undefined && may(me, "readFund") ? (
                <li>
                  <a href="/fund">{t("fund")}</a>
                </li>
              ) : null}
              {me !== undefined && may(me, "readPrograms") ? (
                <li>
                  <a href="/programs">{t("programs")}</a>
                </li>
              ) : null}
              <li>
                <a href="/public">{t("public")}</a>
              </li>
            </ul>
          </nav>
          <div class="who">
            <a href={`/lang/${other}?back=${encodeURIComponent(ctx.here)}`} lang={other} hreflang={other}>
              {other === "en" ? "English" : "ภาษาไทย"}
            </a>
            {me === undefined ? (
              <a href="/signin">{t("signIn")}</a>
            ) : (
              <>
                <span>
                  {t("signedInAs")} <strong>{me.id}</strong> ({roleLabel[me.role]?.[ctx.lang] ?? me.role})
                </span>
                <form method="post" action="/signout">
                  <input type="hidden" name="_csrf" value={ctx.csrf} />
                  <button type="submit">{t("signOut")}</button>
                </form>
              </>
            )}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          {props.crumbs === undefined ? null : (
            <nav aria-label={ctx.lang === "th" ? "ตำแหน่ง" : "Breadcrumb"}>
              <ol class="crumbs">
                {props.crumbs.map((c) => (
                  <li>{c.href === undefined ? <span aria-current="page">{c.text}</span> : <a href={c.href}>{c.text}</a>}</li>
                ))}
              </ol>
            </nav>
          )}
          <h1>{props.title}</h1>
          {props.children}
        </main>
        <footer>
          {t("app")} · {t("tagline")} ·{" "}
          <a href="/assets/LICENSE-sarabun.txt">{ctx.lang === "th" ? "สัญญาอนุญาตฟอนต์ Sarabun (OFL)" : "Sarabun font licence (OFL)"}</a> ·{" "}
          <a href="/docs">API</a>
        </footer>
      </body>
    </html>
  )
}

/** A refusal from the API, in the page's language. */
export const Refusal = (props: { readonly ctx: Ctx; readonly status: number; readonly body: any }) => {
  const { t } = props.ctx
  const text = props.status === 403 ? t("notAllowed") : props.status === 404 ? t("notFound") : (props.ctx.lang === "th" ? props.body?.titleTh : props.body?.title) ?? t("error")
  return (
    <p class="notice bad" role="alert">
      {text}
      {props.status >= 500 && props.body?.requestId !== undefined ? ` (${t("requestId")} ${props.body.requestId})` : null}
    </p>
  )
}
