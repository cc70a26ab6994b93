/** CodeMirror decorations for `{{variables}}`: valid placeholders marked, malformed ones flagged. */
import { RangeSetBuilder } from '@codemirror/state'
import { Decoration, type DecorationSet, EditorView, ViewPlugin, type ViewUpdate } from '@codemirror/view'
import { scanPlaceholders } from '../card/variables'

const variable = Decoration.mark({ class: 'cm-pc-var' })
const invalid = Decoration.mark({ class: 'cm-pc-var-invalid', attributes: { title: 'not a valid {{variable}}' } })

function decorate(view: EditorView): DecorationSet {
  const { placeholders, invalid: bad } = scanPlaceholders(view.state.doc.toString())
  const marks = [
    ...placeholders.map((found) => ({ ...found, mark: variable })),
    ...bad.map((found) => ({ ...found, mark: invalid })),
  ].sort((a, b) => a.from - b.from)
  const builder = new RangeSetBuilder<Decoration>()
  for (const mark of marks) if (mark.to > mark.from) builder.add(mark.from, mark.to, mark.mark)
  return builder.finish()
}

export const variableHighlight = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet
    constructor(view: EditorView) {
      this.decorations = decorate(view)
    }
    update(update: ViewUpdate) {
      if (update.docChanged) this.decorations = decorate(update.view)
    }
  },
  { decorations: (plugin) => plugin.decorations },
)
