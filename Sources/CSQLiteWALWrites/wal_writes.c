#include "wal_writes.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* The largest run of writes gathered before it is written out (a bigger transaction is
 * written in runs of this size: still far fewer writes than frames). SQLite's unix VFS takes
 * at most 128 KiB - 1 bytes per write (it masks the length with 0x1ffff). */
#define BUFFER_CAPACITY (120 * 1024)
/* SQLite's WAL layout: a 32-byte file header, then frames of a 24-byte header and a page. */
#define WAL_HEADER_SIZE 32
#define FRAME_HEADER_SIZE 24

/* A log opened through this VFS: our methods, the gathered writes, and the default VFS's
 * own file (in the same allocation, after this struct). */
typedef struct {
    sqlite3_file base;
    sqlite3_file *real;
    unsigned char *buffer;
    int length;
    sqlite3_int64 start;
    /* The last write was the header of a commit frame: its page completes the transaction. */
    int commitPending;
    /* The writes SQLite asked for, and those made to the file. */
    long long requested;
    long long made;
} WALFile;

#define WAL_FILE_SIZE ((sizeof(WALFile) + 15) & ~(size_t)15)

static sqlite3_vfs *defaultVFS(sqlite3_vfs *vfs) { return (sqlite3_vfs *)vfs->pAppData; }

static int writeOut(WALFile *file) {
    if (file->length == 0) return SQLITE_OK;
    int length = file->length;
    file->length = 0;
    file->made += 1;
    return file->real->pMethods->xWrite(file->real, file->buffer, length, file->start);
}

/* Whether a write is the header of a frame that commits a transaction: a frame header holds
 * the database's size in pages after the commit at bytes 4-7, and zero in every other frame.
 * SQLite (3.x's walWriteOneFrame) writes a frame's 24-byte header and its page as two writes.
 * Were a later SQLite to write both at once, this would miss the commit frame, and a commit
 * would be written out by the sync that synchronous=FULL makes before SQLite tells any reader of
 * it (the store's writer always uses FULL): only commits that are not synced rely on this. */
static int isCommitFrameHeader(const void *data, int amount, sqlite3_int64 offset) {
    if (amount != FRAME_HEADER_SIZE || offset < WAL_HEADER_SIZE) return 0;
    const unsigned char *bytes = (const unsigned char *)data;
    return (bytes[4] | bytes[5] | bytes[6] | bytes[7]) != 0;
}

static int walWrite(sqlite3_file *pFile, const void *data, int amount, sqlite3_int64 offset) {
    WALFile *file = (WALFile *)pFile;
    file->requested += 1;
    int continues = file->length > 0 && offset == file->start + file->length
        && amount <= BUFFER_CAPACITY - file->length;
    if (!continues) {
        int rc = writeOut(file);
        if (rc != SQLITE_OK) return rc;
        if (file->buffer == NULL) file->buffer = sqlite3_malloc(BUFFER_CAPACITY);
        if (file->buffer == NULL || amount > BUFFER_CAPACITY) {
            file->made += 1;
            return file->real->pMethods->xWrite(file->real, data, amount, offset);
        }
        file->start = offset;
    }
    memcpy(file->buffer + file->length, data, (size_t)amount);
    file->length += amount;
    if (file->commitPending) {
        file->commitPending = 0;
        return writeOut(file);
    }
    file->commitPending = isCommitFrameHeader(data, amount, offset);
    return SQLITE_OK;
}

static int walRead(sqlite3_file *pFile, void *data, int amount, sqlite3_int64 offset) {
    WALFile *file = (WALFile *)pFile;
    /* Only a read of what is gathered needs it written first. */
    if (file->length > 0 && offset < file->start + file->length && offset + amount > file->start) {
        int rc = writeOut(file);
        if (rc != SQLITE_OK) return rc;
    }
    return file->real->pMethods->xRead(file->real, data, amount, offset);
}

static int walClose(sqlite3_file *pFile) {
    WALFile *file = (WALFile *)pFile;
    int rc = writeOut(file);
    sqlite3_free(file->buffer);
    file->buffer = NULL;
    int closed = file->real->pMethods->xClose(file->real);
    return rc != SQLITE_OK ? rc : closed;
}

static int walTruncate(sqlite3_file *pFile, sqlite3_int64 size) {
    WALFile *file = (WALFile *)pFile;
    int rc = writeOut(file);
    return rc != SQLITE_OK ? rc : file->real->pMethods->xTruncate(file->real, size);
}

static int walSync(sqlite3_file *pFile, int flags) {
    WALFile *file = (WALFile *)pFile;
    int rc = writeOut(file);
    return rc != SQLITE_OK ? rc : file->real->pMethods->xSync(file->real, flags);
}

static int walFileSize(sqlite3_file *pFile, sqlite3_int64 *size) {
    WALFile *file = (WALFile *)pFile;
    int rc = writeOut(file);
    return rc != SQLITE_OK ? rc : file->real->pMethods->xFileSize(file->real, size);
}

static int walFileControl(sqlite3_file *pFile, int op, void *argument) {
    WALFile *file = (WALFile *)pFile;
    int rc = writeOut(file);
    return rc != SQLITE_OK ? rc : file->real->pMethods->xFileControl(file->real, op, argument);
}

/* The rest pass straight through. */
static int walLock(sqlite3_file *f, int level) { return ((WALFile *)f)->real->pMethods->xLock(((WALFile *)f)->real, level); }
static int walUnlock(sqlite3_file *f, int level) { return ((WALFile *)f)->real->pMethods->xUnlock(((WALFile *)f)->real, level); }
static int walCheckReservedLock(sqlite3_file *f, int *out) { return ((WALFile *)f)->real->pMethods->xCheckReservedLock(((WALFile *)f)->real, out); }
static int walSectorSize(sqlite3_file *f) { return ((WALFile *)f)->real->pMethods->xSectorSize(((WALFile *)f)->real); }
static int walDeviceCharacteristics(sqlite3_file *f) { return ((WALFile *)f)->real->pMethods->xDeviceCharacteristics(((WALFile *)f)->real); }

/* Version 1 methods: SQLite maps shared memory and pages only of database files, never of a log. */
static const sqlite3_io_methods walMethods = {
    1, walClose, walRead, walWrite, walTruncate, walSync, walFileSize, walLock, walUnlock,
    walCheckReservedLock, walFileControl, walSectorSize, walDeviceCharacteristics,
    NULL, NULL, NULL, NULL, NULL, NULL,
};

static int vfsOpen(sqlite3_vfs *vfs, const char *name, sqlite3_file *pFile, int flags, int *outFlags) {
    sqlite3_vfs *real = defaultVFS(vfs);
    if ((flags & SQLITE_OPEN_WAL) == 0) return real->xOpen(real, name, pFile, flags, outFlags);
    WALFile *file = (WALFile *)pFile;
    memset(file, 0, sizeof *file);
    file->real = (sqlite3_file *)((char *)pFile + WAL_FILE_SIZE);
    int rc = real->xOpen(real, name, file->real, flags, outFlags);
    /* On failure the default VFS leaves its file without methods; so must we. */
    file->base.pMethods = rc == SQLITE_OK ? &walMethods : NULL;
    return rc;
}

static int vfsDelete(sqlite3_vfs *v, const char *name, int sync) { return defaultVFS(v)->xDelete(defaultVFS(v), name, sync); }
static int vfsAccess(sqlite3_vfs *v, const char *name, int flags, int *out) { return defaultVFS(v)->xAccess(defaultVFS(v), name, flags, out); }
static int vfsFullPathname(sqlite3_vfs *v, const char *name, int size, char *out) { return defaultVFS(v)->xFullPathname(defaultVFS(v), name, size, out); }
static void *vfsDlOpen(sqlite3_vfs *v, const char *name) { return defaultVFS(v)->xDlOpen(defaultVFS(v), name); }
static void vfsDlError(sqlite3_vfs *v, int size, char *out) { defaultVFS(v)->xDlError(defaultVFS(v), size, out); }
static void (*vfsDlSym(sqlite3_vfs *v, void *handle, const char *symbol))(void) { return defaultVFS(v)->xDlSym(defaultVFS(v), handle, symbol); }
static void vfsDlClose(sqlite3_vfs *v, void *handle) { defaultVFS(v)->xDlClose(defaultVFS(v), handle); }
static int vfsRandomness(sqlite3_vfs *v, int size, char *out) { return defaultVFS(v)->xRandomness(defaultVFS(v), size, out); }
static int vfsSleep(sqlite3_vfs *v, int microseconds) { return defaultVFS(v)->xSleep(defaultVFS(v), microseconds); }
static int vfsCurrentTime(sqlite3_vfs *v, double *out) { return defaultVFS(v)->xCurrentTime(defaultVFS(v), out); }
static int vfsGetLastError(sqlite3_vfs *v, int size, char *out) { return defaultVFS(v)->xGetLastError(defaultVFS(v), size, out); }
static int vfsCurrentTimeInt64(sqlite3_vfs *v, sqlite3_int64 *out) { return defaultVFS(v)->xCurrentTimeInt64(defaultVFS(v), out); }

static sqlite3_vfs walWritesVFS;
static int registration = SQLITE_ERROR;
static pthread_once_t registerOnce = PTHREAD_ONCE_INIT;

static void registerVFS(void) {
    sqlite3_vfs *real = sqlite3_vfs_find(NULL);
    if (real == NULL) { registration = SQLITE_ERROR; return; }
    walWritesVFS = (sqlite3_vfs){
        .iVersion = real->iVersion >= 2 ? 2 : 1,
        .szOsFile = (int)WAL_FILE_SIZE + real->szOsFile,
        .mxPathname = real->mxPathname,
        .zName = SPEAKAI_WAL_WRITES_VFS,
        .pAppData = real,
        .xOpen = vfsOpen, .xDelete = vfsDelete, .xAccess = vfsAccess, .xFullPathname = vfsFullPathname,
        .xDlOpen = vfsDlOpen, .xDlError = vfsDlError, .xDlSym = vfsDlSym, .xDlClose = vfsDlClose,
        .xRandomness = vfsRandomness, .xSleep = vfsSleep, .xCurrentTime = vfsCurrentTime,
        .xGetLastError = vfsGetLastError,
        .xCurrentTimeInt64 = real->iVersion >= 2 ? vfsCurrentTimeInt64 : NULL,
    };
    registration = sqlite3_vfs_register(&walWritesVFS, 0);
}

int speakai_wal_writes_register(void) {
    pthread_once(&registerOnce, registerVFS);
    return registration;
}

int speakai_wal_writes_counts(sqlite3 *db, long long *requested, long long *made) {
    sqlite3_file *log = NULL;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &log) != SQLITE_OK
        || log == NULL || log->pMethods != &walMethods) return 0;
    const WALFile *file = (const WALFile *)log;
    *requested = file->requested;
    *made = file->made;
    return 1;
}
