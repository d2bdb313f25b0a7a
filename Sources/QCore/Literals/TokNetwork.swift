// Guids and IP addresses from text, for `"G"$…` and `"I"$"192.168.1.34"`.

enum NetworkScan {
    /// Four decimal octets `a.b.c.d`, each 0…255 in one to three digits, as the address
    /// read big-endian (the first octet most significant).
    static func ipv4(_ b: Bytes, _ lo: Int, _ hi: Int) -> UInt32? {
        var value: UInt32 = 0
        var i = lo
        for octet in 0..<4 {
            if octet > 0 {
                guard i < hi, b[i] == Ascii.dot else { return nil }
                i += 1
            }
            let end = digitRunEnd(b, i, hi)
            guard end > i, end - i <= 3 else { return nil }
            let v = smallNumber(b, i, end)
            guard v <= 255 else { return nil }
            value = value << 8 | UInt32(v)
            i = end
        }
        return i == hi ? value : nil
    }

    /// A guid as 32 hex digits, or 36 characters with dashes after the 8th, 12th, 16th and
    /// 20th digit.
    static func guidText(_ b: Bytes, _ lo: Int, _ hi: Int) -> QGUID? {
        let n = hi - lo
        guard n == 32 || n == 36 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(16)
        var i = lo
        while i < hi {
            if n == 36, [8, 13, 18, 23].contains(i - lo) {
                guard b[i] == Ascii.minus else { return nil }
                i += 1
                continue
            }
            guard i + 1 < hi, let h = hexValue(b[i]), let l = hexValue(b[i + 1]) else { return nil }
            bytes.append(h << 4 | l)
            i += 2
        }
        return bytes.count == 16 ? QGUID(bytes: bytes) : nil
    }

    /// An IPv6 address as 16 bytes: eight groups of one to four hex digits separated by
    /// `:`, with at most one `::` standing for a run of zero groups, and optionally an IPv4
    /// address in place of the last two groups.
    static func ipv6(_ b: Bytes, _ lo: Int, _ hi: Int) -> [UInt8]? {
        // Find the one `::`, if any.
        var gap = -1
        var i = lo
        while i + 1 < hi {
            if b[i] == Ascii.colon && b[i + 1] == Ascii.colon {
                guard gap < 0 else { return nil }
                gap = i
                i += 2
            } else {
                i += 1
            }
        }
        var groups: [UInt16]
        if gap < 0 {
            guard let all = hexGroups(b, lo, hi, v4AtEnd: true), all.count == 8 else { return nil }
            groups = all
        } else {
            guard let head = hexGroups(b, lo, gap, v4AtEnd: false),
                  let tail = hexGroups(b, gap + 2, hi, v4AtEnd: true),
                  head.count + tail.count <= 7 else { return nil }
            groups = head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        var out = [UInt8]()
        out.reserveCapacity(16)
        for g in groups { out.append(UInt8(g >> 8)); out.append(UInt8(g & 0xff)) }
        return out
    }

    /// The `:`-separated hex groups of `b[lo..<hi]` (empty range: none); the last piece may
    /// be an IPv4 address when `v4AtEnd`, counting as two groups.
    private static func hexGroups(_ b: Bytes, _ lo: Int, _ hi: Int, v4AtEnd: Bool) -> [UInt16]? {
        var groups: [UInt16] = []
        guard lo < hi else { return groups }
        var start = lo
        while true {
            var end = start
            while end < hi && b[end] != Ascii.colon { end += 1 }
            guard end > start else { return nil }
            if end == hi, v4AtEnd, let v4 = ipv4(b, start, end) {
                groups.append(UInt16(v4 >> 16))
                groups.append(UInt16(v4 & 0xffff))
            } else {
                guard end - start <= 4 else { return nil }
                var g: UInt16 = 0
                for k in start..<end {
                    guard let h = hexValue(b[k]) else { return nil }
                    g = g << 4 | UInt16(h)
                }
                groups.append(g)
            }
            guard groups.count <= 8 else { return nil }
            if end == hi { return groups }
            start = end + 1
        }
    }

    /// `"G"$` text: a guid, an IPv6 address, or an IPv4 address (mapped as
    /// `::ffff:a.b.c.d`). nil when it is none of these.
    static func guid(_ b: Bytes, _ lo: Int, _ hi: Int) -> QGUID? {
        if let g = guidText(b, lo, hi) { return g }
        var hasColon = false
        for i in lo..<hi where b[i] == Ascii.colon { hasColon = true; break }
        if hasColon {
            return ipv6(b, lo, hi).map { QGUID(bytes: $0) }
        }
        guard let v4 = ipv4(b, lo, hi) else { return nil }
        return QGUID(high: 0, low: 0xffff_0000_0000 | UInt64(v4))
    }
}
