/** The landing page: open a card by name (the page keeps a #token= fragment for the card page). */
const form = document.getElementById('open-card') as HTMLFormElement
form.addEventListener('submit', (event) => {
  event.preventDefault()
  const data = new FormData(form)
  const workspace = String(data.get('workspace') ?? '').trim() || 'dev'
  const card = String(data.get('card') ?? '').trim() || 'welcome'
  location.href = `/w/${encodeURIComponent(workspace)}/c/${encodeURIComponent(card)}${location.hash}`
})
