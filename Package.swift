// swift-tools-version:6.0
import PackageDescription

// Layering: QCore (values, display) <- QLang (interpreter) <- QRuntime (bridge) <- qrt.
// QIPC (wire codec and client) will sit between QCore and QLang.

let package = Package(
    name: "QRuntime",
    products: [
        .library(name: "QRuntime", targets: ["QRuntime"]),
        .executable(name: "qrt", targets: ["qrt"]),
        .executable(name: "qbench", targets: ["qbench"]),
    ],
    targets: [
        .target(name: "QCore"),
        .target(name: "QLang", dependencies: ["QCore"]),
        .target(name: "QRuntime", dependencies: ["QCore", "QLang"]),
        .executableTarget(name: "qrt", dependencies: ["QRuntime", "QLang", "QCore"]),
        .executableTarget(name: "qbench", dependencies: ["QLang", "QCore"]),
        .testTarget(name: "QCoreTests", dependencies: ["QCore"]),
        .testTarget(name: "QLangTests", dependencies: ["QLang", "QCore"]),
    ],
    swiftLanguageModes: [.v6]
)
