// The k form of typed vectors: `1 2 3h`, `101b`, `0x0102`, `"abc"`, `` `a`b ``, `,1`,
// `` `long$() ``, `` `s#1 2 3 ``. One pass over contiguous storage; a soft byte limit lets
// the console stop once a line is certain to be cut.

/// Writers for vectors in k form.
enum VectorText {
    /// Appends the k form of `v`. Stops early (leaving a prefix) once `out.count >= limit`.
    /// Without `typeSuffix`, numbers and times drop the letter that says their type (`1 2`
    /// rather than `1 2i`), as a table shows a list in one of its cells.
    ///
    /// - Complexity: O(n) in the number of elements written.
    static func appendK(_ v: QVector, digits: Int, limit: Int, typeSuffix: Bool = true, to out: inout [UInt8]) {
        if v.attribute != .none {
            out.append(UInt8(ascii: "`"))
            out.append(contentsOf: v.attribute.letter.utf8)
            out.append(UInt8(ascii: "#"))
        }
        let n = v.count
        if n == 0 {
            if v.type == .char { out.append(34); out.append(34); return }
            out.append(UInt8(ascii: "`"))
            out.append(contentsOf: v.type.name.utf8)
            out.append(contentsOf: [UInt8(ascii: "$"), UInt8(ascii: "("), UInt8(ascii: ")")])
            return
        }
        if n == 1 { out.append(UInt8(ascii: ",")) }
        switch v.storage {
        case .b(let a):
            for x in a { out.append(x ? 49 : 48); if out.count >= limit { return } }
            out.append(UInt8(ascii: "b"))
        case .x(let a) where v.type == .char:
            out.append(34)
            for c in a { NumberText.appendEscaped(c, to: &out); if out.count >= limit { return } }
            out.append(34)
        case .x(let a):
            out.append(48); out.append(UInt8(ascii: "x"))
            for b in a { NumberText.appendHex(b, to: &out); if out.count >= limit { return } }
        case .s(let a):
            for s in a {
                out.append(UInt8(ascii: "`"))
                out.append(contentsOf: s.utf8)
                if out.count >= limit { return }
            }
        default:
            appendSpaced(v, digits: digits, limit: limit, typeSuffix: typeSuffix, to: &out)
        }
    }

    /// Space-separated element forms followed by whatever suffix the type needs to read back.
    private static func appendSpaced(_ v: QVector, digits: Int, limit: Int, typeSuffix: Bool, to out: inout [UInt8]) {
        let t = v.type
        var allIntegral = true   // float: every element printed like an integer
        var allSpecial = true    // temporal: every element null or infinite
        for i in 0..<v.count {
            if i > 0 { out.append(32) }
            let s = v.storage[i]
            let sp = AtomText.special(t, s)
            let start = out.count
            if sp == .none || t == .guid {
                allSpecial = false
                AtomText.appendPlain(t, s, digits: digits, to: &out)
                if t == .float && allIntegral { allIntegral = NumberText.looksIntegral(out, from: start) }
            } else {
                allIntegral = false
                AtomText.appendSpecialElement(t, sp, to: &out)
            }
            if out.count >= limit { return }
        }
        if !typeSuffix { return }
        switch t {
        case .short, .int, .real, .month: out.append(t.letterByte)
        case .float: if allIntegral { out.append(UInt8(ascii: "f")) }
        case .timestamp, .date, .datetime, .timespan, .minute, .second, .time:
            if allSpecial { out.append(t.letterByte) }
        default: break
        }
    }

    /// Appends element `i` of a vector in cell form (table columns, `string`).
    @inline(__always)
    static func appendCell(_ v: QVector, _ i: Int, digits: Int, to out: inout [UInt8]) {
        AtomText.appendCell(v.type, v.storage[i], digits: digits, to: &out)
    }
}
