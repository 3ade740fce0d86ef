/// The two output forms of MongoDB Extended JSON v2.
public enum ExtendedJSONMode: Sendable {
    /// Every type kept exactly: `{"$numberInt": "1"}`, `{"$date": {"$numberLong": "…"}}`.
    case canonical
    /// Plain JSON where it is lossless: numbers as numbers, dates as ISO-8601 strings
    /// (mongoexport's default output).
    case relaxed
}
