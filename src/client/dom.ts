/** Small DOM helpers the plugins share (written once here instead of once per plugin). */

/** A new element with a class name and, optionally, its text; `doc` for another document (a print iframe). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string, doc: Document = document): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A region named by its own heading: `<tag class aria-labelledby=id><h2 id>title</h2></tag>`. */
export function titledRegion<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, headingId: string, title: string): { box: HTMLElementTagNameMap[K]; heading: HTMLHeadingElement } {
  const box = el(tag, className);
  box.setAttribute('aria-labelledby', headingId);
  const heading = el('h2', '', title);
  heading.id = headingId;
  return { box, heading };
}

/**
 * The slide index a `#/N` URL names (reveal.js's 0-based h index; the deck is flat), or undefined
 * when the hash names no slide.
 */
export function slideFromHash(hash: string = location.hash): number | undefined {
  const m = /^#\/(\d+)/.exec(hash);
  return m ? Number(m[1]) : undefined;
}
