// Chart colours come from the same CSS custom properties as the rest of the page, so the charts
// follow the light/dark theme without a second palette in code.

export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
  series: string;
  seriesFill: string;
  estimated: string;
  /** Lines told apart by colour (quantiles, compared events): --chart-series, then --chart-2 … --chart-5. */
  palette: readonly [string, string, string, string, string];
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
    palette: [
      cssVar(style, '--chart-series', '#2563eb'),
      cssVar(style, '--chart-2', '#e8590c'),
      cssVar(style, '--chart-3', '#0f9d58'),
      cssVar(style, '--chart-4', '#7c3aed'),
      cssVar(style, '--chart-5', '#dc2626'),
    ],
    font: cssVar(style, '--font-sans', 'system-ui, sans-serif'),
  };
}
