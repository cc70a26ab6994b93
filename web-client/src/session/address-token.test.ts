import { describe, expect, it } from 'vitest'
import { type AddressBar, takeAddressToken } from './address-token'

function bar(url: string, stored: Record<string, string> = {}) {
  const parsed = new URL(url, 'http://127.0.0.1:8080')
  const replaced: string[] = []
  const storage = new Map(Object.entries(stored))
  const address: AddressBar = {
    location: { pathname: parsed.pathname, search: parsed.search, hash: parsed.hash },
    history: { state: null, replaceState: (_state, _unused, next) => replaced.push(next) },
    storage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => storage.set(key, value) },
  }
  return { address, replaced, storage }
}

describe('a token in the address', () => {
  it('is taken from the fragment, removed from the address bar and kept for this path', () => {
    const { address, replaced, storage } = bar('/w/acme/c/plan#token=abc.def.ghi')
    expect(takeAddressToken(address)).toBe('abc.def.ghi')
    expect(replaced).toEqual(['/w/acme/c/plan'])
    expect(storage.get('promptcards.token /w/acme/c/plan')).toBe('abc.def.ghi')
  })

  it('is taken from the query, keeping the other parameters of both', () => {
    const { address, replaced } = bar('/w/acme?x=1&token=q.q.q#y=2')
    expect(takeAddressToken(address)).toBe('q.q.q')
    expect(replaced).toEqual(['/w/acme?x=1#y=2'])
  })

  it('prefers the fragment and removes both', () => {
    const { address, replaced } = bar('/w/acme/c/plan?token=old#token=new')
    expect(takeAddressToken(address)).toBe('new')
    expect(replaced).toEqual(['/w/acme/c/plan'])
  })

  it('is the kept one on a reload without a token in the address, and the address is left alone', () => {
    const { address, replaced } = bar('/w/acme/c/plan', { 'promptcards.token /w/acme/c/plan': 'kept' })
    expect(takeAddressToken(address)).toBe('kept')
    expect(replaced).toEqual([])
  })

  it('is not one kept for another page', () => {
    const { address } = bar('/w/acme/c/other', { 'promptcards.token /w/acme/c/plan': 'kept' })
    expect(takeAddressToken(address)).toBeUndefined()
  })

  it('is still taken when the tab keeps nothing', () => {
    const { address, replaced } = bar('/#token=t')
    address.storage = { getItem: () => { throw new Error('denied') }, setItem: () => { throw new Error('denied') } }
    expect(takeAddressToken(address)).toBe('t')
    expect(replaced).toEqual(['/'])
  })
})
