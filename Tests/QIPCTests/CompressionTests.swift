import XCTest
@testable import QCore
@testable import QIPC

final class CompressionTests: XCTestCase {
    func roundTrip(_ v: QValue, file: StaticString = #filePath, line: UInt = #line) throws {
        let plain = try QWire.encodeMessage(v, type: .response)
        let packed = try QWire.encodeMessage(v, type: .response, compress: true)
        let h = try QWire.decodeHeader(packed)
        XCTAssertEqual(h.length, packed.count, file: file, line: line)
        if h.compressed {
            XCTAssertLessThan(packed.count, plain.count / 2, file: file, line: line)
            XCTAssertEqual(try QWire.decompress(message: packed), plain, file: file, line: line)
        } else {
            XCTAssertEqual(packed, plain, file: file, line: line)
        }
        let (kind, back) = try QWire.decodeMessage(packed)
        XCTAssertEqual(kind, .response, file: file, line: line)
        XCTAssertTrue(wireMatch(v, back), file: file, line: line)
    }

    func testRepetitiveDataCompresses() throws {
        let v = QValue.longs(Array(repeating: 42, count: 10_000))
        let packed = try QWire.encodeMessage(v, type: .sync, compress: true)
        XCTAssertTrue(try QWire.decodeHeader(packed).compressed)
        XCTAssertLessThan(packed.count, 2500)  // 80,014 bytes uncompressed
        try roundTrip(v)
    }

    func testShapesAndRuns() throws {
        try roundTrip(QValue.longs((0..<5000).map { Int64($0 % 7) }))
        try roundTrip(.symbols((0..<3000).map { ["ibm", "msft", "aapl"][$0 % 3] }))
        try roundTrip(table(["sym", "px"], [.symbols((0..<1000).map { "s\($0 % 10)" }), .floats((0..<1000).map { Double($0 % 13) })]))
        // Long runs exercise the 255-byte cap on a single back-reference and overlapping copies.
        try roundTrip(vec(.byte, .x(Array(repeating: 9, count: 100_000))))
        try roundTrip(.string(String(repeating: "abcabcabd", count: 2000)))
    }

    func testIncompressibleDataIsSentPlain() throws {
        var rng = SplitMix(seed: 1)
        let v = vec(.byte, .x((0..<10_000).map { _ in UInt8.random(in: 0...255, using: &rng) }))
        let packed = try QWire.encodeMessage(v, type: .sync, compress: true)
        XCTAssertFalse(try QWire.decodeHeader(packed).compressed)
        XCTAssertNil(QWire.compress(message: try QWire.encodeMessage(v, type: .sync)))
    }

    func testThreshold() throws {
        let v = QValue.longs(Array(repeating: 1, count: 200))  // 1,614 bytes
        XCTAssertFalse(try QWire.decodeHeader(try QWire.encodeMessage(v, type: .sync, compress: true)).compressed)
        let low = try QWire.encodeMessage(v, type: .sync, compress: true, compressionThreshold: 100)
        XCTAssertTrue(try QWire.decodeHeader(low).compressed)
        XCTAssertTrue(wireMatch(v, try QWire.decodeMessage(low).1))
    }

    func testRandomMessages() throws {
        var g = ValueGenerator(seed: 99)
        for _ in 0..<200 {
            // Lists of a repeated value compress often enough to exercise both branches.
            let item = g.value(depth: 1)
            try roundTrip(.list(Array(repeating: item, count: g.int(1...60))))
        }
    }

    func testDecompressionBombIsRejectedWithoutAllocating() {
        // A 20-byte message claiming to expand to 1 GB.
        var m: [UInt8] = [1, 1, 1, 0, 20, 0, 0, 0]
        m += [0x00, 0x00, 0x00, 0x40]
        m += [UInt8](repeating: 0xff, count: 8)
        XCTAssertThrowsError(try QWire.decodeMessage(m)) { XCTAssertEqual(($0 as? QWireError)?.kind, .tooLarge) }
        XCTAssertThrowsError(try QWire.decompress(message: m, maxSize: 1 << 10)) { XCTAssertEqual(($0 as? QWireError)?.kind, .tooLarge) }
    }

    func testCorruptCompressedBodies() {
        // Stated size 100, but the body ends at once / refers to an empty table slot.
        let short: [UInt8] = [1, 1, 1, 0, 13, 0, 0, 0, 100, 0, 0, 0, 0]
        XCTAssertThrowsError(try QWire.decodeMessage(short)) { XCTAssertEqual(($0 as? QWireError)?.kind, .badCompression) }
        let emptySlot: [UInt8] = [1, 1, 1, 0, 15, 0, 0, 0, 20, 0, 0, 0, 0x01, 0x33, 0x05]
        XCTAssertThrowsError(try QWire.decodeMessage(emptySlot)) { XCTAssertEqual(($0 as? QWireError)?.kind, .badCompression) }
    }
}
