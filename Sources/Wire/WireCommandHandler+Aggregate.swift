import BSON
import DocumentStore

/// aggregate: a pipeline over one collection, answered as a cursor.
extension WireCommandHandler {
    func aggregate(_ command: Document, database: String) async throws -> Document {
        guard command.firstField?.value.stringValue != nil else { throw WireCommandError.notImplemented("a database-level aggregate") }
        let (collection, namespace) = try target(command, database: database)
        guard case .array(let stages)? = command["pipeline"] else { throw WireCommandError.typeMismatch("'pipeline' must be an array") }
        let pipeline = try AggregationPipeline(stages, variables: try Self.variables(command))
        if pipeline.stages.contains(where: { $0.name == "$out" || $0.name == "$merge" }) { throw WireCommandError.notImplemented("$out and $merge") }
        guard command["cursor"]?.documentValue != nil else {
            throw WireCommandError(code: 9, codeName: "FailedToParse", message: "The 'cursor' option is required, except for aggregate with the explain argument")
        }
        let results = try await pipeline.run(on: collection) { try store.collection(storeName($0, database: database)) }
        let batchSize = try command["cursor"]?.documentValue.flatMap { try Self.nonNegative($0, "batchSize") }
        return cursorReply(results, namespace: namespace, batchSize: batchSize)
    }
}
