#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Whether two strings hold the same UTF-8 bytes (BSON compares keys and strings byte for
    /// byte, not by Unicode canonical equivalence as `==` does).
    @inlinable
    public func bytewiseEquals(_ other: String) -> Bool {
        let a = utf8
        let b = other.utf8
        guard a.count == b.count else { return false }
        if let result = a.withContiguousStorageIfAvailable({ x in
            b.withContiguousStorageIfAvailable { y in
                // One comparison of the bytes (the counts are equal), not one per byte.
                guard let p = x.baseAddress, let q = y.baseAddress else { return x.count == y.count }
                return memcmp(p, q, x.count) == 0
            }
        }), let equal = result {
            return equal
        }
        return a.elementsEqual(b)
    }
}
