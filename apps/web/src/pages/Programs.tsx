/**
 * Targeted programs: each program's status and enrolment progress (reached, needs
 * surveyed, delivered, spent) by area, and a rule's preview — who it would select, counted
 * by area — for a stored program or a rule typed in (what-if). All from the API.
 */
import { Program } from "@phungpao/domain"
import type { Ctx } from "../Context.js"
import { baht, label, num, percent } from "../I18n.js"
import { Page, Refusal } from "../Layout.js"
import { name } from "./Area.js"

type Answer = { readonly status: number; readonly body: any }

const items = (list: Answer): ReadonlyArray<any> => (Array.isArray(list.body) ? list.body : (list.body?.items ?? []))

/** A share of the beneficiaries as a labelled bar: 3 of 8 (37.5%). */
const Share = (props: { readonly ctx: Ctx; readonly part: number; readonly whole: number; readonly text: string }) => {
  const { lang } = props.ctx
  const of = props.whole === 0 ? 0 : props.part / props.whole
  return (
    <li>
      <span class="n">{num(lang, props.part)}</span>
      <span class="l">
        {props.text} · {percent(lang, of)}
      </span>
      <progress max={props.whole === 0 ? 1 : props.whole} value={props.part} aria-label={`${props.text}: ${num(lang, props.part)} / ${num(lang, props.whole)}`} />
    </li>
  )
}

/** An area line's name in the page's language: the API's names, else the directory's. */
const areaName = (ctx: Ctx, a: { readonly area: string; readonly nameTh?: string | null; readonly nameEn?: string | null }) =>
  label(ctx.lang, a.nameTh == null ? undefined : { th: a.nameTh, en: a.nameEn ?? a.nameTh }, name(ctx, a.area))

const statusText = (ctx: Ctx, status: string) => label(ctx.lang, (Program.statusLabel as Record<string, { th: string; en: string }>)[status], status)

export const ProgramsPage = (props: { readonly ctx: Ctx; readonly list: Answer; readonly reports: ReadonlyArray<{ readonly id: string } & Answer> }) => {
  const { ctx, list } = props
  const { t, lang } = ctx
  const actions = (
    <p>
      <a href="/programs/preview">{t("previewRule")}</a>
    </p>
  )
  if (list.status !== 200) {
    return (
      <Page ctx={ctx} title={t("programs")}>
        {list.status === 404 ? <p class="notice">{t("programsUnavailable")}</p> : <Refusal ctx={ctx} status={list.status} body={list.body} />}
      </Page>
    )
  }
  const programs = items(list)
  return (
    <Page ctx={ctx} title={t("programs")}>
      {actions}
      {programs.length === 0 ? <p class="notice">{t("programsUnavailable")}</p> : null}
      {programs.map((p) => {
        const report = props.reports.find((r) => r.id === p.id)
        const r = report?.status === 200 ? report.body : undefined
        return (
          <section class="card" aria-labelledby={`program-${p.id}`}>
            <h2 id={`program-${p.id}`}>
              {p.id} · {lang === "th" ? p.nameTh : p.nameEn} <span class="tag">{statusText(ctx, p.status)}</span>
            </h2>
            <p class="muted">
              {t("rule")} ({p.unit === "member" ? t("perMember") : t("perHousehold")}, {t("round")} {p.round}): <code>{p.where}</code>
            </p>
            <p>
              <a href={`/programs/${encodeURIComponent(p.id)}/preview`}>{t("previewByArea")}</a>
            </p>
            {r === undefined ? null : (
              <>
                <ul class="cards">
                  <li>
                    <span class="n">{num(lang, r.beneficiaries)}</span>
                    <span class="l">
                      {t("reachedBeneficiaries")} ({num(lang, r.households)} {t("householdsUnit")})
                    </span>
                  </li>
                  <Share ctx={ctx} part={r.surveyed} whole={r.beneficiaries} text={t("needSurveyed")} />
                  <Share ctx={ctx} part={r.delivered} whole={r.beneficiaries} text={t("delivered")} />
                  <li>
                    <span class="n">{baht(lang, r.spent ?? 0)}</span>
                    <span class="l">
                      {t("spent")} / {baht(lang, r.budget ?? 0)}
                    </span>
                  </li>
                </ul>
                {Array.isArray(r.areas) && r.areas.length > 0 ? (
                  <div class="scroll">
                    <table>
                      <caption>{t("enrolmentProgress")}</caption>
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
                            <th scope="row">{areaName(ctx, a)}</th>
                            <td class="n">{num(lang, a.beneficiaries)}</td>
                            <td class="n">
                              {num(lang, a.surveyed)} ({percent(lang, a.beneficiaries === 0 ? 0 : a.surveyed / a.beneficiaries)})
                            </td>
                            <td class="n">
                              {num(lang, a.delivered)} ({percent(lang, a.beneficiaries === 0 ? 0 : a.delivered / a.beneficiaries)})
                            </td>
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

/** What the preview form holds: a stored program's rule, or one typed in. */
export interface PreviewForm {
  readonly round: string
  readonly unit: string
  readonly where: string
  readonly by: string
}

const levels = ["province", "district", "subdistrict", "village"] as const

/** A preview's counts by area, or the API's refusal (a rule that does not compile names its line and column). */
export const PreviewPage = (props: { readonly ctx: Ctx; readonly title: string; readonly form?: PreviewForm; readonly answer?: Answer; readonly rounds: ReadonlyArray<number> }) => {
  const { ctx, form, answer } = props
  const { t, lang } = ctx
  const p = answer?.status === 200 ? answer.body : undefined
  return (
    <Page ctx={ctx} title={props.title} crumbs={[{ href: "/programs", text: t("programs") }, { text: props.title }]}>
      {form === undefined ? null : (
        <form method="get" action="/programs/preview" class="card">
          <p>
            <label for="round">{t("round")}</label>{" "}
            <select id="round" name="round">
              {props.rounds.map((r) => (
                <option value={String(r)} selected={String(r) === form.round}>
                  {r}
                </option>
              ))}
            </select>{" "}
            <label for="unit">{t("ruleUnit")}</label>{" "}
            <select id="unit" name="unit">
              <option value="member" selected={form.unit !== "household"}>
                {t("perMember")}
              </option>
              <option value="household" selected={form.unit === "household"}>
                {t("perHousehold")}
              </option>
            </select>{" "}
            <label for="by">{t("countBy")}</label>{" "}
            <select id="by" name="by">
              {levels.map((l) => (
                <option value={l} selected={l === (form.by || "district")}>
                  {t(l)}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label for="where">{t("ruleCel")}</label>
            <br />
            <textarea id="where" name="where" rows={3} cols={60} aria-describedby="where-help" required>
              {form.where}
            </textarea>
            <br />
            <small id="where-help" class="muted">
              {t("ruleHelp")}
            </small>
          </p>
          <button type="submit">{t("preview")}</button>
        </form>
      )}
      {answer === undefined ? null : p === undefined ? (
        <>
          <Refusal ctx={ctx} status={answer.status} body={answer.body} />
          {answer.body?.path === "where" ? (
            <p class="notice bad">
              <code>{answer.body.reason}</code>
            </p>
          ) : null}
        </>
      ) : (
        <section aria-labelledby="preview-result">
          <h2 id="preview-result">{t("wouldSelect")}</h2>
          <ul class="cards">
            <li>
              <span class="n">{num(lang, p.households)}</span>
              <span class="l">{t("householdsUnit")}</span>
            </li>
            <li>
              <span class="n">{num(lang, p.members)}</span>
              <span class="l">{t("people")}</span>
            </li>
            <li>
              <span class="n">{num(lang, p.errors)}</span>
              <span class="l">{t("ruleErrors")}</span>
            </li>
          </ul>
          {(p.messages as ReadonlyArray<string>).length > 0 ? (
            <ul class="notice">
              {(p.messages as ReadonlyArray<string>).map((m) => (
                <li>{m}</li>
              ))}
            </ul>
          ) : null}
          <div class="scroll">
            <table>
              <caption>
                {t("round")} {p.round}: <code>{p.where}</code>
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("area")}</th>
                  <th scope="col" class="n">
                    {t("householdsUnit")}
                  </th>
                  <th scope="col" class="n">
                    {t("people")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {(p.areas as ReadonlyArray<any>).map((a) => (
                  <tr>
                    <th scope="row">{areaName(ctx, a)}</th>
                    <td class="n">{num(lang, a.households)}</td>
                    <td class="n">{num(lang, a.members)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </Page>
  )
}
