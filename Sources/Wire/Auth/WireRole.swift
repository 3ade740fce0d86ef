/// A built-in MongoDB role granted on a database (`root` only on `admin`, for every database).
struct WireRole: Sendable, Equatable {
    enum Name: String, Sendable, CaseIterable {
        case read, readWrite, dbAdmin, userAdmin, root
    }

    var name: Name
    var database: String

    /// Commands that only read.
    static let reading: Set<String> = ["find", "getmore", "killcursors", "count", "distinct", "aggregate", "listcollections", "listindexes"]
    /// Commands that change documents or collections.
    static let writing: Set<String> = ["insert", "update", "delete", "findandmodify", "create", "drop", "createindexes", "dropindexes", "deleteindexes", "renamecollection"]
    /// Commands that manage a database without reading its documents.
    static let administering: Set<String> = ["listcollections", "listindexes", "create", "drop", "dropdatabase", "createindexes", "dropindexes", "deleteindexes"]
    /// Commands that manage users.
    static let managingUsers: Set<String> = ["createuser", "updateuser", "dropuser", "usersinfo"]

    /// Whether this role lets `command` (lower-cased) run on `database`.
    func allows(_ command: String, on database: String) -> Bool {
        if name == .root { return self.database == "admin" }
        guard database == self.database else { return false }
        switch name {
        case .read: return Self.reading.contains(command)
        case .readWrite: return Self.reading.contains(command) || Self.writing.contains(command)
        case .dbAdmin: return Self.administering.contains(command)
        case .userAdmin: return Self.managingUsers.contains(command)
        case .root: return true
        }
    }
}
