import QCore

// Byte encodings the library needs without Foundation: base64 (`.Q.btoa`, `.Q.atob`)
// and SHA-1 (`.Q.sha1`).

/// Standard base64 with `=` padding.
enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The padded base64 text of `data`.
    static func encode(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity((data.count + 2) / 3 * 4)
        var k = 0
        while k < data.count {
            let n = min(3, data.count - k)
            var v = UInt32(data[k]) << 16
            if n > 1 { v |= UInt32(data[k + 1]) << 8 }
            if n > 2 { v |= UInt32(data[k + 2]) }
            for j in 0..<4 {
                out.append(j <= n ? alphabet[Int((v >> (18 - 6 * UInt32(j))) & 63)] : 61)
            }
            k += 3
        }
        return out
    }

    /// The bytes padded base64 text encodes; `'domain` for bad length or characters.
    static func decode(_ text: [UInt8]) throws -> [UInt8] {
        guard text.count % 4 == 0 else { throw QError.domain }
        var index = [Int](repeating: -1, count: 256)
        for (k, c) in alphabet.enumerated() { index[Int(c)] = k }
        var out = [UInt8]()
        out.reserveCapacity(text.count / 4 * 3)
        var k = 0
        while k < text.count {
            var v: UInt32 = 0, pad = 0
            for j in 0..<4 {
                let c = text[k + j]
                if c == 61 {
                    // Padding only at the end of the last group.
                    guard k + 4 == text.count, j >= 2 else { throw QError.domain }
                    pad += 1
                    v <<= 6
                    continue
                }
                guard pad == 0, index[Int(c)] >= 0 else { throw QError.domain }
                v = v << 6 | UInt32(index[Int(c)])
            }
            out.append(UInt8(v >> 16))
            if pad < 2 { out.append(UInt8((v >> 8) & 255)) }
            if pad < 1 { out.append(UInt8(v & 255)) }
            k += 4
        }
        return out
    }
}

/// SHA-1 (FIPS 180-4).
enum SHA1 {
    /// The 20-byte digest of `message`.
    static func digest(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var m = message
        let bitLength = UInt64(message.count) * 8
        m.append(0x80)
        while m.count % 64 != 56 { m.append(0) }
        for k in stride(from: 56, through: 0, by: -8) { m.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(k))) }
        var w = [UInt32](repeating: 0, count: 80)
        for block in stride(from: 0, to: m.count, by: 64) {
            for t in 0..<16 {
                let b = block + 4 * t
                w[t] = UInt32(m[b]) << 24 | UInt32(m[b + 1]) << 16 | UInt32(m[b + 2]) << 8 | UInt32(m[b + 3])
            }
            for t in 16..<80 { w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1) }
            var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4]
            for t in 0..<80 {
                let f: UInt32, k: UInt32
                switch t {
                case 0..<20: f = (b & c) | (~b & d); k = 0x5A82_7999
                case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
                case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1B_BCDC
                default: f = b ^ c ^ d; k = 0xCA62_C1D6
                }
                let temp = rotl(a, 5) &+ f &+ e &+ k &+ w[t]
                e = d; d = c; c = rotl(b, 30); b = a; a = temp
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
        }
        return h.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * UInt32($0))) } }
    }

    @inline(__always) private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { x << n | x >> (32 - n) }
}
