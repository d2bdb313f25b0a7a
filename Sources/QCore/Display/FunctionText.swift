// How functions print: a lambda as its source, a primitive as its glyph or keyword
// (`+`, `-:`, `count`), a projection as `f[a;;c]`, a derived function as `f/` or `{x}'`,
// a composition as its parts run together (`0|+`).

/// Writers for function values.
enum FunctionText {
    /// Appends the text of a function.
    static func append(_ f: QFunction, digits: Int, limit: Int, to out: inout [UInt8]) {
        switch f {
        case .lambda(let l): out.append(contentsOf: l.source.utf8)
        case .primitive(let p): out.append(contentsOf: p.name.utf8)
        case .iterator(let it): out.append(contentsOf: it.glyph.utf8)
        case .native(let n): out.append(contentsOf: n.name.utf8)
        case .projection(let fn, let args):
            let parens = isComposition(fn)
            if parens { out.append(40) }
            KText.append(fn, digits: digits, limit: limit, to: &out)
            if parens { out.append(41) }
            appendArguments(args, digits: digits, limit: limit, to: &out)
        case .derived(let it, let operand):
            // A composition as operand needs parentheses to read back: (0|+)\.
            let parens = isComposition(operand)
            if parens { out.append(40) }
            KText.append(operand, digits: digits, limit: limit, to: &out)
            if parens { out.append(41) }
            out.append(contentsOf: it.glyph.utf8)
        case .composition(let parts):
            for (i, part) in parts.enumerated() {
                var text: [UInt8] = []
                appendCompositionPart(part, digits: digits, limit: limit, to: &text)
                // A space where two parts would otherwise fuse into one name (`neg sum`).
                if i > 0, let last = out.last, let first = text.first, isWordByte(last), isWordByte(first) { out.append(32) }
                out.append(contentsOf: text)
                if out.count >= limit { return }
            }
        }
    }

    /// `[a;b]` with elided arguments left empty: `[;1]`, `[1;]`.
    private static func appendArguments(_ args: [QValue?], digits: Int, limit: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, a) in args.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ";")) }
            if let a { KText.append(a, digits: digits, limit: limit, to: &out) }
            if out.count >= limit { return }
        }
        out.append(UInt8(ascii: "]"))
    }

    /// A part of a composition; an operator with only its left argument fixed prints infix
    /// (`0|`), as q writes it inside `(0|+)`.
    private static func appendCompositionPart(_ part: QValue, digits: Int, limit: Int, to out: inout [UInt8]) {
        if case .function(.projection(let fn, let args)) = part,
           case .function(.primitive(let p)) = fn, p.typeNumber == 102,
           args.count == 2, let left = args[0], args[1] == nil {
            KText.append(left, digits: digits, limit: limit, to: &out)
            out.append(contentsOf: p.name.utf8)
            return
        }
        KText.append(part, digits: digits, limit: limit, to: &out)
    }

    @inline(__always)
    private static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
    }

    private static func isComposition(_ v: QValue) -> Bool {
        if case .function(.composition) = v { return true }
        return false
    }
}
