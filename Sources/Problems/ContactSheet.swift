// `mmpr-synth sheet`: 16 problems on one PNG — each image at 2× with its split, question
// (wrapped) and answer underneath — so a person can see what the model is asked.
public enum ContactSheet {
    public static func render(_ records: [ProblemRecord], images: [String: RGBImage]) -> RGBImage {
        let columns = 4, scale = 2, cellWidth = 176, lineHeight = 7, textLines = 9
        let rows = (records.count + columns - 1) / columns
        let imageSide = records.compactMap { images[$0.image]?.width }.max() ?? 64
        let cellHeight = imageSide * scale + 6 + textLines * lineHeight + 6
        var canvas = Canvas(width: columns * cellWidth, height: max(1, rows) * cellHeight)
        let charactersPerLine = (cellWidth - 8) / (BitmapFont.width + 1)
        for (index, record) in records.enumerated() {
            let x = (index % columns) * cellWidth + 4, y = (index / columns) * cellHeight + 4
            if let image = images[record.image] { canvas.draw(image, x: x, y: y, scale: scale) }
            var text = "\(record.split) \(record.source): " + record.question
            if let choices = record.choices {
                text +=
                    " "
                    + choices.enumerated().map { "(\(PromptLetters.letter(of: $0.element, in: choices))) \($0.element)" }.joined(
                        separator: " ")
            }
            var lines = wrap(text, width: charactersPerLine)
            lines = Array(lines.prefix(textLines - 1)) + ["= " + (record.answer ?? "(open prompt)")]
            for (row, line) in lines.enumerated() {
                canvas.text(
                    line, x: x, y: y + imageSide * scale + 4 + row * lineHeight, row == lines.count - 1 ? Colour(200, 30, 30) : .black)
            }
        }
        return canvas.image
    }

    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            if current.count + word.count + 1 > width, !current.isEmpty {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
