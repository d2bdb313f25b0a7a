import XCTest
@testable import QCore
@testable import QIPC

/// deserialize(serialize(v)) gives back v exactly, for every type and shape.
final class RoundTripTests: XCTestCase {
    let basic = QType.allCases.filter { $0 != .mixed }

    func sample(_ t: QType) -> [QScalar] {
        var out = [t.nullScalar]
        if let inf = t.infinityScalar { out.append(inf) }
        switch t.storageKind {
        case .b: out += [.b(true), .b(false)]
        case .g: out += [.g(QGUID(string: "8c680a01-5a49-5aab-5a65-d4bfddb6a661")!)]
        case .x: out += [.x(0), .x(255), .x(UInt8(ascii: "q"))]
        case .h: out += [.h(-Int16.max), .h(0), .h(12345)]
        case .i: out += [.i(-Int32.max), .i(7), .i(-1)]
        case .j: out += [.j(-Int64.max), .j(42), .j(1 << 40)]
        case .e: out += [.e(-.infinity), .e(1.5), .e(-0.0), .e(Float(bitPattern: 0x7FC0_1234))]
        case .f: out += [.f(-.infinity), .f(3.25), .f(-0.0), .f(Double(bitPattern: 0x7FF8_0000_DEAD_BEEF))]
        case .s, .mixed: out += [.s("a"), .s("hello world"), .s("ünï"), .s(String(repeating: "z", count: 300))]
        }
        return out
    }

    func testAtomsOfEveryType() {
        for t in basic {
            for s in sample(t) { assertRoundTrip(.atom(t, s)) }
        }
    }

    func testVectorsOfEveryType() {
        for t in basic {
            let atoms = sample(t).map { QValue.atom(t, $0) }
            assertRoundTrip(.vector(QVector(t, QStorage.gather(kind: t.storageKind, atoms))))
            assertRoundTrip(.vector(QVector(t, .empty(t.storageKind))))
            assertRoundTrip(.vector(QVector(t, QStorage.gather(kind: t.storageKind, [atoms[0]]))))
        }
    }

    func testAttributes() {
        for a in [QAttribute.none, .sorted, .unique, .parted, .grouped] {
            assertRoundTrip(vec(.long, .j([1, 2, 3]), a))
            assertRoundTrip(vec(.symbol, .s(["a", "b"]), a))
        }
    }

    func testNullsAndInfinitiesKeepTheirBits() throws {
        let v = QValue.floats([.nan, .infinity, -.infinity, -0.0, Double(bitPattern: 0xFFF8_0000_0000_0001)])
        let back = try QWire.deserialize(try QWire.serialize(v))
        guard case .vector(let w) = back, case .f(let xs) = w.storage else { return XCTFail() }
        XCTAssertEqual(xs.map(\.bitPattern), [Double.nan.bitPattern, Double.infinity.bitPattern,
                                              (-Double.infinity).bitPattern, (-0.0).bitPattern, 0xFFF8_0000_0000_0001])
        assertRoundTrip(vec(.timestamp, .j([Int64.min, Int64.max, -Int64.max])))
        assertRoundTrip(vec(.date, .i([Int32.min, Int32.max, -Int32.max])))
        assertRoundTrip(vec(.char, .x([32, 0, 65])))
    }

    func testGeneralLists() {
        assertRoundTrip(.emptyList)
        assertRoundTrip(.list([.long(1), .symbol("a"), .string("abc")]))
        assertRoundTrip(.list([.list([.list([.emptyList])]), .list([.int(1)])]))
        assertRoundTrip(.list([.string(""), .string("x"), .identity]))
    }

    func testDictionaries() {
        assertRoundTrip(.dict(QDict(keys: .symbols([]), values: .emptyList)))
        assertRoundTrip(.dict(QDict(keys: .longs([1, 2]), values: .list([.symbol("a"), .floats([1])]))))
        assertRoundTrip(.dict(QDict(keys: vec(.symbol, .s(["a", "b"]), .sorted), values: .ints([1, 2]), sorted: true)))
        assertRoundTrip(.dict(QDict(keys: .list([.long(1), .string("k")]), values: .list([.identity, .emptyList]))))
    }

    func testTables() {
        assertRoundTrip(table(["a"], [.longs([])]))
        assertRoundTrip(table(["time", "sym", "price", "size"], [
            vec(.timestamp, .j([1, 2])), .symbols(["ibm", "msft"]), .floats([1.5, .nan]), .longs([100, Int64.min]),
        ]))
        assertRoundTrip(table(["s"], [.list([.string("ab"), .string("")])]))
    }

    func testKeyedTables() {
        let k = table(["id"], [vec(.long, .j([1, 2]), .unique)])
        let v = table(["px", "tag"], [.floats([1, 2]), .symbols(["x", "y"])])
        assertRoundTrip(.dict(QDict(keys: k, values: v)))
        assertRoundTrip(.dict(QDict(keys: k, values: v, sorted: true)))
    }

    func testLambdas() {
        assertRoundTrip(lambda("{x+y}"))
        assertRoundTrip(lambda("{[a;b;c] a+b*c}", namespace: ".my.ns"))
        assertRoundTrip(lambda("{\"ünï\",x}"))
    }

    func testLambdaParameterScan() {
        XCTAssertEqual(QWire.lambdaParameters("{x+y}"), ["x", "y"])
        XCTAssertEqual(QWire.lambdaParameters("{z}"), ["x", "y", "z"])
        XCTAssertEqual(QWire.lambdaParameters("{1}"), ["x"])
        XCTAssertEqual(QWire.lambdaParameters("{[a; b] a}"), ["a", "b"])
        XCTAssertEqual(QWire.lambdaParameters("{[] 1}"), [])
        XCTAssertEqual(QWire.lambdaParameters("{x,\"y z\",`y`z}"), ["x"])
        XCTAssertEqual(QWire.lambdaParameters("{x+{y+z}[1;2]}"), ["x"])
        XCTAssertEqual(QWire.lambdaParameters("{a.y+x1+0x1f} / y z"), ["x"])
        XCTAssertEqual(QWire.lambdaParameters("{x /y\n + y}"), ["x", "y"])
    }

    func testPrimitivesAndIterators() {
        assertRoundTrip(.identity)
        for name in ["+", "-", ",", "#", "@", ".", "in", "within", "like", "ss", "cor"] { assertRoundTrip(prim(name, 102)) }
        for name in ["flip", "neg", "first", "count", "type", "value", "sum", "avg", "enlist", "var"] { assertRoundTrip(prim(name, 101)) }
        for it in [QIterator.each, .over, .scan, .prior, .eachRight, .eachLeft] {
            assertRoundTrip(.function(.iterator(it)))
            assertRoundTrip(.function(.derived(it, prim("+", 102))))
        }
    }

    func testPrimitiveCodes() throws {
        XCTAssertEqual(hex(try QWire.serialize(prim("+", 102))), "0x6601")
        XCTAssertEqual(hex(try QWire.serialize(prim("neg", 101))), "0x6502")
        XCTAssertEqual(QWire.primitiveCode(name: "-:", typeNumber: 101), 2)
        XCTAssertEqual(QWire.primitiveName(code: 23, typeNumber: 102), "in")
        XCTAssertEqual(hex(try QWire.serialize(.function(.derived(.over, prim("+", 102))))), "0x6b6601")
        XCTAssertEqual(hex(try QWire.serialize(.function(.iterator(.eachLeft)))), "0x6705")
    }

    func testDecodedPrimitivesGoThroughTheResolver() throws {
        var options = QWireOptions()
        options.resolvePrimitive = { name, type in name == "+" ? QPrimitive(id: 7, name: "+", typeNumber: type) : nil }
        guard case .function(.primitive(let p)) = try QWire.deserialize([0x66, 0x01], options: options) else { return XCTFail() }
        XCTAssertEqual(p.id, 7)
        XCTAssertThrowsError(try QWire.deserialize([0x66, 0x02], options: options)) {
            XCTAssertEqual(($0 as? QWireError)?.kind, .unknownPrimitive)
        }
        guard case .function(.primitive(let u)) = try QWire.deserialize([0x65, 0x02]) else { return XCTFail() }
        XCTAssertEqual(u.id, QWire.unresolvedPrimitiveID)
        XCTAssertEqual(u.name, "neg")
    }

    func testUnmappedPrimitiveThrows() {
        let p = QValue.function(.primitive(QPrimitive(id: 99, name: "nosuchword", typeNumber: 101)))
        XCTAssertThrowsError(try QWire.serialize(p)) { XCTAssertEqual(($0 as? QWireError)?.kind, .unknownPrimitive) }
    }

    func testProjectionsCompositionsDerived() throws {
        let proj = QValue.function(.projection(prim("+", 102), [nil, .long(2)]))
        assertRoundTrip(proj)
        // count 3 (function and two arguments), then +, the elided marker, then 2.
        XCTAssertEqual(hex(try QWire.serialize(proj)), "0x6803000000660165fff90200000000000000")
        assertRoundTrip(.function(.projection(lambda("{x+y+z}"), [.long(1), nil, nil])))
        assertRoundTrip(.function(.projection(lambda("{x+y}"), [.identity])))
        assertRoundTrip(.function(.composition([prim("neg", 101), prim("+", 102)])))
        assertRoundTrip(.function(.derived(.each, .function(.derived(.over, lambda("{x,y}"))))))
        assertRoundTrip(.list([proj, .function(.composition([lambda("{1}"), proj]))]))
    }

    func testNativeFunctionsDoNotSerialize() {
        let f = QValue.function(.native(QNativeFunction(name: "f", rank: 1) { $0[0] }))
        XCTAssertThrowsError(try QWire.serialize(.list([f]))) { XCTAssertEqual(($0 as? QWireError)?.kind, .unsupported) }
    }

    func testMismatchedStorageIsRejected() {
        XCTAssertThrowsError(try QWire.serialize(.atom(.long, .i(1)))) { XCTAssertEqual(($0 as? QWireError)?.kind, .malformed) }
        XCTAssertThrowsError(try QWire.serialize(vec(.date, .j([1])))) { XCTAssertEqual(($0 as? QWireError)?.kind, .malformed) }
    }

    func testRandomValues() {
        var g = ValueGenerator(seed: 42)
        for _ in 0..<300 { assertRoundTrip(g.value(depth: 0)) }
    }
}
