import BSON
import Foundation

/// Dates as the original service printed them: naive UTC ISO-8601 with six fraction digits and
/// no zone (`2025-04-22T03:29:44.652000`), at the millisecond precision BSON stores, so a value
/// reads the same when created and when read back.
enum NaiveISODate {
    static func string(_ date: Date) -> String {
        let c = BSONDateTime(date).utcComponents
        return String(format: "%04lld-%02d-%02dT%02d:%02d:%02d.%03d000", c.year, c.month, c.day, c.hour, c.minute, c.second, c.millisecond)
    }
}
