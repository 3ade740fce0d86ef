import BSON
import Foundation

/// Dates as the original service printed them: naive UTC ISO-8601 with six fraction digits and
/// no zone (`2025-04-22T03:29:44.652000`), at the millisecond precision BSON stores, so a value
/// reads the same when created and when read back.
enum NaiveISODate {
    /// The most bytes a date takes (a year of up to 19 digits and a sign, then 22 more).
    static let capacity = 48

    static func string(_ date: Date) -> String {
        String(unsafeUninitializedCapacity: capacity) { write(date, into: $0) }
    }

    /// Writes the date's text to the start of `buffer` (at least `capacity` bytes) and returns
    /// its length: byte by byte, as this runs for every date of every response (`String(format:)`
    /// and string concatenation were visible costs), straight into a response's JSON.
    static func write(_ date: Date, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let c = BSONDateTime(date).utcComponents
        var end = 0
        func put(_ value: Int64, width: Int, then separator: StaticString) {
            if value < 0 {
                buffer[end] = UInt8(ascii: "-")
                end += 1
            }
            var digits = value.magnitude
            var count = 1
            while digits >= 10 {
                digits /= 10
                count += 1
            }
            let length = max(count, width)
            var remaining = value.magnitude
            for i in stride(from: end + length - 1, through: end, by: -1) {
                buffer[i] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            }
            end += length
            separator.withUTF8Buffer { text in
                for byte in text {
                    buffer[end] = byte
                    end += 1
                }
            }
        }
        put(Int64(c.year), width: 4, then: "-")
        put(Int64(c.month), width: 2, then: "-")
        put(Int64(c.day), width: 2, then: "T")
        put(Int64(c.hour), width: 2, then: ":")
        put(Int64(c.minute), width: 2, then: ":")
        put(Int64(c.second), width: 2, then: ".")
        put(Int64(c.millisecond), width: 3, then: "000")
        return end
    }
}
