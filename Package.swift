// swift-tools-version:6.0
import PackageDescription

// Layering: QCore (values, display) <- QLang (interpreter) <- QRuntime (bridge) <- qrt.
// QIPC (wire codec and client) sits between QCore and QLang.

let package = Package(
    name: "QRuntime",
    products: [
        .library(name: "QRuntime", targets: ["QRuntime"]),
        .executable(name: "qrt", targets: ["qrt"]),
        .executable(name: "qbench", targets: ["qbench"]),
    ],
    targets: [
        .target(name: "QCore"),
        .target(name: "QIPC", dependencies: ["QCore"]),
        // Small C shim for system calls Swift cannot reach (thread stack bounds).
        .target(name: "CQSupport"),
        .target(name: "QLang", dependencies: ["QCore", "QIPC", "CQSupport"]),
        .target(name: "QRuntime", dependencies: ["QCore", "QLang", "QIPC"]),
        .executableTarget(name: "qrt", dependencies: ["QRuntime", "QLang", "QIPC", "QCore"]),
        .executableTarget(name: "qbench", dependencies: ["QRuntime", "QLang", "QIPC", "QCore", "CQSupport"]),
        .executableTarget(name: "ThreadedUpserts", dependencies: ["QRuntime"], path: "Examples/ThreadedUpserts"),
        .executableTarget(name: "ThreadedSubscribers", dependencies: ["QRuntime", "QIPC"], path: "Examples/ThreadedSubscribers"),
        .testTarget(name: "QCoreTests", dependencies: ["QCore"]),
        .testTarget(name: "QLangTests", dependencies: ["QLang", "QCore"]),
        .testTarget(name: "QIPCTests", dependencies: ["QIPC", "QCore"]),
        .testTarget(name: "QRuntimeTests", dependencies: ["QRuntime", "QCore", "QIPC"]),
    ],
    swiftLanguageModes: [.v6]
)
