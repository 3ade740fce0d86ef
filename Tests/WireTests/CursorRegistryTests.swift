import BSON
import DocumentStore
import Synchronization
import Testing
@testable import Wire

@Suite("Wire cursors: idle timeout and least-recently-used eviction")
struct CursorRegistryTests {
    static let documents: ArraySlice<Document> = ArraySlice((0..<10).map { ["_id": .int32(Int32($0))] as Document })

    @Test("past the limit the least recently used cursor is closed, and a getMore on it says so; the others live")
    func leastRecentlyUsed() async throws {
        // Given three open cursors of a registry that holds three, the first one used again since
        let registry = CursorRegistry(limit: 3)
        let ids = (0..<3).map { _ in registry.open(namespace: "db.items", documents: Self.documents) }
        _ = try registry.checkOut(ids[0])
        // When a fourth opens
        let fourth = registry.open(namespace: "db.items", documents: Self.documents)
        // Then the least recently used (the second) is closed, with a reason
        #expect(registry.openCount == 3)
        do {
            _ = try registry.checkOut(ids[1])
            Issue.record("an evicted cursor answered")
        } catch let error as WireCommandError {
            #expect(error.code == 43 && error.message.contains("least recently used"))
        }
        // And every other cursor still answers
        for id in [ids[0], ids[2], fourth] { #expect(try await registry.checkOut(id).cursor.next(count: 1, maximumBytes: 1 << 20).count == 1) }
    }

    @Test("a cursor idle past the timeout is closed, saying so; one in use is not")
    func idle() async throws {
        // Given a registry whose clock the test moves, with a 10-minute idle timeout
        let clock = Mutex(ContinuousClock.now)
        let registry = CursorRegistry(limit: 100, idleTimeout: .seconds(600), now: { clock.withLock { $0 } })
        let idle = registry.open(namespace: "db.items", documents: Self.documents)
        let busy = registry.open(namespace: "db.items", documents: Self.documents)
        // When 12 minutes pass with the busy one read every 4 minutes
        for _ in 0..<3 {
            clock.withLock { $0 = $0.advanced(by: .seconds(240)) }
            _ = try registry.checkOut(busy)
        }
        // Then the idle one is closed, saying why, and the busy one lives
        do {
            _ = try registry.checkOut(idle)
            Issue.record("an idle cursor answered")
        } catch let error as WireCommandError {
            #expect(error.code == 43 && error.message.contains("10 minutes without use"))
        }
        #expect(try await registry.checkOut(busy).cursor.next(count: 1, maximumBytes: 1 << 20).count == 1)
    }

    @Test("an unknown id is MongoDB's plain CursorNotFound")
    func unknown() {
        do {
            _ = try CursorRegistry().checkOut(42)
            Issue.record("an unknown cursor answered")
        } catch let error as WireCommandError {
            #expect(error.code == 43 && error.message == "cursor id 42 not found")
        } catch {
            Issue.record("\(error)")
        }
    }
}
