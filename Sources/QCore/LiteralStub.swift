// TEMPORARY: minimal literal parsing until the full QLiteral (Literals/) lands.
public enum QLiteral {
    public static func tokenEnd(_ u: [UInt8], from start: Int) -> Int {
        var i = start
        if i < u.count, u[i] == UInt8(ascii: "-") { i += 1 }
        while i < u.count {
            let c = u[i]
            if (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 46 || c == 58 {
                i += 1
            } else if c == UInt8(ascii: "-"), i > start, u[i - 1] == UInt8(ascii: "e"), i + 1 < u.count, u[i + 1] >= 48, u[i + 1] <= 57 {
                i += 1
            } else { break }
        }
        return i
    }

    public static func parseToken(_ text: Substring) -> QValue? {
        var t = text
        var neg = false
        if t.first == "-" { neg = true; t = t.dropFirst() }
        if t == "0N" { return .long(Int64.min) }
        if t == "0W" { return .long(neg ? -Int64.max : Int64.max) }
        if t == "0n" { return .float(.nan) }
        if t == "0w" { return .float(neg ? -.infinity : .infinity) }
        if t.hasSuffix("b"), t.dropLast().allSatisfy({ $0 == "0" || $0 == "1" }), !neg {
            let bits = t.dropLast().map { $0 == "1" }
            return bits.count == 1 ? .bool(bits[0]) : .bools(bits)
        }
        if let v = Int64(t) { return .long(neg ? -v : v) }
        if t.hasSuffix("i"), let v = Int32(t.dropLast()) { return .int(neg ? -v : v) }
        if t.hasSuffix("h"), let v = Int16(t.dropLast()) { return .atom(.short, .h(neg ? -v : v)) }
        if t.hasSuffix("j"), let v = Int64(t.dropLast()) { return .long(neg ? -v : v) }
        if t.hasSuffix("f"), let v = Double(t.dropLast()) { return .float(neg ? -v : v) }
        if t.hasSuffix("e"), let v = Float(t.dropLast()) { return .atom(.real, .e(neg ? -v : v)) }
        if let v = Double(t) { return .float(neg ? -v : v) }
        return nil
    }

    public static func parseVector(_ tokens: [Substring]) throws -> QValue {
        let atoms = try tokens.map { tok -> QValue in
            guard let v = parseToken(tok) else { throw QError.parse }
            return v
        }
        if atoms.contains(where: { if case .atom(.float, _) = $0 { return true }; return false }) {
            return .floats(atoms.map {
                switch $0 {
                case .atom(_, .j(let v)): return v == Int64.min ? .nan : Double(v)
                case .atom(_, .f(let v)): return v
                default: return 0
                }
            })
        }
        return QValue.collapse(atoms)
    }

    public static func tok(_ type: QType, _ text: [UInt8]) -> QValue { type.null }
}
