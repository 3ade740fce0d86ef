extension BSONDateTime {
    /// ISO-8601 text in UTC with a `Z`, as mongoexport writes it: the fraction is omitted when
    /// the milliseconds are zero and otherwise carries up to three digits without trailing zeros
    /// (`2012-12-24T12:15:30.501Z`, `…30.5Z`, `…30Z`). `nil` outside years 0000–9999.
    public var iso8601: String? {
        let c = utcComponents
        guard (0...9999).contains(c.year) else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(24)
        appendDigits(&out, Int(c.year), 4)
        out.append(UInt8(ascii: "-"))
        appendDigits(&out, c.month, 2)
        out.append(UInt8(ascii: "-"))
        appendDigits(&out, c.day, 2)
        out.append(UInt8(ascii: "T"))
        appendDigits(&out, c.hour, 2)
        out.append(UInt8(ascii: ":"))
        appendDigits(&out, c.minute, 2)
        out.append(UInt8(ascii: ":"))
        appendDigits(&out, c.second, 2)
        if c.millisecond != 0 {
            out.append(UInt8(ascii: "."))
            appendDigits(&out, c.millisecond, 3)
            while out.last == UInt8(ascii: "0") { out.removeLast() }
        }
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses ISO-8601 / RFC 3339 date-times: `YYYY-MM-DDTHH:MM:SS`, an optional fraction of any
    /// length (kept to the millisecond, truncated), then `Z` or an offset `±HH:MM` / `±HHMM`.
    /// `nil` for anything else.
    public init?(iso8601 text: String) {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(4), scanner.expect("-"), let month = scanner.number(2), scanner.expect("-"),
            let day = scanner.number(2), scanner.expect("T") || scanner.expect("t") || scanner.expect(" "),
            let hour = scanner.number(2), scanner.expect(":"), let minute = scanner.number(2), scanner.expect(":"),
            let second = scanner.number(2)
        else { return nil }
        var millisecond = 0
        if scanner.expect(".") {
            var digits = 0
            while let d = scanner.digit() {
                if digits < 3 { millisecond = millisecond * 10 + d }
                digits += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { millisecond *= 10 }
        }
        var offsetMinutes = 0
        if scanner.expect("Z") || scanner.expect("z") {
            offsetMinutes = 0
        } else if let sign = scanner.sign() {
            guard let oh = scanner.number(2) else { return nil }
            _ = scanner.expect(":")
            guard let om = scanner.number(2), oh < 24, om < 60 else { return nil }
            offsetMinutes = sign * (oh * 60 + om)
        } else {
            return nil
        }
        guard scanner.atEnd,
            let local = BSONDateTime(UTCComponents(
                year: Int64(year), month: month, day: day, hour: hour, minute: minute,
                second: second, millisecond: millisecond))
        else { return nil }
        self.init(millisecondsSinceEpoch: local.millisecondsSinceEpoch - Int64(offsetMinutes) * 60_000)
    }
}

func appendDigits(_ out: inout [UInt8], _ value: Int, _ width: Int) {
    var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
    var v = value
    var i = width - 1
    while i >= 0 {
        digits[i] = UInt8(ascii: "0") + UInt8(v % 10)
        v /= 10
        i -= 1
    }
    out.append(contentsOf: digits)
}

/// A tiny forward scanner over ASCII bytes for date parsing.
struct DigitScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    mutating func digit() -> Int? {
        guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
        defer { index += 1 }
        return Int(bytes[index] - UInt8(ascii: "0"))
    }

    mutating func number(_ width: Int) -> Int? {
        var value = 0
        for _ in 0..<width {
            guard let d = digit() else { return nil }
            value = value * 10 + d
        }
        return value
    }

    mutating func expect(_ char: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: char) else { return false }
        index += 1
        return true
    }

    mutating func sign() -> Int? {
        if expect("+") { return 1 }
        if expect("-") { return -1 }
        return nil
    }
}
