import QCore

// q's patterns for `like`, `ss` and `ssr`: `?` any character, `*` any sequence (like
// only), `[abc]` / `[a-z]` / `[^abc]` one character from (or not from) a set. Inside
// brackets `?` and `*` are plain, and `]` right after `[` or `[^` is a member.

/// One element of a compiled pattern.
enum PatternToken {
    case literal(UInt8)
    case any
    case star
    /// A character class: membership by byte, already negated where `[^…]`.
    case set([Bool])

    @inline(__always)
    func matches(_ c: UInt8) -> Bool {
        switch self {
        case .literal(let l): return l == c
        case .any: return true
        case .star: return false
        case .set(let members): return members[Int(c)]
        }
    }

    var isStar: Bool { if case .star = self { return true }; return false }
}

enum Pattern {
    /// Compiles a pattern. An unclosed `[` is a plain character, or with `strict` (as
    /// `ssr` has it) the error `unmatched ]`.
    static func compile(_ p: [UInt8], strict: Bool = false) throws -> [PatternToken] {
        var out = [PatternToken]()
        var i = 0
        while i < p.count {
            let c = p[i]
            switch c {
            case UInt8(ascii: "?"): out.append(.any); i += 1
            case UInt8(ascii: "*"): out.append(.star); i += 1
            case UInt8(ascii: "["):
                if let (set, next) = bracket(p, from: i + 1) {
                    out.append(.set(set))
                    i = next
                } else {
                    if strict { throw QError("unmatched ]") }
                    out.append(.literal(c))
                    i += 1
                }
            default: out.append(.literal(c)); i += 1
            }
        }
        return out
    }

    /// Parses a class after `[`; returns its membership and the index after `]`, or nil
    /// when it is never closed.
    private static func bracket(_ p: [UInt8], from start: Int) -> ([Bool], Int)? {
        var members = [Bool](repeating: false, count: 256)
        var k = start
        var negated = false
        if k < p.count && p[k] == UInt8(ascii: "^") { negated = true; k += 1 }
        var first = true
        while k < p.count {
            let c = p[k]
            if c == UInt8(ascii: "]") && !first { break }
            first = false
            if k + 2 < p.count && p[k + 1] == UInt8(ascii: "-") && p[k + 2] != UInt8(ascii: "]") {
                let lo = c, hi = p[k + 2]
                if lo <= hi { for m in lo...hi { members[Int(m)] = true } }
                k += 3
            } else {
                members[Int(c)] = true
                k += 1
            }
        }
        guard k < p.count else { return nil }
        if negated { for m in 0..<256 { members[m].toggle() } }
        return (members, k + 1)
    }

    /// Whole-text match with backtracking over the last `*` seen.
    static func matches(_ tokens: [PatternToken], _ s: [UInt8]) -> Bool {
        var p = 0, i = 0
        var starP = -1, starI = 0
        while i < s.count {
            if p < tokens.count, !tokens[p].isStar, tokens[p].matches(s[i]) {
                p += 1; i += 1
            } else if p < tokens.count, tokens[p].isStar {
                starP = p; starI = i; p += 1
            } else if starP >= 0 {
                p = starP + 1; starI += 1; i = starI
            } else {
                return false
            }
        }
        while p < tokens.count && tokens[p].isStar { p += 1 }
        return p == tokens.count
    }

    /// Start positions of non-overlapping matches of a star-free pattern.
    static func find(_ tokens: [PatternToken], in s: [UInt8]) -> [Int64] {
        let m = tokens.count
        var out = [Int64]()
        guard m > 0, s.count >= m else { return out }
        var i = 0
        while i <= s.count - m {
            var ok = true
            for k in 0..<m where !tokens[k].matches(s[i + k]) { ok = false; break }
            if ok { out.append(Int64(i)); i += m } else { i += 1 }
        }
        return out
    }
}

extension Strings {
    /// The bytes of a pattern argument (a string or a char).
    static func patternBytes(_ y: QValue) throws -> [UInt8] {
        guard let b = stringBytes(y) else { throw QError.type }
        return b
    }

    /// `x like y`.
    static func like(_ x: QValue, _ y: QValue) throws -> QValue {
        if case .list(let ps) = y {
            // A list of patterns: one per item of x, or all against one text.
            if x.isAtom || isCharVector(x) { return QValue.collapse(try ps.map { try like(x, $0) }) }
            guard x.count == ps.count else { throw QError.length }
            return QValue.collapse(try ps.indices.map { try like(x.element($0), ps[$0]) })
        }
        let tokens = try Pattern.compile(try patternBytes(y))
        let stars = tokens.filter(\.isStar).count
        // q matches only patterns whose stars are one, or two at both ends.
        if stars > 2 || (stars == 2 && !(tokens.first?.isStar == true && tokens.last?.isStar == true)) {
            throw QError.nyi
        }
        return try likeText(x, tokens)
    }

    private static func likeText(_ x: QValue, _ tokens: [PatternToken]) throws -> QValue {
        switch x {
        case .atom(.symbol, .s(let n)): return .bool(Pattern.matches(tokens, Array(n.utf8)))
        case .atom(.char, .x(let c)): return .bool(Pattern.matches(tokens, [c]))
        case .vector(let v):
            switch v.storage {
            case .x(let a) where v.type == .char: return .bool(Pattern.matches(tokens, a))
            case .s(let names): return .bools(names.map { Pattern.matches(tokens, Array($0.utf8)) })
            default: throw QError.type
            }
        case .list(let l):
            // Not atomic: a general list must hold strings.
            return .bools(try l.map { item in
                guard case .vector(let v) = item, v.type == .char, case .x(let a) = v.storage else { throw QError.type }
                return Pattern.matches(tokens, a)
            })
        case .dict(let d):
            return .dict(QDict(keys: d.keys, values: try likeText(d.values, tokens), sorted: d.sorted))
        case .table(let t):
            return .table(QTable(names: t.names, columns: try t.columns.map { try likeText($0, tokens) }))
        default:
            throw QError.type
        }
    }

    /// The compiled pattern for `ss`/`ssr`: no stars and not empty.
    private static func searchPattern(_ y: QValue, strict: Bool = false) throws -> [PatternToken] {
        let tokens = try Pattern.compile(try patternBytes(y), strict: strict)
        if tokens.isEmpty || tokens.contains(where: \.isStar) { throw QError.length }
        return tokens
    }

    /// `x ss y`: positions of the matches of pattern `y` in string `x`.
    static func ss(_ x: QValue, _ y: QValue) throws -> QValue {
        guard isCharVector(x), let text = stringBytes(x) else { throw QError.type }
        return .longs(Pattern.find(try searchPattern(y), in: text))
    }

    /// `ssr[x;y;z]`: each match of `y` in `x` replaced by `z`, or by `z` applied to it.
    static func ssr(_ a: [QValue], _ s: Interpreter) throws -> QValue {
        if a.count < 3, let id = s.registry.id("ssr") {
            var fixed: [QValue?] = a
            while fixed.count < 3 { fixed.append(nil) }
            return .function(.projection(s.registry[id].value, fixed))
        }
        guard a.count == 3 else { throw QError.rank }
        // The text must be a string: a char atom is a type error.
        guard isCharVector(a[0]), let text = stringBytes(a[0]) else { throw QError.type }
        let tokens = try searchPattern(a[1], strict: true)
        let m = tokens.count
        let replacement: [UInt8]?
        if case .function = a[2] { replacement = nil } else {
            guard let r = stringBytes(a[2]) else { throw QError.type }
            replacement = r
        }
        var out = [UInt8]()
        out.reserveCapacity(text.count)
        var last = 0
        for p in Pattern.find(tokens, in: text) {
            let at = Int(p)
            out.append(contentsOf: text[last..<at])
            if let r = replacement {
                out.append(contentsOf: r)
            } else {
                let got = try s.apply1(a[2], chars(Array(text[at..<(at + m)])))
                guard let b = stringBytes(got) else { throw QError.type }
                out.append(contentsOf: b)
            }
            last = at + m
        }
        out.append(contentsOf: text[last...])
        return chars(out)
    }
}
