import Foundation
import XCTest
@testable import QRuntime

final class ConfigurationTests: XCTestCase {
    var dirs: [String] = []

    override func tearDown() {
        for d in dirs { try? FileManager.default.removeItem(atPath: d) }
        super.tearDown()
    }

    /// A fresh folder, optionally holding a `.pykx-config` with `text`.
    func folder(_ text: String? = nil) throws -> String {
        let d = NSTemporaryDirectory() + "qrt-config-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        dirs.append(d)
        if let t = text { try t.write(toFile: d + "/.pykx-config", atomically: true, encoding: .utf8) }
        return d
    }

    func load(env: [String: String] = [:], cwd: String, home: String) throws -> QConfiguration {
        try QConfiguration.load(environment: env, currentDirectory: cwd, home: home)
    }

    func testDefaultIsOff() throws {
        let c = try load(cwd: try folder(), home: try folder())
        XCTAssertFalse(c.threading)
        XCTAssertEqual(c.source, "default")
    }

    func testEnvironmentValues() throws {
        let cwd = try folder(), home = try folder()
        for v in ["1", "true", "TRUE", "True", " 1 "] {
            XCTAssertTrue(try load(env: ["PYKX_THREADING": v], cwd: cwd, home: home).threading, v)
        }
        for v in ["0", "false", "False", ""] {
            XCTAssertFalse(try load(env: ["PYKX_THREADING": v], cwd: cwd, home: home).threading, v)
        }
        XCTAssertThrowsError(try load(env: ["PYKX_THREADING": "maybe"], cwd: cwd, home: home)) { e in
            XCTAssertTrue("\(e)".contains("PYKX_THREADING"), "\(e)")
        }
    }

    func testFileInCurrentDirectory() throws {
        let cwd = try folder("[default]\nPYKX_THREADING = \"true\"\n")
        let c = try load(cwd: cwd, home: try folder())
        XCTAssertTrue(c.threading)
        XCTAssertEqual(c.source, cwd + "/.pykx-config")
    }

    func testSearchOrderCurrentThenLocationThenHome() throws {
        let on = "[default]\nPYKX_THREADING = true\n", off = "[default]\nPYKX_THREADING = 0\n"
        let home = try folder(on), loc = try folder(off)
        // Location beats home.
        XCTAssertFalse(try load(env: ["PYKX_CONFIGURATION_LOCATION": loc], cwd: try folder(), home: home).threading)
        // Home is used when nothing else exists.
        XCTAssertTrue(try load(cwd: try folder(), home: home).threading)
        // The current directory beats both.
        XCTAssertTrue(try load(env: ["PYKX_CONFIGURATION_LOCATION": loc], cwd: try folder(on), home: home).threading)
    }

    func testEnvironmentOverridesFile() throws {
        let cwd = try folder("[default]\nPYKX_THREADING = true\n")
        let c = try load(env: ["PYKX_THREADING": "0"], cwd: cwd, home: try folder())
        XCTAssertFalse(c.threading)
        XCTAssertEqual(c.source, "environment")
    }

    func testCodeOverridesEverything() throws {
        // A configuration made in code reads nothing.
        let c = QConfiguration(threading: true)
        XCTAssertTrue(c.threading)
        XCTAssertEqual(c.source, "code")
    }

    func testProfiles() throws {
        let cwd = try folder("""
        # comment
        [default]
        PYKX_THREADING = false   # trailing comment

        [fast]
        PYKX_THREADING = 1
        """)
        let home = try folder()
        XCTAssertFalse(try load(cwd: cwd, home: home).threading)
        XCTAssertTrue(try load(env: ["PYKX_PROFILE": "fast"], cwd: cwd, home: home).threading)
        XCTAssertThrowsError(try load(env: ["PYKX_PROFILE": "missing"], cwd: cwd, home: home)) { e in
            XCTAssertTrue("\(e)".contains("[missing]"), "\(e)")
        }
    }

    func testMalformedFilesNameFileLineAndKey() throws {
        let cases: [(String, String)] = [
            ("[default]\nPYKX_THREADING = \"yes\"\n", ":2: key PYKX_THREADING"),
            ("[default]\nPYKX_THREADING = \"true\n", ":2: key PYKX_THREADING"),
            ("[default\nPYKX_THREADING = 1\n", ":1:"),
            ("PYKX_THREADING = 1\n", ":1: key PYKX_THREADING"),
            ("[default]\nPYKX_THREADING\n", ":2:"),
            ("[default]\nPYKX THREADING = 1\n", ":2: malformed key"),
            ("[default]\nPYKX_THREADING = maybe\n", ":2: key PYKX_THREADING"),
        ]
        for (text, fragment) in cases {
            let cwd = try folder(text)
            XCTAssertThrowsError(try load(cwd: cwd, home: try folder()), text) { e in
                let m = "\(e)"
                XCTAssertTrue(m.contains(cwd + "/.pykx-config"), m)
                XCTAssertTrue(m.contains(fragment), "\(m) lacks \(fragment)")
            }
        }
    }

    func testRuntimeUsesConfiguration() throws {
        let q = try QRuntime(configuration: QConfiguration(threading: true))
        defer { q.shutdownThread() }
        XCTAssertTrue(q.isThreaded)
        XCTAssertFalse(try QRuntime(configuration: QConfiguration(threading: false)).isThreaded)
    }
}
