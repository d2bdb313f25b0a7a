import QCore

// q parse trees: `parse` turns source into nested lists (function first, then
// arguments; names as symbols; symbol constants enlisted), and `eval` runs them.

extension Interpreter {
    /// `parse x`: the parse tree of a string.
    func parseToTree(_ x: QValue) throws -> QValue {
        guard let src = text(x) else { throw QError.type }
        let e = try Parser.parse(src)
        return try tree(e)
    }

    func prim(_ name: String) -> QValue { registry.id(name).map { registry[$0].value } ?? .symbol(name) }

    func tree(_ e: Expr) throws -> QValue {
        switch e {
        case .constant(let v):
            switch v {
            case .atom(.symbol, _): return .list([v])
            case .vector(let vec) where vec.type == .symbol: return .list([v])
            default: return v
            }
        case .name(let n): return .symbol(n)
        case .primitive(let id): return registry[id].value
        case .apply(let f, let args):
            return .list([try tree(f)] + (try args.map { try $0.map { try tree($0) } ?? .identity }))
        case .infix(let v, let l, let r):
            switch (l, r) {
            case (let l?, let r?): return .list([try tree(v), try tree(l), try tree(r)])
            case (nil, let r?): return .list([try unaryTree(v), try tree(r)])
            case (let l?, nil): return .list([try tree(v), try tree(l)])
            case (nil, nil): return try tree(v)
            }
        case .juxtapose(let f, let x):
            return .list([try tree(f), try tree(x)])
        case .derived(let it, let f):
            return .list([.function(.iterator(it)), try tree(f)])
        case .list(let items):
            return .list([prim("enlist")] + (try items.map { try tree($0) }))
        case .empty: return .identity
        case .assign(let name, let idx, let op, let value, let global):
            var target: QValue = .symbol(name)
            if let idx = idx { target = .list([.symbol(name)] + (try idx.map { try $0.map { try tree($0) } ?? .identity })) }
            let colon: QValue = global ? prim("::") : prim(":")
            if let op = op { return .list([colon, target, .list([try tree(op), .symbol(name), try tree(value)])]) }
            return .list([colon, target, try tree(value)])
        case .cond(let parts):
            return .list([prim("$")] + (try parts.map { try tree($0) }))
        case .control(let kind, let c, let body):
            let name = kind == .ifs ? "if" : kind == .dos ? "do" : "while"
            return .list([.symbol(name), try tree(c)] + (try body.map { try tree($0) }))
        case .returns(let x): return .list([prim(":"), try tree(x)])
        case .signal(let x): return .list([.symbol("'"), try tree(x)])
        case .sequence(let items): return .list([.atom(.char, .x(59))] + (try items.map { try tree($0) }))
        case .qsql(let q): return try qsqlParseTree(q)
        case .patternAssign(let p, let v): return .list([prim(":"), try tree(p), try tree(v)])
        case .compose(let parts): return .list([.function(.iterator(.each))] + (try parts.map { try tree($0) }))
        case .patternCond(let parts): return .list([prim(":")] + (try parts.map { try tree($0) }))
        case .tableLiteral(let keys, let cols):
            let builder = TableLiteral.builder(keyNames: keys.map(\.0), colNames: cols.map(\.0))
            return .list([builder] + (try (keys + cols).map { try tree($0.1) }))
        case .lambda(let l): return .function(.lambda(try Compiler.lambda(l, namespace: namespace)))
        }
    }

    /// A glyph applied prefix appears in parse trees as its unary k form (`-:`).
    func unaryTree(_ v: Expr) throws -> QValue {
        if case .primitive(let id) = v {
            let name = registry[id].name
            if registry[id].infix, !name.first!.isLetter, let u = registry.id(name + ":") { return registry[u].value }
        }
        return try tree(v)
    }

    /// `eval x`: evaluates a parse tree.
    func evaluateParseTree(_ x: QValue) throws -> QValue {
        switch x {
        case .atom(.symbol, .s(let name)):
            return try value(.symbol(name))
        case .list(let l):
            guard let head = l.first else { return x }
            let args = Array(l.dropFirst())
            // Special forms: assignment and the lazy conditional.
            if case .function(.primitive(let p)) = head {
                if (p.name == ":" || p.name == "::"), args.count == 2, case .atom(.symbol, .s(let n)) = args[0] {
                    let v = try evaluateParseTree(args[1])
                    try assignGlobal(qualify(n), v)
                    return v
                }
                if p.name == "$" && args.count >= 3 {
                    var k = 0
                    while k + 1 < args.count {
                        if try isTrue(evaluateParseTree(args[k])) { return try evaluateParseTree(args[k + 1]) }
                        k += 2
                    }
                    return k < args.count ? try evaluateParseTree(args[k]) : .identity
                }
            }
            if args.isEmpty, l.count == 1 { return head }
            var vals = [QValue](repeating: .identity, count: args.count)
            for k in stride(from: args.count - 1, through: 0, by: -1) { vals[k] = try evaluateParseTree(args[k]) }
            let f: QValue
            if case .atom(.symbol, .s(let n)) = head {
                if let id = registry.id(n) { f = registry[id].value } else { f = try value(.symbol(n)) }
            } else {
                f = try evaluateParseTree(head)
            }
            if case .function(.iterator(let it)) = f, vals.count == 1 { return .function(.derived(it, vals[0])) }
            return try apply(f, vals)
        default:
            return x
        }
    }
}
