// Small DOM helpers shared by the page's modules.

/** The page's element `#id`; throws when the page lacks it. */
export function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page lacks #${id}`);
  return el as T;
}

/** A new `<tag class="cls">text</tag>`. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  cls: string,
  text = '',
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = cls;
  el.textContent = text;
  return el;
}
