/**
 * Server-rendered horizontal bar charts. Labels and values are HTML text, so they keep the page's
 * font size at any width (an SVG scaled to a phone shrank them below 11 px); only the bars are SVG.
 * The chart is one image for assistive technology, named by its heading; its numbers are in the
 * table beside it.
 */
export interface Bar {
  label: string;
  confirmed: number;
  funded: number;
  /** What the row's numbers say, with their shares: "3 (38%) · 1 funded (25%)". */
  value: string;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function barChart(
  id: string,
  title: string,
  bars: Bar[],
  legend: { confirmed: string; funded: string },
): string {
  const max = Math.max(1, ...bars.map((b) => b.confirmed));
  const width = (n: number) => Math.round((n / max) * 1000) / 10;
  const rows = bars
    .map(
      (bar) =>
        `<li class="bars__row"><span class="bars__label">${escape(bar.label)}</span>` +
        `<svg class="bars__track" viewBox="0 0 100 20" preserveAspectRatio="none" focusable="false">` +
        `<rect width="${width(bar.confirmed)}" height="20" class="bar-confirmed"/>` +
        `<rect y="6" width="${width(bar.funded)}" height="8" class="bar-funded"/></svg>` +
        `<span class="bars__value">${escape(bar.value)}</span></li>`,
    )
    .join('');
  return (
    `<div id="${escape(id)}" class="bars" role="img" aria-label="${escape(title)}">` +
    `<p class="bars__legend"><span><span class="swatch swatch--confirmed"></span>${escape(legend.confirmed)}</span>` +
    `<span><span class="swatch swatch--funded"></span>${escape(legend.funded)}</span></p>` +
    `<ul class="bars__rows">${rows}</ul></div>`
  );
}
