import BSON
import DocumentStore

/// The `$group` stage: documents grouped by the `_id` expression, each group's fields computed
/// by accumulators (`$sum $avg $min $max $first $last $push $addToSet $count`), groups in the
/// order they were first seen.
struct AggregationGroup {
    let key: BSONValue
    let fields: [(name: String, op: String, expression: BSONValue)]

    init(_ spec: Document) throws {
        guard let key = spec["_id"] else { throw WireCommandError(code: 15955, codeName: "Location15955", message: "a group specification must include an _id") }
        self.key = key
        fields = try spec.filter { $0.key != "_id" }.map { name, value in
            guard let d = value.documentValue, d.count == 1, let (op, expression) = d.firstField else {
                throw WireCommandError(code: 40234, codeName: "Location40234", message: "The field '\(name)' must be an accumulator object")
            }
            guard ["$sum", "$avg", "$min", "$max", "$first", "$last", "$push", "$addToSet", "$count"].contains(op) else {
                throw WireCommandError(code: 15952, codeName: "Location15952", message: "unknown group operator '\(op)'")
            }
            return (name, op, expression)
        }
    }

    private struct Group {
        var id: BSONValue
        var values: [[BSONValue?]]
    }

    func run(_ documents: [Document]) throws -> [Document] {
        var order: [HashableBSON] = []
        var groups: [HashableBSON: Group] = [:]
        for document in documents {
            let id = try AggregationExpression.evaluate(key, in: document) ?? .null
            let hashed = HashableBSON(id)
            if groups[hashed] == nil {
                order.append(hashed)
                groups[hashed] = Group(id: id, values: Array(repeating: [], count: fields.count))
            }
            for (index, field) in fields.enumerated() {
                groups[hashed]?.values[index].append(field.op == "$count" ? .int32(1) : try AggregationExpression.evaluate(field.expression, in: document))
            }
        }
        return order.compactMap { groups[$0] }.map { group in
            var out: Document = ["_id": group.id]
            for (index, field) in fields.enumerated() { out[field.name] = Self.accumulate(field.op, group.values[index]) }
            return out
        }
    }

    static func accumulate(_ op: String, _ values: [BSONValue?]) -> BSONValue {
        let present = values.compactMap { $0 }.filter { !$0.isNull }
        switch op {
        case "$sum", "$count":
            let numbers = present.filter { $0.numberValue != nil }
            let total = numbers.compactMap(\.numberValue).reduce(0, +)
            let integral = numbers.allSatisfy { if case .double = $0 { false } else { true } }
            if integral && total.magnitude <= Double(Int32.max) { return .int32(Int32(total)) }
            return integral && total.magnitude < 9e15 ? .int64(Int64(total)) : .double(total)
        case "$avg":
            let numbers = present.compactMap(\.numberValue)
            return numbers.isEmpty ? .null : .double(numbers.reduce(0, +) / Double(numbers.count))
        case "$min": return present.min { BSONOrder.compare($0, $1) < 0 } ?? .null
        case "$max": return present.max { BSONOrder.compare($0, $1) < 0 } ?? .null
        case "$first": return (values.first ?? nil) ?? .null
        case "$last": return (values.last ?? nil) ?? .null
        case "$push": return .array(values.compactMap { $0 })
        default:  // $addToSet
            var seen = Set<HashableBSON>()
            return .array(values.compactMap { $0 }.filter { seen.insert(HashableBSON($0)).inserted })
        }
    }
}
