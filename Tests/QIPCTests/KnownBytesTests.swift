import XCTest
@testable import QCore
@testable import QIPC

/// Exact bytes `-8!` prints in the kdb+ documentation (kb/serialization.md and
/// basics/internal.md): our async messages must match them, and decode back.
final class KnownBytesTests: XCTestCase {
    func assertBytes(_ v: QValue, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let got = try QWire.encodeMessage(v, type: .async)
            XCTAssertEqual(hex(got), expected, file: file, line: line)
            let (kind, back) = try QWire.decodeMessage(bytes(expected))
            XCTAssertEqual(kind, .async, file: file, line: line)
            XCTAssertTrue(wireMatch(v, back), "decoded \(back)", file: file, line: line)
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
    }

    func testIntAtom() {
        assertBytes(.int(1), "0x010000000d000000fa01000000")
    }

    func testIntVector() {
        assertBytes(.ints([1]), "0x010000001200000006000100000001000000")
    }

    func testIntVectorOfThree() {
        // internal.md's `-8!1 2 3` dates from when 1 2 3 was an int vector (type 6).
        assertBytes(.ints([1, 2, 3]), "0x010000001a000000060003000000010000000200000003000000")
    }

    func testByteVector() {
        assertBytes(vec(.byte, .x([0, 1, 2, 3, 4])), "0x01000000130000000400050000000001020304")
    }

    func testGeneralList() {
        assertBytes(.list([vec(.byte, .x([0, 1, 2, 3, 4]))]), "0x01000000190000000000010000000400050000000001020304")
    }

    func testDictionary() {
        assertBytes(.dict(QDict(keys: .symbols(["a", "b"]), values: .ints([2, 3]))),
                    "0x0100000021000000630b0002000000610062000600020000000200000003000000")
    }

    func testSortedDictionary() {
        let keys = vec(.symbol, .s(["a", "b"]), .sorted)
        assertBytes(.dict(QDict(keys: keys, values: .ints([2, 3]), sorted: true)),
                    "0x01000000210000007f0b0102000000610062000600020000000200000003000000")
    }

    func testDictionaryOfLists() {
        assertBytes(.dict(QDict(keys: .symbols(["a", "b"]), values: .list([.ints([2]), .ints([3])]))),
                    "0x010000002d000000630b0002000000610062000000020000000600010000000200000006000100000003000000")
    }

    func testTable() {
        assertBytes(table(["a", "b"], [.ints([2]), .ints([3])]),
                    "0x010000002f0000006200630b0002000000610062000000020000000600010000000200000006000100000003000000")
    }

    func testSortedTableDecodes() throws {
        // `s#` on a table travels as the table's attribute byte plus `p#` on its first
        // column; the value model keeps the column attribute only.
        let (_, v) = try QWire.decodeMessage(bytes("0x010000002f0000006201630b0002000000610062000000020000000603010000000200000006000100000003000000"))
        XCTAssertTrue(wireMatch(v, table(["a", "b"], [vec(.int, .i([2]), .parted), .ints([3])])))
    }

    func testKeyedTable() {
        let kt = QDict(keys: table(["a"], [.ints([2])]), values: table(["b"], [.ints([3])]))
        assertBytes(.dict(kt),
                    "0x010000003f000000636200630b00010000006100000001000000060001000000020000006200630b0001000000620000000100000006000100000003000000")
    }

    func testSortedKeyedTable() {
        let kt = QDict(keys: table(["a"], [.ints([2])]), values: table(["b"], [.ints([3])]), sorted: true)
        assertBytes(.dict(kt),
                    "0x010000003f0000007f6201630b00010000006100000001000000060001000000020000006200630b0001000000620000000100000006000100000003000000")
    }

    func testLambda() {
        assertBytes(lambda("{x+y}"), "0x010000001500000064000a00050000007b782b797d")
    }

    func testLambdaInNamespace() throws {
        assertBytes(lambda("{x+y}", namespace: ".d"), "0x01000000160000006464000a00050000007b782b797d")
        let (_, v) = try QWire.decodeMessage(bytes("0x01000000160000006464000a00050000007b782b797d"))
        guard case .function(.lambda(let l)) = v else { return XCTFail("not a lambda") }
        XCTAssertEqual(l.namespace, ".d")
        XCTAssertEqual(l.parameters, ["x", "y"])
        XCTAssertNil(l.body)
    }

    func testIdentityIsUnaryCodeZero() throws {
        XCTAssertEqual(hex(try QWire.serialize(.identity)), "0x6500")
        XCTAssertTrue(try QWire.deserialize([0x65, 0x00]).isIdentity)
    }

    func testCompressedSizeMatchesKdb() throws {
        // internal.md: count -8!til 1000 is 8014, count -18!til 1000 is 3276.
        let til = QValue.longs((0..<1000).map(Int64.init))
        XCTAssertEqual(try QWire.encodeMessage(til, type: .async).count, 8014)
        let packed = try QWire.encodeMessage(til, type: .async, compress: true)
        XCTAssertEqual(packed.count, 3276)
        XCTAssertEqual(Array(packed[0..<4]), [1, 0, 1, 0])
        let (_, back) = try QWire.decodeMessage(packed)
        XCTAssertTrue(wireMatch(til, back))
    }

    func testSizeIsMinus22() throws {
        // -22! is count -8!: payload plus the 8-byte header.
        let v = QValue.longs(Array(0..<100_000))
        XCTAssertEqual(try QWire.serializedSize(v) + 8, 800_014)
    }
}
