#ifndef SPEAKAI_WAL_WRITES_H
#define SPEAKAI_WAL_WRITES_H

#include <sqlite3.h>

/// The name of the SQLite VFS that gathers each transaction's WAL writes into one.
#define SPEAKAI_WAL_WRITES_VFS "speakai-wal-writes"

/// Registers (once; later calls do nothing) a VFS over SQLite's default one that gathers the
/// writes SQLite makes to a write-ahead log into one buffer and hands them to the file in one
/// write: when a transaction's commit frame is complete, before any sync, read, size query,
/// truncation, file control or close of the log, and whenever a write does not continue the
/// buffered ones. SQLite writes each frame as two writes (a 24-byte header, then the page),
/// so a small commit that dirtied three pages costs six writes without it and one with it.
/// Every other file passes straight to the default VFS. Returns SQLITE_OK or SQLite's error.
int speakai_wal_writes_register(void);

/// For a connection whose log is open through the VFS: the writes SQLite asked of the log and
/// the writes made to the file since it was opened; returns 1, or 0 (and sets nothing) when the
/// connection's log is not open through the VFS. Call on the thread that uses the connection.
int speakai_wal_writes_counts(sqlite3 *db, long long *requested, long long *made);

#endif
