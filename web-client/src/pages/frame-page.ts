import { mountCardPage } from './mount-card'

// The iframe form of the editor (/embed/w/{workspace}/c/{card}): no page chrome.
mountCardPage('compact')
