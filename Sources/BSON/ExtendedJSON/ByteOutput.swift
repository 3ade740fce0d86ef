/// Growable bytes for the JSON writers, with value semantics (copied on write), appended to one
/// byte or one run at a time.
///
/// `Array`'s `append(contentsOf:)` goes through its generic sequence path for every run, which
/// cost more than the copy itself in a response body made of many short runs (keys, separators,
/// short strings); here a run is a capacity check and one `memcpy`.
struct ByteOutput {
    private struct Header {
        var count: Int
        var capacity: Int
    }

    private var storage: ManagedBuffer<Header, UInt8>

    init(capacity: Int) {
        storage = Self.allocate(capacity)
    }

    private static func allocate(_ capacity: Int) -> ManagedBuffer<Header, UInt8> {
        let buffer = ManagedBuffer<Header, UInt8>.create(minimumCapacity: max(capacity, 16)) { _ in Header(count: 0, capacity: 0) }
        buffer.header.capacity = max(capacity, 16)
        return buffer
    }

    /// The number of bytes written.
    var count: Int { storage.header.count }

    /// Room for `extra` more bytes in storage of this value's own; returns where they go.
    @inline(__always)
    private mutating func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        let header = storage.header
        if extra > header.capacity - header.count || !isKnownUniquelyReferenced(&storage) {
            grow(toHold: header.count + extra)
        }
        let count = storage.header.count
        return storage.withUnsafeMutablePointerToElements { $0 + count }
    }

    /// Moves the bytes to storage of at least twice the size (or `needed`), of this value's own.
    private mutating func grow(toHold needed: Int) {
        let old = storage
        let count = old.header.count
        let capacity = needed > old.header.capacity ? max(needed, old.header.capacity * 2) : old.header.capacity
        storage = Self.allocate(capacity)
        old.withUnsafeMutablePointerToElements { from in
            storage.withUnsafeMutablePointerToElements { to in to.initialize(from: from, count: count) }
        }
        storage.header.count = count
    }

    /// Appends one byte.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1).initialize(to: byte)
        storage.header.count += 1
    }

    /// Appends a run of bytes.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count).initialize(from: base, count: bytes.count)
        storage.header.count += bytes.count
    }

    /// Appends `count` bytes that `fill` writes (it returns how many it wrote, at most `count`).
    mutating func append(upTo count: Int, _ fill: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        let start = reserve(count)
        let written = min(max(0, fill(UnsafeMutableBufferPointer(start: start, count: count))), count)
        storage.header.count += written
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
        let count = storage.header.count
        return try storage.withUnsafeMutablePointerToElements { try body(UnsafeRawBufferPointer(start: $0, count: count)) }
    }

    /// The bytes, copied into an array.
    var array: [UInt8] { withUnsafeBytes { [UInt8]($0) } }
}
