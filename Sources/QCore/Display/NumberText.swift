// Integer, hex, char-escape and float atom text: the building blocks every display form
// shares. Output is UTF-8 bytes appended to a caller's buffer, so vectors of millions of
// items format in one pass without intermediate strings.

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

    /// Appends a double with `digits` significant digits, or `0n`/`0w`/`-0w`.
    @inline(__always)
    static func appendFloat(_ x: Double, digits: Int, to out: inout [UInt8]) {
        if x.isNaN { out.append(48); out.append(UInt8(ascii: "n")); return }
        if x.isInfinite {
            if x < 0 { out.append(UInt8(ascii: "-")) }
            out.append(48); out.append(UInt8(ascii: "w")); return
        }
        FloatText.appendG(x, digits: digits, to: &out)
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
