// Functions on the wire: lambdas (context symbol and source text), primitives and
// iterators (a type byte and a one-byte code), projections and compositions (a count, then
// the parts), derived functions (an iterator's type byte, then the value it applies to).
//
// kdb+ sends primitives as a type byte (101 unary, 102 operator, 103 iterator) and a
// one-byte code. Codes are positions in kdb+'s own tables: the glyphs `:+-*%&|^=<>$,#_~!?@.`
// and `0: 1: 2:` first (the unary table holds their unary forms), then keywords.
// The tables follow what open-source kdb+ clients record. The glyph entries are solid;
// the keyword entries past them, and 0xFF as the elided-argument marker, are not
// confirmed against kdb+ itself.
import QCore

enum PrimitiveCodes {
    /// The byte kdb+ writes (type 101) for an elided projection argument, `+[;2]`.
    static let elided: UInt8 = 0xFF

    /// Unary primitives (type 101) by code: the keyword, and the glyph form where one exists.
    static let unary: [(name: String, glyph: String?)] = [
        ("::", nil), ("flip", "+:"), ("neg", "-:"), ("first", "*:"), ("reciprocal", "%:"),
        ("where", "&:"), ("reverse", "|:"), ("null", "^:"), ("group", "=:"), ("iasc", "<:"),
        ("hclose", ">:"), ("string", "$:"), ("enlist", ",:"), ("count", "#:"), ("floor", "_:"),
        ("not", "~:"), ("key", "!:"), ("distinct", "?:"), ("type", "@:"), ("value", ".:"),
        ("read0", "0::"), ("read1", "1::"), ("2::", nil), ("avg", nil), ("last", nil),
        ("sum", nil), ("prd", nil), ("min", nil), ("max", nil), ("exit", nil),
        ("getenv", nil), ("abs", nil), ("sqrt", nil), ("log", nil), ("exp", nil),
        ("sin", nil), ("asin", nil), ("cos", nil), ("acos", nil), ("tan", nil),
        ("atan", nil), ("enlist", nil), ("var", nil),
    ]

    /// Operators (type 102) by code.
    static let binary: [String] = [
        ":", "+", "-", "*", "%", "&", "|", "^", "=", "<", ">", "$", ",", "#", "_", "~", "!", "?",
        "@", ".", "0:", "1:", "2:", "in", "within", "like", "bin", "ss", "insert", "wsum",
        "wavg", "div", "xexp", "setenv", "binr", "cov", "cor",
    ]

    /// Other names q gives the same primitive.
    static let unaryAliases: [String: UInt8] = ["get": 19, "inv": 16]
    static let binaryAliases: [String: UInt8] = ["and": 5, "or": 6]

    // Name -> code, built once. Later entries win, so `enlist` maps to 41 (kdb+ 4.x's
    // variadic enlist) while code 12 still decodes.
    static let unaryCodes: [String: UInt8] = {
        var m = unaryAliases
        for (i, e) in unary.enumerated() {
            m[e.name] = UInt8(i)
            if let g = e.glyph { m[g] = UInt8(i) }
        }
        return m
    }()

    static let binaryCodes: [String: UInt8] = {
        var m = binaryAliases
        for (i, n) in binary.enumerated() { m[n] = UInt8(i) }
        return m
    }()

    /// The code for a primitive, by its name and type number.
    static func code(for p: QPrimitive) throws -> UInt8 {
        if p.id == QPrimitive.identity.id && p.typeNumber == 101 { return 0 }
        if let c = code(name: p.name, typeNumber: p.typeNumber) { return c }
        throw QWireError(.unknownPrimitive, "primitive \(p.name) (type \(p.typeNumber)) has no kdb+ wire code")
    }

    static func code(name: String, typeNumber: Int16) -> UInt8? {
        switch typeNumber {
        case 101: return unaryCodes[name]
        case 102: return binaryCodes[name]
        default: return nil
        }
    }

    /// The q name for a code of type 101 or 102, nil when unknown.
    static func name(code: UInt8, typeNumber: Int16) -> String? {
        let i = Int(code)
        switch typeNumber {
        case 101: return i < unary.count ? unary[i].name : nil
        case 102: return i < binary.count ? binary[i] : nil
        default: return nil
        }
    }
}

extension QWire {
    /// The one-byte code kdb+ uses for a primitive, or nil when it has none.
    ///
    /// - Parameters:
    ///   - name: A keyword (`neg`), glyph (`+`) or unary glyph form (`-:`).
    ///   - typeNumber: 101 for unary primitives, 102 for operators.
    public static func primitiveCode(name: String, typeNumber: Int16) -> UInt8? {
        PrimitiveCodes.code(name: name, typeNumber: typeNumber)
    }

    /// The q name of a primitive code (type 101 or 102), or nil when the code is unknown.
    public static func primitiveName(code: UInt8, typeNumber: Int16) -> String? {
        PrimitiveCodes.name(code: code, typeNumber: typeNumber)
    }

    /// The parameter names of a lambda from its source text: the declared list of
    /// `{[a;b] …}`, else the implicit `x`, `y`, `z` up to the highest one the body uses as a
    /// word (ignoring strings, symbols, comments and nested lambdas); `x` when none is used.
    ///
    /// - Complexity: O(n) in the length of the source.
    public static func lambdaParameters(_ source: String) -> [String] {
        let s = Array(source.utf8)
        var i = 0
        while i < s.count && s[i] != UInt8(ascii: "{") { i += 1 }
        i += 1
        while i < s.count && (s[i] == 32 || s[i] == 9) { i += 1 }
        if i < s.count && s[i] == UInt8(ascii: "[") {
            guard let close = s[i...].firstIndex(of: UInt8(ascii: "]")) else { return ["x"] }
            let inside = String(decoding: s[(i + 1)..<close], as: UTF8.self)
            return inside.split(separator: ";", omittingEmptySubsequences: true)
                .map { $0.filter { !$0.isWhitespace } }
                .filter { !$0.isEmpty }
        }
        let used = implicitNames(s, from: i)
        return used.z ? ["x", "y", "z"] : used.y ? ["x", "y"] : ["x"]
    }

    /// Which of `x`, `y`, `z` occur as words in the outermost body starting at `i`.
    private static func implicitNames(_ s: [UInt8], from start: Int) -> (y: Bool, z: Bool) {
        var y = false, z = false
        var depth = 1
        var i = start
        func isNameByte(_ c: UInt8) -> Bool {
            (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 95 || c == 46
        }
        while i < s.count && depth > 0 {
            let c = s[i]
            switch c {
            case UInt8(ascii: "{"): depth += 1; i += 1
            case UInt8(ascii: "}"): depth -= 1; i += 1
            case UInt8(ascii: "\""):
                i += 1
                while i < s.count && s[i] != UInt8(ascii: "\"") { i += s[i] == UInt8(ascii: "\\") ? 2 : 1 }
                i += 1
            case UInt8(ascii: "`"):
                // A symbol: its name (and a file path's `:` and `/`) is not a use of x, y, z.
                i += 1
                while i < s.count && (isNameByte(s[i]) || s[i] == UInt8(ascii: ":") || s[i] == UInt8(ascii: "/")) { i += 1 }
            case UInt8(ascii: "/") where i > 0 && (s[i - 1] == 32 || s[i - 1] == 9 || s[i - 1] == 10):
                while i < s.count && s[i] != 10 { i += 1 }
            default:
                guard isNameByte(c) else { i += 1; continue }
                let begin = i
                while i < s.count && isNameByte(s[i]) { i += 1 }
                // Numbers (`0x1f`, `2000.01.01`) start with a digit; only whole words count.
                if depth == 1 && i - begin == 1 {
                    if c == UInt8(ascii: "y") { y = true }
                    if c == UInt8(ascii: "z") { z = true }
                }
            }
        }
        return (y, z)
    }
}

// MARK: - Size, write and read

extension SizeCounter {
    func functionSize(_ f: QFunction, _ depth: Int) throws -> Int {
        switch f {
        case .lambda(let l):
            return 1 + wireContext(l.namespace).utf8.count + 1 + 6 + l.source.utf8.count
        case .primitive(let p):
            _ = try PrimitiveCodes.code(for: p)
            return 2
        case .iterator:
            return 2
        case .projection(let g, let args):
            try checkCount(args.count + 1)
            var n = 5 + (try size(g, depth + 1))
            for a in args { n += try a.map { try size($0, depth + 1) } ?? 2 }
            return n
        case .composition(let parts):
            try checkCount(parts.count)
            var n = 5
            for p in parts { n += try size(p, depth + 1) }
            return n
        case .derived(_, let g):
            return 1 + (try size(g, depth + 1))
        case .native(let nf):
            throw QWireError(.unsupported, "native function \(nf.name) cannot be serialized")
        }
    }
}

/// The context symbol kdb+ writes for a lambda's namespace: `.d` travels as `d`.
func wireContext(_ namespace: String) -> Substring {
    namespace.hasPrefix(".") ? namespace.dropFirst() : Substring(namespace)
}

extension QWire {
    static func writeFunction(_ f: QFunction, _ w: inout WireWriter) throws {
        switch f {
        case .lambda(let l):
            w.u8(WireType.lambda)
            w.symbol(wireContext(l.namespace))
            w.u8(UInt8(QType.char.rawValue))
            w.u8(0)
            w.count(l.source.utf8.count)
            w.text(l.source)
        case .primitive(let p):
            w.u8(UInt8(p.typeNumber))
            w.u8(try PrimitiveCodes.code(for: p))
        case .iterator(let it):
            w.u8(WireType.iterator)
            w.u8(it.rawValue)
        case .projection(let g, let args):
            w.u8(WireType.projection)
            w.count(args.count + 1)
            try write(g, &w)
            for a in args {
                if let a = a {
                    try write(a, &w)
                } else {
                    w.u8(WireType.unary)
                    w.u8(PrimitiveCodes.elided)
                }
            }
        case .composition(let parts):
            w.u8(WireType.composition)
            w.count(parts.count)
            for p in parts { try write(p, &w) }
        case .derived(let it, let g):
            w.u8(WireType.derivedBase + it.rawValue)
            try write(g, &w)
        case .native(let nf):
            throw QWireError(.unsupported, "native function \(nf.name) cannot be serialized")
        }
    }
}

extension WireDecoder {
    mutating func function(_ typeByte: UInt8, _ depth: Int) throws -> QFunction {
        switch typeByte {
        case WireType.lambda:
            return .lambda(try lambda(depth))
        case WireType.unary, WireType.binary:
            let code = try r.u8()
            return try primitive(code, typeNumber: Int16(typeByte))
        case WireType.iterator:
            let code = try r.u8()
            guard let it = QIterator(rawValue: code) else {
                throw QWireError(.unknownPrimitive, "unknown iterator code \(code)", offset: r.pos - 1)
            }
            return .iterator(it)
        case WireType.projection:
            let n = try r.count(minWidth: 1)
            guard n >= 1 else { throw r.fail(.malformed, "projection without a function") }
            let g = try value(depth + 1)
            var args = [QValue?]()
            args.reserveCapacity(min(n, 1024))
            for _ in 1..<n {
                if r.peek() == WireType.unary && r.peek(1) == PrimitiveCodes.elided {
                    _ = try r.bytes(2)
                    args.append(nil)
                } else {
                    args.append(try value(depth + 1))
                }
            }
            return .projection(g, args)
        case WireType.composition:
            let n = try r.count(minWidth: 1)
            guard n >= 1 else { throw r.fail(.malformed, "empty composition") }
            var parts = [QValue]()
            parts.reserveCapacity(min(n, 1024))
            for _ in 0..<n { parts.append(try value(depth + 1)) }
            return .composition(parts)
        default:
            let it = QIterator(rawValue: typeByte - WireType.derivedBase)!  // 106...111
            return .derived(it, try value(depth + 1))
        }
    }

    mutating func lambda(_ depth: Int) throws -> QLambda {
        let context = try r.cString()
        let start = r.pos
        guard case .vector(let text) = try value(depth + 1), text.type == .char, case .x(let bytes) = text.storage else {
            throw QWireError(.malformed, "lambda without its source text", offset: start)
        }
        let source = String(decoding: bytes, as: UTF8.self)
        let namespace = context.isEmpty || context.hasPrefix(".") ? context : "." + context
        return QLambda(source: source, parameters: QWire.lambdaParameters(source), namespace: namespace, body: nil)
    }

    mutating func primitive(_ code: UInt8, typeNumber: Int16) throws -> QFunction {
        // Identity; 0xFF (an elided argument) outside a projection reads as identity too.
        if typeNumber == 101 && (code == 0 || code == PrimitiveCodes.elided) { return .primitive(QPrimitive.identity) }
        guard let name = PrimitiveCodes.name(code: code, typeNumber: typeNumber) else {
            throw QWireError(.unknownPrimitive, "unknown code \(code) for type \(typeNumber)", offset: r.pos - 1)
        }
        guard let resolve = options.resolvePrimitive else {
            return .primitive(QPrimitive(id: QWire.unresolvedPrimitiveID, name: name, typeNumber: typeNumber))
        }
        guard let p = resolve(name, typeNumber) else {
            throw QWireError(.unknownPrimitive, "primitive \(name) is not known here", offset: r.pos - 1)
        }
        return .primitive(p)
    }
}
