// Text of single items of the basic types. q writes one item three ways:
//  - k form, an atom standing alone (`5i`, `0Nd`, `2f`, `"a"`, `` `abc ``);
//  - element form, an item inside a vector's k form (`0N`, `0w`, no suffix);
//  - cell form, an item in a table column, dictionary column or `string` (nulls blank).
// Output is UTF-8 bytes appended to a caller's buffer, so vectors of millions of items
// format in one pass without intermediate strings.

/// Per-item text in each display form.
enum AtomText {
    /// Whether a scalar is its type's null or an infinity (q prints those specially).
    enum Special {
        case none, null, infinity, negativeInfinity
    }

    /// Classifies a scalar. Shorts have no printed infinity (q shows `32767h`), and
    /// booleans, bytes, chars and symbols are never special.
    @inline(__always)
    static func special(_ t: QType, _ s: QScalar) -> Special {
        switch s {
        case .i(let v):
            return v == Int32.min ? .null : v == Int32.max ? .infinity : v == -Int32.max ? .negativeInfinity : .none
        case .j(let v):
            return v == Int64.min ? .null : v == Int64.max ? .infinity : v == -Int64.max ? .negativeInfinity : .none
        case .f(let v):
            return v.isNaN ? .null : v.isInfinite ? (v > 0 ? .infinity : .negativeInfinity) : .none
        case .e(let v):
            return v.isNaN ? .null : v.isInfinite ? (v > 0 ? .infinity : .negativeInfinity) : .none
        case .h(let v): return v == Int16.min ? .null : .none
        case .g(let g): return g == .null ? .null : .none
        case .b, .x, .s: return .none
        }
    }

    /// Appends the value text of a non-special scalar: digits, date, time, hex byte, guid,
    /// the raw char or the symbol's name, without any type decoration.
    static func appendPlain(_ t: QType, _ s: QScalar, digits: Int, to out: inout [UInt8]) {
        switch s {
        case .b(let v): out.append(v ? 49 : 48)
        case .g(let g): NumberText.appendGUID(g, to: &out)
        case .x(let v): if t == .char { out.append(v) } else { NumberText.appendHex(v, to: &out) }
        case .h(let v): NumberText.appendSigned(Int64(v), to: &out)
        case .s(let v): out.append(contentsOf: v.utf8)
        case .e(let v): FloatText.appendG(Double(v), digits: digits, to: &out)
        case .f(let v):
            if t == .datetime { TemporalText.appendDatetime(v, to: &out) } else { FloatText.appendG(v, digits: digits, to: &out) }
        case .i(let v):
            switch t {
            case .month: TemporalText.appendMonth(v, to: &out)
            case .date: TemporalText.appendDate(days: Int64(v), to: &out)
            case .minute: TemporalText.appendMinute(v, to: &out)
            case .second: TemporalText.appendSecond(v, to: &out)
            case .time: TemporalText.appendTime(v, to: &out)
            default: NumberText.appendSigned(Int64(v), to: &out)
            }
        case .j(let v):
            switch t {
            case .timestamp: TemporalText.appendTimestamp(v, to: &out)
            case .timespan: TemporalText.appendTimespan(v, to: &out)
            default: NumberText.appendSigned(v, to: &out)
            }
        }
    }

    /// True for types whose infinity prints with a lower-case `w` (they are floating point).
    @inline(__always)
    private static func floatBased(_ t: QType) -> Bool { t == .float || t == .real || t == .datetime }

    /// Appends the text of a null or infinity as an item of a vector: `0N`, `0n` (float),
    /// `0W`, `-0W`, `0w`, `-0w`. Guid nulls print as their zeros.
    @inline(__always)
    static func appendSpecialElement(_ t: QType, _ sp: Special, to out: inout [UInt8]) {
        switch sp {
        case .none: break
        case .null: out.append(48); out.append(t == .float ? UInt8(ascii: "n") : UInt8(ascii: "N"))
        case .infinity, .negativeInfinity:
            if sp == .negativeInfinity { out.append(UInt8(ascii: "-")) }
            out.append(48); out.append(floatBased(t) ? UInt8(ascii: "w") : UInt8(ascii: "W"))
        }
    }

    /// Appends an item in cell form: as `string` renders it and as table columns show it.
    /// Nulls are empty (a guid's null keeps its zeros, as its atom does); infinities print as
    /// in vectors.
    @inline(__always)
    static func appendCell(_ t: QType, _ s: QScalar, digits: Int, to out: inout [UInt8]) {
        let sp = special(t, s)
        switch sp {
        case .none: appendPlain(t, s, digits: digits, to: &out)
        case .null: if t == .guid { appendPlain(t, s, digits: digits, to: &out) }
        default: appendSpecialElement(t, sp, to: &out)
        }
    }

    /// Appends an atom's k form: the text q's console and `-3!` give for it alone.
    static func appendK(_ t: QType, _ s: QScalar, digits: Int, to out: inout [UInt8]) {
        switch t {
        case .char:
            guard case .x(let c) = s else { return }
            out.append(UInt8(ascii: "\""))
            NumberText.appendEscaped(c, to: &out)
            out.append(UInt8(ascii: "\""))
            return
        case .symbol:
            out.append(UInt8(ascii: "`"))
            appendPlain(t, s, digits: digits, to: &out)
            return
        case .byte:
            out.append(48); out.append(UInt8(ascii: "x"))
            appendPlain(t, s, digits: digits, to: &out)
            return
        case .guid, .mixed:
            appendPlain(t, s, digits: digits, to: &out)
            return
        default: break
        }
        let sp = special(t, s)
        if sp == .none {
            let start = out.count
            appendPlain(t, s, digits: digits, to: &out)
            if let suffix = atomSuffix(t, out, start) { out.append(suffix) }
            return
        }
        if t == .float { appendSpecialElement(t, sp, to: &out); return }
        if sp == .negativeInfinity { out.append(UInt8(ascii: "-")) }
        out.append(48)
        out.append(sp == .null ? UInt8(ascii: "N") : floatBased(t) ? UInt8(ascii: "w") : UInt8(ascii: "W"))
        if t != .long { out.append(t.letterByte) }
    }

    /// The letter after a non-null atom's digits, if its type needs one to read back.
    @inline(__always)
    private static func atomSuffix(_ t: QType, _ out: [UInt8], _ start: Int) -> UInt8? {
        switch t {
        case .boolean: return UInt8(ascii: "b")
        case .short: return UInt8(ascii: "h")
        case .int: return UInt8(ascii: "i")
        case .real: return UInt8(ascii: "e")
        case .month: return UInt8(ascii: "m")
        case .float: return NumberText.looksIntegral(out, from: start) ? UInt8(ascii: "f") : nil
        default: return nil
        }
    }
}

extension QType {
    /// The type letter as an ASCII byte (`j`, `d`, …).
    @inline(__always)
    var letterByte: UInt8 { letter.asciiValue ?? 32 }
}

/// Low-level writers for numbers and characters.
enum NumberText {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends the decimal digits of `v`.
    @inline(__always)
    static func appendUnsigned(_ v: UInt64, to out: inout [UInt8]) {
        if v < 10 { out.append(UInt8(truncatingIfNeeded: v) + 48); return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buf in
            var n = v, i = 20
            while n > 0 { i -= 1; buf[i] = UInt8(truncatingIfNeeded: n % 10) + 48; n /= 10 }
            for j in i..<20 { out.append(buf[j]) }
        }
    }

    /// Appends `v` in decimal with a leading minus when negative.
    @inline(__always)
    static func appendSigned(_ v: Int64, to out: inout [UInt8]) {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        appendUnsigned(v.magnitude, to: &out)
    }

    /// Appends `v` (non-negative) zero-padded to at least `width` digits.
    @inline(__always)
    static func appendPadded(_ v: Int64, width: Int, to out: inout [UInt8]) {
        var digits = 1, t = v
        while t >= 10 { t /= 10; digits += 1 }
        if digits < width { for _ in digits..<width { out.append(48) } }
        appendUnsigned(UInt64(v), to: &out)
    }

    /// Appends a byte as two lower-case hex digits.
    @inline(__always)
    static func appendHex(_ b: UInt8, to out: inout [UInt8]) {
        out.append(hexDigits[Int(b >> 4)])
        out.append(hexDigits[Int(b & 15)])
    }

    /// Appends a guid in its 36-character form.
    static func appendGUID(_ g: QGUID, to out: inout [UInt8]) {
        for i in 0..<16 {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            let b = UInt8(truncatingIfNeeded: (i < 8 ? g.high : g.low) >> (56 - 8 * UInt64(i % 8)))
            appendHex(b, to: &out)
        }
    }

    /// Appends one character as it appears between double quotes in q source:
    /// `\"`, `\\`, `\n`, `\t`, `\r`, and `\ooo` (octal) for other control and non-ASCII bytes.
    @inline(__always)
    static func appendEscaped(_ c: UInt8, to out: inout [UInt8]) {
        switch c {
        case UInt8(ascii: "\""): out.append(92); out.append(c)
        case UInt8(ascii: "\\"): out.append(92); out.append(92)
        case 10: out.append(92); out.append(UInt8(ascii: "n"))
        case 9: out.append(92); out.append(UInt8(ascii: "t"))
        case 13: out.append(92); out.append(UInt8(ascii: "r"))
        case 32..<127: out.append(c)
        default:
            out.append(92)
            out.append(48 + (c >> 6))
            out.append(48 + ((c >> 3) & 7))
            out.append(48 + (c & 7))
        }
    }

    /// True when the bytes from `start` are only digits and minus signs: a float printed
    /// like that would read back as an integer, so q marks it with `f`.
    @inline(__always)
    static func looksIntegral(_ out: [UInt8], from start: Int) -> Bool {
        var i = start
        while i < out.count {
            let c = out[i]
            if !(c >= 48 && c <= 57) && c != UInt8(ascii: "-") { return false }
            i += 1
        }
        return true
    }
}
