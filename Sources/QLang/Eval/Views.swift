import QCore

/// A view: an expression whose value is computed when read, and again after any
/// global changes (q's views are invalidated by their dependencies; QRuntime is
/// coarser and invalidates every view on any global assignment).
struct View {
    let body: Node
    var valid = false
    var cached: QValue = .identity
}

/// `v::expr` at top level: defines (or redefines) a view.
final class ViewNode: Node {
    let name: String
    let body: Node
    init(name: String, body: Node) { self.name = name; self.body = body }
    override func eval(_ s: Interpreter) throws -> QValue {
        if s.readOnly { throw QError.noupdate }
        s.globals[name] = nil
        s.views[name] = View(body: body)
        return .identity
    }
}

extension Interpreter {
    /// The value of a view, recomputed if it is pending.
    func readView(_ name: String, _ view: View) throws -> QValue {
        if view.valid { return view.cached }
        let v = try view.body.eval(self)
        views[name]?.cached = v
        views[name]?.valid = true
        return v
    }

    /// Names of views (`\b`), or of pending views (`\B`), in a namespace.
    func viewNames(pending: Bool) -> [String] {
        views.filter { !pending || !$0.value.valid }.keys.map { k in
            k.hasPrefix(".") ? String(k.split(separator: ".").last!) : k
        }.sorted()
    }
}
