/**
 * embed.js: defines `<prompt-card-editor server workspace card token>` for any page. The editor
 * lives in the element's shadow root with its own styles: the host page's styles do not reach in
 * (inherited ones are reset at the root), and ours do not leak out.
 *
 *   <script src="https://promptcards.example.com/embed.js"></script>
 *   <prompt-card-editor server="https://promptcards.example.com" workspace="acme" card="welcome-email"
 *                       token="JWT"></prompt-card-editor>
 *
 * `server` defaults to the origin embed.js was loaded from.
 */
import { RunsApi } from '../api/runs-api'
import { CardConnection } from '../session/connection'
import { CardEditor } from '../ui/card-editor'
import { h } from '../ui/dom'
import styles from '../ui/styles.css?inline'
import { wsBaseOf } from './server-url'

/**
 * The editor's styles as one sheet adopted by every widget's shadow root, after CodeMirror's: CodeMirror puts
 * its base theme (`.cm-scroller { font-family: monospace }`) into a shadow root's adoptedStyleSheets, which come
 * after any <style> element of the tree, so ours would lose the ties there that they win on the page (where
 * CodeMirror's <style> goes first in the head) and the widget's fields would not use the page's fonts.
 */
let sheet: CSSStyleSheet | undefined

/** The widget's styles for a shadow root: adopted (the sheet above), else a <style> where that is not supported. */
function stylesFor(shadow: ShadowRoot): HTMLElement[] {
  if (!('adoptedStyleSheets' in shadow) || typeof CSSStyleSheet.prototype.replaceSync !== 'function') {
    return [h('style', {}, styles)]
  }
  if (sheet === undefined) {
    sheet = new CSSStyleSheet()
    sheet.replaceSync(styles)
  }
  // CodeMirror prepends its sheets when a field mounts: ours stays last
  if (!shadow.adoptedStyleSheets.includes(sheet)) shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet]
  return []
}

const SCRIPT_ORIGIN = (() => {
  const src = (document.currentScript as HTMLScriptElement | null)?.src
  return src ? new URL(src).origin : location.origin
})()

class PromptCardEditor extends HTMLElement {
  static observedAttributes = ['server', 'workspace', 'card', 'token']

  private connection: CardConnection | undefined
  private editor: CardEditor | undefined
  private scheduled = false

  connectedCallback(): void {
    this.schedule()
  }

  disconnectedCallback(): void {
    this.teardown()
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.schedule()
  }

  /** Attributes often change together (a framework sets them one by one): remount once. */
  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    queueMicrotask(() => {
      this.scheduled = false
      if (this.isConnected) this.mount()
    })
  }

  private mount(): void {
    this.teardown()
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' })
    const workspace = this.getAttribute('workspace')?.trim()
    const card = this.getAttribute('card')?.trim()
    const token = this.getAttribute('token')?.trim() || undefined
    const style = stylesFor(shadow)
    if (!workspace || !card) {
      shadow.replaceChildren(...style, h('div', { class: 'pc-root pc-message', role: 'alert' }, '<prompt-card-editor> needs the attributes workspace and card.'))
      return
    }
    let wsBase: string
    try {
      wsBase = wsBaseOf(this.getAttribute('server')?.trim() || SCRIPT_ORIGIN, location.href)
    } catch {
      shadow.replaceChildren(...style, h('div', { class: 'pc-root pc-message', role: 'alert' }, `<prompt-card-editor>: server="${this.getAttribute('server')}" is not a URL.`))
      return
    }
    this.connection = new CardConnection({ wsBase, workspace, card, token })
    const runsApi = new RunsApi({ wsBase, workspace, card, token, pageProtocol: location.protocol })
    this.editor = new CardEditor(this.connection, { root: shadow, layout: 'compact', workspace, card, reload: () => this.mount(), runsApi })
    shadow.replaceChildren(...style, this.editor.element)
  }

  private teardown(): void {
    this.editor?.destroy()
    this.connection?.destroy()
    this.editor = undefined
    this.connection = undefined
  }
}

if (!customElements.get('prompt-card-editor')) customElements.define('prompt-card-editor', PromptCardEditor)
