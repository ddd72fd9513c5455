import { useEffect } from 'react'
import { create } from 'zustand'
import type { Person } from '@shared/api/people'
import type { ShopSettings } from '@shared/api/shop'
import { kefu } from '../../api'

interface Lookups {
  shop: ShopSettings | null
  people: Person[] | null
  loadShop(force?: boolean): Promise<void>
  loadPeople(force?: boolean): Promise<void>
  setShop(s: ShopSettings): void
}

/** Shops and people for pickers and labels; fetched once, refreshed when settings change. */
export const useLookups = create<Lookups>((set, get) => ({
  shop: null,
  people: null,
  async loadShop(force) {
    if (get().shop && !force) return
    try {
      set({ shop: await kefu.shop.get({}) })
    } catch {
      // not signed in yet: asked again when someone is
    }
  },
  async loadPeople(force) {
    if (get().people && !force) return
    try {
      set({ people: await kefu.people.directory({}) })
    } catch {
      // as above
    }
  },
  setShop(shop) {
    set({ shop })
  },
}))

export function useShopSettings(): ShopSettings | null {
  const shop = useLookups((s) => s.shop)
  const load = useLookups((s) => s.loadShop)
  useEffect(() => {
    void load()
  }, [load])
  return shop
}

export function useDirectory(): Person[] {
  const people = useLookups((s) => s.people)
  const load = useLookups((s) => s.loadPeople)
  useEffect(() => {
    void load()
  }, [load])
  return people ?? []
}
