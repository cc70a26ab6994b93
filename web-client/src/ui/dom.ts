/** A small hyperscript for building the editor's DOM without a framework. */

type Child = Node | string | null | undefined | false
type Props = Record<string, string | number | boolean | EventListener | undefined>

/**
 * Creates an element: `on*` props become listeners, `class`/`data-*`/`aria-*` and the rest become
 * attributes (true: present, false/undefined: absent).
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue
    if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2).toLowerCase(), value)
    } else {
      element.setAttribute(key, value === true ? '' : String(value))
    }
  }
  append(element, ...children)
  return element
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child)
  }
}

/** Sets an element's text only when it differs, so that an unchanged field does not repaint. */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text
}

/** Sets an input's value unless the person is typing in it (their caret would jump). */
export function setInputValue(input: HTMLInputElement | HTMLSelectElement, value: string, root: DocumentOrShadowRoot): void {
  if (root.activeElement !== input && input.value !== value) input.value = value
}
