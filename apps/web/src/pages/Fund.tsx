/** The fund committee's page: requests waiting, approve or reject (never one's own: the fund refuses it), pay, and the pools' balances. */
import type { Ctx } from "../Context.js"
import { may } from "../Context.js"
import { baht, day, num } from "../I18n.js"
import { Page, Refusal } from "../Layout.js"
import { name } from "./Area.js"

const poolText = (ctx: Ctx, pool: any): string => {
  if (typeof pool === "string") return pool === "unrestricted" ? (ctx.lang === "th" ? "ทั่วไป" : "unrestricted") : pool
  if (pool.area !== undefined) return `${ctx.t("area")} ${name(ctx, pool.area)}`
  if (pool.purpose !== undefined) return `${ctx.t("purpose")} ${pool.purpose}`
  return ctx.lang === "th" ? "ทั่วไป" : "unrestricted"
}

export const FundPage = (props: { readonly ctx: Ctx; readonly report: { readonly status: number; readonly body: any }; readonly notice?: { readonly good: boolean; readonly text: string } | undefined; readonly formKey: string; readonly today: string }) => {
  const { ctx, report } = props
  const { t, lang } = ctx
  if (report.status !== 200) {
    return (
      <Page ctx={ctx} title={t("fund")}>
        <Refusal ctx={ctx} status={report.status} body={report.body} />
      </Page>
    )
  }
  const pending = report.body.pending as ReadonlyArray<any>
  const balances = report.body.balances
  return (
    <Page ctx={ctx} title={t("fund")}>
      {props.notice === undefined ? null : (
        <p class={`notice ${props.notice.good ? "good" : "bad"}`} role={props.notice.good ? "status" : "alert"}>
          {props.notice.text}
        </p>
      )}
      <section aria-labelledby="pending">
        <h2 id="pending">{t("pending")}</h2>
        {pending.length === 0 ? (
          <p class="muted">{t("none")}</p>
        ) : (
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("request")}</th>
                  <th scope="col">{t("houseCode")}</th>
                  <th scope="col">{t("purpose")}</th>
                  <th scope="col" class="n">{t("amount")}</th>
                  <th scope="col" class="n">{t("approvals")}</th>
                  <th scope="col" class="hide-narrow">{t("requester")}</th>
                  <th scope="col">{t("action")}</th>
                </tr>
              </thead>
              <tbody>
                {pending.map((r) => (
                  <tr id={`request-${r.id}`}>
                    <th scope="row">
                      {r.id}
                      <br />
                      <span class="muted">{day(lang, r.requestedOn)}</span>
                    </th>
                    <td>
                      <a href={`/household/${r.houseCode}`}>{r.houseCode}</a>
                    </td>
                    <td>
                      {r.purpose}
                      <br />
                      <span class="muted">{poolText(ctx, r.pool)}</span>
                    </td>
                    <td class="n">{baht(lang, r.amount)}</td>
                    <td class="n">
                      {num(lang, r.approvals)} / {num(lang, r.quorum)}
                    </td>
                    <td class="hide-narrow">{r.requester}</td>
                    <td>
                      {r.state === "requested" && may(ctx.me, "approve") ? (
                        <>
                          <form method="post" action={`/fund/requests/${r.id}/approve`}>
                            <input type="hidden" name="_csrf" value={ctx.csrf} />
                            <input type="hidden" name="_key" value={`${props.formKey}-approve-${r.id}`} />
                            <button type="submit" aria-label={`${t("approve")} ${r.id}`}>
                              {t("approve")}
                            </button>
                          </form>
                          <form method="post" action={`/fund/requests/${r.id}/reject`}>
                            <input type="hidden" name="_csrf" value={ctx.csrf} />
                            <input type="hidden" name="_key" value={`${props.formKey}-reject-${r.id}`} />
                            <label for={`reason-${r.id}`}>
                              {t("reason")}
                              <input id={`reason-${r.id}`} name="reason" required />
                            </label>
                            <button type="submit" class="secondary" aria-label={`${t("reject")} ${r.id}`}>
                              {t("reject")}
                            </button>
                          </form>
                        </>
                      ) : null}
                      {r.state === "reserved" && may(ctx.me, "pay") ? (
                        <form method="post" action={`/fund/requests/${r.id}/pay`}>
                          <input type="hidden" name="_csrf" value={ctx.csrf} />
                          <input type="hidden" name="_key" value={`${props.formKey}-pay-${r.id}`} />
                          <label for={`transfer-${r.id}`}>
                            {t("transfer")}
                            <input id={`transfer-${r.id}`} name="transferReference" required />
                          </label>
                          <label for={`paid-${r.id}`}>
                            {t("date")}
                            <input id={`paid-${r.id}`} name="paidOn" type="date" value={props.today} required />
                          </label>
                          <button type="submit" aria-label={`${t("pay")} ${r.id}`}>
                            {t("pay")}
                          </button>
                        </form>
                      ) : null}
                      {r.state === "reserved" && !may(ctx.me, "pay") ? <span class="tag">{lang === "th" ? "อนุมัติครบ รอจ่าย" : "approved, waiting to be paid"}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="balances">
        <h2 id="balances">{t("balances")}</h2>
        <ul class="cards">
          <li>
            <span class="n">{baht(lang, balances.bank)}</span>
            <span class="l">{lang === "th" ? "เงินในบัญชีธนาคาร (บาท)" : "In the bank (baht)"}</span>
          </li>
          <li>
            <span class="n">{baht(lang, balances.disbursed)}</span>
            <span class="l">{lang === "th" ? "จ่ายแล้วทั้งหมด (บาท)" : "Paid out (baht)"}</span>
          </li>
        </ul>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("pool")}</th>
                <th scope="col" class="n">{lang === "th" ? "คงเหลือใช้ได้" : "Available"}</th>
                <th scope="col" class="n">{lang === "th" ? "กันไว้" : "Reserved"}</th>
                <th scope="col" class="n">{lang === "th" ? "จ่ายแล้ว" : "Spent"}</th>
              </tr>
            </thead>
            <tbody>
              {(balances.pools as ReadonlyArray<any>).map((p) => (
                <tr>
                  <th scope="row">{poolText(ctx, p.pool)}</th>
                  <td class="n">{baht(lang, p.available)}</td>
                  <td class="n">{baht(lang, p.reserved)}</td>
                  <td class="n">{baht(lang, p.spent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </Page>
  )
}
