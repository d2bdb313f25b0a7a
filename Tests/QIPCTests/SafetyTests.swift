import XCTest
#if canImport(Glibc)
import Glibc
#endif
@testable import QCore
@testable import QIPC

/// Malformed input must throw a clear error: never crash, overread or allocate without bound.
final class SafetyTests: XCTestCase {
    func assertWireError(_ payload: [UInt8], _ kind: QWireError.Kind, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try QWire.deserialize(payload), file: file, line: line) {
            XCTAssertEqual(($0 as? QWireError)?.kind, kind, "\($0)", file: file, line: line)
        }
    }

    func testTruncatedAtoms() {
        assertWireError([], .truncated)
        assertWireError([0xf9, 1, 2, 3], .truncated)
        assertWireError([0xfe, 1, 2], .truncated)
        assertWireError([0xf5, 0x61, 0x62], .truncated)  // symbol without NUL
    }

    func testLyingAndNegativeCounts() {
        // A long vector claiming 2^31-1 items in a 10-byte payload: rejected before allocating.
        assertWireError([7, 0, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3, 4], .badCount)
        assertWireError([7, 0, 0xff, 0xff, 0xff, 0xff], .badCount)  // -1
        assertWireError([0, 0, 0x00, 0x00, 0x00, 0x40, 0xf9], .badCount)
        assertWireError([11, 0, 3, 0, 0, 0, 0x61, 0, 0x62, 0], .truncated)  // two of three symbols
        assertWireError([0x68, 0, 0, 0, 0], .malformed)  // projection of nothing
    }

    func testUnknownTypesAndAttributes() {
        for t: UInt8 in [3, 0xfd, 77, 90, 97, 113, 0xb0, 0x81] { assertWireError([t, 0, 0, 0, 0, 0], .unknownType) }
        assertWireError([7, 9, 0, 0, 0, 0], .malformed)
        assertWireError([0x65, 0x80], .unknownPrimitive)
        assertWireError([0x67, 6], .unknownPrimitive)
        assertWireError([112, 0], .unsupported)
    }

    func testStructuralErrors() {
        // Dictionary with 2 keys and 1 value.
        assertWireError([99, 11, 0, 2, 0, 0, 0, 0x61, 0, 0x62, 0, 6, 0, 1, 0, 0, 0, 1, 0, 0, 0], .malformed)
        // Table whose inner value is not a dictionary.
        assertWireError([98, 0, 6, 0, 0, 0, 0, 0], .malformed)
        // Table with columns of unequal length.
        let uneven = try! QWire.serialize(.dict(QDict(keys: .symbols(["a", "b"]), values: .list([.longs([1]), .longs([1, 2])]))))
        assertWireError([98, 0] + uneven, .malformed)
        // Lambda whose text is not a string.
        assertWireError([100, 0, 0xf9, 1, 0, 0, 0, 0, 0, 0, 0], .malformed)
    }

    func testEnumerations() throws {
        let enumVector: [UInt8] = [20, 0, 2, 0, 0, 0, 0x73, 0x79, 0x6d, 0, 1, 0, 0, 0, 0, 0, 0, 0]
        assertWireError(enumVector, .unsupported)
        var options = QWireOptions()
        options.resolveEnumeration = { domain, idx in
            XCTAssertEqual(domain, "sym")
            let syms = ["a", "b"]
            return .symbols(idx.map { syms[Int($0)] })
        }
        XCTAssertTrue(wireMatch(try QWire.deserialize(enumVector, options: options), .symbols(["b", "a"])))
        let enumAtom: [UInt8] = [0xec, 0x73, 0x79, 0x6d, 0, 1, 0, 0, 0]
        XCTAssertTrue(wireMatch(try QWire.deserialize(enumAtom, options: options), .symbol("b")))
    }

    func testDeepNesting() throws {
        // 10,000 nested one-item lists: rejected at the depth limit, not by the stack.
        var deep = [UInt8]()
        for _ in 0..<10_000 { deep += [0, 0, 1, 0, 0, 0] }
        deep += [0xf9, 1, 0, 0, 0, 0, 0, 0, 0]
        assertWireError(deep, .tooDeep)
        var v = QValue.long(1)
        for _ in 0..<1000 { v = .list([v]) }
        XCTAssertThrowsError(try QWire.serialize(v)) { XCTAssertEqual(($0 as? QWireError)?.kind, .tooDeep) }
        var shallow = QValue.long(1)
        for _ in 0..<150 { shallow = .list([shallow]) }
        assertRoundTrip(shallow)
    }

    /// Serializes many random values, then feeds thousands of truncated, bit-flipped and
    /// otherwise mutated messages to the decoder: each must decode or throw. Set
    /// QIPC_FUZZ_ROUNDS (default 250 values, 20 mutations each) and QIPC_FUZZ_SEED for longer
    /// or different runs.
    func testFuzzMutatedMessages() throws {
        func env(_ name: String) -> Int? { getenv(name).flatMap { Int(String(cString: $0)) } }
        let rounds = env("QIPC_FUZZ_ROUNDS") ?? 250
        let seed = UInt64(env("QIPC_FUZZ_SEED") ?? 2024)
        var g = ValueGenerator(seed: seed)
        var rng = SplitMix(seed: seed &+ 77)
        var decoded = 0, rejected = 0
        func attempt(_ m: [UInt8]) {
            do {
                _ = try QWire.decodeMessage(m)
                decoded += 1
            } catch is QWireError {
                rejected += 1
            } catch is QError {
                rejected += 1  // a mutated type byte can turn into an error (-128) marker
            } catch {
                XCTFail("unexpected error \(error)")
            }
            // The payload alone, read in both byte orders.
            if m.count > 8 {
                _ = try? QWire.deserialize(Array(m[8...]), littleEndian: true)
                _ = try? QWire.deserialize(Array(m[8...]), littleEndian: false)
            }
        }
        for round in 0..<rounds {
            let v = g.value(depth: 0)
            let compress = round % 3 == 0
            let item: QValue = compress ? .list(Array(repeating: v, count: 20)) : v
            let m = try QWire.encodeMessage(item, type: .sync, compress: compress, compressionThreshold: 0)
            attempt(m)
            for _ in 0..<20 {
                var x = m
                switch Int.random(in: 0...5, using: &rng) {
                case 0:  // truncate (and fix the header so the length check passes)
                    x = Array(x.prefix(Int.random(in: 0...x.count, using: &rng)))
                    if x.count >= 8 { QWire.storeLength(x.count, into: &x, at: 4, littleEndian: true) }
                case 1:  // flip bits
                    for _ in 0..<Int.random(in: 1...4, using: &rng) {
                        let i = Int.random(in: 8..<max(9, x.count), using: &rng) % x.count
                        x[i] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
                    }
                case 2:  // overwrite a byte with something interesting
                    let i = Int.random(in: 8..<max(9, x.count), using: &rng) % x.count
                    x[i] = [0, 0xff, 0x7f, 0x80, 0x62, 0x63, 0x64, 0x68][Int.random(in: 0...7, using: &rng)]
                case 3:  // a huge count at a random offset
                    if x.count > 12 {
                        let i = Int.random(in: 8...(x.count - 4), using: &rng)
                        x.replaceSubrange(i..<i + 4, with: [0xff, 0xff, 0xff, 0x7f])
                    }
                case 4:  // random tail
                    let i = Int.random(in: 8...x.count, using: &rng)
                    x = Array(x[..<i]) + (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                    QWire.storeLength(x.count, into: &x, at: 4, littleEndian: true)
                default:  // corrupt the claimed uncompressed size or the header
                    let i = Int.random(in: 0..<min(12, x.count), using: &rng)
                    x[i] = UInt8.random(in: 0...255, using: &rng)
                }
                attempt(x)
            }
        }
        // Pure noise, with a plausible header.
        for _ in 0..<2000 {
            let n = Int.random(in: 0...80, using: &rng)
            var x: [UInt8] = [1, 1, UInt8.random(in: 0...1, using: &rng), 0, 0, 0, 0, 0]
            x += (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            QWire.storeLength(x.count, into: &x, at: 4, littleEndian: true)
            attempt(x)
        }
        XCTAssertGreaterThan(decoded, 250)
        XCTAssertGreaterThan(rejected, 1000)
    }
}
