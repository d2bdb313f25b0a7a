// kdb+ sends primitives as a type byte (101 unary, 102 operator, 103 iterator) and a
// one-byte code. Codes are positions in kdb+'s own tables: the glyphs `:+-*%&|^=<>$,#_~!?@.`
// and `0: 1: 2:` first (the unary table holds their unary forms), then keywords.
// The tables below follow what open-source kdb+ clients record; see the report for which
// entries are uncertain.
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
