import QCore

// The `.j` namespace: JSON text from q values (`.j.j`, `.j.jd`) and q values from JSON
// text (`.j.k`).

enum DotJ {
    /// Registers `.j.j`, `.j.jd`, `.j.k`.
    static func register(_ r: inout Registry) {
        Library.fn(&r, ".j.j", 1) { a, s in chars(try json(a[0], s)) }
        Library.fn(&r, ".j.jd", 1) { a, s in
            guard case .list(let l) = a[0], l.count == 2 else { throw QError.type }
            return chars(try json(l[0], s, infinityAsNull: option(l[1], "null0w")))
        }
        Library.fn(&r, ".j.k", 1) { a, _ in
            var p = JSONParser(try Library.bytes(a[0]))
            return try p.document()
        }
    }

    /// A boolean option from a dictionary (or the one-row keyed table `([null0w:1b])`
    /// reads as while dictionary literals are parsed that way); false when absent.
    static func option(_ d: QValue, _ name: String) -> Bool {
        guard case .dict(let dict) = d else { return false }
        if case .table(let k) = dict.keys, let c = k.names.firstIndex(of: name), k.count > 0,
           case .atom(.boolean, .b(let b)) = k.columns[c].element(0) {
            return b
        }
        if case .vector(let kv) = dict.keys, case .s(let names) = kv.storage, let k = names.firstIndex(of: name),
           case .atom(.boolean, .b(let b)) = dict.values.element(k) {
            return b
        }
        return false
    }

    // MARK: serialize

    /// The JSON text of a q value.
    static func json(_ v: QValue, _ s: Interpreter, infinityAsNull: Bool = false) throws -> [UInt8] {
        var w = JSONWriter(options: s.display, infinityAsNull: infinityAsNull)
        try w.value(v)
        return w.out
    }

    struct JSONWriter {
        let options: QDisplayOptions
        let infinityAsNull: Bool
        var out: [UInt8] = []

        /// A writer using the display precision for floats.
        init(options: QDisplayOptions, infinityAsNull: Bool) {
            self.options = options
            self.infinityAsNull = infinityAsNull
        }

        /// Appends any value: strings and symbols as JSON strings, lists as arrays, dictionaries as objects, tables as arrays of objects.
        mutating func value(_ v: QValue) throws {
            switch v {
            case .atom(let t, let sc): atom(t, sc)
            case .vector(let vec):
                if vec.type == .char, case .x(let b) = vec.storage { string(b); return }
                out.append(91)
                for k in 0..<vec.count {
                    if k > 0 { out.append(44) }
                    atom(vec.type, vec.storage[k])
                }
                out.append(93)
            case .list(let l):
                out.append(91)
                for (k, item) in l.enumerated() {
                    if k > 0 { out.append(44) }
                    try value(item)
                }
                out.append(93)
            case .dict(let d):
                if case .table = d.keys { try value(.table(try DotQ.unkeyed(v))); return }
                out.append(123)
                let vals = d.values
                for (k, key) in d.keys.elements.enumerated() {
                    if k > 0 { out.append(44) }
                    switch key {
                    case .atom(.symbol, .s(let n)): string(Array(n.utf8))
                    case .vector(let kv) where kv.type == .char: try value(key)
                    case .atom(let t, let sc): string(FileText.isoText(t, sc, options))
                    default: throw QError.type
                    }
                    out.append(58)
                    try value(vals.element(k))
                }
                out.append(125)
            case .table(let t):
                out.append(91)
                for r in 0..<t.count {
                    if r > 0 { out += [44, 10, 32] }
                    out.append(123)
                    for (k, n) in t.names.enumerated() {
                        if k > 0 { out.append(44) }
                        string(Array(n.utf8))
                        out.append(58)
                        try value(t.columns[k].element(r))
                    }
                    out.append(125)
                }
                out.append(93)
            case .function:
                if v.isIdentity { out += Array("null".utf8); return }
                string(Array(QFormat.k(v, options).utf8))
            }
        }

        /// Appends an atom: numbers bare, booleans as true/false, nulls as null, temporals as ISO strings.
        mutating func atom(_ t: QType, _ sc: QScalar) {
            switch t {
            case .boolean:
                if case .b(let b) = sc { out += Array((b ? "true" : "false").utf8) }
            case .char:
                if case .x(let c) = sc { string([c]) }
            case .symbol:
                if case .s(let n) = sc { string(Array(n.utf8)) }
            case .short, .int, .long, .real, .float:
                if sc.isNull(as: t) { out += Array("null".utf8); return }
                if case .f(let f) = sc, f.isInfinite { infinity(f < 0); return }
                if case .e(let f) = sc, f.isInfinite { infinity(f < 0); return }
                if !t.isFloating {
                    // Plain digits, so integer infinities are numbers too (0W is not JSON).
                    out += Array(String(scalarInt(sc)).utf8)
                    return
                }
                out += Strings.atomText(t, sc, options)
            case .byte, .guid:
                string(Strings.atomText(t, sc, options))
            default:
                if sc.isNull(as: t) { out += Array("null".utf8); return }
                string(FileText.isoText(t, sc, options))
            }
        }

        /// Appends a float infinity as `inf`/`-inf`, or `null` when asked.
        mutating func infinity(_ negative: Bool) {
            if infinityAsNull { out += Array("null".utf8); return }
            out += Array((negative ? "-inf" : "inf").utf8)
        }

        /// A JSON string literal with the characters JSON requires escaped.
        mutating func string(_ b: [UInt8]) {
            let hex = Array("0123456789abcdef".utf8)
            out.append(34)
            for c in b {
                switch c {
                case 34: out += [92, 34]
                case 92: out += [92, 92]
                case 10: out += [92, 110]
                case 13: out += [92, 114]
                case 9: out += [92, 116]
                case 8: out += [92, 98]
                case 12: out += [92, 102]
                case 0..<32: out += [92, 117, 48, 48, hex[Int(c >> 4)], hex[Int(c & 15)]]
                default: out.append(c)
                }
            }
            out.append(34)
        }
    }
}

/// A JSON reader producing q values: numbers are floats, strings char vectors, objects
/// dictionaries with symbol keys, arrays of like atoms vectors, and arrays of objects
/// with the same keys tables.
struct JSONParser {
    let b: [UInt8]
    var k = 0
    /// Open arrays and objects: deeper input is refused rather than overflow the stack.
    var depth = 0
    static let maxDepth = 1000

    /// A reader over JSON text.
    init(_ bytes: [UInt8]) { b = bytes }

    mutating func document() throws -> QValue {
        let v = try value()
        skipBlanks()
        guard k == b.count else { throw QError("illegal") }
        return v
    }

    /// Skips JSON white space.
    mutating func skipBlanks() {
        while k < b.count, b[k] == 32 || b[k] == 9 || b[k] == 10 || b[k] == 13 { k += 1 }
    }

    /// Reads one value.
    mutating func value() throws -> QValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= JSONParser.maxDepth else { throw QError.limit }
        skipBlanks()
        guard k < b.count else { throw QError("illegal") }
        switch b[k] {
        case 123: return try object()
        case 91: return try array()
        case 34: return chars(try string())
        case 116: try word("true"); return .bool(true)
        case 102: try word("false"); return .bool(false)
        case 110: try word("null"); return .float(.nan)
        default: return .float(try number())
        }
    }

    /// Reads a literal word (`true`, `false`, `null`).
    mutating func word(_ w: String) throws {
        let u = Array(w.utf8)
        guard k + u.count <= b.count, Array(b[k..<k + u.count]) == u else { throw QError("illegal") }
        k += u.count
    }

    /// Reads a number, always as a float.
    mutating func number() throws -> Double {
        let start = k
        while k < b.count, (b[k] >= 48 && b[k] <= 57) || b[k] == 45 || b[k] == 43 || b[k] == 46 || b[k] == 101 || b[k] == 69 {
            k += 1
        }
        guard k > start, case .atom(.float, .f(let f)) = QLiteral.tok(.float, Array(b[start..<k])), !f.isNaN else {
            throw QError("illegal")
        }
        return f
    }

    /// Reads a string literal, undoing escapes (`\uXXXX` as UTF-8).
    mutating func string() throws -> [UInt8] {
        k += 1
        var out: [UInt8] = []
        while k < b.count {
            let c = b[k]
            k += 1
            if c == 34 { return out }
            guard c == 92 else { out.append(c); continue }
            guard k < b.count else { break }
            let e = b[k]
            k += 1
            switch e {
            case 110: out.append(10)
            case 116: out.append(9)
            case 114: out.append(13)
            case 98: out.append(8)
            case 102: out.append(12)
            case 117:
                guard k + 4 <= b.count, let u = UInt32(String(decoding: b[k..<k + 4], as: UTF8.self), radix: 16) else {
                    throw QError("illegal")
                }
                k += 4
                out += Array(String(Character(Unicode.Scalar(u) ?? "?")).utf8)
            default: out.append(e)
            }
        }
        throw QError("illegal")
    }

    /// Reads an array.
    mutating func array() throws -> QValue {
        k += 1
        var items: [QValue] = []
        skipBlanks()
        if k < b.count, b[k] == 93 { k += 1; return .emptyList }
        while true {
            items.append(try value())
            skipBlanks()
            guard k < b.count else { throw QError("illegal") }
            if b[k] == 44 { k += 1; continue }
            guard b[k] == 93 else { throw QError("illegal") }
            k += 1
            break
        }
        return JSONParser.collect(items)
    }

    /// Reads an object as a dictionary with symbol keys.
    mutating func object() throws -> QValue {
        k += 1
        var keys: [String] = [], vals: [QValue] = []
        skipBlanks()
        if k < b.count, b[k] == 125 { k += 1; return .dict(QDict(keys: .symbols([]), values: .emptyList)) }
        while true {
            skipBlanks()
            guard k < b.count, b[k] == 34 else { throw QError("illegal") }
            keys.append(String(decoding: try string(), as: UTF8.self))
            skipBlanks()
            guard k < b.count, b[k] == 58 else { throw QError("illegal") }
            k += 1
            vals.append(try value())
            skipBlanks()
            guard k < b.count else { throw QError("illegal") }
            if b[k] == 44 { k += 1; continue }
            guard b[k] == 125 else { throw QError("illegal") }
            k += 1
            break
        }
        return .dict(QDict(keys: .symbols(keys), values: QValue.collapse(vals)))
    }

    /// Array items as q keeps them: like atoms collapse to a vector, objects with the
    /// same keys make a table.
    static func collect(_ items: [QValue]) -> QValue {
        if case .dict(let d0)? = items.first, case .vector(let kv) = d0.keys, case .s(let names) = kv.storage {
            var columns = [[QValue]](repeating: [], count: names.count)
            for item in items {
                guard case .dict(let d) = item, case .vector(let v) = d.keys, case .s(let n) = v.storage, n == names else {
                    return .list(items)
                }
                for c in 0..<names.count { columns[c].append(d.values.element(c)) }
            }
            return .table(QTable(names: names, columns: columns.map { QValue.collapse($0) }))
        }
        return QValue.collapse(items)
    }
}
