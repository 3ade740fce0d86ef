import BSON
import Foundation

/// A string comparison other than byte order, as MongoDB's `collation` option names it. What is
/// honoured is its strength: 1 ignores case and accents, 2 ignores case; the strings compare as
/// their Unicode case folds (so `ſ` is `s` and `ﬆ` is `st`, as ICU has it). Strength 3 and up
/// (ICU's default) and the `simple` locale compare bytes, as without a collation; the locale's
/// own ordering rules are not applied.
public struct Collation: Sendable, Hashable {
    /// The locale named (kept for `listIndexes`; its rules are not applied).
    public var locale: String
    /// 1 (base letters), 2 (and accents), 3 (and case, the default) …
    public var strength: Int

    public init(locale: String, strength: Int = 3) {
        self.locale = locale
        self.strength = strength
    }

    /// Case-insensitive English, the collation e-mail addresses are matched with.
    public static let caseInsensitive = Collation(locale: "en", strength: 2)

    /// The collation a `collation` document names; `nil` for `{locale: "simple"}`.
    /// - Throws: `StoreError.badValue` for a document without a string `locale` or with a
    ///   strength outside 1–5.
    public init?(_ document: Document) throws {
        guard case .string(let locale)? = document["locale"] else {
            throw StoreError.badValue("collation requires a string locale: \(BSONValue.document(document).extendedJSON())")
        }
        let strength = document["strength"].map { $0.exactInt64 } ?? 3
        guard let strength, (1...5).contains(strength) else {
            throw StoreError.badValue("collation strength must be an integer from 1 to 5")
        }
        guard locale != "simple" else { return nil }
        self.init(locale: locale, strength: Int(strength))
    }

    /// Whether strings compare other than by bytes.
    public var folds: Bool { strength <= 2 }

    /// `collation` when it folds strings; `nil` when it compares bytes, as no collation does.
    public static func folding(_ collation: Collation?) -> Collation? {
        collation.flatMap { $0.folds ? $0 : nil }
    }

    /// The form strings compare in: the case fold (strength 2), also without accents (1).
    public func key(_ text: String) -> String {
        guard folds else { return text }
        return text.folding(options: strength == 1 ? [.caseInsensitive, .diacriticInsensitive] : [.caseInsensitive], locale: nil)
    }

    /// The value with every string in it (inside arrays and documents too, not field names)
    /// in its comparison form.
    public func key(_ value: BSONValue) -> BSONValue {
        guard folds else { return value }
        switch value {
        case .string(let s): return .string(key(s))
        case .array(let elements): return .array(elements.map(key))
        case .document(let d): return .document(key(d))
        default: return value
        }
    }

    /// The document with every string value in its comparison form.
    public func key(_ document: Document) -> Document {
        guard folds else { return document }
        var out = Document()
        for (name, value) in document { out.append(name, key(value)) }
        return out
    }

    /// The collation as `listIndexes` and commands write it.
    public var document: Document { ["locale": .string(locale), "strength": .int32(Int32(strength))] }
}

extension Collation {
    /// A filter with the operands of its comparisons (`$eq`, `$ne`, `$gt`, `$gte`, `$lt`, `$lte`,
    /// `$in`, `$nin` and plain equality, also under `$and`, `$or`, `$nor`, `$not` and
    /// `$elemMatch`) in comparison form; other operators' operands (type names, regexes…) stay.
    /// Matched against a document in comparison form, it compares as the collation does.
    public func filterKey(_ filter: Document) -> Document {
        guard folds else { return filter }
        var out = Document()
        for (name, value) in filter {
            if ["$and", "$or", "$nor"].contains(name), case .array(let clauses) = value {
                out.append(name, .array(clauses.map { clause in clause.documentValue.map { .document(filterKey($0)) } ?? clause }))
            } else if name.hasPrefix("$") {
                out.append(name, value)
            } else {
                out.append(name, predicateKey(value))
            }
        }
        return out
    }

    private func predicateKey(_ value: BSONValue) -> BSONValue {
        guard case .document(let operators) = value, operators.fieldNames.first?.hasPrefix("$") == true else { return key(value) }
        var out = Document()
        for (op, operand) in operators {
            switch op {
            case "$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin": out.append(op, key(operand))
            case "$not": out.append(op, predicateKey(operand))
            case "$elemMatch":
                if case .document(let inner) = operand, inner.fieldNames.first?.hasPrefix("$") == true {
                    out.append(op, predicateKey(operand))
                } else {
                    out.append(op, operand.documentValue.map { .document(filterKey($0)) } ?? operand)
                }
            default: out.append(op, operand)
            }
        }
        return .document(out)
    }
}
