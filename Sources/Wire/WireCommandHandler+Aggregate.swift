import BSON
import DocumentStore

/// aggregate: a pipeline over one collection, answered as a cursor.
extension WireCommandHandler {
    func aggregate(_ command: Document, database: String) async throws -> Document {
        guard command.firstField?.value.stringValue != nil else { throw WireCommandError.notImplemented("a database-level aggregate") }
        let (collection, namespace) = try target(command, database: database)
        guard case .array(let stages)? = command["pipeline"] else { throw WireCommandError.typeMismatch("'pipeline' must be an array") }
        let pipeline = try AggregationPipeline(stages, variables: try Self.variables(command))
        guard command["cursor"]?.documentValue != nil else {
            throw WireCommandError(code: 9, codeName: "FailedToParse", message: "The 'cursor' option is required, except for aggregate with the explain argument")
        }
        var results = try await pipeline.run(on: collection) { try store.collection(storeName($0, database: database)) }
        if let output = pipeline.output {
            // The results go to a collection; the cursor comes back empty, as from mongod.
            let spec = output.name == "$merge" ? (output.argument.documentValue ?? ["into": output.argument]) : [:]
            let target = try AggregationOutput.target(output.name == "$merge" ? spec["into"] ?? .null : output.argument, stage: output.name)
            let destination = store.collection(try storeName(target.collection, database: target.database ?? database))
            if output.name == "$out" {
                try await AggregationOutput.out(results, into: destination)
            } else {
                try await AggregationOutput.merge(results, spec: spec, into: destination)
            }
            results = []
        }
        let batchSize = try command["cursor"]?.documentValue.flatMap { try Self.nonNegative($0, "batchSize") }
        return try await cursorReply(results, namespace: namespace, batchSize: batchSize)
    }
}
