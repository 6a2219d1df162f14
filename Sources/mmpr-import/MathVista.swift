import ArgumentParser
import Artifacts
import Foundation
import JSON
import Problems
import ToolSupport

extension MMPRImportTool {
    struct MathVista: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mathvista",
            abstract: "MathVista's testmini.json (+ images) → a problems artifact, every record and field kept.",
            discussion: """
                Each record's "image" (e.g. images/12.jpg) is read under --root (default: the \
                annotation file's folder) and packed as it is. Missing images are listed (the first \
                10, then a count) and the import stops — or, with --without-images, the artifact \
                holds the annotations only (enough for `mpo-eval score`, not for running a model).
                """)

        @Option(help: "The annotation file: an object keyed by pid (or a list of records).") var annotations: String
        @Option(help: "The folder image paths are relative to (default: the annotation file's).") var root: String?
        @Flag(help: "Import the annotations without images.") var withoutImages = false
        @OptionGroup var stage: StageOptions

        func run() throws {
            let records = try MathVistaImport.records(try json(of: annotations), file: annotations)
            let folder = root ?? (annotations as NSString).deletingLastPathComponent
            let images =
                withoutImages ? [:] : try ImageFolder(root: folder.isEmpty ? "." : folder).load(records.map(\.image), file: annotations)
            try StageRun.perform(
                "mmpr-import mathvista", parameters: ["with_images": .bool(!withoutImages), "images_xxh3_128": imagesDigest(images)],
                inputs: [StageInput("annotations", annotations)], options: stage
            ) { run in
                let writer = try ProblemArtifact.writer(
                    records: records, images: images, tool: run.manifestTool, parameters: ["with_images": .bool(!withoutImages)],
                    stats: ["problems": .integer(Int64(records.count))], withImages: !withoutImages)
                return (writer, "\(records.count) problems\(withoutImages ? " (annotations only)" : ", \(images.count) images")")
            }
        }
    }
}
