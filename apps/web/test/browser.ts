/**
 * Real Chromium for the browser suite and the benchmark: Debian's `chromium` package
 * (`/usr/bin/chromium`, or `CHROMIUM_PATH`) through playwright-core, which never downloads
 * a browser of its own (each launch has a fresh, empty profile). A missing browser fails with how to install it.
 */
import { existsSync } from "node:fs"
import { type Browser, chromium } from "playwright-core"

export const chromiumPath = (): string => {
  const path = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium"
  if (!existsSync(path)) throw new Error(`Chromium is not at ${path}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`)
  return path
}

export const launch = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run"
    ]
  })
