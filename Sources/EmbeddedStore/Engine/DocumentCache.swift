import BSON
import Synchronization

/// A small cache of decoded documents for `_id` look-ups, bounded in bytes. Point reads that hit
/// it skip SQLite, the thread hop and BSON decoding. The writer makes it forget what a group
/// changed once the group is committed and before it is acknowledged; a reader only fills it
/// when no commit finished since its read began (the epoch), so it never holds an older version
/// than the file. A document is cached on its second read within a while (a table of recent
/// fingerprints decides), so a stream of one-off reads costs nothing but that check.
final class DocumentCache: Sendable {
    /// A change the cache must forget.
    enum Change: Sendable {
        case document(collection: String, idKey: [UInt8])
        case collection(String)
    }

    private struct Key: Hashable, Sendable {
        let collection: String
        let idKey: [UInt8]

        // The key's bytes in one go (an array of bytes hashes byte by byte otherwise).
        func hash(into hasher: inout Hasher) {
            hasher.combine(collection)
            idKey.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    private struct State: Sendable {
        var entries: [Key: (document: Document, cost: Int)] = [:]
        /// Keys in the order they were cached: the oldest is evicted first.
        var order: [Key] = []
        var oldest = 0
        var bytes = 0
        var epoch: UInt64 = 0
        var closed = false
        /// Fingerprints of recent misses, by slot: a key is admitted when its slot already
        /// holds its fingerprint.
        var recentMisses = [UInt32](repeating: 0, count: DocumentCache.admissionSlots)

        /// Whether a key read from the file is worth caching: it was missed before.
        mutating func admits(_ fingerprint: UInt32) -> Bool {
            let slot = Int(fingerprint % UInt32(DocumentCache.admissionSlots))
            if recentMisses[slot] == fingerprint { return true }
            recentMisses[slot] = fingerprint
            return false
        }

        /// Evicts the oldest entries until the cache fits its budget.
        mutating func evict(toFit capacity: Int) {
            while bytes > capacity, oldest < order.count {
                if let old = entries.removeValue(forKey: order[oldest]) { bytes -= old.cost }
                oldest += 1
            }
            if oldest > 1024, oldest * 2 > order.count {
                order.removeFirst(oldest)
                oldest = 0
            }
        }
    }

    private let state = Mutex(State())
    /// Slots of the admission table.
    static let admissionSlots = 1 << 16
    /// The budget in bytes (of BSON, roughly twice that in memory); 0 turns the cache off.
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// The cached document, if any.
    func document(collection: String, idKey: [UInt8]) -> Document? {
        guard capacity > 0 else { return nil }
        return state.withLock { $0.entries[Key(collection: collection, idKey: idKey)]?.document }
    }

    /// The epoch to hand back to `insert` for a read that starts now.
    var epoch: UInt64 { state.withLock { $0.epoch } }

    /// Empties the cache for good (the store is closed: nothing may be answered from memory).
    func close() {
        state.withLock { state in
            state = State()
            state.closed = true
        }
    }

    /// Caches a document read from the file, unless a commit finished since `epoch`.
    func insert(_ document: Document, cost: Int, collection: String, idKey: [UInt8], epoch: UInt64) {
        guard capacity > 0, cost * 8 <= capacity else { return }
        let fingerprint = Self.fingerprint(collection, idKey)
        state.withLock { state in
            guard state.epoch == epoch, !state.closed, state.admits(fingerprint) else { return }
            let key = Key(collection: collection, idKey: idKey)
            if let old = state.entries.updateValue((document, cost), forKey: key) {
                state.bytes -= old.cost
            } else {
                state.order.append(key)
            }
            state.bytes += cost
            state.evict(toFit: capacity)
        }
    }

    /// FNV-1a of the collection's name and the key's bytes (never 0, the empty slot).
    private static func fingerprint(_ collection: String, _ idKey: [UInt8]) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in collection.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        for byte in idKey { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return hash | 1
    }

    /// Forgets what a committed group changed.
    func forget(_ changes: [Change]) {
        guard capacity > 0, !changes.isEmpty else { return }
        state.withLock { state in
            state.epoch &+= 1
            for change in changes {
                switch change {
                case .document(let collection, let idKey):
                    if let old = state.entries.removeValue(forKey: Key(collection: collection, idKey: idKey)) { state.bytes -= old.cost }
                case .collection(let collection):
                    for key in state.entries.keys where key.collection == collection {
                        if let old = state.entries.removeValue(forKey: key) { state.bytes -= old.cost }
                    }
                    state.order.removeAll { $0.collection == collection }
                    state.oldest = 0
                }
            }
        }
    }
}
