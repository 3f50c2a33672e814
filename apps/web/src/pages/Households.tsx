/** Lists of an area's target households (by step, dimension, team, help, house code) and its overdue plan actions. */
import { Dimension, Journey } from "@phungpao/domain"
import { query } from "../Client.js"
import type { Ctx } from "../Context.js"
import { day, label, num } from "../I18n.js"
import { Page, Refusal } from "../Layout.js"
import { crumbsOf, name } from "./Area.js"

export interface Filters {
  readonly area: string
  readonly step?: string | undefined
  readonly reached?: string | undefined
  readonly dimension?: string | undefined
  readonly team?: string | undefined
  readonly helped?: string | undefined
  readonly solved?: string | undefined
  readonly code?: string | undefined
  readonly sort?: string | undefined
}

const Choice = (props: { readonly id: string; readonly text: string; readonly value: string | undefined; readonly options: ReadonlyArray<readonly [string, string]>; readonly any: string }) => (
  <label for={props.id}>
    {props.text}
    <select id={props.id} name={props.id}>
      <option value="">{props.any}</option>
      {props.options.map(([value, text]) => (
        <option value={value} selected={props.value === value}>
          {text}
        </option>
      ))}
    </select>
  </label>
)

export const HouseholdsPage = (props: { readonly ctx: Ctx; readonly filters: Filters; readonly answer: { readonly status: number; readonly body: any }; readonly cursor: string | undefined }) => {
  const { ctx, filters, answer } = props
  const { t, lang } = ctx
  const steps = Journey.Step.literals.map((s) => [s, label(lang, Journey.stepLabel[s])] as const)
  const yesNo = [
    ["true", t("yes")],
    ["false", t("no")]
  ] as const
  const title = `${t("households")} · ${name(ctx, filters.area)}`
  return (
    <Page ctx={ctx} title={title} crumbs={[...crumbsOf(ctx, filters.area).map((c) => ({ ...c, href: c.href ?? `/area/${filters.area}` })), { text: t("households") }]}>
      <form class="filters" method="get" action="/households" role="search">
        <input type="hidden" name="area" value={filters.area} />
        <label for="code">
          {t("houseCode")}
          <input id="code" name="code" inputmode="numeric" pattern="[0-9]{1,12}" value={filters.code ?? ""} />
        </label>
        <Choice id="step" text={t("step")} value={filters.step} options={steps} any={t("any")} />
        <Choice id="reached" text={t("reached")} value={filters.reached} options={steps} any={t("any")} />
        <Choice id="dimension" text={t("dimension")} value={filters.dimension} options={Dimension.all.map((d) => [d, label(lang, Dimension.label[d])] as const)} any={t("any")} />
        <label for="team">
          {t("team")}
          <input id="team" name="team" value={filters.team ?? ""} />
        </label>
        <Choice id="helped" text={t("withHelp")} value={filters.helped} options={yesNo} any={t("any")} />
        <Choice id="solved" text={t("solved")} value={filters.solved} options={yesNo} any={t("any")} />
        <label for="sort">
          {t("sortBy")}
          <select id="sort" name="sort">
            {(
              [
                ["houseCode", t("houseCode")],
                ["step", t("sortStepUp")],
                ["-step", t("sortStepDown")],
                ["village", t("village")]
              ] as const
            ).map(([value, text]) => (
              <option value={value} selected={(filters.sort ?? "houseCode") === value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("filter")}</button>
      </form>
      {answer.status !== 200 ? (
        <Refusal ctx={ctx} status={answer.status} body={answer.body} />
      ) : (
        <>
          <p>
            {t("total")}: <strong>{num(lang, answer.body.total)}</strong>
          </p>
          {answer.body.items.length === 0 ? (
            <p class="notice">{t("none")}</p>
          ) : (
            <div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("houseCode")}</th>
                    <th scope="col">{t("village")}</th>
                    <th scope="col">{t("step")}</th>
                    <th scope="col" class="hide-narrow">{t("stage")}</th>
                    <th scope="col">{t("withHelp")}</th>
                    <th scope="col" class="hide-narrow">{t("dimension")}</th>
                    <th scope="col" class="hide-narrow">{t("team")}</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.body.items.map((l: any) => (
                    <tr>
                      <th scope="row">
                        <a href={`/household/${l.houseCode}`}>{l.houseCode}</a>
                      </th>
                      <td>{name(ctx, l.villageCode)}</td>
                      <td>{label(lang, Journey.stepLabel[l.step as Journey.Step], l.step)}</td>
                      <td class="hide-narrow">{l.stage === undefined ? "—" : label(lang, Journey.stageLabel[l.stage as Journey.Stage], l.stage)}</td>
                      <td>{l.helped ? t("yes") : t("no")}</td>
                      <td class="hide-narrow">
                        {(l.dimensions as ReadonlyArray<Dimension.Dimension>).map((d) => (
                          <span class="tag">{label(lang, Dimension.label[d], d)}</span>
                        ))}
                      </td>
                      <td class="hide-narrow">{l.mentorTeam ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {answer.body.next === null ? null : (
            <p>
              <a class="button" href={`/households${query({ ...filters, cursor: answer.body.next })}`} rel="next">
                {t("next")}
              </a>
            </p>
          )}
        </>
      )}
    </Page>
  )
}

export const OverduePage = (props: { readonly ctx: Ctx; readonly area: string; readonly answer: { readonly status: number; readonly body: any } }) => {
  const { ctx, area, answer } = props
  const { t, lang } = ctx
  return (
    <Page ctx={ctx} title={`${t("overdue")} · ${name(ctx, area)}`}>
      {answer.status !== 200 ? (
        <Refusal ctx={ctx} status={answer.status} body={answer.body} />
      ) : answer.body.items.length === 0 ? (
        <p class="notice">{t("none")}</p>
      ) : (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("houseCode")}</th>
                <th scope="col">{t("village")}</th>
                <th scope="col">{t("action")}</th>
                <th scope="col">{t("due")}</th>
                <th scope="col" class="n">{t("daysLate")}</th>
              </tr>
            </thead>
            <tbody>
              {answer.body.items.map((o: any) => (
                <tr>
                  <th scope="row">
                    <a href={`/household/${o.houseCode}`}>{o.houseCode}</a>
                  </th>
                  <td>{name(ctx, o.villageCode)}</td>
                  <td>{o.action.description}</td>
                  <td>{day(lang, o.action.due)}</td>
                  <td class="n">{num(lang, o.daysLate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {answer.status === 200 && answer.body.next !== null ? (
        <p>
          <a class="button" href={`/overdue${query({ area, cursor: answer.body.next })}`} rel="next">
            {t("next")}
          </a>
        </p>
      ) : null}
    </Page>
  )
}
