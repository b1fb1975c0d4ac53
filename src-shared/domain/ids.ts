// Branded ids: client-generated UUIDv7 strings that carry no customer data.
import { z } from 'zod';

const uuid = z.string().uuid();

export const ContactId = uuid.brand<'ContactId'>();
export type ContactId = z.infer<typeof ContactId>;
