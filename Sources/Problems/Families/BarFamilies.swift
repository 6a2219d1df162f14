// Four bar-chart families: read the bars, then compare, subtract, add or rank.
import JSON

/// Tallest minus shortest: read all bars, find both extremes, subtract (3 steps).
public struct BarRangeFamily: ProblemFamily {
    public let name = "bar_range", context = "bar chart", category = "math-targeted-vqa"
    public let task = "figure question answering", grade = "elementary school", skills = ["statistical reasoning", "arithmetic reasoning"]
    public init() {}

    public func generate(_ random: inout ProblemRandom, size: Int) -> GeneratedProblem {
        let count = random.int(3...5)
        let colour = random.pick(Vocabulary.colours).name
        let scene = BarChartScene.draw(&random, count: count, colours: Array(repeating: colour, count: count))
        let item = random.pick(Vocabulary.items), owner = random.pick(Vocabulary.owners)
        let high = scene.values.max()!, low = scene.values.min()!
        let tallest = scene.labels[scene.values.firstIndex(of: high)!], shortest = scene.labels[scene.values.firstIndex(of: low)!]
        return GeneratedProblem(
            question: "The chart counts \(item) at \(owner). How many more does the tallest bar show than the shortest?",
            choices: nil, answer: String(high - low), answerType: "integer", precision: nil,
            reasoning: ["Bars: \(scene.readout).", "Max \(tallest)=\(high), min \(shortest)=\(low).", "\(high)-\(low)=\(high - low)."],
            scene: scene.json, image: scene.render(size: size), description: scene.description,
            template: "bar range")
    }
}

/// Total of the bars of one colour: find them by colour, read, add (3 steps).
public struct BarColourSumFamily: ProblemFamily {
    public let name = "bar_colour_sum", context = "bar chart", category = "math-targeted-vqa"
    public let task = "figure question answering", grade = "elementary school", skills = ["arithmetic reasoning", "statistical reasoning"]
    public init() {}

    public func generate(_ random: inout ProblemRandom, size: Int) -> GeneratedProblem {
        let count = random.int(4...5)
        let pair = random.sample(Vocabulary.colours.map(\.name), 2)
        // At least one bar of each colour; the rest at random.
        var colours = [pair[0], pair[1]] + (2..<count).map { _ in random.pick(pair) }
        colours = random.shuffled(colours)
        let scene = BarChartScene.draw(&random, count: count, colours: colours)
        let asked = random.pick(pair)
        let picked = scene.values.indices.filter { scene.colours[$0] == asked }
        let total = picked.map { scene.values[$0] }.reduce(0, +)
        let item = random.pick(Vocabulary.items), owner = random.pick(Vocabulary.owners)
        return GeneratedProblem(
            question: "The bars count \(item) at \(owner) in two colours. What is the total of the \(asked) bars?",
            choices: nil, answer: String(total), answerType: "integer", precision: nil,
            reasoning: [
                "\(asked.capitalized) bars: " + picked.map { "\(scene.labels[$0])=\(scene.values[$0])" }.joined(separator: " ") + ".",
                picked.map { String(scene.values[$0]) }.joined(separator: "+") + "=\(total).",
            ],
            scene: scene.json.merging(["asked_colour": .string(asked)]), image: scene.render(size: size), description: scene.description,
            template: "bar colour sum")
    }
}

/// Which bar is second highest: read, sort, pick (multi_choice over the bar labels).
public struct BarSecondFamily: ProblemFamily {
    public let name = "bar_second", context = "bar chart", category = "general-vqa"
    public let task = "figure question answering", grade = "elementary school", skills = ["statistical reasoning", "logical reasoning"]
    public init() {}

    public func generate(_ random: inout ProblemRandom, size: Int) -> GeneratedProblem {
        let count = random.int(4...5)
        let colour = random.pick(Vocabulary.colours).name
        let scene = BarChartScene.draw(&random, count: count, colours: Array(repeating: colour, count: count))
        let ranked = scene.values.indices.sorted { scene.values[$0] > scene.values[$1] }
        let answer = scene.labels[ranked[1]]
        let choices = random.shuffled(Array(random.shuffled(scene.labels.filter { $0 != answer }).prefix(3)) + [answer])
        let item = random.pick(Vocabulary.items), owner = random.pick(Vocabulary.owners)
        return GeneratedProblem(
            question: "The chart counts \(item) at \(owner). Which group has the second highest number?",
            choices: choices, answer: answer, answerType: "text", precision: nil,
            reasoning: [
                "Bars: \(scene.readout).",
                "Highest \(scene.labels[ranked[0]])=\(scene.values[ranked[0]]), then \(answer)=\(scene.values[ranked[1]]).",
            ],
            scene: scene.json, image: scene.render(size: size), description: scene.description,
            template: "bar second")
    }
}

/// The colour of the tallest bar: compare heights, then name a colour (free-form text answer).
public struct BarTallestColourFamily: ProblemFamily {
    public let name = "bar_tallest_colour", context = "bar chart", category = "general-vqa"
    public let task = "visual question answering", grade = "elementary school", skills = ["logical reasoning"]
    public init() {}

    public func generate(_ random: inout ProblemRandom, size: Int) -> GeneratedProblem {
        let count = random.int(3...5)
        let scene = BarChartScene.draw(&random, count: count, colours: random.sample(Vocabulary.colours.map(\.name), count))
        let top = scene.values.indices.max { scene.values[$0] < scene.values[$1] }!
        let item = random.pick(Vocabulary.items), owner = random.pick(Vocabulary.owners)
        return GeneratedProblem(
            question: "Each bar counts \(item) at \(owner). What colour is the tallest bar?",
            choices: nil, answer: scene.colours[top], answerType: "text", precision: nil,
            reasoning: ["Bars: \(scene.readout).", "Tallest \(scene.labels[top])=\(scene.values[top]) is \(scene.colours[top])."],
            scene: scene.json, image: scene.render(size: size), description: scene.description,
            template: "bar tallest colour")
    }
}

extension JSONObject {
    func merging(_ other: JSONObject) -> JSONObject {
        var merged = self
        for (key, value) in other { merged[key] = value }
        return merged
    }
}
