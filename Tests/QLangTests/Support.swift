import XCTest
@testable import QCore
@testable import QLang

/// Base class for interpreter tests: one fresh session per test.
class QTestCase: XCTestCase {
    var q: Interpreter!

    override func setUp() {
        super.setUp()
        q = Interpreter()
        q.output = { _ in }
    }

    /// Evaluates setup statements, failing the test on error.
    func run(_ source: String, file: StaticString = #filePath, line: UInt = #line) {
        do { _ = try q.evaluate(source) } catch { XCTFail("\(source) failed: \(error)", file: file, line: line) }
    }

    /// Asserts that `expr` evaluates to the same value (by `~`) as `expected` does.
    func assertQ(_ expr: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let got = try q.evaluate(expr)
            let want = try q.evaluate(expected)
            XCTAssertTrue(qMatch(got, want), "\(expr) gave \(QFormat.k(got)), want \(QFormat.k(want))", file: file, line: line)
        } catch {
            XCTFail("\(expr) threw \(error)", file: file, line: line)
        }
    }

    /// Asserts that `expr` fails with q error `name` (without the quote).
    func assertError(_ expr: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let got = try q.evaluate(expr)
            XCTFail("\(expr) gave \(QFormat.k(got)), want '\(name)", file: file, line: line)
        } catch let e as QError {
            XCTAssertEqual(e.name, name, "\(expr)", file: file, line: line)
        } catch {
            XCTFail("\(expr) threw \(error)", file: file, line: line)
        }
    }

    /// Asserts the console lines q prints for `expr`.
    func assertShows(_ expr: String, _ lines: [String], file: StaticString = #filePath, line: UInt = #line) {
        do {
            let v = try q.evaluateLine(expr)
            let got = v.map { QFormat.console($0, q.display) } ?? []
            XCTAssertEqual(got, lines, expr, file: file, line: line)
        } catch {
            XCTFail("\(expr) threw \(error)", file: file, line: line)
        }
    }
}
