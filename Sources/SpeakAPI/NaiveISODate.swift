import BSON
import Foundation

/// Dates as the original service printed them: naive UTC ISO-8601 with six fraction digits and
/// no zone (`2025-04-22T03:29:44.652000`), at the millisecond precision BSON stores, so a value
/// reads the same when created and when read back.
enum NaiveISODate {
    static func string(_ date: Date) -> String {
        let c = BSONDateTime(date).utcComponents
        // (Written digit by digit: `String(format:)` was a visible cost of every response with a date.)
        var out = ""
        out.reserveCapacity(26)
        func digits(_ value: Int64, _ width: Int) {
            if value < 0 { out += "-" }
            let text = String(value.magnitude)
            if text.count < width { out += String(repeating: "0", count: width - text.count) }
            out += text
        }
        digits(Int64(c.year), 4)
        out += "-"
        digits(Int64(c.month), 2)
        out += "-"
        digits(Int64(c.day), 2)
        out += "T"
        digits(Int64(c.hour), 2)
        out += ":"
        digits(Int64(c.minute), 2)
        out += ":"
        digits(Int64(c.second), 2)
        out += "."
        digits(Int64(c.millisecond), 3)
        out += "000"
        return out
    }
}
