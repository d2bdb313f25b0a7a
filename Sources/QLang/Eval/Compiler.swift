import QCore

/// The compiled body of a lambda: its statements and how many local slots it needs.
final class CompiledLambda: QLambdaBody, @unchecked Sendable {
    // @unchecked Sendable: nodes are never mutated after compilation (every stored
    // property of every Node subclass is a `let`), so sharing the tree across threads
    // only ever reads it.
    let body: [Node]
    let refs: [NodeRef]
    let slotCount: Int
    let paramCount: Int
    /// Parameters written as patterns, by slot; matched on entry. Set once, right
    /// after compilation, before the body is shared.
    var patterns: [(Int, QPattern)] = []
    /// For a unary lambda whose whole body is one scalar operation on its argument
    /// (`{x*2}`), that operation: such a call on a long needs no frame.
    let leaf: ScalarDyadNode?
    /// `leaf` unretained, for the call path.
    let leafRef: Unmanaged<ScalarDyadNode>?
    init(body: [Node], slotCount: Int, paramCount: Int) {
        self.body = body
        if paramCount == 1, slotCount == 1, body.count == 1, let d = body[0] as? ScalarDyadNode, d.readsOnlyFirstParameter {
            leaf = d
        } else {
            leaf = nil
        }
        leafRef = leaf.map { Unmanaged.passUnretained($0) }
        refs = body.map(\.ref)
        self.slotCount = slotCount
        self.paramCount = paramCount
    }
}

/// Turns `Expr` trees into `Node` trees, resolving names to local slots or
/// qualified globals.
struct Compiler {
    /// Namespace globals resolve in.
    let namespace: String
    /// Local names → slot, when compiling a lambda body.
    var locals: [String: Int]? = nil
    /// Inside a qSQL phrase, names may be columns.
    var inQSQL = false
    /// k mode: operator glyphs applied prefix use their unary forms.
    var kMode = false

    init(namespace: String) { self.namespace = namespace }

    /// Compiles a top-level statement sequence.
    func compileTop(_ e: Expr) throws -> Node { try compile(e) }

    func qualify(_ name: String) -> String {
        if name.hasPrefix(".") || namespace.isEmpty { return name }
        return namespace + "." + name
    }

    func compile(_ e: Expr) throws -> Node {
        switch e {
        case .constant(let v):
            return ConstNode(v)
        case .name(let n):
            let base: Node
            if let slot = locals?[n] { base = LocalNode(slot, n) } else { base = GlobalNode(qualify(n)) }
            return inQSQL ? ColumnNode(n, base) : base
        case .primitive(let id):
            return ConstNode(Registry.shared[id].value)
        case .apply(let f, let args):
            let fn = try compile(f)
            let compiled = try args.map { try $0.map { try compile($0) } }
            // A single elided argument `f[]` is applied to (::) by ApplyNode.
            return ApplyNode(fn, compiled)
        case .infix(let v, let l, let r):
            return try infix(v, l, r)
        case .juxtapose(let f, let x):
            return Apply1Node(try compile(f), try compile(x))
        case .derived(let it, let f):
            return DerivedNode(it, try compile(f))
        case .list(let items):
            // `(a;;c)` with an elided item is a projection of enlist.
            if items.contains(where: { if case .empty = $0 { return true }; return false }) {
                let args: [Expr?] = items.map { if case .empty = $0 { return nil }; return $0 }
                return ApplyNode(ConstNode(Registry.shared[Registry.shared.id("enlist")!].value),
                                 try args.map { try $0.map { try compile($0) } })
            }
            return ListNode(try items.map { try compile($0) })
        case .empty:
            return EmptyNode()
        case .sequence(let items):
            return SequenceNode(try items.map { try compile($0) })
        case .assign(let name, let idx, let op, let value, let global):
            return try assignment(name, idx, op, value, global)
        case .cond(let parts):
            return CondNode(try parts.map { try compile($0) })
        case .control(let kind, let c, let body):
            let cn = try compile(c)
            let bn = try body.map { try compile($0) }
            switch kind {
            case .ifs: return IfNode(cn, bn)
            case .dos: return DoNode(cn, bn)
            case .whiles: return WhileNode(cn, bn)
            }
        case .returns(let x):
            return ReturnNode(try compile(x))
        case .signal(let x):
            return SignalNode(try compile(x))
        case .qsql(let q):
            return try QSQLNode.compile(q, self)
        case .lambda(let l):
            return ConstNode(.function(.lambda(try Compiler.lambda(l, namespace: namespace, kMode: kMode))))
        case .patternAssign(let p, let v):
            return PatternAssignNode(try pattern(p), try compile(v))
        case .compose(let parts):
            return ComposeNode(try parts.map { try compile($0) })
        case .patternCond(let parts):
            guard let first = parts.first else { throw QError.parse }
            var cases: [(QPattern, Node)] = []
            var k = 1
            while k + 1 < parts.count { cases.append((try pattern(parts[k]), try compile(parts[k + 1]))); k += 2 }
            return PatternCondNode(subject: try compile(first), cases: cases, otherwise: k < parts.count ? try compile(parts[k]) : nil)
        case .tableLiteral(let keys, let cols):
            let builder = TableLiteral.builder(keyNames: keys.map(\.0), colNames: cols.map(\.0))
            return ApplyNode(ConstNode(builder), try (keys + cols).map { try compile($0.1) })
        }
    }

    func infix(_ v: Expr, _ l: Expr?, _ r: Expr?) throws -> Node {
        let primID: Int? = { if case .primitive(let id) = v { return id }; return nil }()
        switch (l, r) {
        case (let l?, let r?):
            if let id = primID {
                let ln = try compile(l), rn = try compile(r)
                let node = DyadNode(id, ln, rn)
                if let fused = FusedArithNode.make(node) { return fused }
                return Compiler.superinstruction(id, ln, rn, node) ?? node
            }
            return Apply2Node(try compile(v), try compile(l), try compile(r))
        case (nil, let r?):
            if let id = primID {
                // q disables the unary forms of operator glyphs (`$42` is `'$`) except
                // negation; k mode and parenthesized glyphs `($)42` still reach them.
                let name = Registry.shared[id].name
                if !kMode && name != "-" && Registry.shared[id].infix && !name.first!.isLetter {
                    return SignalNode(ConstNode(.symbol(name)))
                }
                return MonadNode(id, try compile(r))
            }
            return Apply1Node(try compile(v), try compile(r))
        case (let l?, nil):
            return LeftSectionNode(try compile(v), try compile(l))
        case (nil, nil):
            return try compile(v)
        }
    }

    /// A `ScalarDyadNode` when a primitive arithmetic or comparison has local or
    /// constant operands; nil otherwise.
    static func superinstruction(_ id: Int, _ l: Node, _ r: Node, _ node: DyadNode) -> Node? {
        let ops: [String: ScalarDyadNode.Op] = ["+": .add, "-": .sub, "*": .mul, "<": .lt, ">": .gt, "=": .eq]
        guard let op = ops[Registry.shared[id].name] else { return nil }
        func operand(_ n: Node) -> ScalarDyadNode.Operand? {
            if let c = n as? ConstNode { return .constant(c.value) }
            if let v = n as? LocalNode { return .local(v.slot, v.name) }
            return nil
        }
        guard let a = operand(l), let b = operand(r) else { return nil }
        return ScalarDyadNode(op, a, b, fallback: node)
    }

    func assignment(_ name: String, _ idx: [Expr?]?, _ op: Expr?, _ value: Expr, _ global: Bool) throws -> Node {
        let v = try compile(value)
        let opNode = try op.map { try compile($0) }
        let idxNodes = try idx.map { try $0.map { try $0.map { try compile($0) } } }
        // `::` assigns a global unless the name is a parameter or a local of the lambda
        // (kdb+: "assignment is local").
        if let slot = locals?[name] {
            if idxNodes == nil && opNode == nil { return LocalStoreNode(slot: slot, value: v) }
            return AssignNode(target: .local(slot, name), indices: idxNodes, op: opNode, value: v)
        }
        if Registry.shared.id(name) != nil { throw QError.assign }
        // `v::expr` outside any lambda defines a view, recomputed when read after a change.
        if global && locals == nil && idx == nil && op == nil {
            return ViewNode(name: qualify(name), body: v)
        }
        return AssignNode(target: .global(qualify(name)), indices: idxNodes, op: opNode, value: v)
    }

    /// Compiles a lambda expression into a lambda value.
    static func lambda(_ l: LambdaExpr, namespace: String, kMode: Bool = false) throws -> QLambda {
        var locals: [String: Int] = [:]
        for (k, p) in l.params.enumerated() { locals[p] = k }
        var assigned: [String] = []
        for p in l.paramPatterns.values { boundNames(p, into: &assigned) }
        for s in l.body { collectAssigned(s, into: &assigned) }
        for n in assigned where locals[n] == nil { locals[n] = locals.count }
        try checkGlobalsNotLocals(l)
        var c = Compiler(namespace: namespace)
        c.locals = locals
        c.kMode = kMode
        let body = try l.body.map { try c.compile($0) }
        let patterns = try l.paramPatterns.sorted { $0.key < $1.key }.map { ($0.key, try c.pattern($0.value)) }
        // At least one slot: a nullary lambda `{[]…}` is called with (::).
        let compiled = CompiledLambda(body: body, slotCount: max(locals.count, 1), paramCount: l.params.count)
        compiled.patterns = patterns
        return QLambda(source: l.source, parameters: l.params, namespace: namespace, body: compiled)
    }

    /// kdb+'s "global used as local" error: a name assigned with `::` while it is not
    /// (yet) a parameter or local, and later with `:`, fails with its name (`{a::1;a:1}`).
    static func checkGlobalsNotLocals(_ l: LambdaExpr) throws {
        var locals = Set(l.params)
        var globals = Set<String>()
        var inOrder: [(String, Bool)] = []
        func walk(_ e: Expr?) {
            guard let e else { return }
            switch e {
            case .assign(let n, let idx, let op, let v, let global):
                // The value is evaluated before the assignment.
                walk(v); walk(op); idx?.forEach(walk)
                if !n.contains(".") && idx == nil { inOrder.append((n, global)) }
            case .apply(let f, let a): a.reversed().forEach(walk); walk(f)
            case .infix(let v, let l, let r): walk(r); walk(l); walk(v)
            case .juxtapose(let f, let x): walk(x); walk(f)
            case .list(let xs), .cond(let xs), .sequence(let xs): xs.forEach(walk)
            case .control(_, let a, let b): walk(a); b.forEach(walk)
            case .returns(let x), .signal(let x): walk(x)
            default: break
            }
        }
        l.body.forEach(walk)
        for (n, global) in inOrder {
            if global {
                if !locals.contains(n) { globals.insert(n) }
            } else {
                if globals.contains(n) { throw QError(n) }
                locals.insert(n)
            }
        }
    }

    /// Names assigned with `:` (not `::`, not dotted) anywhere in a body, outside nested lambdas.
    static func collectAssigned(_ e: Expr, into out: inout [String]) {
        func c(_ x: Expr?) { if let x = x { collectAssigned(x, into: &out) } }
        switch e {
        case .assign(let n, let idx, let op, let v, let global):
            if !global && !n.contains(".") && idx == nil && op == nil && !out.contains(n) { out.append(n) }
            idx?.forEach(c); c(op); c(v)
        case .apply(let f, let a): c(f); a.forEach(c)
        case .infix(let v, let l, let r): c(v); c(l); c(r)
        case .juxtapose(let f, let x): c(f); c(x)
        case .derived(_, let f): c(f)
        case .list(let l), .cond(let l), .sequence(let l): l.forEach(c)
        case .control(_, let a, let b): c(a); b.forEach(c)
        case .returns(let x), .signal(let x): c(x)
        case .qsql(let q):
            c(q.limit); q.columns.forEach { c($0.1) }; q.by?.forEach { c($0.1) }; c(q.from); q.wheres.forEach(c)
        case .patternAssign(let p, let v): boundNames(p, into: &out); c(v)
        case .compose(let parts): parts.forEach(c)
        case .patternCond(let parts):
            for (k, p) in parts.enumerated() { if k % 2 == 1 && k + 1 < parts.count { boundNames(p, into: &out) } else { c(p) } }
        case .tableLiteral(let k, let cs): k.forEach { c($0.1) }; cs.forEach { c($0.1) }
        case .constant, .primitive, .empty, .lambda, .name: break
        }
    }
}
