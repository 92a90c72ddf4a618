import { createContext, useContext } from 'react';
import type { BizDb } from './db';

export interface StoreDb {
  db: BizDb;
  storeId: string;
}

/** The signed-in store's database; provided once by the app shell for the whole session. */
export const StoreDbContext = createContext<StoreDb | null>(null);

export function useStoreDb(): StoreDb {
  const value = useContext(StoreDbContext);
  if (!value) throw new Error('useStoreDb() needs a signed-in store: render inside the app shell.');
  return value;
}
