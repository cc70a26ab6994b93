/** A view of one item of a Y.Array, kept while the item is in the array. */
export interface ItemView {
  readonly element: Element
  destroy(): void
}

/**
 * Makes `parent`'s children the views of `items`, in order: views of items that are gone are
 * destroyed and removed, new items get a view from `create`, and elements move only where the
 * order changed (an element being edited stays where it is).
 */
export function reconcileViews<K, V extends ItemView>(parent: Element, views: Map<K, V>, items: readonly K[], create: (item: K) => V): void {
  const keep = new Set(items)
  for (const [item, view] of views) {
    if (!keep.has(item)) {
      view.destroy()
      view.element.remove()
      views.delete(item)
    }
  }
  items.forEach((item, index) => {
    let view = views.get(item)
    if (view === undefined) {
      view = create(item)
      views.set(item, view)
    }
    if (parent.children[index] !== view.element) parent.insertBefore(view.element, parent.children[index] ?? null)
  })
}
