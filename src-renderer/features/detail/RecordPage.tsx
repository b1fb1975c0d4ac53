// The frame of a record's detail page, and the one place its read-only state
// (the record is in the trash) is given: everything inside reads it
// through useRecordReadOnly (read-only.ts).
import type { ReactNode } from 'react';
import { RecordReadOnly } from './read-only';

export interface RecordPageProps {
  readonly testId: string;
  /** The record is in the trash. */
  readonly readOnly: boolean;
  readonly children: ReactNode;
}

export function RecordPage({ testId, readOnly, children }: RecordPageProps) {
  return (
    <RecordReadOnly.Provider value={readOnly}>
      <div className="page page--detail" data-testid={testId}>
        {children}
      </div>
    </RecordReadOnly.Provider>
  );
}
