// DropoutNTP (docs/method.md, "DropoutNTP" and "Word-level DropoutNTP without the image"): the
// rejected response of a question without ground truth is the chosen response cut after ⌊DR·n⌋
// space-separated words and continued by the same model without the image. Word-level, not
// token-level; the seam is plain concatenation.

public enum DropoutNTP {
    /// The prefix kept from `response`: split on single spaces (newlines stay inside words), keep
    /// the first ⌊ratio·n⌋ pieces, re-join with single spaces, strip.
    public static func prefix(of response: String, dropoutRatio ratio: Double = 0.5) -> String {
        let words = response.split(separator: " ", omittingEmptySubsequences: false)
        let kept = Int((ratio * Double(words.count)).rounded(.down))
        return words.prefix(kept).joined(separator: " ").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Rejected = prefix + continuation, no separator inserted (the model continued the prefix).
    public static func rejected(prefix: String, continuation: String) -> String { prefix + continuation }
}

import Foundation
