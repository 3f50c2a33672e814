/** The dashboard over a world of the API's tests: pages requested in process, as a signed-in user or nobody. */
import { csrfOf, makeWeb, sessionCookie } from "../src/Web.js"
import type { World } from "../../api/test/world.js"

export interface Got {
  readonly status: number
  readonly html: string
  readonly headers: Headers
}

export const webOf = (w: World) => makeWeb(w.app)

/** A page as `user` sees it (none: signed out); a POST sends `form` with the session's CSRF field unless `csrf` says otherwise. */
export const page = async (
  web: ReturnType<typeof makeWeb>,
  w: World,
  path: string,
  options: { readonly user?: string; readonly form?: Readonly<Record<string, string | ReadonlyArray<string>>>; readonly csrf?: string | false; readonly headers?: Readonly<Record<string, string>>; readonly lang?: "th" | "en" } = {}
): Promise<Got> => {
  const token = options.user === undefined ? undefined : w.tokens[options.user]
  const cookies = [token === undefined ? undefined : `${sessionCookie}=${token}`, options.lang === undefined ? undefined : `phungpao_lang=${options.lang}`].filter((c) => c !== undefined)
  const headers: Record<string, string> = { ...(cookies.length === 0 ? {} : { cookie: cookies.join("; ") }), ...options.headers }
  let body: URLSearchParams | undefined
  if (options.form !== undefined) {
    body = new URLSearchParams()
    for (const [k, v] of Object.entries(options.form)) for (const one of typeof v === "string" ? [v] : v) body.append(k, one)
    if (options.csrf !== false) body.set("_csrf", options.csrf ?? csrfOf(token))
    headers["content-type"] = "application/x-www-form-urlencoded"
  }
  const response = await web.request(path, { method: body === undefined ? "GET" : "POST", headers, ...(body === undefined ? {} : { body: body.toString() }) })
  return { status: response.status, html: await response.text(), headers: response.headers }
}
