/** Sign-in with an API token the provincial centre issued (`token create`). */
import type { Ctx } from "../Context.js"
import { Page } from "../Layout.js"

export const SignInPage = (props: { readonly ctx: Ctx; readonly failed: boolean }) => {
  const { ctx } = props
  const { t } = ctx
  return (
    <Page ctx={ctx} title={t("signIn")}>
      {props.failed ? (
        <p class="notice bad" role="alert" id="token-error">
          {t("badToken")}
        </p>
      ) : null}
      <form method="post" action="/signin" class="card">
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <label for="token">
          {t("token")}
          <input id="token" name="token" type="password" autocomplete="off" required aria-describedby={props.failed ? "token-help token-error" : "token-help"} aria-invalid={props.failed ? "true" : undefined} />
        </label>
        <p id="token-help" class="muted">
          {t("tokenHelp")}
        </p>
        <button type="submit">{t("signIn")}</button>
      </form>
    </Page>
  )
}
