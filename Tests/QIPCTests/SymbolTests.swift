import XCTest
@testable import QCore
@testable import QIPC

/// Symbols take a fast path for short ASCII strings; every length, alphabet and position in
/// the buffer must come out the same as the slow path.
final class SymbolTests: XCTestCase {
    func testLayoutSelfTestPasses() {
        // Not required for correctness, but the performance targets assume it on this platform.
        XCTAssertTrue(SmallStrings.usable)
    }

    func testEveryLength() throws {
        for n in 0...40 {
            let ascii = String(repeating: "k", count: n)
            let wide = String(repeating: "é", count: n / 2)
            let mixed = String(repeating: "a", count: n) + "ü"
            let v = QValue.symbols([ascii, wide, mixed, ascii, ""])
            let payload = try QWire.serialize(v)
            var expected: [UInt8] = [11, 0, 5, 0, 0, 0]
            for s in [ascii, wide, mixed, ascii, ""] { expected += Array(s.utf8) + [0] }
            XCTAssertEqual(payload, expected, "length \(n)")
            XCTAssertTrue(wireMatch(try QWire.deserialize(payload), v), "length \(n)")
            // Each symbol alone as an atom, so it also sits at the very end of the buffer.
            for s in [ascii, wide, mixed] { assertRoundTrip(.symbol(s)) }
        }
    }

    func testDecodedSymbolsBehaveLikeStrings() throws {
        let names = ["ibm", "msft", "abcdefghijklmno", "abcdefghijklmnop", "", "x"]
        guard case .vector(let vec) = try QWire.deserialize(try QWire.serialize(.symbols(names + names))),
              case .s(let back) = vec.storage else { return XCTFail() }
        XCTAssertEqual(back, names + names)
        XCTAssertEqual(Set(back), Set(names))
        XCTAssertEqual(back.map(\.utf8.count), (names + names).map(\.utf8.count))
        XCTAssertEqual(back[0] + back[1], "ibmmsft")
        XCTAssertEqual(back.map { $0.hashValue }, (names + names).map { $0.hashValue })
    }

    func testSymbolsInTablesAndDictionaries() {
        let t = table(["sym", "note"], [.symbols(["a", "bb", "ccc"]), .list([.string("x"), .string(""), .string("zz")])])
        assertRoundTrip(t)
        assertRoundTrip(.dict(QDict(keys: .symbols(["a", "b", "c"]), values: t)))
        assertRoundTrip(.dict(QDict(keys: .symbols(["averylongsymbolnamehere", "b"]), values: .longs([1, 2]))))
    }

    func testInvalidUTF8IsRepairedNotTrusted() throws {
        // A symbol with a lone continuation byte: decoded through the checked path.
        let v = try QWire.deserialize([0xf5, 0x61, 0x80, 0x62, 0] + [UInt8](repeating: 0, count: 0))
        guard case .atom(.symbol, .s(let s)) = v else { return XCTFail() }
        XCTAssertEqual(s, "a\u{FFFD}b")
        let vecBytes: [UInt8] = [11, 0, 2, 0, 0, 0, 0xff, 0xfe, 0, 0x61, 0] + [UInt8](repeating: 0x41, count: 0)
        guard case .vector(let w) = try QWire.deserialize(vecBytes), case .s(let ss) = w.storage else { return XCTFail() }
        XCTAssertEqual(ss, ["\u{FFFD}\u{FFFD}", "a"])
    }

    /// The vector decoder scans 64-byte chunks for NULs: symbols of every length at every
    /// offset from a chunk boundary, long ones (through the intern cache) repeated, and
    /// vectors ending at, before and after the last whole chunk.
    func testVectorsAcrossChunkBoundaries() throws {
        var rng = ValueGenerator(seed: 7)
        let pool = (0...80).map { n in String((0..<n).map { k in Character(UnicodeScalar(UInt8(97 + (n + k) % 26))) }) }
            + ["é", "naïve", String(repeating: "ü", count: 9), String(repeating: "ß", count: 30)]
        for count in [1, 2, 15, 16, 17, 31, 63, 64, 65, 200] {
            for _ in 0..<20 {
                let names = (0..<count).map { _ in pool[rng.int(0...(pool.count - 1))] }
                let v = QValue.symbols(names)
                let payload = try QWire.serialize(v)
                guard case .vector(let back) = try QWire.deserialize(payload), case .s(let got) = back.storage else {
                    return XCTFail("not a symbol vector")
                }
                XCTAssertEqual(got, names)
                XCTAssertEqual(got.map { $0.hashValue }, names.map { $0.hashValue })
                // The vector inside a list, so it is not at the end of the input.
                assertRoundTrip(.list([v, .long(1)]))
            }
        }
    }

    func testRepeatedLongSymbolsShareOneValue() throws {
        let long = "a_symbol_too_long_to_be_small"
        let other = "another_symbol_too_long_to_be_small"
        let names = (0..<100).map { $0 % 3 == 0 ? other : long }
        guard case .vector(let back) = try QWire.deserialize(try QWire.serialize(.symbols(names))),
              case .s(let got) = back.storage else { return XCTFail() }
        XCTAssertEqual(got, names)
    }

    func testTruncatedSymbolVectorsFail() throws {
        let payload = try QWire.serialize(.symbols((0..<40).map { "sym\($0)" }))
        for cut in stride(from: 6, to: payload.count, by: 1) {
            XCTAssertThrowsError(try QWire.deserialize(Array(payload[..<cut])), "cut at \(cut)")
        }
        // A last symbol missing its NUL, however long the input before it.
        var noNUL = payload
        noNUL.removeLast()
        noNUL += [UInt8](repeating: 0x41, count: 100)
        XCTAssertThrowsError(try QWire.deserialize(noNUL))
    }
}
