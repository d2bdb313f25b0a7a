// Floating-point text as q prints it: C's `%.{P}g`, correctly rounded from the exact binary
// value (ties to even, as glibc does), written by hand so display does not depend on
// Foundation or on the C library's locale.

/// Formatting of doubles to a number of significant digits.
enum FloatText {
    /// Significant digits for a `\P` setting: 0 means the maximum, 17.
    @inline(__always)
    static func digits(forPrecision p: Int) -> Int {
        p <= 0 ? 17 : min(p, 17)
    }

    /// Appends `%.{digits}g` of a finite `x` (no `0n`/`0w` handling here).
    ///
    /// - Complexity: O(1) for integers below 2^64; otherwise proportional to the number of
    ///   decimal digits of the exact binary value (a few dozen for everyday magnitudes).
    static func appendG(_ x: Double, digits p: Int, to out: inout [UInt8]) {
        precondition(x.isFinite && p >= 1)
        var v = x
        if v.sign == .minus { out.append(UInt8(ascii: "-")); v = -v }
        if v == 0 { out.append(UInt8(ascii: "0")); return }
        // Exact digits go into a stack buffer: 2^-1074 needs 767 of them.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 800) { buf in
            var (count, pointPos) = exactDigits(v, into: buf)
            // Decimal exponent of the leading digit in scientific notation.
            var exp10 = pointPos - 1
            if count > p {
                if roundsUp(buf, count: count, keep: p) {
                    var i = p - 1
                    while i >= 0 && buf[i] == 9 { buf[i] = 0; i -= 1 }
                    if i < 0 { buf[0] = 1; exp10 += 1 } else { buf[i] += 1 }
                }
                count = p
            }
            while count > 1 && buf[count - 1] == 0 { count -= 1 }
            if exp10 < -4 || exp10 >= p {
                appendScientific(buf, count: count, exp10: exp10, to: &out)
            } else {
                appendFixed(buf, count: count, exp10: exp10, to: &out)
            }
        }
    }

    /// Decides the rounding of `count` exact digits kept to `keep`: half-up except an exact
    /// tie, which goes to the even digit.
    private static func roundsUp(_ d: UnsafeMutableBufferPointer<UInt8>, count: Int, keep: Int) -> Bool {
        let next = d[keep]
        if next != 5 { return next > 5 }
        var i = keep + 1
        while i < count { if d[i] != 0 { return true }; i += 1 }
        return d[keep - 1] & 1 == 1
    }

    private static func appendScientific(_ d: UnsafeMutableBufferPointer<UInt8>, count: Int, exp10: Int, to out: inout [UInt8]) {
        out.append(d[0] + 48)
        if count > 1 {
            out.append(UInt8(ascii: "."))
            for i in 1..<count { out.append(d[i] + 48) }
        }
        out.append(UInt8(ascii: "e"))
        out.append(exp10 < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        let e = abs(exp10)
        if e < 10 { out.append(48) }
        NumberText.appendUnsigned(UInt64(e), to: &out)
    }

    private static func appendFixed(_ d: UnsafeMutableBufferPointer<UInt8>, count: Int, exp10: Int, to out: inout [UInt8]) {
        if exp10 < 0 {
            out.append(48); out.append(UInt8(ascii: "."))
            for _ in 0..<(-exp10 - 1) { out.append(48) }
            for i in 0..<count { out.append(d[i] + 48) }
            return
        }
        for i in 0...exp10 { out.append(i < count ? d[i] + 48 : 48) }
        if count > exp10 + 1 {
            out.append(UInt8(ascii: "."))
            for i in (exp10 + 1)..<count { out.append(d[i] + 48) }
        }
    }

    /// Writes the exact decimal digits (values 0…9, no leading zeros) of a positive finite
    /// double into `buf`; returns their count and where the decimal point falls (the number
    /// of digits before it, possibly negative or beyond the count).
    static func exactDigits(_ x: Double, into buf: UnsafeMutableBufferPointer<UInt8>) -> (count: Int, pointPos: Int) {
        var m = x.significandBitPattern
        var e = Int(x.exponentBitPattern)
        if e == 0 { e = -1074 } else { m |= 1 << 52; e -= 1075 }
        let tz = m.trailingZeroBitCount
        m >>= UInt64(tz); e += tz
        // Small integers: the common case for q floats such as 300f or 2.5e+07.
        if e >= 0 && e <= m.leadingZeroBitCount {
            let n = writeDigits(m << UInt64(e), into: buf)
            return (n, n)
        }
        // x = m·2^e = (m·5^-e)·10^e when e < 0; otherwise m·2^e is an integer.
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 90) { limbs in
            var n = 2
            limbs[0] = UInt32(truncatingIfNeeded: m)
            limbs[1] = UInt32(truncatingIfNeeded: m >> 32)
            if e >= 0 {
                n = shiftLeft(limbs, count: n, by: e)
            } else {
                var k = -e
                while k >= 13 { n = multiply(limbs, count: n, by: 1_220_703_125); k -= 13 }
                if k > 0 { n = multiply(limbs, count: n, by: pow5[k]) }
            }
            let count = bigToDigits(limbs, count: n, into: buf)
            return (count, count + min(e, 0))
        }
    }

    private static let pow5: [UInt32] = [1, 5, 25, 125, 625, 3125, 15625, 78125, 390625, 1953125,
                                         9765625, 48828125, 244140625]

    /// Digits of a UInt64 (non-zero) written most significant first; returns their count.
    private static func writeDigits(_ v: UInt64, into buf: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var tmp = v, n = 0
        while tmp > 0 { tmp /= 10; n += 1 }
        tmp = v
        var i = n - 1
        while i >= 0 { buf[i] = UInt8(tmp % 10); tmp /= 10; i -= 1 }
        return n
    }

    private static func multiply(_ l: UnsafeMutableBufferPointer<UInt32>, count: Int, by f: UInt32) -> Int {
        var carry: UInt64 = 0
        for i in 0..<count {
            let p = UInt64(l[i]) * UInt64(f) + carry
            l[i] = UInt32(truncatingIfNeeded: p)
            carry = p >> 32
        }
        if carry > 0 { l[count] = UInt32(carry); return count + 1 }
        return count
    }

    private static func shiftLeft(_ l: UnsafeMutableBufferPointer<UInt32>, count: Int, by s: Int) -> Int {
        let words = s / 32, bits = UInt32(s % 32)
        var n = count
        if bits > 0 {
            var carry: UInt32 = 0
            for i in 0..<n {
                let v = l[i]
                l[i] = (v << bits) | carry
                carry = v >> (32 - bits)
            }
            if carry > 0 { l[n] = carry; n += 1 }
        }
        if words > 0 {
            var i = n - 1
            while i >= 0 { l[i + words] = l[i]; i -= 1 }
            for j in 0..<words { l[j] = 0 }
            n += words
        }
        return n
    }

    /// Decimal digits of a multi-limb integer, most significant first; consumes the limbs.
    private static func bigToDigits(_ l: UnsafeMutableBufferPointer<UInt32>, count: Int, into buf: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var n = count
        while n > 0 && l[n - 1] == 0 { n -= 1 }
        // Chunks of nine digits come out least significant first; fill from the buffer's end.
        var pos = buf.count
        while n > 0 {
            var rem: UInt64 = 0
            var i = n - 1
            while i >= 0 {
                let cur = (rem << 32) | UInt64(l[i])
                l[i] = UInt32(cur / 1_000_000_000)
                rem = cur % 1_000_000_000
                i -= 1
            }
            while n > 0 && l[n - 1] == 0 { n -= 1 }
            for _ in 0..<9 { pos -= 1; buf[pos] = UInt8(rem % 10); rem /= 10 }
        }
        while pos < buf.count - 1 && buf[pos] == 0 { pos += 1 }
        let len = buf.count - pos
        for i in 0..<len { buf[i] = buf[pos + i] }
        return len
    }
}
