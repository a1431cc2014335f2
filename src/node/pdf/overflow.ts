/**
 * Runs in the print view (page.evaluate): the pages of slides.pdf whose slide content reaches
 * outside the slide, which Chromium cuts off without a word. Page indices are 0-based, in page
 * order; the exporter maps them to slides and warns with each slide's file:line.
 * Self-contained on purpose: playwright serialises the function into the page.
 */
export function measurePrintedOverflow(): number[] {
  const out: number[] = [];
  const pages = document.querySelectorAll('.reveal .slides > .pdf-page');
  pages.forEach((page, i) => {
    const s = page.querySelector('section');
    if (!s) return;
    const box = s.getBoundingClientRect();
    // The slide is drawn scaled (print-frame); measure in slide px.
    const k = box.width > 0 ? s.offsetWidth / box.width : 1;
    let worst = Math.max(s.scrollHeight - s.clientHeight, s.scrollWidth - s.clientWidth);
    for (const el of s.querySelectorAll('*')) {
      // Notes are never drawn; visually hidden text is clipped on purpose.
      if (el.closest('aside.notes, .sr-only')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      worst = Math.max(worst, (box.left - r.left) * k, (box.top - r.top) * k, (r.right - box.right) * k, (r.bottom - box.bottom) * k);
    }
    if (worst > 2) out.push(i);
  });
  return out;
}
