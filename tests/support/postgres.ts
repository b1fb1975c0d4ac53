// Test support: a real PostgreSQL server (Debian package) in a temp directory,
// one per test file, a fresh database per caller, everything removed on stop.
// The implementation sits in src-server (whose tests need it too and may only
// import src-server files); this is the entry point for the cross-process suites.
export { findPostgresBinDir, startPostgresTestServer, type PostgresTestServer } from '../../src-server/store/postgres/testing/postgres-test-server';
