import BSON
import Foundation

/// Dates as the original service printed them: naive UTC ISO-8601 with six fraction digits and
/// no zone (`2025-04-22T03:29:44.652000`), at the millisecond precision BSON stores, so a value
/// reads the same when created and when read back.
enum NaiveISODate {
    static func string(_ date: Date) -> String {
        let c = BSONDateTime(date).utcComponents
        // (Written field by field: `String(format:)` was a visible cost of every response with a date.)
        let fields: [(value: Int64, width: Int, after: String)] = [
            (Int64(c.year), 4, "-"), (Int64(c.month), 2, "-"), (Int64(c.day), 2, "T"), (Int64(c.hour), 2, ":"),
            (Int64(c.minute), 2, ":"), (Int64(c.second), 2, "."), (Int64(c.millisecond), 3, "000"),
        ]
        var out = ""
        out.reserveCapacity(26)
        for field in fields {
            if field.value < 0 { out += "-" }
            let digits = String(field.value.magnitude)
            if digits.count < field.width { out += String(repeating: "0", count: field.width - digits.count) }
            out += digits + field.after
        }
        return out
    }
}
