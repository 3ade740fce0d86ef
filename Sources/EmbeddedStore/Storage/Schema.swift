import BSON
import DocumentStore
import SQLite

/// The SQLite layout of a data file: a format version and a catalog beside one table per
/// collection (row id → `_id` key, stored document) and one `WITHOUT ROWID` table per secondary
/// index (index key → `_id` key, row id); tables are named by number (`d7`, `x8`) so any
/// collection name is safe.
enum Schema {
    /// This engine's format. The first, the append-only log, was 1; the second kept documents
    /// by `_id` key with index entries naming `_id` keys (`RowIdUpgrade` converts it).
    static let formatVersion: Int64 = 3
    /// The second format, which opening converts.
    static let keyedFormatVersion: Int64 = 2
    /// The application id SQLite stores in the header: "SPKA".
    static let applicationId: Int64 = 0x5350_4B41

    /// Per-connection settings; the writer also sets the journal and durability.
    static func configure(_ connection: SQLiteConnection, settings: ConnectionSettings, writer: Bool) throws {
        try connection.execute(settings.pragmas + "; PRAGMA temp_store=MEMORY; PRAGMA busy_timeout=10000")
        if writer {
            try connection.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=2000")
        } else {
            try connection.execute("PRAGMA query_only=1")
        }
    }

    /// Creates the catalog in a new file, or checks the format of an existing one; returns the
    /// format version. Only when `acceptingKeyed` is a second-format file accepted (read as it is).
    @discardableResult
    static func initialize(_ connection: SQLiteConnection, path: String, acceptingKeyed: Bool = false) throws -> Int64 {
        let application = try connection.integer("PRAGMA application_id") ?? 0
        let tables = try connection.integer("SELECT count(*) FROM sqlite_schema") ?? 0
        if tables == 0 {
            try connection.execute("""
                PRAGMA page_size=4096;
                BEGIN IMMEDIATE;
                PRAGMA application_id=\(applicationId);
                CREATE TABLE speakai_meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE speakai_collections(name TEXT PRIMARY KEY, tbl TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE speakai_indexes(collection TEXT NOT NULL, name TEXT NOT NULL, position INTEGER NOT NULL,
                    spec BLOB NOT NULL, tbl TEXT NOT NULL, multikey INTEGER NOT NULL, PRIMARY KEY(collection, name)) WITHOUT ROWID;
                INSERT INTO speakai_meta VALUES('format_version', \(formatVersion)), ('catalog_version', 0), ('next_table', 1),
                    ('catalog_checksum', \(Catalog().checksum));
                COMMIT;
                """)
            return formatVersion
        }
        guard application == applicationId else {
            throw DataFileError(kind: .notADataFile, message: "\(path) is an SQLite database but not a Speak AI data file")
        }
        let version = try meta("format_version", connection) ?? 0
        if version == keyedFormatVersion && !acceptingKeyed {
            throw DataFileError(kind: .notADataFile, message: "\(path) has data format version \(version); open it once (e.g. `speakai serve`) to convert it to version \(formatVersion) first")
        }
        guard version == formatVersion || version == keyedFormatVersion else {
            throw DataFileError(kind: .notADataFile, message: "\(path) has data format version \(version); this build reads version \(formatVersion)")
        }
        return version
    }

    static func meta(_ key: String, _ connection: SQLiteConnection) throws -> Int64? {
        let statement = try connection.statement("SELECT value FROM speakai_meta WHERE key = ?1")
        defer { statement.reset() }
        try statement.bind(key, at: 1)
        return try statement.step() ? statement.int64(at: 0) : nil
    }

    static func setMeta(_ key: String, _ value: Int64, _ connection: SQLiteConnection) throws {
        let statement = try connection.statement("INSERT OR REPLACE INTO speakai_meta VALUES(?1, ?2)")
        try statement.bind(key, at: 1)
        try statement.bind(value, at: 2)
        try statement.run()
    }

    /// The catalog as the connection's current snapshot holds it.
    static func loadCatalog(_ connection: SQLiteConnection) throws -> Catalog {
        var catalog = Catalog(version: try meta("catalog_version", connection) ?? 0)
        let collections = try connection.statement("SELECT name, tbl FROM speakai_collections")
        defer { collections.reset() }
        while try collections.step() {
            let name = collections.text(at: 0)
            catalog.collections[name] = Catalog.Entry(name: name, table: collections.text(at: 1), indexes: [])
        }
        let indexes = try connection.statement("SELECT collection, spec, tbl, multikey FROM speakai_indexes ORDER BY position")
        defer { indexes.reset() }
        while try indexes.step() {
            let collection = indexes.text(at: 0)
            let spec = try Document(bsonBytes: indexes.blob(at: 1))
            guard let model = IndexModel(describedBy: spec) else {
                throw StoreError.storageFailure("the catalog holds a malformed index of \(collection)")
            }
            let index = try IndexDefinition(model, table: indexes.text(at: 2), multikey: indexes.int64(at: 3) != 0)
            catalog.collections[collection]?.indexes.append(index)
        }
        guard try meta("catalog_checksum", connection) == catalog.checksum else {
            throw StoreError.storageFailure("the catalog (collections and indexes) fails its checksum: the data file is damaged; run `speakai verify` and restore from a backup")
        }
        return catalog
    }

    /// A new table number, unique in the file.
    static func nextTable(_ connection: SQLiteConnection) throws -> Int64 {
        let next = try meta("next_table", connection) ?? 1
        try setMeta("next_table", next + 1, connection)
        return next
    }

    /// Records a change made to `catalog` (inside the writer's transaction): a new version and
    /// the new checksum; returns the version.
    static func recordCatalogChange(_ catalog: Catalog, _ connection: SQLiteConnection) throws -> Int64 {
        let version = (try meta("catalog_version", connection) ?? 0) + 1
        try setMeta("catalog_version", version, connection)
        try setMeta("catalog_checksum", catalog.checksum, connection)
        return version
    }
}
