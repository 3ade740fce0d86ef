// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "speakai",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "speakai", targets: ["speakai"]),
        .library(name: "BSON", targets: ["BSON"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // C bindings: module maps with plain #includes only (see shared notes, snag #11).
        .systemLibrary(name: "CLibBSON", pkgConfig: "libbson-1.0", providers: [.apt(["libbson-dev"])]),
        .systemLibrary(name: "CLibMongoC", pkgConfig: "libmongoc-1.0", providers: [.apt(["libmongoc-dev"])]),
        // SQLite: the embedded store's pages (and the benchmarks' baseline).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // Offline speech: espeak-ng and LAME.
        .systemLibrary(name: "CEspeakNG", pkgConfig: "espeak-ng", providers: [.apt(["libespeak-ng-dev"])]),
        .systemLibrary(name: "CLame", pkgConfig: "lame", providers: [.apt(["libmp3lame-dev"])]),

        // The only Swift face of espeak-ng and LAME: text → PCM → MP3.
        .target(name: "OfflineSpeech", dependencies: ["CEspeakNG", "CLame"], swiftSettings: strict),

        // The only Swift face of libbson.
        .target(name: "BSON", dependencies: ["CLibBSON"], swiftSettings: strict),

        // The store protocol and MongoDB's query language, shared by every store.
        .target(name: "DocumentStore", dependencies: ["BSON"], swiftSettings: strict),

        // CRC-32C with the processor's instruction (a C helper: Swift has no intrinsics for it).
        .target(name: "CCRC32C"),

        // A VFS over SQLite's own that writes each transaction's WAL frames in one write (C:
        // SQLite's VFS is a table of C function pointers).
        .target(name: "CSQLiteWALWrites", dependencies: ["CSQLite"]),

        // The only Swift face of libsqlite3: connections, statements, online backup.
        .target(name: "SQLite", dependencies: ["CSQLite", "CSQLiteWALWrites"], swiftSettings: strict),

        // The single-file embedded engine: MongoDB semantics on SQLite pages.
        .target(
            name: "EmbeddedStore",
            dependencies: [
                "BSON", "CCRC32C", "DocumentStore", "SQLite",
                .product(name: "CoreMetrics", package: "swift-metrics"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        // The same protocol over libmongoc: a real MongoDB (MONGODB_URL).
        .target(
            name: "MongoStore",
            dependencies: [
                "BSON", "CLibBSON", "CLibMongoC", "DocumentStore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),

        // The MongoDB wire protocol over any DocumentStore.
        .target(
            name: "Wire",
            dependencies: [
                "BSON", "DocumentStore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),

        // Import and export in the formats of MongoDB's tools, over any DocumentStore.
        .target(name: "Transfer", dependencies: ["BSON", "DocumentStore"], swiftSettings: strict),

        // Models, repositories and services over any DocumentStore.
        .target(name: "Domain", dependencies: ["BSON", "DocumentStore"], swiftSettings: strict),

        // The tutors behind Domain's protocols, named by what backs them: a chat model, or the
        // offline rules.
        .target(name: "Tutoring", dependencies: ["AI", "BSON", "Domain"], swiftSettings: strict),

        // AI providers: protocols and the OpenAI-compatible HTTP client.
        .target(
            name: "AI",
            dependencies: [
                "BSON",
                "OfflineSpeech",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),

        // HTTP layer.
        .target(
            name: "SpeakAPI",
            dependencies: [
                "BSON",
                "DocumentStore",
                "Domain",
                "AI",
                "Tutoring",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),

        // The command-line entry point: wires everything together.
        .executableTarget(
            name: "speakai",
            dependencies: [
                "SpeakAPI",
                "AI",
                "BSON",
                "DocumentStore",
                "EmbeddedStore",
                "MongoStore",
                "Transfer",
                "Wire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),

        // Benchmarks run as an executable from scripts/bench/*.
        .executableTarget(
            name: "speakai-bench",
            dependencies: ["AI", "BSON", "CLibBSON", "CSQLite", "DocumentStore", "Domain", "EmbeddedStore", "MongoStore", "OfflineSpeech", "SQLite", "TestSupport", "Tutoring", "Wire"],
            path: "Benchmarks/speakai-bench",
            swiftSettings: strict
        ),

        // Helpers shared by the test targets.
        .target(
            name: "TestSupport",
            dependencies: [
                "BSON", "DocumentStore", "EmbeddedStore", "MongoStore", "Wire", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // The child process of the crash tests (SIGKILLed at random moments).
        .executableTarget(
            name: "speakai-store-torture",
            dependencies: ["BSON", "DocumentStore", "EmbeddedStore", "TestSupport", .product(name: "Logging", package: "swift-log")],
            path: "Tests/StoreTorture",
            swiftSettings: strict
        ),

        .testTarget(
            name: "BSONTests",
            dependencies: ["BSON", "CLibBSON"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CBindingsTests",
            dependencies: ["CLibBSON", "CLibMongoC"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DocumentStoreTests",
            dependencies: ["BSON", "DocumentStore", "EmbeddedStore", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EmbeddedStoreTests",
            dependencies: ["BSON", "DocumentStore", "EmbeddedStore", "SQLite", "TestSupport", "Transfer", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WireTests",
            dependencies: ["BSON", "DocumentStore", "EmbeddedStore", "MongoStore", "TestSupport", "Wire", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TransferTests",
            dependencies: ["BSON", "DocumentStore", "EmbeddedStore", "TestSupport", "Transfer"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DomainTests",
            dependencies: ["BSON", "DocumentStore", "Domain", "EmbeddedStore", "TestSupport", "Tutoring"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TutoringTests",
            dependencies: ["AI", "Domain", "Tutoring", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AITests",
            dependencies: ["AI", "BSON", "OfflineSpeech", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SpeakAPITests",
            dependencies: [
                "SpeakAPI",
                "AI",
                "DocumentStore",
                "Domain",
                "EmbeddedStore",
                "TestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
