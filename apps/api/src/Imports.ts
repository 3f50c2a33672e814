/**
 * Survey files uploaded over HTTP, kept for the workers: an upload is written, readable by
 * its owner only (0600), into the uploads folder, and an `import` job reads it from there
 * (`POST /v1/imports`). The folder must be storage every worker reads: on one machine a
 * local folder, on several a share they all mount at the same path.
 */
import * as Effect from "effect/Effect"
import { createHash, randomUUID } from "node:crypto"
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative, resolve, isAbsolute } from "node:path"

/** The extension a file is kept under, from the upload's media type (its bytes decide otherwise). */
const extensionOf = (mediaType: string): string =>
  mediaType.includes("csv")
    ? ".csv"
    : mediaType.includes("ndjson") || mediaType.includes("jsonl")
      ? ".ndjson"
      : mediaType.includes("spreadsheetml") || mediaType.includes("excel")
        ? ".xlsx"
        : ".json"

/**
 * The uploads folder: `PHUNGPAO_UPLOADS`, or `uploads` beside the SQLite database file
 * (`data/uploads` by default), or `data/uploads` under the working folder for PostgreSQL.
 */
export const folderOf = (env: Readonly<Record<string, string | undefined>>, sqliteFile: string | undefined): string => {
  const set = env["PHUNGPAO_UPLOADS"]?.trim()
  if (set !== undefined && set !== "") return resolve(set)
  return resolve(sqliteFile === undefined ? "data" : dirname(sqliteFile), "uploads")
}

/**
 * Whether `path` is absolute and lies inside `folder` (after resolving `..`): what a job sent
 * over HTTP may read or write. A relative path is refused: the workers' working folder is not
 * the API's.
 */
export const inside = (folder: string, path: string): boolean => {
  if (!isAbsolute(path)) return false
  const rel = relative(resolve(folder), resolve(path))
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel)
}

/**
 * Keeps an upload in `folder` and answers its path. The name comes from the uploader, the
 * idempotency key and the bytes, so a request sent again keeps the same file under the same
 * name (its job is found again by the key), and other bytes or another round under the same
 * key make another name (its key is then refused as reused, and the file removed). Written to a temporary name and renamed, so a
 * worker never reads half a file.
 */
export const keep = (folder: string, uploader: string, key: string, round: number, bytes: Uint8Array, mediaType: string) =>
  Effect.sync(() => {
    mkdirSync(folder, { recursive: true, mode: 0o700 })
    const owner = createHash("sha256").update(`${uploader}\u0000${key}`).digest("hex").slice(0, 32)
    const content = createHash("sha256").update(`${round}\u0000`).update(bytes).digest("hex").slice(0, 16)
    const path = join(folder, `${owner}-${content}${extensionOf(mediaType)}`)
    const partial = `${path}.${randomUUID()}.part`
    try {
      writeFileSync(partial, bytes, { mode: 0o600 })
      renameSync(partial, path)
    } finally {
      rmSync(partial, { force: true })
    }
    return path
  })

/** Removes a kept upload no job took (its key was refused). */
export const discard = (path: string) => Effect.sync(() => rmSync(path, { force: true }))
