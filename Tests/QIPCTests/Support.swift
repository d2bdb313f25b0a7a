import XCTest
@testable import QCore
@testable import QIPC

// MARK: - Structural comparison

/// Exact structural equality for wire tests: same types, attributes and shapes, floats
/// compared by bit pattern (so nulls and infinities must survive exactly), functions by
/// their wire-visible parts.
func wireMatch(_ a: QValue, _ b: QValue) -> Bool {
    switch (a, b) {
    case (.atom(let t, let s), .atom(let u, let r)):
        return t == u && scalarMatch(s, r)
    case (.vector(let v), .vector(let w)):
        return v.type == w.type && v.attribute == w.attribute && storageMatch(v.storage, w.storage)
    case (.list(let x), .list(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { wireMatch($0, $1) }
    case (.dict(let d), .dict(let e)):
        return d.sorted == e.sorted && wireMatch(d.keys, e.keys) && wireMatch(d.values, e.values)
    case (.table(let t), .table(let u)):
        return t.names == u.names && t.columns.count == u.columns.count
            && zip(t.columns, u.columns).allSatisfy { wireMatch($0, $1) }
    case (.function(let f), .function(let g)):
        return functionMatch(f, g)
    default:
        return false
    }
}

func scalarMatch(_ a: QScalar, _ b: QScalar) -> Bool {
    switch (a, b) {
    case (.e(let x), .e(let y)): return x.bitPattern == y.bitPattern
    case (.f(let x), .f(let y)): return x.bitPattern == y.bitPattern
    default: return a == b
    }
}

func storageMatch(_ a: QStorage, _ b: QStorage) -> Bool {
    switch (a, b) {
    case (.b(let x), .b(let y)): return x == y
    case (.g(let x), .g(let y)): return x == y
    case (.x(let x), .x(let y)): return x == y
    case (.h(let x), .h(let y)): return x == y
    case (.i(let x), .i(let y)): return x == y
    case (.j(let x), .j(let y)): return x == y
    case (.e(let x), .e(let y)): return x.map(\.bitPattern) == y.map(\.bitPattern)
    case (.f(let x), .f(let y)): return x.map(\.bitPattern) == y.map(\.bitPattern)
    case (.s(let x), .s(let y)): return x == y
    default: return false
    }
}

func functionMatch(_ f: QFunction, _ g: QFunction) -> Bool {
    switch (f, g) {
    case (.lambda(let l), .lambda(let m)):
        return l.source == m.source && l.namespace == m.namespace && l.parameters == m.parameters
    case (.primitive(let p), .primitive(let q)):
        return p.name == q.name && p.typeNumber == q.typeNumber
    case (.iterator(let i), .iterator(let j)):
        return i == j
    case (.projection(let h, let xs), .projection(let k, let ys)):
        guard wireMatch(h, k), xs.count == ys.count else { return false }
        return zip(xs, ys).allSatisfy { x, y in
            switch (x, y) {
            case (nil, nil): return true
            case (let x?, let y?): return wireMatch(x, y)
            default: return false
            }
        }
    case (.composition(let xs), .composition(let ys)):
        return xs.count == ys.count && zip(xs, ys).allSatisfy { wireMatch($0, $1) }
    case (.derived(let i, let h), .derived(let j, let k)):
        return i == j && wireMatch(h, k)
    default:
        return false
    }
}

// MARK: - Building values

/// A primitive as the interpreter would hand it over (ids here are arbitrary).
func prim(_ name: String, _ type: Int16) -> QValue {
    .function(.primitive(QPrimitive(id: 1000 + Int(QWire.primitiveCode(name: name, typeNumber: type) ?? 0),
                                    name: name, typeNumber: type)))
}

func lambda(_ source: String, namespace: String = "") -> QValue {
    .function(.lambda(QLambda(source: source, parameters: QWire.lambdaParameters(source), namespace: namespace, body: nil)))
}

func vec(_ t: QType, _ s: QStorage, _ a: QAttribute = .none) -> QValue { .vector(QVector(t, s, attribute: a)) }

func table(_ names: [String], _ columns: [QValue]) -> QValue { .table(QTable(names: names, columns: columns)) }

func bytes(_ hex: String) -> [UInt8] {
    let h = Array(hex.utf8.dropFirst(hex.hasPrefix("0x") ? 2 : 0))
    return stride(from: 0, to: h.count, by: 2).map { UInt8(String(decoding: h[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
}

func hex(_ b: [UInt8]) -> String {
    "0x" + b.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

/// Serializes, deserializes and checks the result matches exactly; also through a message.
func assertRoundTrip(_ v: QValue, file: StaticString = #filePath, line: UInt = #line) {
    do {
        let payload = try QWire.serialize(v)
        XCTAssertEqual(payload.count, try QWire.serializedSize(v), "size pass", file: file, line: line)
        let back = try QWire.deserialize(payload)
        XCTAssertTrue(wireMatch(v, back), "round trip of \(v) gave \(back)", file: file, line: line)
        let (kind, viaMessage) = try QWire.decodeMessage(try QWire.encodeMessage(v, type: .sync, compress: true))
        XCTAssertEqual(kind, .sync, file: file, line: line)
        XCTAssertTrue(wireMatch(v, viaMessage), "message round trip of \(v)", file: file, line: line)
    } catch {
        XCTFail("round trip of \(v) threw \(error)", file: file, line: line)
    }
}

// MARK: - Random values

/// SplitMix64: a small deterministic generator so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random values of every kind, with nulls and infinities mixed in.
struct ValueGenerator {
    var rng: SplitMix
    let basic: [QType] = QType.allCases.filter { $0 != .mixed }

    init(seed: UInt64) { rng = SplitMix(seed: seed) }

    mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    mutating func symbol() -> String {
        let pool = ["", "a", "ibm", "MSFT", "x_y.z", "日本", "über", "sym with space", String(repeating: "q", count: 40)]
        return pool[int(0...pool.count - 1)]
    }

    mutating func scalar(_ t: QType) -> QScalar {
        if chance(0.1) { return t.nullScalar }
        if chance(0.05), let inf = t.infinityScalar { return inf }
        switch t.storageKind {
        case .b: return .b(chance(0.5))
        case .g: return .g(QGUID(high: rng.next(), low: rng.next()))
        case .x: return .x(UInt8.random(in: 0...255, using: &rng))
        case .h: return .h(Int16.random(in: .min ... .max, using: &rng))
        case .i: return .i(Int32.random(in: .min ... .max, using: &rng))
        case .j: return .j(Int64.random(in: .min ... .max, using: &rng))
        case .e: return .e(chance(0.1) ? -.infinity : Float(bitPattern: UInt32.random(in: 0 ... .max, using: &rng)))
        case .f: return .f(chance(0.1) ? -.infinity : Double(bitPattern: rng.next()))
        case .s, .mixed: return .s(symbol())
        }
    }

    mutating func vector(_ t: QType, _ n: Int) -> QValue {
        let atoms = (0..<n).map { _ in QValue.atom(t, scalar(t)) }
        let attr: QAttribute = chance(0.2) ? QAttribute(rawValue: UInt8(int(1...4)))! : .none
        return .vector(QVector(t, QStorage.gather(kind: t.storageKind, atoms), attribute: attr))
    }

    mutating func value(depth: Int) -> QValue {
        let pick = depth > 3 ? int(0...1) : int(0...9)
        let t = basic[int(0...basic.count - 1)]
        switch pick {
        case 0: return .atom(t, scalar(t))
        case 1: return vector(t, int(0...12))
        case 2, 3: return .list((0..<int(0...5)).map { _ in value(depth: depth + 1) })
        case 4:
            let n = int(0...4)
            return .dict(QDict(keys: vector(.symbol, n), values: .list((0..<n).map { _ in value(depth: depth + 1) })))
        case 5, 6: return tableValue(rows: int(0...6))
        case 7:
            let k = tableValue(rows: 3), v = tableValue(rows: 3)
            return .dict(QDict(keys: k, values: v, sorted: chance(0.3)))
        default: return function(depth: depth)
        }
    }

    mutating func tableValue(rows: Int) -> QValue {
        let n = int(1...4)
        let names = (0..<n).map { "c\($0)" }
        let cols = (0..<n).map { _ -> QValue in
            chance(0.2) ? .list((0..<rows).map { _ in QValue.string("s\(int(0...99))") })
                : vector(basic[int(0...basic.count - 1)], rows)
        }
        return table(names, cols)
    }

    mutating func function(depth: Int) -> QValue {
        switch int(0...5) {
        case 0: return lambda(["{x+y}", "{[a;b] a*b}", "{z}", "{\"x\"}"][int(0...3)], namespace: chance(0.5) ? "" : ".ns")
        case 1: return prim(["+", "-", ",", "in", "like"][int(0...4)], 102)
        case 2: return prim(["neg", "count", "first", "sum", "enlist"][int(0...4)], 101)
        case 3: return .function(.projection(prim("+", 102), [nil, .long(2)]))
        case 4: return .function(.composition([prim("neg", 101), prim("+", 102)]))
        default: return .function(.derived(QIterator(rawValue: UInt8(int(0...5)))!, value(depth: depth + 1)))
        }
    }
}
