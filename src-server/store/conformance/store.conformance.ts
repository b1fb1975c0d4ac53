// The Store conformance suite: one set of behaviours every Store
// implementation must show, run against each of them (sqlite and postgres
// have a `*.store.conformance.test.ts` that calls this). Each test gets a
// fresh, empty store from makeStore and disposes of it afterwards.
import { describe } from 'vitest';
import { describeConcurrency } from './concurrency.conformance';
import { describeEnrolmentCodes } from './enrolment-codes.conformance';
import type { MakeStore } from './fixtures';
import { describeKeyRotationLock } from './key-rotation-lock.conformance';
import { describeOrganisationAndKeys } from './organisation-keys.conformance';
import { describePagingAndErasure } from './paging-erasure.conformance';
import { describeRecords } from './records.conformance';
import { describeTransactions } from './transactions.conformance';
import { describeUsersAndDevices } from './users-devices.conformance';
import { describeWriteQueue } from './write-queue.conformance';

export type { MakeStore, StoreUnderTest } from './fixtures';

export interface ConformanceOptions {
  /**
   * Several instances (server processes) may share one database: the suite
   * then also races two instances and checks cross-instance notifications,
   * using StoreUnderTest.openSibling.
   */
  readonly multiInstance?: boolean;
}

export function describeStoreConformance(name: string, makeStore: MakeStore, options: ConformanceOptions = {}): void {
  describe(`Store conformance: ${name}`, () => {
    describeTransactions(makeStore);
    describeConcurrency(makeStore, options.multiInstance ?? false);
    describeOrganisationAndKeys(makeStore);
    describeUsersAndDevices(makeStore);
    describeEnrolmentCodes(makeStore);
    describeRecords(makeStore);
    describePagingAndErasure(makeStore);
    describeWriteQueue(makeStore);
    describeKeyRotationLock(makeStore, options.multiInstance ?? false);
  });
}
