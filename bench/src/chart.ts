interface Bar {
  scenario: string
  tool: string
  wallSeconds: number
}

/** A horizontal bar chart of wall times, one panel per scenario, as a standalone SVG. */
export function renderChart(bars: Bar[]): string {
  const scenarios = [...new Set(bars.map((bar) => bar.scenario))]
  const rowHeight = 22
  const labelWidth = 270
  const plotWidth = 520
  let y = 30
  let body = ''
  for (const scenario of scenarios) {
    const rows = bars.filter((bar) => bar.scenario === scenario)
    const max = Math.max(...rows.map((row) => row.wallSeconds), 0.001)
    body += `<text x="10" y="${y}" font-weight="bold">${escape(scenario)}</text>`
    y += 10
    for (const row of rows) {
      const width = Math.max(1, (row.wallSeconds / max) * plotWidth)
      const ours = row.tool.startsWith('s3-seed')
      body +=
        `<text x="10" y="${y + 15}">${escape(row.tool)}</text>` +
        `<rect x="${labelWidth}" y="${y + 3}" width="${width.toFixed(1)}" height="${rowHeight - 6}" fill="${ours ? '#e8590c' : '#868e96'}"/>` +
        `<text x="${labelWidth + width + 6}" y="${y + 15}">${row.wallSeconds.toFixed(1)} s</text>`
      y += rowHeight
    }
    y += 24
  }
  const width = labelWidth + plotWidth + 90
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" font-family="sans-serif" font-size="13">` +
    `<rect width="100%" height="100%" fill="white"/>${body}</svg>\n`
  )
}

function escape(text: string): string {
  return text.replace(/[&<>]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[char] as string)
}
