import { mountCardPage } from './mount-card'

mountCardPage('page')
