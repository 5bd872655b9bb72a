// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "terminal-tennis",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tennis", targets: ["tennis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.9.0"..<"6.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssh.git", from: "0.15.1"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
    ],
    targets: [
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        .target(name: "TennisCore", swiftSettings: swiftSettings),
        .target(name: "TennisProtocol", dependencies: ["TennisCore"], swiftSettings: swiftSettings),
        // What the server, the stores and the directory share: match records, history, the
        // directory's protocol and the listing's types. Neither store imports the server.
        .target(name: "TennisRecords", dependencies: ["TennisCore"], swiftSettings: swiftSettings),
        .target(
            name: "TennisServer",
            dependencies: [
                "TennisCore", "TennisProtocol", "TennisRecords", "TennisIdentity",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TennisClient",
            dependencies: [
                "TennisCore", "TennisProtocol",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TennisLab",
            dependencies: [
                "TennisCore", "TennisProtocol", "TennisClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TennisLoad",
            dependencies: [
                "TennisCore", "TennisProtocol", "TennisClient",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "TennisBench", dependencies: ["TennisCore", "TennisProtocol"], swiftSettings: swiftSettings),
        .target(
            name: "TennisDirectory",
            dependencies: [
                "TennisRecords", "TennisStore", "TennisCore", "TennisProtocol",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Player identities: the native client's Ed25519 key, checking a hello's proof, and the
        // in-process gateway's vouching for keys it checked (ssh).
        .target(
            name: "TennisIdentity",
            dependencies: ["TennisProtocol", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(name: "TerminalUI", dependencies: ["TennisCore", "TennisRecords", "CNcurses"], swiftSettings: swiftSettings),
        .target(
            name: "TennisStore",
            dependencies: [
                "TennisCore", "TennisProtocol", "TennisRecords",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // A relay node's subscription to another node's match: the one WebSocket client on the
        // server's side of the cluster.
        .target(
            name: "TennisRelay",
            dependencies: [
                "TennisServer", "TennisProtocol",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Play and watch over ssh: an SSH server (swift-nio-ssh) whose sessions draw the client's
        // screens in-process through TerminalUI's ANSI terminal device.
        .target(
            name: "TennisSSH",
            dependencies: [
                "TerminalUI",
                .product(name: "NIOSSH", package: "swift-nio-ssh"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tennis",
            dependencies: [
                "TennisCore", "TennisProtocol", "TennisRecords", "TennisServer", "TennisClient", "TerminalUI", "TennisStore",
                "TennisLab", "TennisIdentity",
                "TennisDirectory", "TennisLoad", "TennisRelay", "TennisSSH",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // What the socket suites share: waiting on events instead of polling.
        .target(name: "TestSupport", dependencies: ["TennisClient", "TennisProtocol",
                                                .product(name: "NIOSSL", package: "swift-nio-ssl")],
                path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(
            name: "TennisCoreTests", dependencies: ["TennisCore", "TestSupport"], exclude: ["Recordings"], swiftSettings: swiftSettings),
        .testTarget(name: "TennisProtocolTests", dependencies: ["TennisProtocol", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "TennisIdentityTests", dependencies: ["TennisIdentity", "TennisProtocol", "TennisRecords"],
                    swiftSettings: swiftSettings),
        .testTarget(
            name: "TerminalUITests", dependencies: ["TerminalUI", "TennisRecords"], exclude: ["Golden"], swiftSettings: swiftSettings),
        .testTarget(name: "TennisClientTests", dependencies: ["TennisClient", "TennisCore", "TennisProtocol"],
                    swiftSettings: swiftSettings),
        .testTarget(
            name: "TennisDirectoryTests",
            dependencies: ["TennisDirectory", "TennisServer", "TennisRecords", "TennisClient", "TennisStore", "TennisCore",
                           "TennisProtocol", "TennisLab", "TennisRelay", "TennisLoad", "TennisIdentity", "TestSupport",
                           .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "TennisLabTests", dependencies: ["TennisLab", "TennisServer", "TennisClient", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "TennisServerTests",
            dependencies: [
                "TennisServer", "TennisRecords", "TennisClient", "TennisProtocol", "TennisCore", "TennisIdentity",
                "TennisStore", "TestSupport",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TennisLoadTests",
            dependencies: ["TennisLoad", "TennisServer", "TennisProtocol", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TennisStoreTests", dependencies: ["TennisStore", "TennisRecords", "TennisCore", "TestSupport",
                                                             .product(name: "GRDB", package: "GRDB.swift")],
                    swiftSettings: swiftSettings),
        .testTarget(name: "TennisEndToEndTests", dependencies: ["tennis", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TennisSSHTests",
            dependencies: ["TennisSSH", "TerminalUI",
                           .product(name: "NIOSSH", package: "swift-nio-ssh"),
                           .product(name: "NIOEmbedded", package: "swift-nio")],
            swiftSettings: swiftSettings),
    ]
)
