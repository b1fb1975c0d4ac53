// What an import reads into: the two entities, the two file formats and the
// fields a column or vCard property can fill. Kept apart from import.ts so
// the reasons vocabulary (src-shared/ipc/reasons.ts) can name fields without
// a cycle.
import { z } from 'zod';
export const importEntities = ['contacts', 'accounts'] as const;
export const ImportEntity = z.enum(importEntities);
export type ImportEntity = z.infer<typeof ImportEntity>;

export const ImportFormat = z.enum(['csv', 'vcard']);
export type ImportFormat = z.infer<typeof ImportFormat>;

export const contactImportFields = [
  'name', 'firstName', 'lastName', 'title', 'company', 'email', 'phone',
  'street', 'city', 'region', 'postalCode', 'country', 'preferredChannel', 'tags', 'notes',
] as const;
export const accountImportFields = [
  'name', 'industry', 'website', 'street', 'city', 'region', 'postalCode', 'country', 'territory', 'tags',
] as const;
export const ImportField = z.enum([...contactImportFields, 'industry', 'website', 'territory']);
export type ImportField = z.infer<typeof ImportField>;

