import BSON
import DocumentStore
@testable import EmbeddedStore
import Foundation
import Testing
import TestSupport

/// Once the writes stop the writer must sleep, whatever burst came before (the server has two
/// cores, and a writer that wakes to nothing takes one of them from every request).
@Suite("Embedded store: the writer sleeps when there is nothing to write")
struct WriterIdleTests {
    @Test("after a burst of 1,600 concurrent writes the idle writer uses almost no processor time")
    func idleAfterBurst() async throws {
        try await withDataFile { path in
            try await withOpenStore(path) { store throws in
                // Given a burst of writes from 16 tasks, most queued while the writer was committing
                let items = store.collection("items")
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for writer in 0..<16 {
                        group.addTask {
                            for n in 0..<100 { try await items.insertOne(["_id": .int32(Int32(writer * 1000 + n))]) }
                        }
                    }
                    try await group.waitForAll()
                }
                #expect(try await items.countDocuments([:]) == 1600)
                // When nothing is written for half a second
                let before = try #require(store.engine.writer.processorTime)
                try await Task.sleep(for: .milliseconds(500))
                let after = try #require(store.engine.writer.processorTime)
                // Then the writer slept through it (a writer signalled once per job, not once per
                // sleep, woke up to nothing for each and spent hundreds of milliseconds here)
                let used = after - before
                print("writer processor time while idle for 500 ms: \(used)")
                #expect(used < .milliseconds(20))
            }
        }
    }
}
