import { mountCardPage } from './mount-card'

// One page for /w/{workspace}/c/{card} and its iframe form /embed/w/{workspace}/c/{card} (no page chrome).
mountCardPage(location.pathname.startsWith('/embed/') ? 'compact' : 'page')
