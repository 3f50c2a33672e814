/**
 * An area's page, province → district → subdistrict → village: target households by the
 * six steps, solved households and problems, the burn-down against the deadline, and the
 * round's H, A, M0 and five dimensions, for the area and each area within it. Every count
 * links to the households behind it, for a role that may list them.
 */
import { Area, Dimension, FiscalYear, type Progress } from "@phungpao/domain"
import * as Geography from "@phungpao/domain/geography"
import * as Charts from "../Charts.js"
import { query } from "../Client.js"
import { type Ctx, may } from "../Context.js"
import { label, num, percent } from "../I18n.js"
import { Page, Refusal } from "../Layout.js"

type Counts = Progress.Counts["households"]
type AreaProgress = { readonly code: string; readonly level: Area.Level; readonly counts: Progress.Counts }

/** The columns of the steps table: each a cumulative count and the filter that lists its households. */
const columns: ReadonlyArray<{ readonly key: keyof Counts; readonly word: "targets" | "verified" | "analysed" | "planned" | "helped" | "integrated" | "followedUp" | "solved" | "noHelp"; readonly filter: Readonly<Record<string, string>> }> = [
  { key: "targets", word: "targets", filter: {} },
  { key: "verified", word: "verified", filter: { reached: "verified" } },
  { key: "analysed", word: "analysed", filter: { reached: "analysed" } },
  { key: "planned", word: "planned", filter: { reached: "planned" } },
  { key: "helped", word: "helped", filter: { reached: "helped" } },
  { key: "integrated", word: "integrated", filter: { reached: "integrated" } },
  { key: "followedUp", word: "followedUp", filter: { reached: "followedUp" } },
  { key: "solved", word: "solved", filter: { solved: "true" } },
  { key: "noHelp", word: "noHelp", filter: { helped: "false" } }
]

export const name = (ctx: Ctx, code: string): string => (code === "" ? (ctx.lang === "th" ? "ทั้งประเทศ" : "Whole country") : Geography.label(code, ctx.lang))

/** The crumbs from the user's home area down to `code`. */
export const crumbsOf = (ctx: Ctx, code: string) => {
  const home = ctx.me?.scope[0] ?? ""
  const codes: Array<string> = []
  for (let c: string | undefined = code; c !== undefined && c.length >= home.length && c !== ""; c = Area.parent(c as Area.AreaCode)) codes.unshift(c)
  return codes.map((c, i) => (i === codes.length - 1 ? { text: name(ctx, c) } : { href: `/area/${c}`, text: name(ctx, c) }))
}

const Count = (props: { readonly ctx: Ctx; readonly area: string; readonly n: number; readonly filter: Readonly<Record<string, string>> }) =>
  may(props.ctx.me, "readJourney") && props.n > 0 ? <a href={`/households${query({ area: props.area, ...props.filter })}`}>{num(props.ctx.lang, props.n)}</a> : <>{num(props.ctx.lang, props.n)}</>

export interface AreaData {
  readonly code: string
  readonly progress: { readonly status: number; readonly body: any }
  readonly report: { readonly status: number; readonly body: any } | undefined
  readonly round: number | undefined
  readonly burnDowns: { readonly status: number; readonly body: any } | undefined
}

export const AreaPage = (props: { readonly ctx: Ctx; readonly data: AreaData }) => {
  const { ctx, data } = props
  const { t, lang } = ctx
  const code = data.code
  const title = name(ctx, code)
  if (data.progress.status !== 200) {
    return (
      <Page ctx={ctx} title={title} crumbs={crumbsOf(ctx, code)}>
        <Refusal ctx={ctx} status={data.progress.status} body={data.progress.body} />
      </Page>
    )
  }
  const areas = data.progress.body as ReadonlyArray<AreaProgress>
  const self = areas.find((a) => a.code === code)
  const children = areas.filter((a) => a.code !== code)
  const h = self?.counts.households
  const p = self?.counts.problems
  const leaf = code.length === 8
  const childLevel = leaf ? undefined : Area.levels[Area.levels.indexOf(Area.level(code as Area.AreaCode)) + 1]
  const stepSeries = ["none", "verified", "analysed", "planned", "helped", "integrated", "followedUp"] as const
  const stepNames = [ctx.lang === "th" ? "ยังไม่ตรวจสอบ" : "Not verified", t("verified"), t("analysed"), t("planned"), t("helped"), t("integrated"), t("followedUp")]
  // The chart shows each household once, at the step it is at (the table's counts are cumulative).
  const atStep = (c: Counts) => [c.targets - c.verified, c.verified - c.analysed, c.analysed - c.planned, c.planned - c.helped, c.helped - c.integrated, c.integrated - c.followedUp, c.followedUp]
  const report = data.report?.status === 200 ? (data.report.body as ReadonlyArray<any>) : undefined
  const reportLines = report?.filter((l) => l.area.startsWith(code)) ?? []
  const burns = data.burnDowns?.status === 200 ? (data.burnDowns.body as ReadonlyArray<{ district: string; deadline: string; points: ReadonlyArray<any> }>) : []
  return (
    <Page ctx={ctx} title={title} crumbs={crumbsOf(ctx, code)}>
      {h === undefined ? (
        <p class="notice">{t("none")}</p>
      ) : (
        <>
          <ul class="cards" aria-label={t("steps")}>
            {columns.map((col) => (
              <li>
                <span class="n">
                  <Count ctx={ctx} area={code} n={h[col.key]} filter={col.filter} />
                </span>
                <span class="l">{t(col.word)}</span>
              </li>
            ))}
            <li>
              <span class="n">
                {num(lang, p?.closed)} / {num(lang, p?.total)}
              </span>
              <span class="l">{t("problemsClosed")}</span>
            </li>
          </ul>
          {children.length === 0 ? null : (
            <section aria-labelledby="by-area">
              <h2 id="by-area">{t("stepsByArea")}</h2>
              <div class="card chart" role="img" aria-label={t("stepsByArea")}
                dangerouslySetInnerHTML={{ __html: Charts.steps(children.map((a) => ({ name: name(ctx, a.code), values: atStep(a.counts.households) })), stepNames, t("stepsByArea")) }} />
              <div class="scroll">
                <table>
                  <caption>
                    {t("areas")}: {childLevel === undefined ? "" : label(lang, Area.levelLabel[childLevel])}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("area")}</th>
                      {columns.map((col) => (
                        <th scope="col" class="n">
                          {t(col.word)}
                        </th>
                      ))}
                      <th scope="col" class="n">
                        {t("problemsClosed")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {children.map((a) => (
                      <tr>
                        <th scope="row">
                          <a href={`/area/${a.code}`}>{name(ctx, a.code)}</a> <span class="muted">{a.code}</span>
                        </th>
                        {columns.map((col) => (
                          <td class="n">
                            <Count ctx={ctx} area={a.code} n={a.counts.households[col.key]} filter={col.filter} />
                          </td>
                        ))}
                        <td class="n">
                          {num(lang, a.counts.problems.closed)} / {num(lang, a.counts.problems.total)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
        </>
      )}
      {burns.length === 0 ? null : (
        <section aria-labelledby="burn">
          <h2 id="burn">{t("burnDown")}</h2>
          <div class="card chart" role="img" aria-label={t("burnDown")}
            dangerouslySetInnerHTML={{
              __html: Charts.burnDown(burns.map((b) => ({ name: name(ctx, b.district), points: b.points })), { open: t("open"), ideal: t("ideal") }, t("burnDown"))
            }} />
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("district")}</th>
                  <th scope="col">{t("deadline")}</th>
                  <th scope="col" class="n">{t("open")}</th>
                  <th scope="col" class="n">{t("ideal")}</th>
                </tr>
              </thead>
              <tbody>
                {burns.map((b) => {
                  const last = [...b.points].reverse().find((pt) => pt.open !== undefined && pt.open !== null)
                  return (
                    <tr>
                      <th scope="row">{name(ctx, b.district)}</th>
                      <td>{b.deadline}</td>
                      <td class="n">{num(lang, last?.open)}</td>
                      <td class="n">{num(lang, last?.ideal)}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {report === undefined ? null : (
        <section aria-labelledby="mpi">
          <h2 id="mpi">
            {t("poverty")} · {t("round")} {data.round}
          </h2>
          {reportLines.length === 0 ? (
            <p class="notice">{t("none")}</p>
          ) : (
            <>
              <div class="card chart" role="img" aria-label={t("dimensions")}
                dangerouslySetInnerHTML={{
                  __html: Charts.dimensions(
                    reportLines.map((l) => ({ name: name(ctx, l.area), values: Dimension.all.map((d) => l.dimensions[d] ?? 0) })),
                    Dimension.all.map((d) => label(lang, Dimension.label[d], d)),
                    t("dimensions")
                  )
                }} />
              <div class="scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("area")}</th>
                      <th scope="col" class="n">{t("surveyed")}</th>
                      <th scope="col" class="n hide-narrow">{t("persons")}</th>
                      <th scope="col" class="n">{t("surveyPoor")}</th>
                      <th scope="col" class="n">{t("targets")}</th>
                      <th scope="col" class="n">{t("H")}</th>
                      <th scope="col" class="n">{t("A")}</th>
                      <th scope="col" class="n">{t("M0")}</th>
                      {Dimension.all.map((d) => (
                        <th scope="col" class="n hide-narrow">{label(lang, Dimension.label[d], d)}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {reportLines.map((l) => (
                      <tr>
                        <th scope="row">{l.area === code ? name(ctx, l.area) : <a href={`/area/${l.area}`}>{name(ctx, l.area)}</a>}</th>
                        <td class="n">{num(lang, l.households)}</td>
                        <td class="n hide-narrow">{num(lang, l.persons)}</td>
                        <td class="n">{num(lang, l.surveyPoor)}</td>
                        <td class="n">{num(lang, l.target)}</td>
                        <td class="n">{percent(lang, l.H)}</td>
                        <td class="n">{l.A.toFixed(3)}</td>
                        <td class="n">{l.M0.toFixed(4)}</td>
                        {Dimension.all.map((d) => (
                          <td class="n hide-narrow">{num(lang, l.dimensions[d])}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
      )}
    </Page>
  )
}

/** The start of the fiscal year of a Thai date: where a burn-down starts. */
export const fiscalStart = (today: string): string => FiscalYear.range(FiscalYear.of(today as never)).start
