/*
 * The overflow measure of the present slide (every slide fits the 1280 × 720 canvas), shared by the
 * walk over the default deck in theme.test.ts and its guard test there.
 */

/** Runs in the page: what of the present slide lies outside its canvas or is cut off. */
export function measurePresentSlide(): string[] {
  const s = document.querySelector<HTMLElement>('.reveal .slides > section.present')!;
  const problems: string[] = [];
  if (s.clientWidth !== 1280 || s.clientHeight !== 720) problems.push(`slide box is ${s.clientWidth}×${s.clientHeight}, not the 1280×720 canvas`);
  if (s.scrollHeight > s.clientHeight + 1) problems.push(`content is ${s.scrollHeight - s.clientHeight}px taller than the slide`);
  if (s.scrollWidth > s.clientWidth + 1) problems.push(`content is ${s.scrollWidth - s.clientWidth}px wider than the slide`);
  const box = s.getBoundingClientRect();
  // Canvas px per screen px: reveal.js scales the canvas to the window.
  const k = s.offsetWidth / box.width;
  const name = (el: Element): string => {
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 24);
    return `<${el.tagName.toLowerCase()}${el.getAttribute('class') ? ` class="${el.getAttribute('class')}"` : ''}>${text ? ` "${text}"` : ''}`;
  };
  for (const el of s.querySelectorAll('*')) {
    // Notes are never drawn; visually hidden text is clipped on purpose.
    if (el.closest('aside.notes, .sr-only')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const out = Math.max(box.left - r.left, box.top - r.top, r.right - box.right, r.bottom - box.bottom) * k;
    if (out > 1) problems.push(`${name(el)} reaches ${Math.round(out)}px outside the slide`);
    if (el instanceof HTMLElement && el.tagName !== 'svg') {
      const st = getComputedStyle(el);
      if (st.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) problems.push(`${name(el)} cuts off ${el.scrollWidth - el.clientWidth}px of its content horizontally`);
      if (st.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1) problems.push(`${name(el)} cuts off ${el.scrollHeight - el.clientHeight}px of its content vertically`);
    }
  }
  return problems;
}
