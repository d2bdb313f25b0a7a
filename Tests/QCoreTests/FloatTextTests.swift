import XCTest
@testable import QCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hand-written `%.Ng` must agree with the C library's, digit for digit.
final class FloatTextTests: XCTestCase {
    private func ours(_ x: Double, _ p: Int) -> String {
        var out: [UInt8] = []
        FloatText.appendG(x, digits: p, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func libc(_ x: Double, _ p: Int) -> String {
        var buf = [CChar](repeating: 0, count: 64)
        _ = withVaList([Int32(p), x]) { vsnprintf(&buf, 64, "%.*g", $0) }
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func testEverydayValues() {
        let xs: [Double] = [1, 2, 0.1, 1.5, 100000000, 123456789, 0.0001, 0.00001, 1e-5, 1234567,
                            12345678, 0.6666666666666666, 1.0 / 3, 2.0 / 3, 9.9999995, 99999995,
                            0.5, 2.5, 1048576.5, 3.1415926535, 1e300, .leastNonzeroMagnitude, 1.7976931348623157e308,
                            2.2250738585072014e-308, 0.045, 96.1, 1e22, 1e23, 123.456, 7.5e-10]
        for x in xs {
            for p in 1...17 {
                XCTAssertEqual(ours(x, p), libc(x, p), "x=\(x) p=\(p)")
                XCTAssertEqual(ours(-x, p), libc(-x, p), "x=\(-x) p=\(p)")
            }
        }
    }

    func testRandomBitPatterns() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let x = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)
            let p = Int.random(in: 1...17, using: &rng)
            XCTAssertEqual(ours(x, p), libc(x, p), "x=\(x) p=\(p)")
        }
    }

    func testRandomEverydayMagnitudes() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let x = Double.random(in: -1e6...1e6, using: &rng) * (Bool.random(using: &rng) ? 1 : 1e-6)
            XCTAssertEqual(ours(x, 7), libc(x, 7), "x=\(x)")
        }
    }

    func testTiesGoToEven() {
        // Exactly representable halves: glibc rounds them to even.
        XCTAssertEqual(ours(0.125, 2), "0.12")
        XCTAssertEqual(ours(2.5, 1), "2")
        XCTAssertEqual(ours(1048576.5, 7), "1048576")
        XCTAssertEqual(ours(1048577.5, 7), "1048578")
    }
}
