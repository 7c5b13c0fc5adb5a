// Chart colours come from the same CSS custom properties as the rest of the page, so the charts
// follow the light/dark theme without a second palette in code.

export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
  series: string;
  seriesFill: string;
  estimated: string;
  font: string;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

/** Reads the theme in effect for `el` (call again after the colour scheme changes). */
export function readChartTheme(el: Element): ChartTheme {
  const style = getComputedStyle(el);
  return {
    text: cssVar(style, '--text', '#1f2937'),
    muted: cssVar(style, '--text-muted', '#6b7280'),
    grid: cssVar(style, '--chart-grid', 'rgba(0,0,0,0.08)'),
    series: cssVar(style, '--chart-series', '#2563eb'),
    seriesFill: cssVar(style, '--chart-series-fill', 'rgba(37,99,235,0.15)'),
    estimated: cssVar(style, '--chart-estimated', '#d97706'),
    font: cssVar(style, '--font-sans', 'system-ui, sans-serif'),
  };
}
