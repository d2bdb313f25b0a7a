import QCore

// Matrices: `mmu` (matrix and dot product), `inv` (inverse by LU decomposition with
// partial pivoting) and `lsq` (least squares by Cholesky on the normal equations).
// A matrix is a list of float vectors of equal length; its rows are stored flat here.

extension Math {
    static func registerMatrix(_ r: inout Registry) {
        r.add("mmu", dyad: { x, y, _ in try mmu(x, y) })
        r.add("inv", monad: { x, _ in try inverse(x) })
        r.add("lsq", dyad: { x, y, _ in try lsq(x, y) })
    }

    /// A dense row-major matrix of floats.
    struct Matrix {
        var rows: Int
        var cols: Int
        var data: [Double]

        init(rows: Int, cols: Int, data: [Double]) {
            self.rows = rows
            self.cols = cols
            self.data = data
        }

        /// A float matrix from a q list of float vectors of equal length.
        init(_ v: QValue) throws {
            guard case .list(let items) = v else { throw QError.type }
            var data = [Double]()
            var cols = -1
            for row in items {
                guard case .vector(let vec) = row, vec.type == .float, case .f(let a) = vec.storage else { throw QError.type }
                if cols < 0 { cols = a.count } else if cols != a.count { throw QError.length }
                data.append(contentsOf: a)
            }
            self.init(rows: items.count, cols: Swift.max(cols, 0), data: data)
        }

        @inline(__always) subscript(_ i: Int, _ j: Int) -> Double {
            get { data[i * cols + j] }
            set { data[i * cols + j] = newValue }
        }

        /// The q value: a list of float rows.
        var value: QValue {
            .list((0..<rows).map { i in .floats(Array(data[(i * cols)..<((i + 1) * cols)])) })
        }
    }

    /// The floats of a float vector, or nil when `v` is not one.
    static func floatVector(_ v: QValue) -> [Double]? {
        if case .vector(let vec) = v, vec.type == .float, case .f(let a) = vec.storage { return a }
        return nil
    }

    /// `x mmu y`: dot product of two vectors, or the matrix product where either is a matrix.
    static func mmu(_ x: QValue, _ y: QValue) throws -> QValue {
        switch (floatVector(x), floatVector(y)) {
        case (let a?, let b?):
            guard a.count == b.count else { throw QError.length }
            var s = 0.0
            for k in a.indices { s += a[k] * b[k] }
            return .float(s)
        case (let a?, nil):
            let m = try Matrix(y)
            guard a.count == m.rows else { throw QError.length }
            return .floats(try multiply(Matrix(rows: 1, cols: a.count, data: a), m).data)
        case (nil, let b?):
            let m = try Matrix(x)
            guard m.cols == b.count || m.rows == 0 else { throw QError.length }
            return .floats(try multiply(m, Matrix(rows: b.count, cols: 1, data: b)).data)
        case (nil, nil):
            return try multiply(try Matrix(x), try Matrix(y)).value
        }
    }

    /// The product of an m×n and an n×p matrix.
    static func multiply(_ a: Matrix, _ b: Matrix) throws -> Matrix {
        guard a.cols == b.rows || a.rows == 0 else { throw QError.length }
        var c = Matrix(rows: a.rows, cols: b.cols, data: [Double](repeating: 0, count: a.rows * b.cols))
        // i-k-j order walks both b and c along rows.
        for i in 0..<a.rows {
            for k in 0..<a.cols {
                let aik = a[i, k]
                for j in 0..<b.cols { c[i, j] += aik * b[k, j] }
            }
        }
        return c
    }

    /// `inv x`: the inverse of a square float matrix; nulls when it is singular.
    static func inverse(_ x: QValue) throws -> QValue {
        let m = try Matrix(x)
        guard m.rows == m.cols else { throw QError.length }
        return (invert(m) ?? Matrix(rows: m.rows, cols: m.cols, data: [Double](repeating: .nan, count: m.data.count))).value
    }

    /// LU decomposition with partial pivoting, then one forward and back substitution per
    /// column of the identity (the order of operations q's results reflect). Nil if singular.
    static func invert(_ m: Matrix) -> Matrix? {
        let n = m.rows
        var lu = m
        var perm = Array(0..<n)
        for c in 0..<n {
            var p = c
            for r in (c + 1)..<Swift.max(c + 1, n) where Swift.abs(lu[r, c]) > Swift.abs(lu[p, c]) { p = r }
            if lu[p, c] == 0 || lu[p, c].isNaN { return nil }
            if p != c {
                for j in 0..<n { lu.data.swapAt(p * n + j, c * n + j) }
                perm.swapAt(p, c)
            }
            for r in (c + 1)..<Swift.max(c + 1, n) {
                lu[r, c] /= lu[c, c]
                let f = lu[r, c]
                for j in (c + 1)..<n { lu[r, j] -= f * lu[c, j] }
            }
        }
        var inv = Matrix(rows: n, cols: n, data: [Double](repeating: 0, count: n * n))
        var y = [Double](repeating: 0, count: n)
        for col in 0..<n {
            for i in 0..<n {
                var s = perm[i] == col ? 1.0 : 0.0
                for j in 0..<i { s -= lu[i, j] * y[j] }
                y[i] = s
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = y[i]
                for j in (i + 1)..<Swift.max(i + 1, n) { s -= lu[i, j] * inv[j, col] }
                inv[i, col] = s / lu[i, i]
            }
        }
        return inv
    }

    /// `x lsq y`: the least-squares solution `b` of `x = b mmu y`, from the normal
    /// equations `b (y yᵀ) = x yᵀ` solved by Cholesky factorization.
    static func lsq(_ x: QValue, _ y: QValue) throws -> QValue {
        let single = floatVector(x)
        let a = try single.map { Matrix(rows: 1, cols: $0.count, data: $0) } ?? Matrix(x)
        let b = try Matrix(y)
        guard a.cols == b.cols else { throw QError.length }
        let k = b.rows, n = b.cols
        // Gram matrix g = y yᵀ (k×k) and its Cholesky factor l (g = l lᵀ).
        var g = Matrix(rows: k, cols: k, data: [Double](repeating: 0, count: k * k))
        for i in 0..<k { for j in 0...i {
            var s = 0.0
            for c in 0..<n { s += b[i, c] * b[j, c] }
            g[i, j] = s; g[j, i] = s
        } }
        guard let l = cholesky(g) else { throw QError("singular") }
        var out = Matrix(rows: a.rows, cols: k, data: [Double](repeating: 0, count: a.rows * k))
        for r in 0..<a.rows {
            // Right-hand side y xᵣᵀ, then forward and back substitution.
            var z = [Double](repeating: 0, count: k)
            for i in 0..<k {
                var s = 0.0
                for c in 0..<n { s += b[i, c] * a[r, c] }
                for j in 0..<i { s -= l[i, j] * z[j] }
                z[i] = s / l[i, i]
            }
            for i in stride(from: k - 1, through: 0, by: -1) {
                var s = z[i]
                for j in (i + 1)..<Swift.max(i + 1, k) { s -= l[j, i] * out[r, j] }
                out[r, i] = s / l[i, i]
            }
        }
        return single == nil ? out.value : .floats(out.data)
    }

    /// Lower-triangular Cholesky factor of a symmetric positive-definite matrix, or nil.
    static func cholesky(_ g: Matrix) -> Matrix? {
        let n = g.rows
        var l = Matrix(rows: n, cols: n, data: [Double](repeating: 0, count: n * n))
        for i in 0..<n {
            for j in 0...i {
                var s = g[i, j]
                for c in 0..<j { s -= l[i, c] * l[j, c] }
                if i == j {
                    guard s > 0 else { return nil }
                    l[i, i] = s.squareRoot()
                } else {
                    l[i, j] = s / l[j, j]
                }
            }
        }
        return l
    }
}
