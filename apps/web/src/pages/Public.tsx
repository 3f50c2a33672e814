/** The public page, no sign-in: progress by district and the fund's money in and out by month, purpose and area, small cells hidden; no household. */
import * as Charts from "../Charts.js"
import type { Ctx } from "../Context.js"
import { baht, num } from "../I18n.js"
import { Page, Refusal } from "../Layout.js"
import { name } from "./Area.js"

const steps = ["targets", "verified", "analysed", "planned", "helped", "integrated", "followedUp", "solved"] as const

const Money = (props: { readonly ctx: Ctx; readonly caption: string; readonly rows: ReadonlyArray<any>; readonly named?: boolean }) => {
  const { ctx } = props
  const { t, lang } = ctx
  return (
    <div class="scroll">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.named ? t("area") : props.caption}</th>
            <th scope="col" class="n">{ctx.t("households")}</th>
            <th scope="col" class="n">{t("amount")}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <th scope="row">{props.named ? (lang === "th" ? r.nameTh : r.nameEn) ?? r.key : r.key}</th>
              <td class="n">{r.suppressed ? "—" : num(lang, r.households)}</td>
              <td class="n">{r.suppressed ? "—" : baht(lang, r.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export const PublicPage = (props: { readonly ctx: Ctx; readonly progress: { readonly status: number; readonly body: any }; readonly fund: { readonly status: number; readonly body: any } }) => {
  const { ctx, progress, fund } = props
  const { t, lang } = ctx
  const areas = progress.status === 200 ? (progress.body as ReadonlyArray<any>) : []
  const money = fund.status === 200 ? fund.body : undefined
  const months = money === undefined ? [] : [...new Set([...money.moneyIn.byMonth.map((m: any) => m.key), ...money.moneyOut.byMonth.map((m: any) => m.key)])].sort()
  const inOf = (m: string) => money?.moneyIn.byMonth.find((x: any) => x.key === m)?.amount ?? 0
  const outOf = (m: string) => {
    const row = money?.moneyOut.byMonth.find((x: any) => x.key === m)
    return row === undefined || row.suppressed ? 0 : row.amount
  }
  return (
    <Page ctx={ctx} title={t("public")}>
      <p class="notice">{t("suppressedNote")}</p>
      <section aria-labelledby="progress">
        <h2 id="progress">{t("progressByDistrict")}</h2>
        {progress.status !== 200 ? (
          <Refusal ctx={ctx} status={progress.status} body={progress.body} />
        ) : (
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("area")}</th>
                  {steps.map((s) => (
                    <th scope="col" class="n">
                      {t(s)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {areas.map((a) => (
                  <tr>
                    <th scope="row">{a.level === "province" ? <strong>{name(ctx, a.code)}</strong> : name(ctx, a.code)}</th>
                    {steps.map((s) => (
                      <td class="n">{num(lang, a.households[s])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {money === undefined ? null : (
        <section aria-labelledby="money">
          <h2 id="money">{t("fund")}</h2>
          <ul class="cards">
            <li>
              <span class="n">{baht(lang, money.moneyIn.total.amount)}</span>
              <span class="l">{t("moneyIn")} (฿)</span>
            </li>
            <li>
              <span class="n">{money.moneyOut.total.suppressed ? "—" : baht(lang, money.moneyOut.total.amount)}</span>
              <span class="l">{t("moneyOut")} (฿)</span>
            </li>
          </ul>
          <div class="card chart" role="img" aria-label={`${t("moneyIn")} / ${t("moneyOut")} ${t("byMonth")}`}
            dangerouslySetInnerHTML={{ __html: Charts.months(months.map((m) => ({ month: m, in: inOf(m) / 100, out: outOf(m) / 100 })), { in: t("moneyIn"), out: t("moneyOut") }, `${t("moneyIn")} / ${t("moneyOut")}`) }} />
          <div class="grid2">
            <Money ctx={ctx} caption={`${t("moneyOut")} · ${t("byMonth")}`} rows={money.moneyOut.byMonth} />
            <Money ctx={ctx} caption={`${t("moneyOut")} · ${t("byPurpose")}`} rows={money.moneyOut.byPurpose} />
            <Money ctx={ctx} caption={`${t("moneyOut")} · ${t("byArea")}`} rows={money.moneyOut.byDistrict} named />
          </div>
        </section>
      )}
    </Page>
  )
}
