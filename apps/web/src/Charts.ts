/**
 * The dashboard's charts, drawn by Apache ECharts on the server into SVG (its server-side
 * rendering): the page carries a picture and a table of the same figures, and no chart
 * code runs in the browser. Each chart has a title and a description for screen readers.
 */
import * as echarts from "echarts"

const palette = ["#1b5e7a", "#2f8f9d", "#6cbf84", "#f2b134", "#e2703a", "#9c3d54", "#5a5a8c"]

const font = { fontFamily: "Sarabun, 'Noto Sans Thai', sans-serif" }

// The charts drawn last, by what they were drawn from: a page viewed again (its figures
// unchanged) is not drawn again. Drawing is most of a page's time on the server.
const drawn = new Map<string, string>()
const keep = 64

const render = (option: echarts.EChartsCoreOption, width: number, height: number, description: string): string => {
  const key = JSON.stringify([option, width, height, description])
  const kept = drawn.get(key)
  if (kept !== undefined) {
    drawn.delete(key)
    drawn.set(key, kept)
    return kept
  }
  const svg = draw(option, width, height, description)
  drawn.set(key, svg)
  while (drawn.size > keep) drawn.delete(drawn.keys().next().value!)
  return svg
}

const draw = (option: echarts.EChartsCoreOption, width: number, height: number, description: string): string => {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height })
  chart.setOption({
    animation: false,
    color: palette,
    textStyle: font,
    aria: { enabled: true, label: { description } },
    ...option
  })
  const svg = chart.renderToSVGString()
  chart.dispose()
  return svg
}

/** Bars stacked by step for each area (the households at each step, not cumulative). */
export const steps = (
  areas: ReadonlyArray<{ readonly name: string; readonly values: ReadonlyArray<number> }>,
  series: ReadonlyArray<string>,
  title: string
): string =>
  render(
    {
      grid: { left: 8, right: 16, top: 8, bottom: 64, containLabel: true },
      legend: { bottom: 0, textStyle: { fontSize: 11 } },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: areas.map((a) => a.name), inverse: true, axisLabel: { fontSize: 11 } },
      series: series.map((name, i) => ({ name, type: "bar", stack: "steps", data: areas.map((a) => a.values[i] ?? 0) }))
    },
    640,
    Math.max(180, 90 + areas.length * 22),
    title
  )

/** A burn-down: households still open against the straight line to zero at the deadline, one line per district. */
export const burnDown = (
  lines: ReadonlyArray<{ readonly name: string; readonly points: ReadonlyArray<{ readonly date: string; readonly open?: number | undefined; readonly ideal: number }> }>,
  labels: { readonly open: string; readonly ideal: string },
  title: string
): string => {
  const dates = [...new Set(lines.flatMap((l) => l.points.map((p) => p.date)))].sort()
  const at = (l: (typeof lines)[number], key: "open" | "ideal") => {
    const byDate = new Map(l.points.map((p) => [p.date, p[key]]))
    return dates.map((d) => byDate.get(d) ?? null)
  }
  const single = lines.length === 1
  return render(
    {
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, type: "scroll", textStyle: { fontSize: 11 } },
      tooltip: { show: false },
      xAxis: { type: "category", data: dates, axisLabel: { fontSize: 10 } },
      yAxis: { type: "value" },
      series: lines.flatMap((l) => [
        { name: single ? labels.open : l.name, type: "line", data: at(l, "open"), showSymbol: false, connectNulls: false },
        ...(single ? [{ name: labels.ideal, type: "line", data: at(l, "ideal"), showSymbol: false, lineStyle: { type: "dashed" } }] : [])
      ])
    },
    640,
    280,
    title
  )
}

/** Households failing each dimension, for each area (grouped bars). */
export const dimensions = (
  areas: ReadonlyArray<{ readonly name: string; readonly values: ReadonlyArray<number> }>,
  names: ReadonlyArray<string>,
  title: string
): string =>
  render(
    {
      grid: { left: 8, right: 16, top: 16, bottom: 64, containLabel: true },
      legend: { bottom: 0, textStyle: { fontSize: 11 } },
      xAxis: { type: "category", data: names, axisLabel: { fontSize: 11 } },
      yAxis: { type: "value" },
      series: areas.slice(0, 7).map((a) => ({ name: a.name, type: "bar", data: a.values }))
    },
    640,
    300,
    title
  )

/** Money in and out by month (bars). */
export const months = (rows: ReadonlyArray<{ readonly month: string; readonly in: number; readonly out: number }>, labels: { readonly in: string; readonly out: string }, title: string): string =>
  render(
    {
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0 },
      xAxis: { type: "category", data: rows.map((r) => r.month) },
      yAxis: { type: "value" },
      series: [
        { name: labels.in, type: "bar", data: rows.map((r) => r.in) },
        { name: labels.out, type: "bar", data: rows.map((r) => r.out) }
      ]
    },
    640,
    260,
    title
  )
