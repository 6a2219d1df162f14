// What the trainer consumes: single supervised sequences (SFT) and preference pairs, each with
// its image as PNG bytes (decoded per batch, so a large split does not sit in memory as floats).

/// One supervised example: the user turn and the response the model should write.
public struct SequenceExample: Sendable, Equatable {
    public var id: String
    public var imagePNG: [UInt8]?
    public var question: String
    public var response: String

    public init(id: String, imagePNG: [UInt8]?, question: String, response: String) {
        self.id = id
        self.imagePNG = imagePNG
        self.question = question
        self.response = response
    }
}

/// One preference pair and, once computed, the frozen reference model's summed log-probs.
public struct PairExample: Sendable, Equatable {
    public var id: String
    public var imagePNG: [UInt8]?
    public var question: String
    public var chosen: String
    public var rejected: String

    public init(id: String, imagePNG: [UInt8]?, question: String, chosen: String, rejected: String) {
        self.id = id
        self.imagePNG = imagePNG
        self.question = question
        self.chosen = chosen
        self.rejected = rejected
    }
}

/// The reference model's summed log-probs of one pair's two responses, and their token counts.
public struct ReferenceLogProbs: Sendable, Equatable {
    public var chosen: Double
    public var rejected: Double
    public var chosenTokens: Int
    public var rejectedTokens: Int

    public init(chosen: Double, rejected: Double, chosenTokens: Int, rejectedTokens: Int) {
        self.chosen = chosen
        self.rejected = rejected
        self.chosenTokens = chosenTokens
        self.rejectedTokens = rejectedTokens
    }
}

/// Refuses pairs whose two sides are the same text: they carry no preference, and a loss on them
/// only pushes the margin around zero. Names up to five of them.
public func refuseIdenticalSides(_ pairs: [PairExample]) throws {
    let identical = pairs.filter { $0.chosen == $0.rejected }.map(\.id)
    guard identical.isEmpty else {
        let shown = identical.prefix(5).joined(separator: ", ")
        throw TrainingError("\(identical.count) pair(s) have chosen == rejected: \(shown)\(identical.count > 5 ? ", …" : "")")
    }
}

public struct TrainingError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
