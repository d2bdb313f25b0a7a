import XCTest
@testable import QCore
@testable import QIPC

/// Headers, message types, errors and big-endian input.
final class MessageTests: XCTestCase {
    func testHeaderFields() throws {
        for type in QMessageType.allCases {
            let m = try QWire.encodeMessage(.long(5), type: type)
            let h = try QWire.decodeHeader(m)
            XCTAssertEqual(h, QMessageHeader(littleEndian: true, type: type, compressed: false, length: 17))
            XCTAssertEqual(Array(m[0..<4]), [1, type.rawValue, 0, 0])
        }
    }

    func testLargeMessageLengthUsesByteThree() throws {
        // Bits 32…39 of the length live in byte 3 (1 TB limit); only the header is built here.
        let h = try QWire.decodeHeader([1, 2, 0, 0x01, 0x10, 0, 0, 0])
        XCTAssertEqual(h.length, (1 << 32) + 16)
        XCTAssertEqual(h.type, .response)
    }

    func testBadHeaders() {
        for bad: [UInt8] in [[1, 0, 0], [2, 0, 0, 0, 9, 0, 0, 0], [1, 3, 0, 0, 9, 0, 0, 0], [1, 0, 5, 0, 9, 0, 0, 0], [1, 0, 0, 0, 4, 0, 0, 0]] {
            XCTAssertThrowsError(try QWire.decodeHeader(bad), "\(bad)")
        }
        // The header's length must match the bytes handed over.
        var m = try! QWire.encodeMessage(.long(5), type: .sync)
        m.append(0)
        XCTAssertThrowsError(try QWire.decodeMessage(m)) { XCTAssertEqual(($0 as? QWireError)?.kind, .badHeader) }
        XCTAssertThrowsError(try QWire.decodeMessage(Array(m.dropLast(2)))) { XCTAssertEqual(($0 as? QWireError)?.kind, .truncated) }
    }

    func testErrorMessages() {
        let m = QWire.encodeError("type")
        XCTAssertEqual(hex(m), "0x010200000e000000807479706500")
        XCTAssertThrowsError(try QWire.decodeMessage(m)) { XCTAssertEqual($0 as? QError, QError("type")) }
        XCTAssertThrowsError(try QWire.deserialize([0x80, 0x6f, 0x6f, 0x70, 0x73, 0x00])) {
            XCTAssertEqual($0 as? QError, QError("oops"))
        }
        XCTAssertThrowsError(try QWire.decodeMessage(QWire.encodeError("a\u{0}b"))) { XCTAssertEqual($0 as? QError, QError("a")) }
    }

    func testTrailingBytesAreRejected() {
        XCTAssertThrowsError(try QWire.deserialize([0xf9, 1, 0, 0, 0, 0, 0, 0, 0, 0])) {
            XCTAssertEqual(($0 as? QWireError)?.kind, .malformed)
        }
    }

    // MARK: big-endian input (old clients, the Java client)

    func testBigEndianKnownBytes() throws {
        // 1i as a big-endian sync message.
        let (kind, v) = try QWire.decodeMessage([0, 1, 0, 0, 0, 0, 0, 13, 0xfa, 0, 0, 0, 1])
        XCTAssertEqual(kind, .sync)
        XCTAssertTrue(wireMatch(v, .int(1)))
    }

    func testBigEndianEveryType() throws {
        var g = ValueGenerator(seed: 7)
        for t in QType.allCases where t != .mixed {
            for v in [QValue.atom(t, g.scalar(t)), g.vector(t, 9)] {
                let big = try BigEndianWriter.message(v)
                let (_, back) = try QWire.decodeMessage(big)
                XCTAssertTrue(wireMatch(v, back), "\(t): \(back)")
            }
        }
        let nested = QValue.dict(QDict(keys: .symbols(["a", "b"]), values: .list([.longs([1, 2]), .list([.floats([.nan]), .string("x")])])))
        let (_, back) = try QWire.decodeMessage(try BigEndianWriter.message(nested))
        XCTAssertTrue(wireMatch(nested, back))
        let t = table(["x", "y"], [.ints([1, 2]), .symbols(["p", "q"])])
        XCTAssertTrue(wireMatch(t, try QWire.decodeMessage(try BigEndianWriter.message(t)).1))
    }

    func testBigEndianCompressed() throws {
        let v = QValue.list([.ints(Array(repeating: 7, count: 2000)), .symbols(Array(repeating: "abc", count: 500))])
        let big = try BigEndianWriter.message(v)
        let packed = try XCTUnwrap(QWire.compress(message: big))
        XCTAssertEqual(packed[0], 0)
        XCTAssertLessThan(packed.count, big.count / 2)
        XCTAssertTrue(wireMatch(v, try QWire.decodeMessage(packed).1))
    }
}

/// An independent big-endian encoder for tests (data types only), written per element so it
/// shares nothing with the codec's bulk paths.
enum BigEndianWriter {
    static func message(_ v: QValue) throws -> [UInt8] {
        var body = [UInt8]()
        try write(v, &body)
        let n = UInt32(body.count + 8)
        return [0, 1, 0, 0] + withUnsafeBytes(of: n.bigEndian) { Array($0) } + body
    }

    static func put<T: FixedWidthInteger>(_ v: T, _ out: inout [UInt8]) {
        withUnsafeBytes(of: v.bigEndian) { out += $0 }
    }

    static func scalar(_ s: QScalar, _ out: inout [UInt8]) {
        switch s {
        case .b(let b): out.append(b ? 1 : 0)
        case .g(let g): out += g.bytes
        case .x(let x): out.append(x)
        case .h(let h): put(h, &out)
        case .i(let i): put(i, &out)
        case .j(let j): put(j, &out)
        case .e(let e): put(e.bitPattern, &out)
        case .f(let f): put(f.bitPattern, &out)
        case .s(let s): out += Array(s.utf8) + [0]
        }
    }

    static func write(_ v: QValue, _ out: inout [UInt8]) throws {
        switch v {
        case .atom(let t, let s):
            out.append(UInt8(bitPattern: -t.rawValue))
            scalar(s, &out)
        case .vector(let vec):
            out += [UInt8(vec.type.rawValue), vec.attribute.rawValue]
            put(Int32(vec.count), &out)
            for i in 0..<vec.count { scalar(vec.storage[i], &out) }
        case .list(let items):
            out += [0, 0]
            put(Int32(items.count), &out)
            for item in items { try write(item, &out) }
        case .dict(let d):
            out.append(d.sorted ? 127 : 99)
            try write(d.keys, &out)
            try write(d.values, &out)
        case .table(let t):
            out += [98, 0, 99]
            try write(.symbols(t.names), &out)
            try write(.list(t.columns), &out)
        case .function:
            throw QWireError(.unsupported, "test writer: data only")
        }
    }
}
