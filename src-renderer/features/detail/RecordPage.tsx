// The frame of a record's detail page, and the one place its read-only state
// (the record is in the trash) and a teammate's ownership of it are given:
// everything inside reads them through useRecordReadOnly and
// useRecordOwnedByTeammate (read-only.ts).
import type { ReactNode } from 'react';
import { RecordOwnedByTeammate, RecordReadOnly } from './read-only';

export interface RecordPageProps {
  readonly testId: string;
  /** The record is in the trash. */
  readonly readOnly: boolean;
  /** The record belongs to a teammate (its detail's `ownedByTeammate`). */
  readonly ownedByTeammate?: boolean | undefined;
  readonly children: ReactNode;
}

export function RecordPage({ testId, readOnly, ownedByTeammate = false, children }: RecordPageProps) {
  return (
    <RecordReadOnly.Provider value={readOnly}>
      <RecordOwnedByTeammate.Provider value={ownedByTeammate}>
        <div className="page page--detail" data-testid={testId}>
          {children}
        </div>
      </RecordOwnedByTeammate.Provider>
    </RecordReadOnly.Provider>
  );
}
