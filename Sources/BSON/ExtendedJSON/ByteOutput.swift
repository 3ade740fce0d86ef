/// Growable bytes for the JSON writers, with value semantics (copied on write), appended to one
/// byte or one run at a time.
///
/// `Array`'s `append(contentsOf:)` goes through its generic sequence path for every run, which
/// cost more than the copy itself in a response body made of many short runs (keys, separators,
/// short strings); here a run is a capacity check and one `memcpy`.
struct ByteOutput {
    /// The bytes' storage, shared between copies until one of them writes. The count and
    /// capacity live in this value, not in the storage's header: a class's stored property pays
    /// a run-time exclusivity check on every access, which cost more than the appends.
    private var storage: ManagedBuffer<Void, UInt8>
    /// The number of bytes written.
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        storage = ManagedBuffer<Void, UInt8>.create(minimumCapacity: self.capacity) { _ in }
    }

    /// Room for `extra` more bytes in storage of this value's own; returns where they go.
    @inline(__always)
    private mutating func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if extra > capacity - count || !isKnownUniquelyReferenced(&storage) {
            grow(toHold: count + extra)
        }
        let count = self.count
        return storage.withUnsafeMutablePointerToElements { $0 + count }
    }

    /// Moves the bytes to storage of at least twice the size (or `needed`), of this value's own.
    private mutating func grow(toHold needed: Int) {
        let old = storage
        let count = self.count
        if needed > capacity { capacity = max(needed, capacity * 2) }
        storage = ManagedBuffer<Void, UInt8>.create(minimumCapacity: capacity) { _ in }
        old.withUnsafeMutablePointerToElements { from in
            storage.withUnsafeMutablePointerToElements { to in to.initialize(from: from, count: count) }
        }
    }

    /// Appends one byte.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1).initialize(to: byte)
        count += 1
    }

    /// Appends a run of bytes.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count).initialize(from: base, count: bytes.count)
        count += bytes.count
    }

    /// Appends what `fill` writes into `room` bytes (it returns how many it wrote; the count is
    /// held to between 0 and `room`).
    mutating func append(upTo room: Int, _ fill: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        let start = reserve(room)
        count += min(max(0, fill(UnsafeMutableBufferPointer(start: start, count: room))), room)
    }

    /// Appends the bytes of a sequence (a string's UTF-8, most often).
    mutating func append(contentsOf bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { append($0) }
        if done == nil {
            for byte in bytes { append(byte) }
        }
    }

    /// The bytes, read in place.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let count = self.count
        return try storage.withUnsafeMutablePointerToElements { try body(UnsafeRawBufferPointer(start: $0, count: count)) }
    }

    /// The bytes, copied into an array.
    var array: [UInt8] { withUnsafeBytes { [UInt8]($0) } }
}
