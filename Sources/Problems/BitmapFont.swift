// A 3×5 pixel font: digits, capital letters and the few symbols the charts need. Small enough
// that a two-digit label fits on a bar of a 64×64 image, large enough to stay readable after
// the model's 8×8 patches.
enum BitmapFont {
    static let width = 3, height = 5

    /// Each glyph is 5 rows of 3 bits, most significant bit on the left.
    private static let glyphs: [Character: [UInt8]] = [
        "0": [7, 5, 5, 5, 7], "1": [2, 6, 2, 2, 7], "2": [7, 1, 7, 4, 7], "3": [7, 1, 7, 1, 7], "4": [5, 5, 7, 1, 1],
        "5": [7, 4, 7, 1, 7], "6": [7, 4, 7, 5, 7], "7": [7, 1, 2, 2, 2], "8": [7, 5, 7, 5, 7], "9": [7, 5, 7, 1, 7],
        "A": [2, 5, 7, 5, 5], "B": [6, 5, 6, 5, 6], "C": [7, 4, 4, 4, 7], "D": [6, 5, 5, 5, 6], "E": [7, 4, 6, 4, 7],
        "F": [7, 4, 6, 4, 4], "G": [7, 4, 5, 5, 7], "H": [5, 5, 7, 5, 5], "I": [7, 2, 2, 2, 7], "J": [1, 1, 1, 5, 7],
        "K": [5, 5, 6, 5, 5], "L": [4, 4, 4, 4, 7], "M": [5, 7, 7, 5, 5], "N": [6, 5, 5, 5, 5], "O": [7, 5, 5, 5, 7],
        "P": [7, 5, 7, 4, 4], "Q": [7, 5, 5, 7, 1], "R": [6, 5, 6, 5, 5], "S": [7, 4, 7, 1, 7], "T": [7, 2, 2, 2, 2],
        "U": [5, 5, 5, 5, 7], "V": [5, 5, 5, 5, 2], "W": [5, 5, 7, 7, 5], "X": [5, 5, 2, 5, 5], "Y": [5, 5, 2, 2, 2],
        "Z": [7, 1, 2, 4, 7], ".": [0, 0, 0, 0, 2], "-": [0, 0, 7, 0, 0], "+": [0, 2, 7, 2, 0], "=": [0, 7, 0, 7, 0],
        ":": [0, 2, 0, 2, 0], "?": [7, 1, 2, 0, 2], "%": [5, 1, 2, 4, 5], "/": [1, 1, 2, 4, 4], "(": [1, 2, 2, 2, 1],
        ")": [4, 2, 2, 2, 4], ",": [0, 0, 0, 2, 4], "'": [2, 2, 0, 0, 0], "!": [2, 2, 2, 0, 2], " ": [0, 0, 0, 0, 0], "_": [0, 0, 0, 0, 7],
    ]

    /// The lit pixels of `character` (lower case drawn as upper case; unknown characters as "?").
    static func rows(of character: Character) -> [UInt8] {
        glyphs[Character(character.uppercased())] ?? glyphs["?"]!
    }

    /// Width in pixels of `text` at `scale`, with one blank column between glyphs.
    static func textWidth(_ text: String, scale: Int = 1) -> Int {
        text.isEmpty ? 0 : (text.count * (width + 1) - 1) * scale
    }
}
