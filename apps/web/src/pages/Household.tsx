/**
 * A household's page: the rules' decision with its reasons, members (citizen IDs masked
 * unless the user unmasks, which the API puts on record), problems, the 4T plan, the
 * logbook timeline and visits; and the forms a mentor records a visit, help or a plan
 * action with. The forms are checked by the API's Schemas; its field errors come back
 * beside the fields, in the page's language.
 */
import { Journey, Logbook, Plan, Problem } from "@phungpao/domain"
import type { Ctx } from "../Context.js"
import { may } from "../Context.js"
import { baht, day, label, type Word } from "../I18n.js"
import { Page, Refusal } from "../Layout.js"
import { crumbsOf, name } from "./Area.js"

/** A form's state after a refused submit: what was typed and each field's error. */
export interface FormState {
  readonly form: "visit" | "help" | "action"
  readonly values: Readonly<Record<string, string | ReadonlyArray<string>>>
  readonly errors: Readonly<Record<string, string>>
  readonly refusal?: string
}

export interface HouseholdData {
  readonly houseCode: string
  readonly journey: { readonly status: number; readonly body: any }
  readonly decision: { readonly status: number; readonly body: any } | undefined
  readonly record: { readonly status: number; readonly body: any } | undefined
  readonly unmasked: boolean
  readonly saved?: string | undefined
  readonly state?: FormState | undefined
}

const Field = (props: {
  readonly ctx: Ctx
  readonly form: string
  readonly name: string
  readonly word: Word
  readonly state: FormState | undefined
  readonly type?: string
  readonly required?: boolean
  readonly value?: string
  readonly inputmode?: "decimal" | "numeric"
}) => {
  const id = `${props.form}-${props.name}`
  const error = props.state?.form === props.form ? props.state.errors[props.name] : undefined
  const typed = props.state?.form === props.form ? props.state.values[props.name] : undefined
  return (
    <label for={id}>
      {props.ctx.t(props.word)}
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        required={props.required ?? false}
        value={typeof typed === "string" ? typed : (props.value ?? "")}
        inputmode={props.inputmode}
        aria-invalid={error === undefined ? undefined : "true"}
        aria-describedby={error === undefined ? undefined : `${id}-error`}
      />
      {error === undefined ? null : (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </label>
  )
}

const Select = (props: {
  readonly ctx: Ctx
  readonly form: string
  readonly name: string
  readonly word: Word
  readonly state: FormState | undefined
  readonly options: ReadonlyArray<readonly [string, string]>
}) => {
  const id = `${props.form}-${props.name}`
  const error = props.state?.form === props.form ? props.state.errors[props.name] : undefined
  const typed = props.state?.form === props.form ? props.state.values[props.name] : undefined
  return (
    <label for={id}>
      {props.ctx.t(props.word)}
      <select id={id} name={props.name} aria-invalid={error === undefined ? undefined : "true"} aria-describedby={error === undefined ? undefined : `${id}-error`}>
        {props.options.map(([value, text]) => (
          <option value={value} selected={typed === value}>
            {text}
          </option>
        ))}
      </select>
      {error === undefined ? null : (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </label>
  )
}

const ProblemChecks = (props: { readonly ctx: Ctx; readonly form: string; readonly name: string; readonly word: Word; readonly problems: ReadonlyArray<any>; readonly state: FormState | undefined }) => {
  const error = props.state?.form === props.form ? props.state.errors[props.name] : undefined
  const typed = props.state?.form === props.form ? props.state.values[props.name] : undefined
  const checked = new Set(typeof typed === "string" ? [typed] : (typed ?? []))
  return (
    <fieldset aria-describedby={error === undefined ? undefined : `${props.form}-${props.name}-error`}>
      <legend>{props.ctx.t(props.word)}</legend>
      <div class="checks">
        {props.problems.map((p) => (
          <label>
            <input type="checkbox" name={props.name} value={String(p.indicator)} checked={checked.has(String(p.indicator))} />
            {props.ctx.lang === "th" ? `ข้อ ${p.indicator}` : `indicator ${p.indicator}`} ({label(props.ctx.lang, Problem.statusLabel[p.status as Problem.Status], p.status)})
          </label>
        ))}
      </div>
      {error === undefined ? null : (
        <span class="field-error" id={`${props.form}-${props.name}-error`}>
          {error}
        </span>
      )}
    </fieldset>
  )
}

const Hidden = (props: { readonly ctx: Ctx; readonly keyValue: string }) => (
  <>
    <input type="hidden" name="_csrf" value={props.ctx.csrf} />
    <input type="hidden" name="_key" value={props.keyValue} />
  </>
)

export const HouseholdPage = (props: { readonly ctx: Ctx; readonly data: HouseholdData; readonly formKey: string; readonly today: string }) => {
  const { ctx, data } = props
  const { t, lang } = ctx
  const title = `${t("household")} ${data.houseCode}`
  if (data.journey.status !== 200) {
    return (
      <Page ctx={ctx} title={title}>
        <Refusal ctx={ctx} status={data.journey.status} body={data.journey.body} />
      </Page>
    )
  }
  const view = data.journey.body
  const facts = view.facts
  const village: string = facts.household.villageCode
  const decision = data.decision?.status === 200 ? data.decision.body : undefined
  const record = data.record?.status === 200 ? data.record.body : undefined
  const openProblems = (view.problems as ReadonlyArray<any>).filter((p) => !Problem.isClosed(p.status))
  const state = data.state
  const crumbs = [...crumbsOf(ctx, village).map((c) => ({ ...c, href: c.href ?? `/area/${village}` })), { text: data.houseCode }]
  return (
    <Page ctx={ctx} title={title} crumbs={crumbs}>
      {data.saved === undefined ? null : (
        <p class="notice good" role="status">
          {t("saved")}: {data.saved}
        </p>
      )}
      {state?.refusal === undefined ? null : (
        <p class="notice bad" role="alert">
          {state.refusal}
        </p>
      )}
      <ul class="cards">
        <li>
          <span class="n">{label(lang, Journey.stepLabel[view.step as Journey.Step], view.step)}</span>
          <span class="l">{t("step")}</span>
        </li>
        <li>
          <span class="n">{view.stage === undefined ? "—" : label(lang, Journey.stageLabel[view.stage as Journey.Stage])}</span>
          <span class="l">{t("stage")}</span>
        </li>
        <li>
          <span class="n">{name(ctx, village)}</span>
          <span class="l">{t("village")}</span>
        </li>
        <li>
          <span class="n">{facts.household.mentorTeam ?? "—"}</span>
          <span class="l">{t("team")}</span>
        </li>
      </ul>
      <div class="grid2">
        <section class="card" aria-labelledby="decision">
          <h2 id="decision">
            {t("decision")} ({t("round")} {facts.household.round})
          </h2>
          {decision === undefined ? (
            <p class="muted">{t("none")}</p>
          ) : (
            <>
              <p>
                <strong>{decision.target ? t("target") : t("notTarget")}</strong>
              </p>
              <h3>{t("failedIndicators")}</h3>
              <ul>
                {(decision.reasons as ReadonlyArray<any>).map((r) => (
                  <li>{r[lang]}</li>
                ))}
              </ul>
            </>
          )}
        </section>
        <section class="card" aria-labelledby="problems">
          <h2 id="problems">{t("problems")}</h2>
          <ul>
            {(view.problems as ReadonlyArray<any>).map((p) => (
              <li>
                {lang === "th" ? `ข้อ ${p.indicator}` : `Indicator ${p.indicator}`}: <span class="tag">{label(lang, Problem.statusLabel[p.status as Problem.Status], p.status)}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
      {record === undefined ? null : (
        <section aria-labelledby="members">
          <h2 id="members">{t("members")}</h2>
          {data.unmasked ? (
            <p class="notice" role="status">
              {t("unmasked")}
            </p>
          ) : null}
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("citizenId")}</th>
                  <th scope="col">{t("name")}</th>
                </tr>
              </thead>
              <tbody>
                {(record.members as ReadonlyArray<any>).map((m) => (
                  <tr>
                    <td>
                      <code>{m.citizenId}</code>
                    </td>
                    <td>
                      {m.title ?? ""}
                      {m.firstName} {m.lastName}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {!data.unmasked && may(ctx.me, "unmask") ? (
            <form method="get" action={`/household/${data.houseCode}`} class="filters">
              <input type="hidden" name="unmask" value="true" />
              <label for="reason">
                {t("unmaskReason")}
                <input id="reason" name="reason" maxlength={200} required />
              </label>
              <button type="submit" class="secondary">
                {t("unmask")}
              </button>
            </form>
          ) : null}
        </section>
      )}
      <section aria-labelledby="plan">
        <h2 id="plan">{t("plan")}</h2>
        {(facts.actions as ReadonlyArray<any>).length === 0 ? (
          <p class="muted">{t("none")}</p>
        ) : (
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("part")}</th>
                  <th scope="col">{t("description")}</th>
                  <th scope="col">{t("due")}</th>
                  <th scope="col">{t("status")}</th>
                  <th scope="col" class="n">{t("plannedCost")}</th>
                </tr>
              </thead>
              <tbody>
                {(facts.actions as ReadonlyArray<any>).map((a) => (
                  <tr>
                    <td>{label(lang, Plan.fourTLabel[a.part as Plan.FourT], a.part)}</td>
                    <td>{a.description}</td>
                    <td>{day(lang, a.due)}</td>
                    <td>{label(lang, Plan.actionStatusLabel[a.status as Plan.ActionStatus], a.status)}</td>
                    <td class="n">{baht(lang, a.plannedCost)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <div class="grid2">
        <section aria-labelledby="logbook">
          <h2 id="logbook">{t("logbook")}</h2>
          {(facts.entries as ReadonlyArray<any>).length === 0 ? (
            <p class="muted">{t("none")}</p>
          ) : (
            <ol class="timeline">
              {(facts.entries as ReadonlyArray<any>).map((e) => (
                <li class={e.reverses === undefined ? "" : "reversal"}>
                  <strong>{day(lang, e.on)}</strong> · {label(lang, Logbook.kindLabel[e.kind as Logbook.Kind], e.kind)} · {baht(lang, e.value)} ฿
                  <br />
                  <span class="muted">
                    {e.giver.agency ?? e.giver.team ?? e.giver.person} · {label(lang, Plan.budgetSourceLabel[e.budgetSource as Plan.BudgetSource], e.budgetSource)}
                    {e.note === undefined ? "" : ` · ${e.note}`}
                    {e.reason === undefined ? "" : ` · ${e.reason}`}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
        <section aria-labelledby="visits">
          <h2 id="visits">{t("visits")}</h2>
          {(facts.visits as ReadonlyArray<any>).length === 0 ? (
            <p class="muted">{t("none")}</p>
          ) : (
            <ol class="timeline">
              {(facts.visits as ReadonlyArray<any>).map((v) => (
                <li>
                  <strong>{day(lang, v.on)}</strong> · {label(lang, Journey.stageLabel[v.stage as Journey.Stage], v.stage)} · {v.by}
                  {v.note === undefined ? null : (
                    <>
                      <br />
                      <span class="muted">{v.note}</span>
                    </>
                  )}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
      {may(ctx.me, "recordVisit") ? (
        <form method="post" action={`/household/${data.houseCode}/visit`} id="visit-form">
          <Hidden ctx={ctx} keyValue={`${props.formKey}-visit`} />
          <fieldset>
            <legend>{t("recordVisit")}</legend>
            <div class="row">
              <Field ctx={ctx} form="visit" name="on" word="date" type="date" required value={props.today} state={state} />
              <Select ctx={ctx} form="visit" name="stage" word="stage" state={state} options={Journey.Stage.literals.map((s) => [s, label(lang, Journey.stageLabel[s])] as const)} />
              <Field ctx={ctx} form="visit" name="note" word="note" state={state} />
            </div>
            {(view.problems as ReadonlyArray<any>).length === 0 ? null : <ProblemChecks ctx={ctx} form="visit" name="confirms" word="confirms" problems={view.problems} state={state} />}
            <button type="submit">{t("save")}</button>
          </fieldset>
        </form>
      ) : null}
      {may(ctx.me, "recordHelp") ? (
        <form method="post" action={`/household/${data.houseCode}/help`} id="help-form">
          <Hidden ctx={ctx} keyValue={`${props.formKey}-help`} />
          <fieldset>
            <legend>{t("recordHelp")}</legend>
            <div class="row">
              <Field ctx={ctx} form="help" name="on" word="date" type="date" required value={props.today} state={state} />
              <Field ctx={ctx} form="help" name="person" word="giver" state={state} />
              <Field ctx={ctx} form="help" name="agency" word="giverAgency" state={state} />
              <Select ctx={ctx} form="help" name="kind" word="kind" state={state} options={Logbook.Kind.literals.map((k) => [k, label(lang, Logbook.kindLabel[k])] as const)} />
              <Field ctx={ctx} form="help" name="value" word="valueBaht" inputmode="decimal" value="0" state={state} />
              <Select ctx={ctx} form="help" name="budgetSource" word="budgetSource" state={state} options={Plan.BudgetSource.literals.map((b) => [b, label(lang, Plan.budgetSourceLabel[b])] as const)} />
              <Field ctx={ctx} form="help" name="note" word="note" state={state} />
            </div>
            {openProblems.length === 0 ? null : <ProblemChecks ctx={ctx} form="help" name="problems" word="problems" problems={openProblems} state={state} />}
            <button type="submit">{t("save")}</button>
          </fieldset>
        </form>
      ) : null}
      {may(ctx.me, "addPlanAction") && openProblems.length > 0 ? (
        <form method="post" action={`/household/${data.houseCode}/action`} id="action-form">
          <Hidden ctx={ctx} keyValue={`${props.formKey}-action`} />
          <fieldset>
            <legend>{t("addAction")}</legend>
            <div class="row">
              <Select ctx={ctx} form="action" name="part" word="part" state={state} options={Plan.FourT.literals.map((p) => [p, label(lang, Plan.fourTLabel[p])] as const)} />
              <Field ctx={ctx} form="action" name="description" word="description" required state={state} />
              <Field ctx={ctx} form="action" name="agency" word="responsibleAgency" required state={state} />
              <Select ctx={ctx} form="action" name="budgetSource" word="budgetSource" state={state} options={Plan.BudgetSource.literals.map((b) => [b, label(lang, Plan.budgetSourceLabel[b])] as const)} />
              <Field ctx={ctx} form="action" name="plannedCost" word="plannedCost" inputmode="decimal" value="0" state={state} />
              <Field ctx={ctx} form="action" name="due" word="due" type="date" required state={state} />
            </div>
            <ProblemChecks ctx={ctx} form="action" name="problems" word="problems" problems={openProblems} state={state} />
            <button type="submit">{t("save")}</button>
          </fieldset>
        </form>
      ) : null}
    </Page>
  )
}
