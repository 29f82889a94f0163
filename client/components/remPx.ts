// The current size of 1 rem in CSS pixels (the wall sets it for its viewing distance): charts and
// canvases that take pixel sizes scale their type with it.
export function remPx(): number {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}
