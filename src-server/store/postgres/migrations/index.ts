// The append-only list of PostgreSQL migrations, oldest first. Add a new file
// and append it here; never edit or reorder a shipped entry.
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-field-state-buckets';
import { migration0003 } from './0003-rejections-by-code';
import { migration0004 } from './0004-directory-generation';
import { migration0005 } from './0005-enrolment-code-issuer';
import { migration0006 } from './0006-server-steps';
import { migration0007 } from './0007-data-key-order';
import type { PostgresMigration } from './migration';

export const postgresMigrations: readonly PostgresMigration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007];
