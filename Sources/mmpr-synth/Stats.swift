import ArgumentParser
import Foundation
import Problems
import ToolSupport

extension MMPRSynth {
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the family × context × answer-type counts and the blind baseline per split.",
            discussion: """
                The blind baseline is the best accuracy without the image: the majority training \
                answer (sft and pref splits) for the same question text, else for the same question \
                template. It should stay far below what a model that reads the image reaches.
                """)

        @Argument(help: "A problems artifact ('-' for stdin).") var problems: String

        func run() throws {
            let records = try ProblemArtifact.read(path: problems) { _ in false }.records
            print(ProblemStatistics.markdown(records), terminator: "")
        }
    }
}
