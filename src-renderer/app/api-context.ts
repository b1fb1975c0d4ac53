// Hands the typed bridge client to every component without prop drilling.
import { createContext, useContext } from 'react';
import type { FieldVaultApi } from '../api/bridge-client';

export const ApiContext = createContext<FieldVaultApi | null>(null);

export function useApi(): FieldVaultApi {
  const api = useContext(ApiContext);
  if (api === null) throw new Error('useApi() outside <ApiContext.Provider>');
  return api;
}
