/** The API server's entry (`@phungpao/api/server`, built without declarations): what the dashboard's server uses of it. */
declare module "@phungpao/api/server" {
  export interface Front {
    readonly name: string
    readonly make: (api: { readonly fetch: (request: Request) => Response | Promise<Response> }) => {
      readonly fetch: (request: Request) => Response | Promise<Response>
    }
  }
  export interface Started {
    readonly url: string
    readonly stop: () => Promise<void>
  }
  export const start: (env?: Readonly<Record<string, string | undefined>>, signals?: boolean, front?: Front) => Promise<Started>
}
