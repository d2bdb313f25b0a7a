/// A q guid (type 2): 16 bytes, shown as `8c680a01-5a49-5aab-5a65-d4bfddb6a661`.
public struct QGUID: Hashable, Sendable, Comparable {
    /// The first 8 bytes, big-endian (the first byte is the most significant).
    public var high: UInt64
    /// The last 8 bytes, big-endian.
    public var low: UInt64

    /// A guid from its two halves.
    public init(high: UInt64, low: UInt64) { self.high = high; self.low = low }

    /// The null guid `0Ng`, all zero.
    public static let null = QGUID(high: 0, low: 0)

    /// A guid from 16 bytes in order.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 16)
        var h: UInt64 = 0, l: UInt64 = 0
        for i in 0..<8 { h = h << 8 | UInt64(bytes[i]) }
        for i in 8..<16 { l = l << 8 | UInt64(bytes[i]) }
        self.init(high: h, low: l)
    }

    /// The 16 bytes in order.
    public var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 { out[i] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(i))) }
        for i in 0..<8 { out[8 + i] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(i))) }
        return out
    }

    /// Parses the 36-character form with dashes, or 32 hex digits.
    public init?(string: String) {
        let hex = string.utf8.filter { $0 != UInt8(ascii: "-") }
        guard hex.count == 32 else { return nil }
        if string.utf8.count == 36 {
            let dashes = Array(string.utf8).enumerated().filter { $0.element == UInt8(ascii: "-") }.map(\.offset)
            guard dashes == [8, 13, 18, 23] else { return nil }
        } else if string.utf8.count != 32 { return nil }
        var bytes = [UInt8]()
        var i = 0
        while i < 32 {
            guard let hi = hexValue(hex[i]), let lo = hexValue(hex[i + 1]) else { return nil }
            bytes.append(hi << 4 | lo)
            i += 2
        }
        self.init(bytes: bytes)
    }

    /// The 36-character lower-case form.
    public var string: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func < (a: QGUID, b: QGUID) -> Bool {
        a.high != b.high ? a.high < b.high : a.low < b.low
    }
}

@inline(__always)
func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
    default: return nil
    }
}
