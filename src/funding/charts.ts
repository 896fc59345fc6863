/** Server-rendered horizontal bar charts: light, accessible (titled, with the numbers in a table beside them). */
export interface Bar {
  label: string;
  confirmed: number;
  funded: number;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function barChart(
  id: string,
  title: string,
  bars: Bar[],
  legend: { confirmed: string; funded: string },
): string {
  const rowHeight = 30;
  const labelWidth = Math.max(
    120,
    Math.ceil(Math.max(...bars.map((b) => b.label.length)) * 8.2) + 12,
  );
  const chartWidth = 320;
  const max = Math.max(1, ...bars.map((b) => b.confirmed));
  const height = bars.length * rowHeight + 36;
  const rows = bars
    .map((bar, i) => {
      const y = i * rowHeight + 4;
      const confirmedWidth = Math.round((bar.confirmed / max) * chartWidth);
      const fundedWidth = Math.round((bar.funded / max) * chartWidth);
      return [
        `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end" class="chart-label">${escape(bar.label)}</text>`,
        `<rect x="${labelWidth}" y="${y}" width="${confirmedWidth}" height="20" class="bar-confirmed"/>`,
        `<rect x="${labelWidth}" y="${y + 6}" width="${fundedWidth}" height="8" class="bar-funded"/>`,
        `<text x="${labelWidth + confirmedWidth + 6}" y="${y + 15}" class="chart-value">${bar.confirmed} / ${bar.funded}</text>`,
      ].join('');
    })
    .join('');
  const legendY = bars.length * rowHeight + 20;
  const secondLegend = labelWidth + 20 + Math.ceil(legend.confirmed.length * 8.2) + 24;
  return (
    `<svg id="${escape(id)}" role="img" aria-labelledby="${escape(id)}-title" viewBox="0 0 ${Math.max(labelWidth + chartWidth + 80, secondLegend + 20 + legend.funded.length * 8.2)} ${height}" width="100%" class="chart">` +
    `<title id="${escape(id)}-title">${escape(title)}</title>` +
    rows +
    `<rect x="${labelWidth}" y="${legendY - 10}" width="14" height="14" class="bar-confirmed"/>` +
    `<text x="${labelWidth + 20}" y="${legendY + 2}" class="chart-label">${escape(legend.confirmed)}</text>` +
    `<rect x="${secondLegend}" y="${legendY - 10}" width="14" height="14" class="bar-funded"/>` +
    `<text x="${secondLegend + 20}" y="${legendY + 2}" class="chart-label">${escape(legend.funded)}</text>` +
    `</svg>`
  );
}
