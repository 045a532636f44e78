// swift-tools-version:6.1
import PackageDescription

/// Settings every target shares: Swift 6 strict concurrency is the language mode;
/// these upcoming features keep dependencies explicit (as apple/swift-configuration does).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "ticketd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ticketd", targets: ["ticketd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // NIOHTTPTypes: the HTTP parts Hummingbird's pipeline carries (ConnectionGuard reads them).
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        // The portal's pages: logic-less templates that escape every value unless told otherwise.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // PostgreSQL for several daemons on one database (issue 19).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Pure modules: no I/O, no clocks, no randomness read directly.
        .target(
            name: "MailFormat",
            swiftSettings: strictSettings
        ),
        .target(
            name: "Privacy",
            dependencies: [
                "MailFormat",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Tickets",
            dependencies: [
                "Privacy",
                "MailFormat",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // Adapters.
        .target(
            name: "TicketStore",
            dependencies: [
                "Tickets",
                "Privacy",
                "MailFormat",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // libcurl, the C library MailTransport speaks IMAP and SMTP through.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Typed wrappers for libcurl's variadic calls, which Swift cannot call.
        .target(name: "CCurlShim", dependencies: ["CCurl"]),
        .target(
            name: "MailTransport",
            dependencies: ["CCurlShim", "CCurl"],
            swiftSettings: strictSettings
        ),
        // Use cases, configuration, logging.
        .target(
            name: "TicketDaemon",
            dependencies: [
                "TicketStore",
                "MailTransport",
                "Tickets",
                "Privacy",
                "MailFormat",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // The HTTP shell: the staff API on the daemon's Unix socket. It authenticates, asks the
        // access policy and calls the use cases; it holds no rule of its own.
        .target(
            name: "TicketAPI",
            dependencies: [
                "TicketDaemon",
                "TicketStore",
                "Tickets",
                "Privacy",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["openapi.yaml"],
            swiftSettings: strictSettings
        ),
        // The HTTP shell of the privacy portal (issue 18): pages rendered on the server for each
        // person. It parses requests, identifies the session, calls the use cases and renders;
        // it holds no rule. The connection guard is the staff API's.
        .target(
            name: "TicketPortal",
            dependencies: [
                "TicketDaemon",
                "TicketAPI",
                "TicketStore",
                "Tickets",
                "Privacy",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strictSettings
        ),
        // The executable: argument parsing only.
        .executableTarget(
            name: "ticketd",
            dependencies: [
                "TicketDaemon",
                "TicketAPI",
                "TicketPortal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // Fixtures shared by the test targets: temporary directories, configurations, byte searches.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strictSettings),
        .testTarget(name: "MailFormatTests", dependencies: ["MailFormat"], swiftSettings: strictSettings),
        .testTarget(name: "PrivacyTests", dependencies: ["Privacy", "MailFormat", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "TicketsTests", dependencies: ["Tickets", "Privacy", "MailFormat"], swiftSettings: strictSettings),
        .testTarget(
            name: "TicketStoreTests",
            dependencies: [
                "TicketStore", "Tickets", "Privacy", "MailFormat", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        // PostgreSQL (issue 19): the endpoint and, through postgres-nio, a verified connection.
        .target(
            name: "TicketStorePostgres",
            dependencies: [
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "TicketStorePostgresTests", dependencies: ["TicketStorePostgres", "TestSupport"], swiftSettings: strictSettings),
        // In-memory twins of the IMAP and SMTP sessions, for fast use-case tests.
        .target(name: "TransportFakes", dependencies: ["MailTransport"], path: "Tests/TransportFakes", swiftSettings: strictSettings),
        .testTarget(name: "MailTransportTests", dependencies: ["MailTransport", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "TicketDaemonTests",
            dependencies: [
                "TicketDaemon", "TicketStore", "Tickets", "Privacy", "MailFormat", "MailTransport", "TestSupport", "TransportFakes",
                .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TicketAPITests",
            dependencies: [
                "TicketAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TicketPortalTests",
            dependencies: ["TicketPortal", "TicketDaemon", "Tickets"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ticketdTests",
            dependencies: ["TicketStore", "Privacy", "Tickets", "MailFormat", "MailTransport", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
