/**
 * The dashboard's one way to its data: a request to the HTTP API, in process, with the
 * user's own token. Every rule of roles, area scope, masking and audit is the API's, so
 * it holds in the browser exactly as over HTTP.
 */
export interface Api {
  readonly fetch: (request: Request) => Response | Promise<Response>
}

/** An API answer: its status and its JSON body (a problem+json for a refusal). */
export interface Answer<A = any> {
  readonly status: number
  readonly body: A
}

/** A refusal as RFC 9457 describes it, with the API's field issues for bad input. */
export interface Problem {
  readonly type?: string
  readonly title?: string
  readonly status?: number
  readonly detail?: string
  readonly tag?: string
  readonly path?: string
  readonly reason?: string
  readonly titleTh?: string
  readonly errors?: ReadonlyArray<{ readonly path: string; readonly reason: string }>
  readonly requestId?: string
}

export interface Client {
  readonly get: <A = any>(path: string) => Promise<Answer<A>>
  readonly post: <A = any>(path: string, body: unknown, key?: string) => Promise<Answer<A>>
}

const origin = "http://api.internal"

/** A client acting with `token` (none: the public routes only); `requestId` ties the API's log line to the page's. */
export const client = (api: Api, token: string | undefined, requestId: string): Client => {
  const headers = (extra: Record<string, string>) => ({
    accept: "application/json",
    "x-request-id": requestId,
    ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    ...extra
  })
  const answer = async (response: Response): Promise<Answer> => {
    const text = await response.text()
    let body: unknown = undefined
    try {
      body = text === "" ? undefined : JSON.parse(text)
    } catch {
      body = { title: text.slice(0, 200) }
    }
    return { status: response.status, body }
  }
  return {
    get: async (path) => answer(await api.fetch(new Request(`${origin}${path}`, { headers: headers({}) }))),
    post: async (path, body, key) =>
      answer(
        await api.fetch(
          new Request(`${origin}${path}`, {
            method: "POST",
            headers: headers({ "content-type": "application/json", ...(key === undefined ? {} : { "idempotency-key": key }) }),
            body: JSON.stringify(body)
          })
        )
      )
  }
}

/** The query string of the defined values, in order. */
export const query = (params: Readonly<Record<string, string | number | undefined | null>>): string => {
  const search = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") search.set(k, String(v))
  const text = search.toString()
  return text === "" ? "" : `?${text}`
}
