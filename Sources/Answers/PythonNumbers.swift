// Python's number semantics that MathVista's scripts rely on: int() and float() of a string,
// round(x, n), repr(float) and str(int(x)). See docs/answers.md, "Extraction rules" (rules 3–4),
// "Normalisation" and "Python semantics".

/// The exact Python behaviours, written out because Swift's own differ: `Double.description`
/// switches to exponents elsewhere, `(x * 100).rounded() / 100` is not Python's `round`, and
/// `Int("٣")` rejects digits Python accepts.
public enum PythonNumbers {
    /// Python's `str.isspace()` set, which `str.strip()`, `int()` and `float()` all use: Unicode
    /// White_Space plus the information separators U+001C–U+001F.
    public static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Python's `text.strip()`.
    public static func strip(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }),
            let last = scalars.lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    /// `str(int(text))` for a string argument, or nil where Python raises. Python's int is
    /// unbounded, so the result is a digit string, never an overflowing Int.
    public static func integerString(parsing text: String) -> String? {
        var scalars = Substring.UnicodeScalarView(strip(text).unicodeScalars)
        var negative = false
        if let sign = scalars.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            scalars.removeFirst()
        }
        guard let digits = decimalDigits(scalars) else { return nil }
        // Python 3.11+ refuses int() of more than 4300 digits (CVE-2020-10735).
        guard digits.count <= 4300 else { return nil }
        let significant = digits.drop(while: { $0 == 0 })
        if significant.isEmpty { return "0" }
        return (negative ? "-" : "") + String(decoding: significant.map { $0 + 48 }, as: UTF8.self)
    }

    /// `float(text)` for a string argument, or nil where Python raises ValueError.
    public static func double(parsing text: String) -> Double? {
        var scalars = Substring.UnicodeScalarView(strip(text).unicodeScalars)
        var sign = ""
        if let first = scalars.first, first == "+" || first == "-" {
            sign = first == "-" ? "-" : ""
            scalars.removeFirst()
        }
        switch String(scalars).lowercased() {
        case "inf", "infinity": return sign == "-" ? -.infinity : .infinity
        case "nan": return .nan
        default: break
        }
        // digitpart ["." [digitpart]] | "." digitpart, then an optional exponent.
        var mantissa = scalars[...]
        var exponent: Substring.UnicodeScalarView.SubSequence?
        if let marker = scalars.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = scalars[..<marker]
            exponent = scalars[scalars.index(after: marker)...]
        }
        var integerPart = mantissa[...]
        var fractionPart: Substring.UnicodeScalarView.SubSequence?
        if let point = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<point]
            fractionPart = mantissa[mantissa.index(after: point)...]
        }
        let integerDigits = integerPart.isEmpty ? [] : decimalDigits(integerPart)
        let fractionDigits = (fractionPart?.isEmpty ?? true) ? [] : fractionPart.flatMap(decimalDigits)
        guard let integerDigits, let fractionDigits, !(integerDigits.isEmpty && fractionDigits.isEmpty) else {
            return nil
        }
        var ascii = sign + String(decoding: integerDigits.map { $0 + 48 }, as: UTF8.self)
        if !fractionDigits.isEmpty { ascii += "." + String(decoding: fractionDigits.map { $0 + 48 }, as: UTF8.self) }
        if var exponent {
            var exponentSign = ""
            if let first = exponent.first, first == "+" || first == "-" {
                exponentSign = first == "-" ? "-" : ""
                exponent = exponent.dropFirst()
            }
            guard let exponentDigits = decimalDigits(exponent) else { return nil }
            ascii += "e" + exponentSign + String(decoding: exponentDigits.prefix(12).map { $0 + 48 }, as: UTF8.self)
            // A huge exponent saturates, as in Python: 1e99999999999999 is inf, 1e-99999999999999 is 0.
            if exponentDigits.count > 12, exponentDigits.contains(where: { $0 != 0 }) {
                let zero = integerDigits.allSatisfy { $0 == 0 } && fractionDigits.allSatisfy { $0 == 0 }
                if zero || exponentSign == "-" { return sign == "-" ? -0.0 : 0.0 }
                return sign == "-" ? -.infinity : .infinity
            }
        }
        return Double(ascii)
    }

    /// Digit values of `digit ("_"? digit)*` where a digit is any Unicode decimal digit
    /// (Python accepts "١٢" and "1_000"); nil if the text is not of that form.
    private static func decimalDigits(_ scalars: Substring.UnicodeScalarView) -> [UInt8]? {
        var digits: [UInt8] = []
        var afterUnderscore = false
        for scalar in scalars {
            if scalar == "_" {
                if digits.isEmpty || afterUnderscore { return nil }
                afterUnderscore = true
                continue
            }
            guard scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue else {
                return nil
            }
            digits.append(UInt8(value))
            afterUnderscore = false
        }
        return digits.isEmpty || afterUnderscore ? nil : digits
    }

    /// `str(int(x))`: truncation toward zero, printed exactly (no Int64 limit); nil for inf/nan,
    /// where Python raises.
    public static func truncatedIntegerString(_ x: Double) -> String? {
        guard x.isFinite else { return nil }
        if abs(x) < 0x1p62 { return String(Int64(x)) }
        let digits = ExactDecimal(x).digits  // integral: no fraction digits at this magnitude
        return (x < 0 ? "-" : "") + String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
    }

    /// Python's `round(x, ndigits)`: the exact binary value rounded half-even at `ndigits` decimals,
    /// then the nearest double. Infinities and NaN round to themselves; nil where Python raises
    /// OverflowError.
    public static func round(_ x: Double, digits ndigits: Int) -> Double? {
        guard x.isFinite else { return x }
        if ndigits > 323 { return x }
        if ndigits < -308 { return 0.0 * x }
        let (digits, scale) = roundedDecimal(x, digits: ndigits)
        let text = (x.sign == .minus ? "-" : "") + String(decoding: digits.map { $0 + 48 }, as: UTF8.self) + "e\(-scale)"
        guard let rounded = Double(text), rounded.isFinite else { return nil }
        return rounded
    }

    /// Python's `"{:.Nf}".format(x)` (C's `%.Nf`): the exact value rounded half-even, N ≥ 0 decimals.
    public static func fixed(_ x: Double, decimals: Int) -> String {
        if !x.isFinite { return repr(x) }
        var (digits, scale) = roundedDecimal(x, digits: decimals)
        // Pad to exactly `decimals` fraction digits and at least one integer digit.
        digits += [UInt8](repeating: 0, count: decimals - scale)
        if digits.count <= decimals { digits = [UInt8](repeating: 0, count: decimals + 1 - digits.count) + digits }
        let text = String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
        let sign = x.sign == .minus ? "-" : ""
        return decimals == 0 ? sign + text : sign + String(text.dropLast(decimals)) + "." + String(text.suffix(decimals))
    }

    /// |x| as digits × 10^(-scale), rounded half-even at `ndigits` decimals (scale ≤ ndigits).
    private static func roundedDecimal(_ x: Double, digits ndigits: Int) -> (digits: [UInt8], scale: Int) {
        let exact = ExactDecimal(x)
        let drop = exact.fractionDigits - ndigits
        if drop <= 0 { return (exact.digits, exact.fractionDigits) }
        if drop > exact.digits.count { return ([0], ndigits) }  // below half a unit
        var kept = Array(exact.digits.dropLast(drop))
        let removed = exact.digits.suffix(drop)
        let first = removed.first!
        let tail = removed.dropFirst().contains(where: { $0 != 0 })
        if first > 5 || (first == 5 && (tail || (kept.last ?? 0) % 2 == 1)) { kept = incremented(kept) }
        return (kept.isEmpty ? [0] : kept, ndigits)
    }

    private static func incremented(_ digits: [UInt8]) -> [UInt8] {
        var result = digits
        var position = result.count - 1
        while position >= 0 {
            if result[position] < 9 { result[position] += 1; return result }
            result[position] = 0
            position -= 1
        }
        return [1] + result
    }

    /// Python's `repr(x)` (= `str(x)`): shortest round-trip digits, fixed notation for decimal
    /// exponents -4 ≤ e < 16, otherwise `d.ddde+XX`; "inf", "-inf", "nan".
    public static func repr(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let sign = x.sign == .minus ? "-" : ""
        if x == 0 { return sign + "0.0" }
        let (digits, pointPosition) = shortestDigits(abs(x))
        let digitText = String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
        if pointPosition <= -4 || pointPosition > 16 {
            let exponent = pointPosition - 1
            let mantissa = digits.count == 1 ? digitText : String(digitText.prefix(1)) + "." + String(digitText.dropFirst())
            let exponentText = String(abs(exponent))
            return sign + mantissa + (exponent < 0 ? "e-" : "e+") + (exponentText.count < 2 ? "0" : "") + exponentText
        }
        if pointPosition <= 0 { return sign + "0." + String(repeating: "0", count: -pointPosition) + digitText }
        if pointPosition >= digits.count {
            return sign + digitText + String(repeating: "0", count: pointPosition - digits.count) + ".0"
        }
        return sign + String(digitText.prefix(pointPosition)) + "." + String(digitText.dropFirst(pointPosition))
    }

    /// The shortest round-trip digits of a positive finite x, as (digits, p) with
    /// x = 0.d₁d₂… × 10^p. Swift's `description` already finds the shortest digits; only its
    /// layout differs from Python's, so the digits are read back out of it.
    private static func shortestDigits(_ x: Double) -> (digits: [UInt8], pointPosition: Int) {
        let text = x.description
        var mantissa = Substring(text)
        var exponent = 0
        if let marker = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<marker]
            exponent = Int(text[text.index(after: marker)...])!
        }
        var digits: [UInt8] = []
        var integerCount = 0
        var seenPoint = false
        for character in mantissa {
            if character == "." { seenPoint = true; continue }
            digits.append(UInt8(character.asciiValue! - 48))
            if !seenPoint { integerCount += 1 }
        }
        var pointPosition = integerCount + exponent
        while digits.first == 0 { digits.removeFirst(); pointPosition -= 1 }
        while digits.last == 0 { digits.removeLast() }
        return (digits, pointPosition)
    }
}

/// The exact decimal value of a finite double: `digits` × 10^(-fractionDigits). Every double is
/// m × 2^e, and for e < 0 that is m × 5^(-e) / 10^(-e), so the expansion is finite.
struct ExactDecimal {
    var digits: [UInt8]
    var fractionDigits: Int

    init(_ x: Double) {
        let bits = abs(x).bitPattern
        let rawExponent = Int(bits >> 52)
        let fraction = bits & ((1 << 52) - 1)
        let significand = rawExponent == 0 ? fraction : fraction | (1 << 52)
        let exponent = (rawExponent == 0 ? 1 : rawExponent) - 1075
        var number = BigDecimalInteger(significand)
        if exponent >= 0 {
            number.multiply(byPowerOf: 2, count: exponent)
            fractionDigits = 0
        } else {
            number.multiply(byPowerOf: 5, count: -exponent)
            fractionDigits = -exponent
        }
        digits = number.decimalDigits
    }
}

/// A non-negative integer in base 10⁹ limbs (least significant first): just enough arithmetic
/// for exact expansions of doubles.
private struct BigDecimalInteger {
    private static let base: UInt64 = 1_000_000_000
    private var limbs: [UInt64]

    init(_ value: UInt64) {
        limbs = [value % Self.base, value / Self.base % Self.base, value / Self.base / Self.base]
    }

    mutating func multiply(byPowerOf factor: UInt64, count: Int) {
        // factor^k stays below 2^31 for k ≤ 13 (5) or 30 (2), so limb × multiplier fits UInt64.
        let step = factor == 2 ? 30 : 13
        var remaining = count
        while remaining > 0 {
            let k = min(step, remaining)
            var multiplier: UInt64 = 1
            for _ in 0..<k { multiplier *= factor }
            multiply(by: multiplier)
            remaining -= k
        }
    }

    private mutating func multiply(by multiplier: UInt64) {
        var carry: UInt64 = 0
        for index in limbs.indices {
            let product = limbs[index] * multiplier + carry
            limbs[index] = product % Self.base
            carry = product / Self.base
        }
        while carry > 0 {
            limbs.append(carry % Self.base)
            carry /= Self.base
        }
    }

    var decimalDigits: [UInt8] {
        var digits: [UInt8] = []
        for limb in limbs.reversed() {
            var chunk = [UInt8](repeating: 0, count: 9)
            var value = limb
            for position in stride(from: 8, through: 0, by: -1) {
                chunk[position] = UInt8(value % 10)
                value /= 10
            }
            digits += chunk
        }
        let significant = Array(digits.drop(while: { $0 == 0 }))
        return significant.isEmpty ? [0] : significant
    }
}
