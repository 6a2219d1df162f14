// Edit distance with unit insert/delete/substitute costs over Unicode code points, as the
// `Levenshtein` package computes it. See docs/answers.md, "Normalisation" (multi_choice step 5) and
// "Python semantics".

/// Distance over code points, not Swift `Character`s: "\r\n" is two code points and a combining
/// mark is its own, and MathVista's option matching counts them that way.
public func levenshteinDistance(_ a: String, _ b: String) -> Int {
    let source = Array(a.unicodeScalars)
    let target = Array(b.unicodeScalars)
    if source.isEmpty { return target.count }
    if target.isEmpty { return source.count }
    var previous = Array(0...target.count)
    var current = [Int](repeating: 0, count: target.count + 1)
    for i in 1...source.count {
        current[0] = i
        for j in 1...target.count {
            let substitution = previous[j - 1] + (source[i - 1] == target[j - 1] ? 0 : 1)
            current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
        }
        swap(&previous, &current)
    }
    return previous[target.count]
}
