import Foundation
import Testing
@testable import SpeakAPI

@Suite("Dates as the original printed them (unit)")
struct NaiveISODateUnitTests {
    @Test("naive UTC, six fraction digits at millisecond precision, zero-padded fields", arguments: [
        (1_745_292_584.652, "2025-04-22T03:29:44.652000"), (0.0, "1970-01-01T00:00:00.000000"), (946_684_799.999, "1999-12-31T23:59:59.999000"),
        (253_402_300_799.0, "9999-12-31T23:59:59.000000"), (-62_135_596_800.0, "0001-01-01T00:00:00.000000"),
        (253_402_300_800.0, "10000-01-01T00:00:00.000000"), (1_000_000_000.007, "2001-09-09T01:46:40.007000"),
    ])
    func format(seconds: Double, expected: String) {
        #expect(NaiveISODate.string(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test("the furthest dates BSON holds fit the capacity the direct JSON writer gives them")
    func extremes() {
        // Given the first and last milliseconds BSON can store, and Foundation's distant dates
        let dates = [Date(timeIntervalSince1970: Double(Int64.min) / 1000), Date(timeIntervalSince1970: Double(Int64.max) / 1000),
                     Date.distantPast, Date.distantFuture]
        for date in dates {
            // When each is written
            let text = NaiveISODate.string(date)
            // Then it fits, and reads as a naive date with six fraction digits
            #expect(text.utf8.count <= NaiveISODate.capacity)
            #expect(text.hasSuffix("000") && text.contains("T"))
        }
    }
}
