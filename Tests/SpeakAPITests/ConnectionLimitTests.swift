import AI
import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import NIOPosix
import SpeakAPI
import Testing
import TestSupport

/// Idle and surplus connections cannot starve the server.
@Suite("Connections over real TCP")
struct ConnectionLimitTests {
    /// Opens a TCP connection that sends nothing.
    static func idleConnection(port: Int) async throws -> any Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
    }

    /// Whether the server closes `channel` within `seconds`.
    static func closedByServer(_ channel: any Channel, within seconds: Double) async throws -> Bool {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        while clock.now < end {
            if !channel.isActive { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return !channel.isActive
    }

    @Test("connections over MAX_CONNECTIONS are closed at once, the others served; newcomers served again once some leave")
    func cap() async throws {
        try await withTemporaryDirectory { directory in
            try await LiveServer.run(in: directory, providers: AIProviders(), configure: { $0.maximumConnections = 4 }) { client, _ in
                let port = try #require(client.port)
                // Given three idle connections (the test client holds the fourth slot)
                var idle: [any Channel] = []
                for _ in 0..<3 { idle.append(try await Self.idleConnection(port: port)) }
                try await Task.sleep(for: .milliseconds(200))
                // When a fifth connects, then it is closed at once, while the others stay open
                let surplus = try await Self.idleConnection(port: port)
                let refused = try await Self.closedByServer(surplus, within: 5)
                #expect(refused)
                #expect(idle.allSatisfy { $0.isActive })
                // And once they leave, newcomers are served
                for channel in idle { try? await channel.close() }
                try await Task.sleep(for: .milliseconds(200))
                let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/health"), timeout: .seconds(10))
                #expect(response.status == .ok)
            }
        }
    }

    @Test("a connection that sends nothing is closed after HTTP_IDLE_TIMEOUT_SECONDS")
    func idle() async throws {
        try await withTemporaryDirectory { directory in
            try await LiveServer.run(in: directory, providers: AIProviders(), configure: { $0.httpIdleTimeoutSeconds = 1 }) { client, _ in
                let port = try #require(client.port)
                let silent = try await Self.idleConnection(port: port)
                let closed = try await Self.closedByServer(silent, within: 15)
                #expect(closed)
            }
        }
    }
}
