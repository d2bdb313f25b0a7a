import QCore

/// The parse tree of q source, before names are resolved to local slots.
///
/// `parse` turns this into q's own parse-tree lists; the compiler turns it into
/// evaluation nodes.
indirect enum Expr {
    /// A constant value (literal, or a lambda, which captures nothing).
    case constant(QValue)
    /// A name to look up (local, global or namespaced).
    case name(String)
    /// A primitive glyph or keyword used by itself, as a value (`+`, `count`).
    case primitive(Int)
    /// `f[a;b]`: application, with `nil` for elided arguments (a projection).
    case apply(Expr, [Expr?])
    /// `x v y` with `v` a verb: infix application. `left` nil is `v y`; `right` nil is a
    /// left projection `(x v)`.
    case infix(Expr, Expr?, Expr?)
    /// `f x`: juxtaposition (application of a noun to one argument).
    case juxtapose(Expr, Expr)
    /// `v'`, `v/` …: an iterator applied to a value, making a derived verb.
    case derived(QIterator, Expr)
    /// `(a;b;c)`: a list, built right to left.
    case list([Expr])
    /// An empty item: `f[]`'s argument, `(;)`'s items, an empty statement.
    case empty
    /// `name:v`, `name op: v`, `name[i]:v`, `name[i] op: v`; `global` for `::`.
    case assign(name: String, indices: [Expr?]?, op: Expr?, value: Expr, global: Bool)
    /// `$[c;t;…;f]`.
    case cond([Expr])
    /// `if[c;…]`, `do[n;…]`, `while[c;…]`.
    case control(ControlKind, Expr, [Expr])
    /// `:x` at the start of a statement: return from the lambda.
    case returns(Expr)
    /// `'x`: signal an error.
    case signal(Expr)
    /// Statements separated by `;`; the value is the last one's.
    case sequence([Expr])
    /// A qSQL template: `select`/`exec`/`update`/`delete`.
    case qsql(QSQLExpr)
    /// A lambda literal with its source; compiled once into a constant.
    case lambda(LambdaExpr)
    /// `(pattern):value`: pattern-matching assignment.
    case patternAssign(Expr, Expr)
    /// `:[v;p1;r1;…;rd]`: the pattern conditional.
    case patternCond([Expr])
    /// `f g h…` ending in a verb with no argument: an implicit composition.
    case compose([Expr])
    /// `([k:…] c:…)`: a table (or, with keys only, dictionary) literal.
    case tableLiteral(keys: [(String, Expr)], cols: [(String, Expr)])

    enum ControlKind { case ifs, dos, whiles }
}

/// A lambda as parsed: parameters (explicit or implicit), body statements, source text.
struct LambdaExpr {
    var source: String
    var params: [String]
    /// Parameters written as patterns (`{[(a;b);c]…}`, `{[x:f]…}`, `{[x;]…}`), by position.
    var paramPatterns: [Int: Expr] = [:]
    var explicitParams: Bool
    var body: [Expr]
}

/// A parsed qSQL template.
struct QSQLExpr {
    enum Kind { case select, exec, update, delete }
    var kind: Kind
    /// `select[n]`/`select[n;>col]` limit and order expression, if any.
    var limit: Expr?
    /// Columns: (name or nil, expression). For `delete`, names only.
    var columns: [(String?, Expr)]
    var by: [(String?, Expr)]?
    var from: Expr
    var wheres: [Expr]
    /// `select distinct`.
    var distinct: Bool
}
