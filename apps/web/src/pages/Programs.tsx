/** Targeted programs: each program's status and its report (reached, needs surveyed, delivered, spent) by area, from the API. */
import type { Ctx } from "../Context.js"
import { baht, label, num } from "../I18n.js"
import { Page, Refusal } from "../Layout.js"
import { name } from "./Area.js"

export const ProgramsPage = (props: { readonly ctx: Ctx; readonly list: { readonly status: number; readonly body: any }; readonly reports: ReadonlyArray<{ readonly id: string; readonly status: number; readonly body: any }> }) => {
  const { ctx, list } = props
  const { t, lang } = ctx
  if (list.status !== 200) {
    return (
      <Page ctx={ctx} title={t("programs")}>
        {list.status === 404 ? <p class="notice">{t("programsUnavailable")}</p> : <Refusal ctx={ctx} status={list.status} body={list.body} />}
      </Page>
    )
  }
  const programs = (Array.isArray(list.body) ? list.body : (list.body.items ?? [])) as ReadonlyArray<any>
  return (
    <Page ctx={ctx} title={t("programs")}>
      {programs.length === 0 ? <p class="notice">{t("programsUnavailable")}</p> : null}
      {programs.map((p) => {
        const report = props.reports.find((r) => r.id === p.id)
        const r = report?.status === 200 ? report.body : undefined
        return (
          <section class="card" aria-labelledby={`program-${p.id}`}>
            <h2 id={`program-${p.id}`}>
              {p.id} · {lang === "th" ? (p.nameTh ?? p.name?.th) : (p.nameEn ?? p.name?.en)} <span class="tag">{p.status}</span>
            </h2>
            {r === undefined ? null : (
              <>
                <ul class="cards">
                  <li>
                    <span class="n">{num(lang, r.beneficiaries)}</span>
                    <span class="l">{t("reachedBeneficiaries")}</span>
                  </li>
                  <li>
                    <span class="n">{num(lang, r.surveyed)}</span>
                    <span class="l">{t("needSurveyed")}</span>
                  </li>
                  <li>
                    <span class="n">{num(lang, r.delivered)}</span>
                    <span class="l">{t("delivered")}</span>
                  </li>
                  <li>
                    <span class="n">{baht(lang, r.spent ?? 0)}</span>
                    <span class="l">{t("spent")}</span>
                  </li>
                </ul>
                {Array.isArray(r.areas) && r.areas.length > 0 ? (
                  <div class="scroll">
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t("area")}</th>
                          <th scope="col" class="n">{t("reachedBeneficiaries")}</th>
                          <th scope="col" class="n">{t("needSurveyed")}</th>
                          <th scope="col" class="n">{t("delivered")}</th>
                          <th scope="col" class="n">{t("spent")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {(r.areas as ReadonlyArray<any>).map((a) => (
                          <tr>
                            <th scope="row">{label(lang, a.nameTh === undefined ? undefined : { th: a.nameTh, en: a.nameEn }, name(ctx, a.area))}</th>
                            <td class="n">{num(lang, a.beneficiaries)}</td>
                            <td class="n">{num(lang, a.surveyed)}</td>
                            <td class="n">{num(lang, a.delivered)}</td>
                            <td class="n">{baht(lang, a.spent ?? 0)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                ) : null}
              </>
            )}
          </section>
        )
      })}
    </Page>
  )
}
